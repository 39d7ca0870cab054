// beian quarantine list|show|retry
#include "beian/mail/mail_source.h"
#include "beian/service/intake_pipeline.h"
#include "cli_context.h"
#include "json_view.h"

namespace beian::cli {
namespace {

struct QuarantineArgs {
  int64_t id = 0;
  bool all = false;
  bool json = false;
};

int RunList(Context& ctx, const QuarantineArgs& args) {
  StatusOr<beian::Store*> store = ctx.Store();
  if (!store.ok()) return Fail(ctx, store.status());
  StatusOr<std::vector<QuarantineRecord>> list =
      (*store)->ListQuarantine(args.all);
  if (!list.ok()) return Fail(ctx, list.status());
  if (args.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const QuarantineRecord& q : *list) j.push_back(QuarantineJson(q));
    *ctx.out << j.dump(2) << "\n";
    return 0;
  }
  for (const QuarantineRecord& q : *list) {
    *ctx.out << q.id << "  mail " << q.mail.id << "  "
             << FormatUtc(q.created_at) << "  " << q.mail.source.key << "  "
             << q.reason << (q.released ? "  (released)" : "") << "\n";
  }
  *ctx.out << list->size() << " in quarantine\n";
  return 0;
}

int RunShow(Context& ctx, const QuarantineArgs& args) {
  StatusOr<beian::Store*> store = ctx.Store();
  if (!store.ok()) return Fail(ctx, store.status());
  StatusOr<QuarantineRecord> q = (*store)->GetQuarantine(args.id);
  if (!q.ok()) return Fail(ctx, q.status());
  StatusOr<BlobStore*> blobs = ctx.Blobs();
  if (!blobs.ok()) return Fail(ctx, blobs.status());
  nlohmann::json j = QuarantineJson(*q);
  const std::optional<std::string> file = (*blobs)->FilePath(q->mail.raw_path);
  j["raw_path"] = file ? *file : q->mail.raw_path;
  if (!file) j["raw_in"] = (*blobs)->Describe();
  if (args.json) {
    *ctx.out << j.dump(2) << "\n";
    return 0;
  }
  for (const auto& [k, v] : j.items()) *ctx.out << k << ": " << v << "\n";
  return 0;
}

// Releases the entry and processes it again right away.
int RunRetry(Context& ctx, const QuarantineArgs& args) {
  StatusOr<beian::Store*> store = ctx.Store();
  if (!store.ok()) return Fail(ctx, store.status());
  Status released =
      (*store)->ReleaseQuarantine(args.id, ctx.Actor(), ctx.clock.Now());
  if (!released.ok()) return Fail(ctx, released);
  StatusOr<const DivisionTable*> divisions = ctx.Divisions();
  if (!divisions.ok()) return Fail(ctx, divisions.status());
  StatusOr<BlobStore*> blobs = ctx.Blobs();
  if (!blobs.ok()) return Fail(ctx, blobs.status());
  IntakePipeline pipeline(**store, **blobs, ctx.clock, *divisions, ctx.log);
  if (Status s = ctx.Equip(pipeline); !s.ok()) return Fail(ctx, s);
  IntakeStats stats;
  if (Status s = pipeline.ProcessPending(stats); !s.ok()) return Fail(ctx, s);
  *ctx.out << "retried: processed " << stats.processed << ", quarantined again "
           << stats.quarantined << ", duplicates " << stats.duplicates << "\n";
  return 0;
}

}  // namespace

void AddQuarantineCommand(CLI::App& app, Context& ctx, int* exit_code) {
  CLI::App* q = app.add_subcommand(
      "quarantine", "Mails that could not be processed, with the reason");
  q->require_subcommand(1);
  auto args = std::make_shared<QuarantineArgs>();

  CLI::App* list = q->add_subcommand("list", "List quarantined mails");
  list->add_flag("--all", args->all, "Include released entries");
  list->add_flag("--json", args->json, "Print JSON");
  list->callback([&ctx, args, exit_code] { *exit_code = RunList(ctx, *args); });

  CLI::App* show = q->add_subcommand("show", "Show one entry and its raw file");
  show->add_option("id", args->id, "Entry id from `quarantine list`")
      ->required();
  show->add_flag("--json", args->json, "Print JSON");
  show->callback([&ctx, args, exit_code] { *exit_code = RunShow(ctx, *args); });

  CLI::App* retry = q->add_subcommand(
      "retry",
      "Release an entry and process the mail again (after a fix or "
      "with raised limits)");
  retry->add_option("id", args->id, "Entry id from `quarantine list`")
      ->required();
  retry->callback(
      [&ctx, args, exit_code] { *exit_code = RunRetry(ctx, *args); });
}

}  // namespace beian::cli
