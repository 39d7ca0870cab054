// Removing blobs no row names (`beian store prune-blobs`).
//
//   StatusOr<PruneReport> r = PruneBlobs(blobs, store,
//                                        clock.Now() - std::chrono::hours(24),
//                                        /*dry_run=*/false);
//
// Intake puts a mail's blob before it commits the row that names it, so a
// process killed between the two leaves a blob no row names, an orphan (a
// failed `store copy` by an older beian left some too). PruneBlobs removes
// the orphans whose last Put was before `before`.
//
// It never removes a blob that a row names or is about to name, while
// intake runs on any number of machines:
// - every Put, also one that finds the blob complete, sets the blob's age
//   to now (blob_store.h);
// - a row is committed soon after the Put of its blob: at most one mail's
//   reading later ([ocr] mail_budget, minutes), far below kMinimumPruneAge;
// - so a row committed after PruneBlobs read the rows (NamedBlobs) had its
//   blob Put after `before`, and RemoveIfPutBefore checks the age again in
//   one step with the removal: that Put came first (the blob is young:
//   kept) or after (it found the blob gone and wrote it again). A row
//   committed before is among the names: kept.
// The clocks of the machines must agree to well within the grace period
// (NTP), as for the leases.
#ifndef BEIAN_STORE_BLOB_PRUNE_H_
#define BEIAN_STORE_BLOB_PRUNE_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "beian/base/clock.h"
#include "beian/base/status.h"
#include "beian/store/blob_store.h"
#include "beian/store/store.h"

namespace beian {

// The shortest grace period `prune-blobs` accepts: far longer than a blob
// may wait for its row (one mail's reading), with room for clock skew.
inline constexpr std::chrono::hours kMinimumPruneAge{1};

struct PruneReport {
  int64_t named = 0;               // blob names the rows hold
  std::vector<BlobEntry> removed;  // with dry_run: what would be removed
  int64_t bytes = 0;               // their sizes together
  // Orphans kept at their turn: Put again meanwhile (a row is about to
  // name them), or already gone (another prune).
  int64_t kept_young = 0;
  // "name: why" for each orphan that could not be removed; the others were.
  std::vector<std::string> errors;
};

// Removes (dry_run: only lists) every blob of `blobs` last Put before
// `before` that no row of `store` names. Errors of the store or of listing
// the blobs stop it (nothing more removed); a blob that cannot be removed
// is noted in the report's errors and the rest go on.
StatusOr<PruneReport> PruneBlobs(BlobStore& blobs, CaseStore& store,
                                 TimePoint before, bool dry_run);

}  // namespace beian

#endif  // BEIAN_STORE_BLOB_PRUNE_H_
