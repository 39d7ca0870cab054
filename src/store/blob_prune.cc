#include "beian/store/blob_prune.h"

#include <algorithm>

namespace beian {

StatusOr<PruneReport> PruneBlobs(BlobStore& blobs, CaseStore& store,
                                 TimePoint before, bool dry_run) {
  std::vector<BlobEntry> old;
  BEIAN_RETURN_IF_ERROR(
      blobs.ListBlobsPutBefore(before, [&old](const BlobEntry& e) {
        old.push_back(e);
        return Status::Ok();
      }));
  PruneReport report;
  if (old.empty()) return report;
  // Read after the listing; any row committed from now on had its blob Put
  // after `before` (see the header), which RemoveIfPutBefore sees.
  StatusOr<std::vector<std::string>> named = store.NamedBlobs();
  if (!named.ok()) return named.status();
  report.named = static_cast<int64_t>(named->size());
  std::sort(old.begin(), old.end(), [](const BlobEntry& a, const BlobEntry& b) {
    return a.name < b.name;
  });
  for (const BlobEntry& e : old) {
    if (std::binary_search(named->begin(), named->end(), e.name)) continue;
    if (!dry_run) {
      StatusOr<bool> removed = blobs.RemoveIfPutBefore(e.name, before);
      if (!removed.ok()) {
        report.errors.push_back(e.name + ": " + removed.status().message());
        continue;
      }
      if (!*removed) {
        ++report.kept_young;
        continue;
      }
    }
    report.removed.push_back(e);
    report.bytes += e.size;
  }
  return report;
}

}  // namespace beian
