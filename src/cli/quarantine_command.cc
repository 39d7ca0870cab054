// beian quarantine list|show|export|retry
#include "beian/mail/mail_source.h"
#include "beian/service/intake_pipeline.h"
#include "cli_context.h"
#include "export_folder.h"
#include "json_view.h"

namespace beian::cli {
namespace {

struct QuarantineArgs {
  int64_t id = 0;
  bool all = false;
  bool json = false;
  std::string to;  // export: the folder the raw mail goes to
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

// An entry and where its raw mail is (`show`, `export`).
struct OpenedEntry {
  QuarantineRecord entry;
  BlobStore* blobs = nullptr;
};

StatusOr<OpenedEntry> OpenEntry(Context& ctx, int64_t id) {
  StatusOr<beian::Store*> store = ctx.Store();
  if (!store.ok()) return store.status();
  StatusOr<QuarantineRecord> q = (*store)->GetQuarantine(id);
  if (!q.ok()) return q.status();
  StatusOr<BlobStore*> blobs = ctx.Blobs();
  if (!blobs.ok()) return blobs.status();
  return OpenedEntry{std::move(*q), *blobs};
}

int RunShow(Context& ctx, const QuarantineArgs& args) {
  StatusOr<OpenedEntry> q = OpenEntry(ctx, args.id);
  if (!q.ok()) return Fail(ctx, q.status());
  const std::string& raw = q->entry.mail.raw_path;
  nlohmann::json j = QuarantineJson(q->entry);
  const std::optional<std::string> file = q->blobs->FilePath(raw);
  j["raw_path"] = file ? *file : raw;
  if (!file) j["raw_in"] = q->blobs->Describe();
  if (args.json) {
    *ctx.out << j.dump(2) << "\n";
    return 0;
  }
  for (const auto& [k, v] : j.items()) *ctx.out << k << ": " << v << "\n";
  return 0;
}

// The quarantined mail as it came (mail-<id>.eml), from wherever the blobs
// are (with blobs = "database" the only way to get it as a file).
int RunExport(Context& ctx, const QuarantineArgs& args) {
  StatusOr<OpenedEntry> q = OpenEntry(ctx, args.id);
  if (!q.ok()) return Fail(ctx, q.status());
  StatusOr<ExportFolder> folder = ExportFolder::Make(args.to);
  if (!folder.ok()) return Fail(ctx, folder.status());
  const MailRecord& mail = q->entry.mail;
  folder->Write(*q->blobs, mail.raw_path, MailExportName(mail.id));
  return folder->Report(*ctx.out);
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

  CLI::App* exp = q->add_subcommand(
      "export",
      "Write an entry's raw mail (mail-<mail id>.eml) into a folder (0700, "
      "file 0600), from the data dir or the database");
  exp->add_option("id", args->id, "Entry id from `quarantine list`")
      ->required();
  exp->add_option("--to", args->to, "The folder to write into")->required();
  exp->callback(
      [&ctx, args, exit_code] { *exit_code = RunExport(ctx, *args); });

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
