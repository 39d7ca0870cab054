// What every command shares: global options, and opening the store lazily.
#ifndef BEIAN_CLI_CLI_CONTEXT_H_
#define BEIAN_CLI_CLI_CONTEXT_H_

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "beian/base/clock.h"
#include "beian/base/log.h"
#include "beian/calendar/office_hours.h"
#include "beian/calendar/working_day_calendar.h"
#include "beian/identity/division_table.h"
#include "beian/mail/mail_sender.h"
#include "beian/ocr/document_queue.h"
#include "beian/ocr/document_reader.h"
#include "beian/reply/reply_composer.h"
#include "beian/review/rules.h"
#include "beian/service/config.h"
#include "beian/service/crash_journal.h"
#include "beian/service/decisions.h"
#include "beian/service/template_replies.h"
#include "beian/store/blob_store.h"
#include "beian/store/store.h"
#include "beian/store/store_factory.h"
#include "beian/workers/worker_pool.h"
#include "progress_line.h"

namespace beian::cli {

// The domain of a reply's sender when none is configured (only the file
// outbox allows that: a region with smtp_url must have `from`). Reserved by
// RFC 2606, so a reply written to var/outbox is valid mail whose address
// plainly belongs to no one, and its Message-ID is not in localhost.
inline constexpr std::string_view kUnconfiguredSenderDomain = "beian.invalid";

// "Now" for every command: the system clock, unless Fix() (the hidden --now
// option, for tests) set a time.
class CommandClock final : public Clock {
 public:
  TimePoint Now() const override { return fixed_ ? *fixed_ : system_.Now(); }
  void Fix(TimePoint t) { fixed_ = t; }

 private:
  SystemClock system_;
  std::optional<TimePoint> fixed_;
};

struct Context {
  std::string db_path = "var/beian.db";
  std::string data_dir = "var/data";
  std::string config_dir;  // "" = ConfigDir()'s default
  std::string reviewer;
  std::string outbox_dir = "var/outbox";
  std::string templates_dir;  // "" = TemplatesDir()'s default
  std::string from;           // sender of replies; "" = per-region default
  std::string config_file;
  bool no_ocr = false;   // --no-ocr: cases get the subject's fields only
  int ocr_workers = -1;  // --ocr-workers; -1 = from the config
  ServiceConfig config;  // from --config (defaults without it)
  std::ostream* out = &std::cout;
  std::ostream* err = &std::cerr;
  CommandClock clock;
  StderrLogger log;

  // Reads --config and takes its store paths as the defaults of --db,
  // --data-dir and --outbox-dir (called before the flags are parsed).
  Status LoadConfig(const std::string& path);
  // Where replies go: each region's SMTP when configured, else the files.
  StatusOr<std::unique_ptr<MailSender>> Sender();
  // The store --db (or the config's [store]) names: a SQLite file, or a
  // PostgreSQL url with the password from [store] password_env or
  // password_file (else libpq's PGPASSWORD, PGPASSFILE, ~/.pgpass). Opened
  // once.
  StatusOr<beian::Store*> Store();
  // Where raw mails and attachments are: files under --data-dir, or with
  // [store] blobs = "database" the PostgreSQL store's blobs table
  // (FailedPrecondition saying what to change when the store is not
  // PostgreSQL). Opened once.
  StatusOr<BlobStore*> Blobs();
  // The OCR reader (Tesseract, initialised once), or nullptr with --no-ocr.
  StatusOr<DocumentReader*> Reader();
  // Where intake's attachments are read: a pool of worker processes
  // (ocr.workers, --ocr-workers; 0 = in this process, without limits), or
  // nullptr with --no-ocr.
  StatusOr<DocumentQueue*> Queue();
  // The worker pool, when Queue() made one.
  const WorkerPool* Pool() const { return pool_.get(); }
  // This process's crash journal in <data dir>/inflight, with the crash
  // handlers installed (opened once).
  StatusOr<CrashJournal*> Journal();
  // Gives `intake` (an IntakePipeline or a Poller) the document queue (none
  // with --no-ocr), this process's crash journal and the progress line.
  template <typename Intake>
  Status Equip(Intake& intake) {
    StatusOr<DocumentQueue*> queue = Queue();
    if (!queue.ok()) return queue.status();
    intake.set_document_queue(*queue);
    intake.set_mail_read_budget(config.ocr.mail_budget);
    StatusOr<CrashJournal*> journal = Journal();
    if (!journal.ok()) return journal.status();
    intake.set_crash_journal(*journal);
    intake.set_progress(
        [this](const IntakeProgress& p) { Progress().Update(p); });
    return Status::Ok();
  }
  ProgressLine& Progress();
  StatusOr<const DivisionTable*> Divisions();
  StatusOr<ReviewRules> Rules(const std::string& region);
  // The sender of a region's replies: --from, else the region's `from`,
  // else "<place>医保经办机构 <beian<code>@beian.invalid>" with a warning
  // (once per region) that names the setting to add.
  RegionIdentity Region(const std::string& code);
  // The working-day calendar and a region's office hours, each read from
  // the config folder once and kept for the life of the process (`beian
  // serve` reads a new year's calendar when it is started again).
  StatusOr<const WorkingDayCalendar*> Calendar();
  StatusOr<const OfficeHours*> Hours(const std::string& region);
  // Decisions over the store, templates, rules, calendar and loop guard.
  StatusOr<Decisions*> GetDecisions();
  // Intake + automatic replies + sending, as `ingest` and `poll` run them.
  Status SweepAndSend(bool quiet);
  // Where data comes from: --config-dir / --templates-dir, else ./config
  // and ./templates when the working directory has them (a checkout), else
  // the installed <datadir>/beian/config and templates (/usr/share/beian
  // for a /usr install). `beian status` says which are used.
  std::string ConfigDir() const;
  std::string TemplatesDir() const;
  // `file` inside ConfigDir().
  std::string ConfigPath(const std::string& file) const;
  std::string Actor() const;

