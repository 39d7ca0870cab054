// beian poll --once | beian serve
#include <unistd.h>

#include <csignal>
#include <memory>
#include <thread>

#include "beian/mail/account_check.h"
#include "beian/service/poller.h"
#include "beian/service/process_presence.h"
#include "beian/service/serve_roles.h"
#include "cli_context.h"

namespace beian::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;

void OnSignal(int) { g_stop = 1; }

void InstallSignalHandlers() {
  struct sigaction sa = {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
}

bool Stopping() { return g_stop != 0; }

// A heartbeat that could not be written is logged: serving goes on, and
// `beian status` will show this process stale until a beat gets through.
void KeepBeating(Context& ctx, ProcessPresence& presence) {
  if (Status s = presence.BeatIfDue(); !s.ok()) {
    ctx.log.Warn("heartbeat_failed", s.message());
  }
}

// Registers this serve process (beian status lists it) with `roles`.
StatusOr<std::unique_ptr<ProcessPresence>> EnterRegistry(
    Context& ctx, const std::string& roles) {
  StatusOr<beian::Store*> store = ctx.Store();
  if (!store.ok()) return store.status();
  return ProcessPresence::Enter(**store, ctx.clock, ThisHost(), ::getpid(),
                                roles, ctx.config.idle_sleep);
}

// "host:pid": who holds this process's leases and read claims.
std::string ThisProcess() {
  return ThisHost() + ":" + std::to_string(::getpid());
}

// Polls (every account, or the due ones) and, when `read`, reads what came;
// without it the mails wait in the store for a process with the read role.
StatusOr<PollReport> Poll(Context& ctx, bool only_due, bool read,
                          ProcessPresence* presence) {
  StatusOr<beian::Store*> store = ctx.Store();
  if (!store.ok()) return store.status();
  StatusOr<const DivisionTable*> divisions = ctx.Divisions();
  if (!divisions.ok()) return divisions.status();
  StatusOr<BlobStore*> blobs = ctx.Blobs();
  if (!blobs.ok()) return blobs.status();
  ctx.config.data_dir = ctx.data_dir;  // the account locks, with --data-dir
  Poller poller(ctx.config, **store, **blobs, ctx.clock, *divisions, ctx.log,
                NewCurlImapClient);
  poller.set_should_stop([&ctx, presence] {
    if (presence != nullptr) KeepBeating(ctx, *presence);
    return Stopping();
  });
  if (read) {
    BEIAN_RETURN_IF_ERROR(ctx.Equip(poller));
  } else {  // no OCR workers in a process that only polls
    StatusOr<CrashJournal*> journal = ctx.Journal();
    if (!journal.ok()) return journal.status();
    poller.set_crash_journal(*journal);
    poller.set_reading(false);
  }
  StatusOr<PollReport> report = poller.PollOnce(only_due);
  ctx.Progress().Finish();
  return report;
}

// The read role: claims the mails waiting in the store (stored by any
// process) one at a time and reads them into cases, until none is left.
Status ReadWaiting(Context& ctx, ProcessPresence* presence) {
  StatusOr<beian::Store*> store = ctx.Store();
  if (!store.ok()) return store.status();
  StatusOr<const DivisionTable*> divisions = ctx.Divisions();
  if (!divisions.ok()) return divisions.status();
  StatusOr<BlobStore*> blobs = ctx.Blobs();
  if (!blobs.ok()) return blobs.status();
  IntakePipeline pipeline(**store, **blobs, ctx.clock, *divisions, ctx.log);
  BEIAN_RETURN_IF_ERROR(ctx.Equip(pipeline));
  pipeline.set_read_claims(ThisProcess(), ctx.config.read_lease);
  pipeline.set_should_stop([&ctx, presence] {
    if (presence != nullptr) KeepBeating(ctx, *presence);
    return Stopping();
  });
  StatusOr<IntakeStats> stats = pipeline.ReadPending();
  ctx.Progress().Finish();
  if (!stats.ok()) return stats.status();
  if (stats->repaired > 0) {
    ctx.log.Info("read_ok", "read " + std::to_string(stats->repaired) +
                                " waiting mails, cases opened " +
                                std::to_string(stats->cases_opened));
  }
  return Status::Ok();
}

// One round of `roles`: poll (every account, or the due ones), read what
// waits in the store, then replies. A serve process (`presence`) beats
// between mails and before sending.
StatusOr<PollReport> Round(Context& ctx, bool only_due, const ServeRoles& roles,
                           ProcessPresence* presence) {
  PollReport report;
  if (roles.poll) {
    StatusOr<PollReport> polled = Poll(ctx, only_due, roles.read, presence);
    if (!polled.ok()) return polled.status();
    report = std::move(*polled);
  }
  if (roles.read && !Stopping()) {
    BEIAN_RETURN_IF_ERROR(ReadWaiting(ctx, presence));
  }
  if (presence != nullptr) KeepBeating(ctx, *presence);
  if (roles.send) BEIAN_RETURN_IF_ERROR(ctx.SweepAndSend(true));
  return report;
}

int RunPollOnce(Context& ctx) {
  if (ctx.config.regions.empty()) {
    return Fail(ctx, InvalidArgument(
                         "no regions to poll: give --config with [[regions]] "
                         "(see config/beian.example.toml)"));
  }
  InstallSignalHandlers();
  StatusOr<PollReport> r = Round(ctx, false, ServeRoles{}, nullptr);
  if (!r.ok()) return Fail(ctx, r.status());
  for (const AccountPoll& a : r->accounts) {
    *ctx.out << a.region << ": "
             << (!a.polled ? "skipped (" + a.skipped_because + ")"
                 : a.error.empty()
                     ? "ok, read " + std::to_string(a.stats.read) + ", new " +
                           std::to_string(a.stats.stored)
                     : "error: " + a.error)
             << "\n";
  }
  return r->errors() == 0 ? 0 : 2;
}

int RunServe(Context& ctx, const std::string& roles_flag) {
  if (ctx.config.regions.empty()) {
    return Fail(ctx,
                InvalidArgument("beian serve needs --config with [[regions]]"));
  }
  StatusOr<ServeRoles> roles = ParseServeRoles(roles_flag);
  if (!roles.ok()) return Fail(ctx, roles.status());
  InstallSignalHandlers();
  StatusOr<std::unique_ptr<ProcessPresence>> presence =
      EnterRegistry(ctx, ServeRolesText(*roles));
  if (!presence.ok()) return Fail(ctx, presence.status());
  ctx.log.Info("serve_started", ctx.config_file);
  while (!Stopping()) {
    if (Status s = (*presence)->Beat(); !s.ok()) {
      ctx.log.Warn("heartbeat_failed", s.message());
    }
    StatusOr<PollReport> r = Round(ctx, true, *roles, presence->get());
    if (!r.ok()) ctx.log.Error("round_failed", r.status().message());
    for (auto waited = std::chrono::seconds(0);
         waited < ctx.config.idle_sleep && !Stopping();
         waited += std::chrono::seconds(1)) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
  presence->reset();  // unregistered: a clean exit
  ctx.log.Info("serve_stopped", "signal received; current mail finished");
  return 0;
}

void PrintStep(Context& ctx, const CheckStep& step, int& failed) {
  *ctx.out << "  " << (step.ok ? "✓ " : "✗ ") << step.name << "："
           << step.detail << "\n";
  failed += step.ok ? 0 : 1;
}

// One region: IMAP steps, then SMTP when configured. Returns failed steps.
int CheckRegion(Context& ctx, const RegionConfig& r) {
  *ctx.out << r.code << " " << r.name << "\n";
  int failed = 0;
  if (r.imap_url.empty()) {
    PrintStep(ctx, {"IMAP", true, "未配置 imap_url，本地区不收信"}, failed);
  } else if (StatusOr<std::string> pw = r.imap_password.Resolve(); !pw.ok()) {
    PrintStep(ctx, {"IMAP 密码", false, pw.status().message()}, failed);
  } else {
    for (const CheckStep& s : CheckImapAccount(ImapAccountOf(r, *pw)))
      PrintStep(ctx, s, failed);
  }
  if (r.smtp_url.empty()) {
    PrintStep(ctx, {"SMTP", true, "未配置 smtp_url，回复写入本地 outbox 目录"},
              failed);
  } else if (StatusOr<std::string> pw = r.smtp_password.Resolve(); !pw.ok()) {
    PrintStep(ctx, {"SMTP 密码", false, pw.status().message()}, failed);
  } else {
    PrintStep(ctx, CheckSmtpLogin({r.smtp_url, r.smtp_user, *pw, r.ca_file}),
              failed);
  }
  *ctx.out << "  结论："
           << (failed == 0 ? "可以使用"
                           : std::to_string(failed) + " 项需要处理（见上）")
           << "\n";
  return failed;
}

int RunAccountsCheck(Context& ctx, const std::string& region) {
  int checked = 0, failed = 0;
  for (const RegionConfig& r : ctx.config.regions) {
    if (!region.empty() && r.code != region) continue;
    ++checked;
    failed += CheckRegion(ctx, r);
  }
  if (checked == 0) {
    return Fail(ctx, InvalidArgument(
                         region.empty()
                             ? "no regions to check: give --config with "
                               "[[regions]] (see config/beian.example.toml)"
                             : "region " + region + " is not in the config"));
  }
  return failed == 0 ? 0 : 2;
}

}  // namespace

void AddServiceCommands(CLI::App& app, Context& ctx, int* exit_code) {
  CLI::App* poll = app.add_subcommand(
      "poll",
      "Poll every region's mailbox once (IMAP), process what came, "
      "send due replies; exit 2 when an account failed");
  auto once = std::make_shared<bool>(true);
  poll->add_flag("--once", *once,
                 "Poll once and exit (the only mode; for timers)");
  poll->callback([&ctx, exit_code, once] { *exit_code = RunPollOnce(ctx); });
  CLI::App* serve = app.add_subcommand(
      "serve",
      "Run unattended: poll due accounts, process, send, sleep; "
      "SIGTERM/SIGINT finish the current mail and exit");
  auto roles = std::make_shared<std::string>("poll,read,send");
  serve
      ->add_option(
          "--roles", *roles,
          "What this process does, comma-separated: poll (fetch mail and "
          "store it), read (read stored mails' documents into cases, its "
          "own and those other processes stored; a claim on a mail lasts "
          "[service] read_lease) and send (queue and send replies)")
      ->capture_default_str();
  serve->callback(
      [&ctx, exit_code, roles] { *exit_code = RunServe(ctx, *roles); });
  CLI::App* accounts =
      app.add_subcommand("accounts", "The configured mailboxes");
  accounts->require_subcommand(1);
  CLI::App* check = accounts->add_subcommand(
      "check",
      "Log in to each region's IMAP and SMTP account and say, step by step "
      "in Chinese, what works (greeting, capabilities, ID, folders, the "
      "processed folder); fetches, moves and sends nothing; exit 2 when a "
      "step failed");
  auto region = std::make_shared<std::string>();
  check->add_option("region", *region, "Only this region (6-digit code)");
  check->callback([&ctx, exit_code, region] {
    *exit_code = RunAccountsCheck(ctx, *region);
  });
}

}  // namespace beian::cli
