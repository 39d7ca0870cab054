// beian cases list|show|export
#include <map>

#include "beian/base/china_time.h"
#include "beian/identity/id_number.h"
#include "beian/service/attachment_files.h"
#include "cli_context.h"
#include "export_folder.h"
#include "field_view.h"
#include "html_view.h"
#include "json_view.h"
#include "state_option.h"

namespace beian::cli {
namespace {

struct ListArgs {
  CaseFilter filter;
  std::string status;  // a CaseStatusName, "" = any
  bool json = false;
  bool overdue = false;
  std::string due_before;
};

struct ShowArgs {
  std::string id;
  bool json = false;
  std::string html;  // write the visual check page here
};

struct ExportArgs {
  std::string id;
  std::string to;  // the folder the files go to
};

StatusOr<CaseFilter> Filter(Context& ctx, const ListArgs& args) {
  CaseFilter f = args.filter;
  if (!args.status.empty()) f.status = ParseCaseStatus(args.status);
  if (args.overdue) f.due_before = ctx.clock.Now();
  if (!args.due_before.empty()) {
    std::string s = args.due_before;
    if (s.size() == 16) s += ":00";
    if (s.size() == 19) s[10] = 'T';
    const std::optional<TimePoint> t = ParseUtc(s + "Z");
    if (!t) {
      return InvalidArgument(
          "--due-before wants China time like "
          "\"2026-11-24 17:30\", got '" +
          args.due_before + "'");
    }
    f.due_before = FromChinaWallClock(*t);
  }
  return f;
}

int RunList(Context& ctx, const ListArgs& args) {
  StatusOr<beian::Store*> store = ctx.Store();
  if (!store.ok()) return Fail(ctx, store.status());
  StatusOr<CaseFilter> filter = Filter(ctx, args);
  if (!filter.ok()) return Fail(ctx, filter.status());
  StatusOr<std::vector<CaseRecord>> cases = (*store)->ListCases(*filter);
  if (!cases.ok()) return Fail(ctx, cases.status());
  if (args.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const CaseRecord& c : *cases) j.push_back(CaseJson(c, true));
    *ctx.out << j.dump(2) << "\n";
    return 0;
  }
  std::ostream& out = *ctx.out;
  out << "案件编号              状态    姓名      证件号码            邮件 "
         "问题\n";
  for (const CaseRecord& c : *cases) {
    out << c.number << "  " << StatusLabel(c.status) << "  "
        << (c.applicant_name.empty() ? "(未识别)" : c.applicant_name) << "  "
        << (c.id_number.empty() ? "(未识别)" : MaskIdNumber(c.id_number))
        << "  " << c.mail_count << "  " << c.problem_count << "\n";
  }
  out << "共 " << cases->size() << " 件\n";
  return 0;
}

// Attachment id -> why it has no file.
using FileErrors = std::map<int64_t, std::string>;

void PrintAttachment(std::ostream& out, const BlobStore& blobs,
                     const AttachmentRecord& a, const FileErrors& errors) {
  out << "  " << a.filename << " (" << a.content_type << ", " << a.size
      << " bytes" << (a.in_forwarded ? ", 转发" : "") << ") ";
  if (auto e = errors.find(a.id); e != errors.end()) {
    out << "文件未能写出: " << e->second << "\n";
  } else if (std::optional<std::string> file = blobs.FilePath(a.path)) {
    out << *file << "\n";
  } else {
    out << a.path << "（数据库；beian cases export 导出）\n";
  }
}

void PrintDetail(Context& ctx, const CaseDetail& d, const BlobStore& blobs,
                 const FileErrors& errors) {
  std::ostream& out = *ctx.out;
  const CaseRecord& c = d.record;
  out << "案件 " << c.number << "（" << StatusLabel(c.status) << "）地区 "
      << c.region << "\n"
      << "申请人: " << c.applicant_name << "  证件号码: " << c.id_number << "\n"
      << "回复地址: " << c.citizen_address
      << "  收件: " << FormatUtc(c.opened_at)
      << "\n字段（采用的值，来源与置信度；其他来源）:\n";
  WriteFieldLines(out, d);
  out << "问题:\n";
  if (d.problems.empty()) out << "  (无)\n";
  for (const CaseProblem& p : d.problems) {
    out << "  " << p.problem.code << " (" << SeverityName(p.problem.severity)
        << ") " << p.problem.detail << "\n";
  }
  out << "附件:\n";
  for (const AttachmentRecord& a : d.attachments) {
    PrintAttachment(out, blobs, a, errors);
  }
  out << "邮件:\n";
  for (const MailRecord& m : d.mails) {
    out << "  #" << m.id << " " << FormatUtc(m.received_at) << " " << m.subject
        << " <" << m.from_address << ">\n";
  }
}

// A case with the blobs it is kept in; its attachments' files written
// (intake keeps raw mails only; attachments get their files when read).
struct OpenedCase {
  CaseDetail detail;
  BlobStore* blobs = nullptr;
  FileErrors errors;
};

StatusOr<OpenedCase> OpenCase(Context& ctx, const std::string& id) {
  StatusOr<beian::Store*> store = ctx.Store();
  if (!store.ok()) return store.status();
  StatusOr<CaseDetail> d = (*store)->GetCase(id);
  if (!d.ok()) return d.status();
  StatusOr<BlobStore*> blobs = ctx.Blobs();
  if (!blobs.ok()) return blobs.status();
  FileErrors errors = WriteAttachmentFiles(**store, **blobs, *d);
  return OpenedCase{std::move(*d), *blobs, std::move(errors)};
}

int RunShow(Context& ctx, const ShowArgs& args) {
  StatusOr<OpenedCase> c = OpenCase(ctx, args.id);
  if (!c.ok()) return Fail(ctx, c.status());
  const CaseDetail& d = c->detail;
  BlobStore& blobs = *c->blobs;
  const FileErrors& errors = c->errors;
  if (!args.html.empty()) {
    const std::string page = RenderCaseHtml(d, LoadAttachmentViews(d, blobs));
    if (Status s = WritePrivateFile(args.html, page); !s.ok())
      return Fail(ctx, s);
    *ctx.out << args.html << "\n";
    return 0;
  }
  if (args.json) {
    nlohmann::json j = CaseDetailJson(d, blobs);
    for (size_t i = 0; i < d.attachments.size(); ++i) {
      auto e = errors.find(d.attachments[i].id);
      if (e != errors.end()) j["attachments"][i]["file_error"] = e->second;
    }
    *ctx.out << j.dump(2) << "\n";
  } else {
    PrintDetail(ctx, d, blobs, errors);
  }
  return 0;
}

// "<mail id>-<position>-<name>": the attachment's own name without any
// folder, so that it lands in the export folder and nowhere else.
std::string ExportName(const AttachmentRecord& a) {
  std::string name = a.filename.substr(a.filename.find_last_of("/\\") + 1);
  if (name.empty() || name == "." || name == "..") name = "attachment";
  return std::to_string(a.mail_id) + "-" + std::to_string(a.position) + "-" +
         name;
}

// The case's raw mails and attachments as files, from wherever the blobs
// are (with blobs = "database" the only way to get them as files).
int RunExport(Context& ctx, const ExportArgs& args) {
  StatusOr<OpenedCase> c = OpenCase(ctx, args.id);
  if (!c.ok()) return Fail(ctx, c.status());
  const CaseDetail& d = c->detail;
  StatusOr<ExportFolder> folder = ExportFolder::Make(args.to);
  if (!folder.ok()) return Fail(ctx, folder.status());
  for (const MailRecord& m : d.mails) {
    folder->Write(*c->blobs, m.raw_path, MailExportName(m.id));
  }
  for (const AttachmentRecord& a : d.attachments) {
    if (auto e = c->errors.find(a.id); e != c->errors.end()) {
      folder->Skip(ExportName(a), e->second);
    } else {
      folder->Write(*c->blobs, a.path, ExportName(a));
    }
  }
  return folder->Report(*ctx.out);
}

}  // namespace

