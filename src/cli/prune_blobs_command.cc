// beian store prune-blobs: removing raw mails and attachments no row names.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "beian/store/blob_prune.h"
#include "cli_context.h"

namespace beian::cli {
namespace {

struct PruneArgs {
  std::string older_than = "24h";
  bool dry_run = false;
};

// "1234567 bytes (1 MB)", the megabytes rounded.
std::string Bytes(int64_t n) {
  return std::to_string(n) + " bytes (" +
         std::to_string((n + 512 * 1024) / (1024 * 1024)) + " MB)";
}

StatusOr<std::chrono::seconds> GracePeriod(const PruneArgs& a) {
  std::optional<std::chrono::seconds> age = ParseDuration(a.older_than);
  if (!age) {
    return InvalidArgument(
        "--older-than wants a duration like 24h or 90m, "
        "not \"" +
        a.older_than + "\"");
  }
  if (*age < kMinimumPruneAge) {
    return InvalidArgument(
        "--older-than " + a.older_than +
        " is too short: a blob may wait for its row while one mail is "
        "read, so beian keeps at least 1h; give 1h or more (24h is safe)");
  }
  return *age;
}

void PrintReport(Context& ctx, const PruneArgs& a, const BlobStore& blobs,
                 const PruneReport& r) {
  std::ostream& out = *ctx.out;
  for (const BlobEntry& e : r.removed) {
    out << "  " << e.name << "  " << e.size << " bytes, last written "
        << FormatUtc(e.put_at) << "\n";
  }
  out << (a.dry_run ? "would remove " : "removed ") << r.removed.size()
      << " blobs, " << Bytes(r.bytes) << ", from " << blobs.Describe()
      << ": none named by a row of the store, none written for " << a.older_than
      << ".\n";
  if (a.dry_run) out << "Nothing was removed (--dry-run).\n";
  if (r.kept_young > 0) {
    out << r.kept_young
        << " of them were kept at their turn: written again meanwhile (intake "
           "is storing that mail now) or already gone.\n";
  }
}

int RunPrune(Context& ctx, const PruneArgs& a) {
  StatusOr<std::chrono::seconds> age = GracePeriod(a);
  if (!age.ok()) return Fail(ctx, age.status());
  StatusOr<beian::Store*> store = ctx.Store();
  if (!store.ok()) return Fail(ctx, store.status());
  StatusOr<BlobStore*> blobs = ctx.Blobs();
  if (!blobs.ok()) return Fail(ctx, blobs.status());
  StatusOr<PruneReport> report =
      PruneBlobs(**blobs, **store, ctx.clock.Now() - *age, a.dry_run);
  if (!report.ok()) {
    return Fail(ctx, Status(report.status().code(),
                            report.status().message() +
                                "; nothing more was removed: fix that and run "
                                "store prune-blobs again"));
  }
  PrintReport(ctx, a, **blobs, *report);
  if (report->errors.empty()) return 0;
  *ctx.err << "beian: " << report->errors.size()
           << " blobs could not be removed (the others were):\n";
  for (const std::string& e : report->errors) *ctx.err << "  " << e << "\n";
  *ctx.err << "Check that beian's user may write " << (*blobs)->Describe()
           << " (the folders' owner and mode, or the database role's DELETE "
              "on blobs), then run store prune-blobs again.\n";
  return 1;
}

}  // namespace

void AddPruneBlobsCommand(CLI::App& store, Context& ctx, int* exit_code) {
  auto a = std::make_shared<PruneArgs>();
  CLI::App* prune = store.add_subcommand(
      "prune-blobs",
      "Remove raw mails and attachments no row of the store names (left by "
      "a process killed between storing a mail's file and its row) that "
      "were last written longer ago than --older-than; safe while intake "
      "runs");
  prune->add_option("--older-than", a->older_than,
                    "Grace period: only blobs not written for this long "
                    "(default 24h, at least 1h)");
  prune->add_flag("--dry-run", a->dry_run,
                  "List what would be removed and remove nothing");
  prune->callback([&ctx, a, exit_code] { *exit_code = RunPrune(ctx, *a); });
}

}  // namespace beian::cli
