// beian send | outbox list|resend|delivered | status | export | purge
#include <filesystem>
#include <fstream>

#include "beian/base/china_time.h"
#include "beian/mail/mail_sender.h"
#include "beian/service/outbox_sender.h"
#include "beian/service/process_presence.h"
#include "beian/service/status_report.h"
#include "cli_context.h"
#include "json_view.h"
#include "state_option.h"

namespace beian::cli {
namespace {

struct OutboxArgs {
  std::string state;
  std::string since;
  std::string format = "csv";
  std::string output;
  int older_than_days = -1;
  int64_t reply_id = 0;
  bool json = false;
};

int RunSend(Context& ctx) {
  Status s = ctx.SweepAndSend(false);
  return s.ok() ? 0 : Fail(ctx, s);
}

int RunOutboxList(Context& ctx, const OutboxArgs& a) {
  StatusOr<beian::Store*> store = ctx.Store();
  if (!store.ok()) return Fail(ctx, store.status());
  StatusOr<std::vector<OutboxEntry>> list = (*store)->ListOutbox(
      a.state.empty() ? std::nullopt : ParseOutboxState(a.state));
  if (!list.ok()) return Fail(ctx, list.status());
  nlohmann::json j = nlohmann::json::array();
  for (const OutboxEntry& e : *list) {
    j.push_back({{"id", e.id},
                 {"case", e.case_number},
                 {"kind", e.kind},
                 {"to", e.to_address},
                 {"state", OutboxStateName(e.state)},
                 {"attempts", e.attempts},
                 {"message_id", e.message_id},
                 {"subject", e.subject},
                 {"last_error", e.last_error},
                 {"created_at", FormatUtc(e.created_at)}});
  }
  if (a.json) {
    *ctx.out << j.dump(2) << "\n";
    return 0;
  }
  for (const auto& e : j) {
    *ctx.out << e["id"] << "  " << e["case"].get<std::string>() << "  "
             << e["kind"].get<std::string>() << "  "
             << e["state"].get<std::string>() << "  "
             << e["to"].get<std::string>() << "  "
             << e["last_error"].get<std::string>() << "\n";
  }
  *ctx.out << list->size() << " replies\n";
  return 0;
}

// An unconfirmed reply (handed to the server, no answer) after the reviewer
// checked the mailbox's sent mail or the server's log.
int RunResolve(Context& ctx, const OutboxArgs& a, bool delivered) {
  StatusOr<beian::Store*> store = ctx.Store();
  if (!store.ok()) return Fail(ctx, store.status());
  Status s =
      (*store)->ResolveUnconfirmedReply(a.reply_id, delivered, ctx.clock.Now());
  if (!s.ok()) return Fail(ctx, s);
  *ctx.out << "reply " << a.reply_id
           << (delivered ? " recorded as delivered\n"
                         : " queued again; `beian send` delivers it\n");
  return 0;
}

nlohmann::json StatusJson(const StatusReport& r,
                          const std::vector<AccountState>& accounts) {
  nlohmann::json j = {{"due_today", r.due_today.size()},
                      {"overdue", r.overdue.size()},
                      {"decided_30d", r.decided_30d},
                      {"in_time_30d", r.in_time_30d},
                      {"queued_replies", r.queued_replies},
                      {"failed_replies", r.failed_replies.size()},
                      {"unconfirmed_replies", r.unconfirmed_replies.size()}};
  j["backlog"] = {{"replies_waiting", r.queued_replies},
                  {"replies_claimed", r.claimed_replies},
                  {"cases_waiting_for_review", r.waiting_for_review},
                  {"mails_quarantined", r.quarantined_mails},
                  {"reads_waiting", r.reads_waiting},
                  {"reads_claimed", r.reads_claimed}};
  j["accounts"] = nlohmann::json::array();
  for (const AccountState& s : accounts) {
    j["accounts"].push_back(
        {{"region", s.region},
         {"source", s.source},
         {"failures", s.failures},
         {"last_error", s.last_error},
         {"backlog", s.backlog},
         {"last_success_at", s.last_success_at
                                 ? nlohmann::json(FormatUtc(*s.last_success_at))
                                 : nullptr}});
  }
  return j;
}

nlohmann::json LeasesJson(const std::vector<Lease>& leases, TimePoint now) {
  nlohmann::json j = nlohmann::json::array();
  for (const Lease& l : leases) {
    j.push_back({{"mailbox", l.name},
                 {"holder", l.holder},
                 {"until", FormatUtc(l.expires_at)},
                 {"expired", l.expires_at < now}});
  }
  return j;
}

// Who polls which mailbox now (leases), and leases their holders left
// behind when they died (free again: the next poller takes them over).
void PrintLeases(std::ostream& out, const std::vector<Lease>& leases,
                 TimePoint now) {
  for (const Lease& l : leases) {
    out << "拉取中 " << l.name << ": " << l.holder << "，租约至 "
        << FormatChinaTime(l.expires_at)
        << (l.expires_at < now ? "（已过期，持有者已停止）" : "") << "\n";
  }
}

// Whether a registered process missed its heartbeats, by this config's cycle
// (processes sharing a store share their config) and longest mail.
bool Stale(const Context& ctx, const ProcessRecord& p, TimePoint now) {
  return IsStale(p, now, ctx.config.idle_sleep, ctx.config.ocr.mail_budget);
}

nlohmann::json ProcessesJson(const Context& ctx,
                             const std::vector<ProcessRecord>& processes,
                             TimePoint now) {
  nlohmann::json j = nlohmann::json::array();
  for (const ProcessRecord& p : processes) {
    j.push_back({{"host", p.host},
                 {"pid", p.pid},
                 {"roles", p.roles},
                 {"started_at", FormatUtc(p.started_at)},
                 {"heartbeat_at", FormatUtc(p.heartbeat_at)},
                 {"stale", Stale(ctx, p, now)}});
  }
  return j;
}

// Every beian serve on the store; one whose heartbeats stopped probably
// died (killed, crashed, its machine down) without leaving.
void PrintProcesses(const Context& ctx, std::ostream& out,
                    const std::vector<ProcessRecord>& processes,
                    TimePoint now) {
  for (const ProcessRecord& p : processes) {
    out << "进程 " << p.host << ":" << p.pid << " 角色 " << p.roles
        << "，启动于 " << FormatChinaTime(p.started_at) << "，最近心跳 "
        << FormatChinaTime(p.heartbeat_at);
    if (Stale(ctx, p, now)) {
      out << "（stale：已错过 " << kMissedBeatsBeforeStale
          << " 次以上心跳，进程可能已停止；请在 " << p.host
          << " 上检查 beian serve 是否还在运行）";
    }
    out << "\n";
  }
}

// Due and overdue cases, answers in time, replies waiting.
void PrintCaseStatus(std::ostream& out, const StatusReport& r) {
  out << "今日到期: " << r.due_today.size() << "  已超期: " << r.overdue.size()
      << "\n";
  for (const CaseRecord& c : r.overdue) {
    out << "  超期 " << c.number << " 应于 " << FormatChinaTime(*c.due_at)
        << " 前答复\n";
  }
  out << "近30天已答复: " << r.decided_30d << "，按时 " << r.in_time_30d;
  if (r.decided_30d > 0)
    out << "（" << (100 * r.in_time_30d / r.decided_30d) << "%）";
  out << "\n待发送: " << r.queued_replies
      << "  发送失败: " << r.failed_replies.size()
      << "  待确认: " << r.unconfirmed_replies.size() << "\n";
  out << "积压: 待发送回复 " << r.queued_replies << "（其中发送中 "
      << r.claimed_replies << "），待审核案件 " << r.waiting_for_review
      << "，隔离邮件 " << r.quarantined_mails << "，待读取邮件 "
      << r.reads_waiting << "（其中读取中 " << r.reads_claimed << "）\n";
}

// Each polled mailbox, then the replies that need a person.
void PrintMailStatus(std::ostream& out, const StatusReport& r,
                     const std::vector<AccountState>& accounts) {
  for (const AccountState& s : accounts) {
    out << "邮箱 " << s.region << " " << s.source << ": 上次成功 "
        << (s.last_success_at ? FormatChinaTime(*s.last_success_at) : "无")
        << "，积压 " << s.backlog;
    if (s.failures > 0) {
      out << "，连续失败 " << s.failures << " 次，最近错误 "
          << FormatChinaTime(*s.last_error_at) << ": " << s.last_error;
    }
    out << "\n";
  }
  for (const OutboxEntry& e : r.failed_replies) {
    out << "  失败 " << e.case_number << " " << e.kind << " → " << e.to_address
        << ": " << e.last_error << "\n";
  }
  for (const OutboxEntry& e : r.unconfirmed_replies) {
    out << "  待确认 " << e.id << " " << e.case_number << " " << e.kind << " → "
        << e.to_address
        << ": 已交给邮件服务器但未收到答复；核对已发送邮件后运行 "
        << "`beian outbox delivered " << e.id << "` 或 `beian outbox resend "
        << e.id << "`\n";
  }
}

int RunStatus(Context& ctx, const OutboxArgs& a) {
  StatusOr<beian::Store*> store = ctx.Store();
  if (!store.ok()) return Fail(ctx, store.status());
  StatusOr<std::vector<CaseRecord>> cases = (*store)->ListCases({});
  if (!cases.ok()) return Fail(ctx, cases.status());
  StatusOr<std::vector<OutboxEntry>> outbox =
      (*store)->ListOutbox(std::nullopt);
  if (!outbox.ok()) return Fail(ctx, outbox.status());
  StatusOr<std::vector<AccountState>> accounts = (*store)->ListAccounts();
  if (!accounts.ok()) return Fail(ctx, accounts.status());
  StatusOr<std::vector<Lease>> leases = (*store)->ListLeases();
  if (!leases.ok()) return Fail(ctx, leases.status());
  StatusOr<std::vector<ProcessRecord>> processes = (*store)->ListProcesses();
  if (!processes.ok()) return Fail(ctx, processes.status());
  StatusOr<StoreSummary> summary = (*store)->Summarize();
  if (!summary.ok()) return Fail(ctx, summary.status());
  const TimePoint now = ctx.clock.Now();
  StatusOr<ReadBacklog> reads = (*store)->CountReads(now);
  if (!reads.ok()) return Fail(ctx, reads.status());
  StatusReport r = MakeStatusReport(*cases, *outbox, now);
  r.quarantined_mails = summary->quarantined;
  r.reads_waiting = reads->waiting;
  r.reads_claimed = reads->claimed;
  if (a.json) {
    nlohmann::json j = StatusJson(r, *accounts);
    j["leases"] = LeasesJson(*leases, now);
    j["processes"] = ProcessesJson(ctx, *processes, now);
    j["config_dir"] = ctx.ConfigDir();
    j["templates_dir"] = ctx.TemplatesDir();
    *ctx.out << j.dump(2) << "\n";
  } else {
    PrintCaseStatus(*ctx.out, r);
    PrintMailStatus(*ctx.out, r, *accounts);
    PrintLeases(*ctx.out, *leases, now);
    PrintProcesses(ctx, *ctx.out, *processes, now);
    *ctx.out << "配置: " << ctx.ConfigDir() << "  模板: " << ctx.TemplatesDir()
             << "\n";
  }
  return 0;
}

std::string Csv(const std::string& s) {
  std::string q = "\"";
  for (char c : s) q += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string BestField(const CaseDetail& d, const std::string& name) {
  std::string value;
  int rank = -1;
  for (const DraftField& f : d.fields) {
    const int r = f.source == "reviewer" ? 3
                  : f.source == "form"   ? 2
                  : f.source == "ocr"    ? 1
                                         : 0;
    if (f.name == name && r > rank) value = f.value, rank = r;
  }
  return value;
}

int RunExport(Context& ctx, const OutboxArgs& a) {
  const std::optional<TimePoint> since = ParseUtc(a.since + "T00:00:00Z");
  if (!since)
    return Fail(ctx, InvalidArgument("--since wants a date like 2026-11-01"));
  StatusOr<beian::Store*> store = ctx.Store();
  if (!store.ok()) return Fail(ctx, store.status());
  StatusOr<std::vector<CaseDetail>> rows =
      (*store)->ConfirmedSince(FromChinaWallClock(*since));
  if (!rows.ok()) return Fail(ctx, rows.status());
  const std::vector<std::string> cols = {
      "name",       "id_number", "sex", "filing_type", "treatment_place",
      "start_date", "phone"};
  std::ofstream file;
  if (!a.output.empty()) file.open(a.output, std::ios::binary);
  std::ostream& out = a.output.empty() ? *ctx.out : file;
  nlohmann::json j = nlohmann::json::array();
  if (a.format == "csv") {
    out << "case_number,registration_number,region,decided_at";
    for (const std::string& c : cols) out << "," << c;
    out << "\n";
  }
  for (const CaseDetail& d : *rows) {
    nlohmann::json row = {
        {"case_number", d.record.number},
        {"registration_number", d.record.registration_number},
        {"region", d.record.region},
        {"decided_at", FormatChinaTime(*d.record.decided_at)}};
    for (const std::string& c : cols) row[c] = BestField(d, c);
    if (a.format == "csv") {
      out << Csv(d.record.number) << "," << Csv(d.record.registration_number)
          << "," << Csv(d.record.region) << "," << Csv(row["decided_at"]);
      for (const std::string& c : cols) out << "," << Csv(row[c]);
      out << "\n";
    }
    j.push_back(row);
  }
  if (a.format == "json") out << j.dump(2) << "\n";
  return 0;
}

int RunPurge(Context& ctx, const OutboxArgs& a) {
  StatusOr<beian::Store*> store = ctx.Store();
  if (!store.ok()) return Fail(ctx, store.status());
  int days = a.older_than_days;
  if (days < 0) {
    StatusOr<ReviewRules> rules = ctx.Rules("");
    if (!rules.ok()) return Fail(ctx, rules.status());
    days = rules->retention_days;
  }
  const TimePoint before = ctx.clock.Now() - std::chrono::days(days);
  StatusOr<std::vector<std::string>> paths =
      (*store)->PurgeDecidedBefore(before, {ctx.Actor(), ctx.clock.Now(), ""});
  if (!paths.ok()) return Fail(ctx, paths.status());
  StatusOr<BlobStore*> blobs = ctx.Blobs();
  if (!blobs.ok()) return Fail(ctx, blobs.status());
  int removed = 0;
  for (const std::string& p : *paths) {
    StatusOr<bool> gone = (*blobs)->Remove(p);
    if (!gone.ok()) return Fail(ctx, gone.status());
    removed += *gone ? 1 : 0;
  }
  *ctx.out << "purged " << removed << " files of cases decided more than "
           << days << " days ago; the audit trail is kept\n";
  return 0;
}

}  // namespace

void AddOutboxCommands(CLI::App& app, Context& ctx, int* exit_code) {
  auto a = std::make_shared<OutboxArgs>();
  app.add_subcommand("send",
                     "Queue due acknowledgements and automatic "
                     "corrections, then deliver the outbox")
      ->callback([&ctx, exit_code] { *exit_code = RunSend(ctx); });

  CLI::App* outbox = app.add_subcommand("outbox", "Replies and their states");
  outbox->require_subcommand(1);
  CLI::App* list = outbox->add_subcommand("list", "List replies");
  AddStateOption(*list, "--state", a->state, kOutboxStates, OutboxStateName);
  list->add_flag("--json", a->json, "Print JSON");
  list->callback([&ctx, a, exit_code] { *exit_code = RunOutboxList(ctx, *a); });
  for (const bool delivered : {false, true}) {
    CLI::App* resolve = outbox->add_subcommand(
        delivered ? "delivered" : "resend",
        delivered ? "An unconfirmed reply did arrive: record it as sent"
                  : "An unconfirmed reply did not arrive: queue it again");
    resolve->add_option("ID", a->reply_id, "The reply's id (outbox list)")
        ->required();
    resolve->callback([&ctx, a, exit_code, delivered] {
      *exit_code = RunResolve(ctx, *a, delivered);
    });
  }

  CLI::App* status = app.add_subcommand(
      "status",
      "Cases due today, overdue, answered in time (30 days), failed replies");
  status->add_flag("--json", a->json, "Print JSON");
  status->callback([&ctx, a, exit_code] { *exit_code = RunStatus(ctx, *a); });

  CLI::App* exp = app.add_subcommand(
      "export",
      "Confirmed registrations since a date, for the national platform");
  exp->add_option("--since", a->since,
                  "First day (China time), e.g. 2026-11-01")
      ->required();
  exp->add_option("--format", a->format, "csv | json")
      ->check(CLI::IsMember({"csv", "json"}));
  exp->add_option("--output", a->output,
                  "Write to this file instead of stdout");
  exp->callback([&ctx, a, exit_code] { *exit_code = RunExport(ctx, *a); });

  CLI::App* purge = app.add_subcommand(
      "purge",
      "Remove images and raw mails of decided cases past retention; "
      "keeps the audit trail");
  purge->add_option(
      "--older-than", a->older_than_days,
      "Days since the decision (default: retention_days of the rules)");
  purge->callback([&ctx, a, exit_code] { *exit_code = RunPurge(ctx, *a); });
}

}  // namespace beian::cli
