// beian confirm | correct | cases edit | cases reopen
#include "cli_context.h"
#include "json_view.h"

namespace beian::cli {
namespace {

struct ReviewArgs {
  std::string id;
  std::vector<std::string> assignments;  // FIELD=VALUE
  std::vector<std::string> reasons;
  std::string number;
  std::string note;
  bool force = false;
  bool json = false;
};

int PrintCase(Context& ctx, const CaseDetail& d, bool json,
              const std::string& what) {
  if (json) {
    StatusOr<BlobStore*> blobs = ctx.Blobs();
    if (!blobs.ok()) return Fail(ctx, blobs.status());
    *ctx.out << CaseDetailJson(d, **blobs).dump(2) << "\n";
  } else {
    *ctx.out << what << "：案件 " << d.record.number << " 现为 "
             << CaseStatusName(d.record.status)
             << (d.record.registration_number.empty()
                     ? ""
                     : "，备案号 " + d.record.registration_number)
             << "\n";
  }
  return 0;
}

int RunEdit(Context& ctx, const ReviewArgs& a) {
  std::vector<std::pair<std::string, std::string>> edits;
  for (const std::string& s : a.assignments) {
    const size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Fail(ctx, InvalidArgument(
                           "'" + s + "' 不是 字段=值 的形式，例如 name=张三"));
    }
    edits.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  StatusOr<beian::Store*> store = ctx.Store();
  if (!store.ok()) return Fail(ctx, store.status());
  Status s =
      (*store)->EditFields(a.id, edits, {ctx.Actor(), ctx.clock.Now(), a.note});
  if (!s.ok()) return Fail(ctx, s);
  StatusOr<CaseDetail> d = (*store)->GetCase(a.id);
  if (!d.ok()) return Fail(ctx, d.status());
  return PrintCase(ctx, *d, a.json,
                   "已修改 " + std::to_string(edits.size()) + " 个字段");
}

int RunReopen(Context& ctx, const ReviewArgs& a) {
  StatusOr<beian::Store*> store = ctx.Store();
  if (!store.ok()) return Fail(ctx, store.status());
  StatusOr<CaseDetail> d =
      (*store)->Reopen(a.id, {ctx.Actor(), ctx.clock.Now(), a.note});
  if (!d.ok()) return Fail(ctx, d.status());
  return PrintCase(ctx, *d, a.json, "已重新打开");
}

int RunConfirm(Context& ctx, const ReviewArgs& a) {
  StatusOr<Decisions*> d = ctx.GetDecisions();
  if (!d.ok()) return Fail(ctx, d.status());
  StatusOr<CaseDetail> c =
      (*d)->Confirm(a.id, {ctx.Actor(), a.number, a.force, a.note});
  if (!c.ok()) return Fail(ctx, c.status());
  return PrintCase(ctx, *c, a.json, "已确认，备案结果已放入发件箱");
}

int RunCorrect(Context& ctx, const ReviewArgs& a) {
  StatusOr<Decisions*> d = ctx.GetDecisions();
  if (!d.ok()) return Fail(ctx, d.status());
  StatusOr<CaseDetail> c =
      (*d)->Correct(a.id, {ctx.Actor(), a.reasons, a.note});
  if (!c.ok()) return Fail(ctx, c.status());
  return PrintCase(ctx, *c, a.json, "补正要求已放入发件箱");
}

CLI::App* WithId(CLI::App* cmd, ReviewArgs& a) {
  cmd->add_option("id", a.id, "Case number or row id")->required();
  cmd->add_option("--note", a.note, "Reason or remark, kept in the audit log");
  cmd->add_flag("--json", a.json, "Print the case as JSON");
  return cmd;
}

}  // namespace

void AddReviewCommands(CLI::App& app, CLI::App& cases, Context& ctx,
                       int* exit_code) {
  auto a = std::make_shared<ReviewArgs>();
  CLI::App* edit =
      WithId(cases.add_subcommand("edit",
                                  "Set field values as the reviewer "
                                  "(source reviewer; old and new audited)"),
             *a);
  edit->add_option("assignments", a->assignments, "FIELD=VALUE ...")
      ->required();
  edit->callback([&ctx, a, exit_code] { *exit_code = RunEdit(ctx, *a); });

  CLI::App* reopen = WithId(
      cases.add_subcommand("reopen", "Open a decided case again for review"),
      *a);
  reopen->callback([&ctx, a, exit_code] { *exit_code = RunReopen(ctx, *a); });

  CLI::App* confirm = WithId(
      app.add_subcommand("confirm",
                         "Confirm a case: issue (or record) the registration "
                         "number and queue the registration reply"),
      *a);
  confirm->add_option("--number", a->number,
                      "Number from the national platform, kept verbatim");
  confirm->add_flag("--force", a->force,
                    "Confirm despite blocking problems (needs --note)");
  confirm->callback([&ctx, a, exit_code] { *exit_code = RunConfirm(ctx, *a); });

  CLI::App* correct = WithId(
      app.add_subcommand("correct",
                         "Ask the citizen for corrections, all reasons at once "
                         "(一次性告知); codes are in templates/reasons.toml"),
      *a);
  correct->add_option("--reason", a->reasons, "Reason code, repeatable")
      ->required();
  correct->callback([&ctx, a, exit_code] { *exit_code = RunCorrect(ctx, *a); });
}

}  // namespace beian::cli