void AddCasesCommand(CLI::App& app, Context& ctx, int* exit_code) {
  CLI::App* cases = app.add_subcommand("cases", "List and read cases");
  cases->require_subcommand(1);

  auto list = std::make_shared<ListArgs>();
  CLI::App* l = cases->add_subcommand(
      "list",
      "List cases (identity numbers masked); filter by status or region");
  AddStateOption(*l, "--status", list->status, kCaseStatuses, CaseStatusName);
  l->add_option("--region", list->filter.region, "6-digit region code");
  l->add_flag("--json", list->json, "Print JSON");
  l->add_flag("--overdue", list->overdue, "Only cases past their due time");
  l->add_option("--due-before", list->due_before,
                "Only waiting cases due before this China time, "
                "e.g. \"2026-11-24 17:30\"");
  l->callback([&ctx, list, exit_code] { *exit_code = RunList(ctx, *list); });

  auto show = std::make_shared<ShowArgs>();
  CLI::App* s = cases->add_subcommand(
      "show",
      "Show one case: every field with source and confidence, "
      "problems, attachments with stored paths");
  s->add_option("id", show->id, "Case number (510682-20261123-0001) or row id")
      ->required();
  s->add_flag("--json", show->json, "Print JSON");
  s->add_option("--html", show->html,
                "Write a self-contained HTML page (images, OCR boxes, "
                "problems; full ID number, mode 0600) to this file");
  s->callback([&ctx, show, exit_code] { *exit_code = RunShow(ctx, *show); });

  auto exp = std::make_shared<ExportArgs>();
  CLI::App* e = cases->add_subcommand(
      "export",
      "Write a case's raw mails (mail-<id>.eml) and attachments "
      "(<mail>-<position>-<name>) into a folder (0700, files 0600), from the "
      "data dir or the database");
  e->add_option("id", exp->id, "Case number or row id")->required();
  e->add_option("--to", exp->to, "The folder to write into")->required();
  e->callback([&ctx, exp, exit_code] { *exit_code = RunExport(ctx, *exp); });
  AddReviewCommands(app, *cases, ctx, exit_code);
}

}  // namespace beian::cli
