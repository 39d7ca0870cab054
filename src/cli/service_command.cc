// beian poll --once | beian serve
#include <csignal>
#include <thread>

#include "beian/service/poller.h"
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

// One round: poll (every account, or the due ones), then replies.
StatusOr<PollReport> Round(Context& ctx, bool only_due) {
  StatusOr<SqliteStore*> store = ctx.Store();
  if (!store.ok()) return store.status();
  StatusOr<const DivisionTable*> divisions = ctx.Divisions();
  if (!divisions.ok()) return divisions.status();
  BlobStore blobs(ctx.data_dir);
  Poller poller(ctx.config, **store, blobs, ctx.clock, *divisions, ctx.log,
                NewCurlImapClient);
  poller.set_should_stop(Stopping);
  BEIAN_RETURN_IF_ERROR(ctx.Equip(poller));
  StatusOr<PollReport> report = poller.PollOnce(only_due);
  ctx.Progress().Finish();
  if (!report.ok()) return report.status();
  if (Status s = ctx.SweepAndSend(true); !s.ok()) return s;
  return report;
}

int RunPollOnce(Context& ctx) {
  if (ctx.config.regions.empty()) {
    return Fail(ctx, InvalidArgument(
                         "no regions to poll: give --config with [[regions]] "
                         "(see config/beian.example.toml)"));
  }
  InstallSignalHandlers();
  StatusOr<PollReport> r = Round(ctx, false);
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

int RunServe(Context& ctx) {
  if (ctx.config.regions.empty()) {
    return Fail(ctx,
                InvalidArgument("beian serve needs --config with [[regions]]"));
  }
  InstallSignalHandlers();
  ctx.log.Info("serve_started", ctx.config_file);
  while (!Stopping()) {
    StatusOr<PollReport> r = Round(ctx, true);
    if (!r.ok()) ctx.log.Error("round_failed", r.status().message());
    for (auto waited = std::chrono::seconds(0);
         waited < ctx.config.idle_sleep && !Stopping();
         waited += std::chrono::seconds(1)) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
  ctx.log.Info("serve_stopped", "signal received; current mail finished");
  return 0;
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
  app.add_subcommand("serve",
                     "Run unattended: poll due accounts, process, send, sleep; "
                     "SIGTERM/SIGINT finish the current mail and exit")
      ->callback([&ctx, exit_code] { *exit_code = RunServe(ctx); });
}

}  // namespace beian::cli
