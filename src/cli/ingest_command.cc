// beian ingest / beian summary
#include <sys/resource.h>

#include "beian/mail/mail_source.h"
#include "beian/service/intake_pipeline.h"
#include "cli_context.h"
#include "json_view.h"

namespace beian::cli {
namespace {

struct IngestArgs {
  std::string region;
  std::vector<std::string> paths;
  bool json = false;
  bool no_replies = false;
  bool store_only = false;
};

void PrintSummary(Context& ctx, const StoreSummary& s) {
  std::ostream& out = *ctx.out;
  out << "mails: " << s.mails << " (quarantined " << s.quarantined
      << ", duplicates " << s.duplicates << ")\n";
  out << "cases by status:\n";
  if (s.cases_by_status.empty()) out << "  (none)\n";
  for (const auto& [status, n] : s.cases_by_status) {
    out << "  " << status << ": " << n << "\n";
  }
  out << "problems by code:\n";
  if (s.problems_by_code.empty()) out << "  (none)\n";
  for (const auto& [code, n] : s.problems_by_code) {
    out << "  " << code << ": " << n << "\n";
  }
}

void PrintStats(Context& ctx, const IntakeStats& st) {
  *ctx.out << "read " << st.read << ", new " << st.stored << ", already known "
           << st.already_known << ", repaired " << st.repaired
           << ", cases opened " << st.cases_opened << ", cases updated "
           << st.cases_updated << ", duplicates " << st.duplicates
           << ", quarantined " << st.quarantined << ", unreadable "
           << st.source_errors << "\n";
  if (st.documents_read == 0) return;
  *ctx.out << "attachments read " << st.documents_read << ", pages "
           << st.pages_read;
  if (const WorkerPool* pool = ctx.Pool()) {
    const WorkerPoolStats w = pool->Stats();
    *ctx.out << " by " << pool->size() << " worker"
             << (pool->size() == 1 ? "" : "s") << " (peak "
             << (w.peak_rss_kb + 512) / 1024 << " MB each, " << w.deaths
             << " lost)";
  }
  *ctx.out << "\n";
}

nlohmann::json WorkersJson(Context& ctx) {
  const WorkerPool* pool = ctx.Pool();
  rusage self{};
  ::getrusage(RUSAGE_SELF, &self);
  if (pool == nullptr) return {{"workers", 0}, {"self_rss_kb", self.ru_maxrss}};
  const WorkerPoolStats w = pool->Stats();
  return {{"workers", pool->size()},      {"documents", w.documents},
          {"started", w.started},         {"lost", w.deaths},
          {"peak_rss_kb", w.peak_rss_kb}, {"self_rss_kb", self.ru_maxrss}};
}

int RunIngest(Context& ctx, const IngestArgs& args) {
  if (args.region.size() != 6 ||
      args.region.find_first_not_of("0123456789") != std::string::npos) {
    return Fail(ctx, InvalidArgument("--region must be a 6-digit division code "
                                     "such as 510682, got '" +
                                     args.region + "'"));
  }
  StatusOr<beian::Store*> store = ctx.Store();
  if (!store.ok()) return Fail(ctx, store.status());
  StatusOr<const DivisionTable*> divisions = ctx.Divisions();
  if (!divisions.ok()) return Fail(ctx, divisions.status());
  FolderMailSource source(args.region, args.paths);
  if (Status s = source.Scan(); !s.ok()) return Fail(ctx, s);
  StatusOr<BlobStore*> blobs = ctx.Blobs();
  if (!blobs.ok()) return Fail(ctx, blobs.status());
  IntakePipeline pipeline(**store, **blobs, ctx.clock, *divisions, ctx.log);
  if (args.store_only) {  // no OCR workers: the read role reads them
    pipeline.set_reading(false);
  } else if (Status s = ctx.Equip(pipeline); !s.ok()) {
    return Fail(ctx, s);
  }
  StatusOr<IntakeStats> stats = pipeline.Run(source);
  ctx.Progress().Finish();
  if (!stats.ok()) {
    return Fail(ctx, Status(stats.status().code(),
                            stats.status().message() +
                                "; nothing was lost: run the same command "
                                "again to continue"));
  }
  if (!args.no_replies) {
    if (Status s = ctx.SweepAndSend(args.json); !s.ok()) return Fail(ctx, s);
  }
  StatusOr<StoreSummary> summary = (*store)->Summarize();
  if (!summary.ok()) return Fail(ctx, summary.status());
  if (args.json) {
    nlohmann::json j = SummaryJson(*summary);
    j["run"] = {{"read", stats->read},
                {"stored", stats->stored},
                {"already_known", stats->already_known},
                {"repaired", stats->repaired},
                {"cases_opened", stats->cases_opened},
                {"cases_updated", stats->cases_updated},
                {"duplicates", stats->duplicates},
                {"quarantined", stats->quarantined},
                {"unreadable", stats->source_errors},
                {"attachments_read", stats->documents_read},
                {"pages_read", stats->pages_read},
                {"reading", WorkersJson(ctx)}};
    *ctx.out << j.dump(2) << "\n";
  } else {
    PrintStats(ctx, *stats);
    PrintSummary(ctx, *summary);
  }
  return 0;
}

}  // namespace

void AddIngestCommand(CLI::App& app, Context& ctx, int* exit_code) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Store and process mails from .eml files or Maildir folders (new/, "
      "cur/).\n"
      "Raw mails are committed before anything else; rerunning is safe.");
  cmd->add_option("--region", args->region,
                  "6-digit division code of the mailbox's region, e.g. 510682")
      ->required();
  cmd->add_option("paths", args->paths,
                  ".eml files, Maildirs or folders of .eml")
      ->required();
  cmd->add_flag("--json", args->json, "Print the result as JSON");
  cmd->add_flag(
      "--no-replies", args->no_replies,
      "Do not queue or send acknowledgements and automatic corrections");
  cmd->add_flag("--store-only", args->store_only,
                "Only store the mails, unread: `beian serve --roles read` "
                "(any number of them) reads them into cases");
  cmd->callback(
      [&ctx, args, exit_code] { *exit_code = RunIngest(ctx, *args); });
}

void AddSummaryCommand(CLI::App& app, Context& ctx, int* exit_code) {
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "summary", "Count mails, cases by status and open problems by code");
  cmd->add_flag("--json", *json, "Print the result as JSON");
  cmd->callback([&ctx, json, exit_code] {
    StatusOr<beian::Store*> store = ctx.Store();
    if (!store.ok()) {
      *exit_code = Fail(ctx, store.status());
      return;
    }
    StatusOr<StoreSummary> s = (*store)->Summarize();
    if (!s.ok()) {
      *exit_code = Fail(ctx, s.status());
      return;
    }
    if (*json) {
      *ctx.out << SummaryJson(*s).dump(2) << "\n";
    } else {
      PrintSummary(ctx, *s);
    }
  });
}

}  // namespace beian::cli
