// beian parse FILE.eml [--json]: decode one mail without storing it.

#include "beian/base/china_time.h"
#include "beian/base/whole_file.h"
#include "beian/service/mail_analysis.h"
#include "cli_context.h"
#include "json_view.h"

namespace beian::cli {
namespace {

struct ParseArgs {
  std::string file;
  bool json = false;
};

void PrintText(Context& ctx, const nlohmann::json& j) {
  std::ostream& out = *ctx.out;
  out << "subject:     " << j["subject"].get<std::string>() << "\n"
      << "from:        " << j["from"]["name"].get<std::string>() << " <"
      << j["from"]["address"].get<std::string>() << ">\n"
      << "message-id:  " << j["message_id"].get<std::string>() << "\n"
      << "claim:       name=" << j["claim"]["name"].get<std::string>()
      << " id=" << j["claim"]["id_number"].get<std::string>()
      << " purpose=" << j["claim"]["purpose"].get<std::string>() << "\n"
      << "attachments: " << j["attachments"].size() << "\n";
  for (const auto& a : j["attachments"]) {
    out << "  " << a["filename"].get<std::string>() << " ("
        << a["content_type"].get<std::string>() << ", " << a["size"] << " bytes"
        << (a["in_forwarded"].get<bool>() ? ", forwarded" : "") << ")\n";
  }
  for (const auto& p : j["problems"]) {
    out << "problem:     " << p["code"].get<std::string>() << " ("
        << p["severity"].get<std::string>() << ") "
        << p["detail"].get<std::string>() << "\n";
  }
  for (const auto& w : j["warnings"]) {
    out << "warning:     " << w.get<std::string>() << "\n";
  }
}

int RunParse(Context& ctx, const ParseArgs& args) {
  StatusOr<std::string> bytes = ReadWholeFile(args.file);
  if (!bytes.ok()) {
    return Fail(ctx, InvalidArgument(bytes.status().message() +
                                     "; give the path of a saved mail (.eml)"));
  }
  StatusOr<ParsedMail> mail = ParseMime(*bytes);
  if (!mail.ok()) {
    return Fail(ctx,
                InvalidArgument(args.file + ": " + mail.status().message()));
  }
  StatusOr<const DivisionTable*> divisions = ctx.Divisions();
  if (!divisions.ok()) return Fail(ctx, divisions.status());
  const MailAnalysis analysis =
      AnalyzeMail(*mail, *divisions, ChinaDay(ctx.clock.Now()));
  const nlohmann::json j = ParseJson(*mail, analysis);
  if (args.json) {
    *ctx.out << j.dump(2) << "\n";
  } else {
    PrintText(ctx, j);
  }
  return 0;
}

}  // namespace

void AddParseCommand(CLI::App& app, Context& ctx, int* exit_code) {
  auto args = std::make_shared<ParseArgs>();
  CLI::App* cmd = app.add_subcommand(
      "parse",
      "Decode one mail and show what beian reads in it (stores nothing)");
  cmd->add_option("file", args->file, "A mail file (.eml)")->required();
  cmd->add_flag("--json", args->json, "Print the result as JSON");
  cmd->callback([&ctx, args, exit_code] { *exit_code = RunParse(ctx, *args); });
}

}  // namespace beian::cli