 private:
  // FailedPrecondition, saying what to change, for blobs = "database" with
  // a store that is not PostgreSQL.
  Status CheckBlobsInStore() const;

  std::unique_ptr<beian::Store> store_;
  std::unique_ptr<BlobStore> blobs_;
  std::unique_ptr<DivisionTable> divisions_;
  std::unique_ptr<ReplyComposer> composer_;
  std::unique_ptr<TemplateReplyFactory> replies_;
  std::unique_ptr<Decisions> decisions_;
  std::map<std::string, ReviewRules> rules_;
  std::unique_ptr<WorkingDayCalendar> calendar_;
  std::map<std::string, OfficeHours> hours_;
  std::set<std::string> warned_regions_;  // reply_from_missing said once
  std::unique_ptr<DocumentReader> reader_;
  std::unique_ptr<InlineDocumentQueue> inline_queue_;
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<ProgressLine> progress_;
  std::unique_ptr<CrashJournal> journal_;
};

// Each command adds itself to `app`; its callback stores its exit status in
// `*exit_code` (0 ok, 1 failed) and prints errors to ctx.err.
void AddIngestCommand(CLI::App& app, Context& ctx, int* exit_code);
void AddParseCommand(CLI::App& app, Context& ctx, int* exit_code);
void AddCasesCommand(CLI::App& app, Context& ctx, int* exit_code);
void AddQuarantineCommand(CLI::App& app, Context& ctx, int* exit_code);
void AddSummaryCommand(CLI::App& app, Context& ctx, int* exit_code);
void AddCalendarCommand(CLI::App& app, Context& ctx, int* exit_code);
void AddReviewCommands(CLI::App& app, CLI::App& cases, Context& ctx,
                       int* exit_code);
void AddOutboxCommands(CLI::App& app, Context& ctx, int* exit_code);
void AddServiceCommands(CLI::App& app, Context& ctx, int* exit_code);
void AddOcrCommand(CLI::App& app, Context& ctx, int* exit_code);
void AddWorkerCommand(CLI::App& app, Context& ctx, int* exit_code);
void AddStoreCommand(CLI::App& app, Context& ctx, int* exit_code);
// `store prune-blobs`, under AddStoreCommand's `store`.
void AddPruneBlobsCommand(CLI::App& store, Context& ctx, int* exit_code);

// Prints "beian: <message>" and returns 1.
int Fail(Context& ctx, const Status& status);

}  // namespace beian::cli

#endif  // BEIAN_CLI_CLI_CONTEXT_H_
