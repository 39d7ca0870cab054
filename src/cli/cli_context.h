// What every command shares: global options, and opening the store lazily.
#ifndef BEIAN_CLI_CLI_CONTEXT_H_
#define BEIAN_CLI_CLI_CONTEXT_H_

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <string>

#include "beian/base/clock.h"
#include "beian/base/log.h"
#include "beian/identity/division_table.h"
#include "beian/mail/mail_sender.h"
#include "beian/ocr/document_reader.h"
#include "beian/reply/reply_composer.h"
#include "beian/service/config.h"
#include "beian/service/crash_journal.h"
#include "beian/review/rules.h"
#include "beian/service/decisions.h"
#include "beian/service/template_replies.h"
#include "beian/store/blob_store.h"
#include "beian/store/store.h"

namespace beian::cli {

struct Context {
  std::string db_path = "var/beian.db";
  std::string data_dir = "var/data";
  std::string config_dir;  // "" = ./config, else the source tree's config/
  std::string reviewer;
  std::string outbox_dir = "var/outbox";
  std::string templates_dir;  // "" = ./templates, else the source tree's
  std::string from;           // sender of replies; "" = per-region default
  std::string config_file;
  bool no_ocr = false;        // --no-ocr: cases get the subject's fields only
  ServiceConfig config;       // from --config (defaults without it)
  std::ostream* out = &std::cout;
  std::ostream* err = &std::cerr;
  SystemClock clock;
  StderrLogger log;

  // Reads --config and takes its store paths as the defaults of --db,
  // --data-dir and --outbox-dir (called before the flags are parsed).
  Status LoadConfig(const std::string& path);
  // Where replies go: each region's SMTP when configured, else the files.
  StatusOr<std::unique_ptr<MailSender>> Sender();
  StatusOr<SqliteStore*> Store();
  // The OCR reader (Tesseract, initialised once), or nullptr with --no-ocr.
  StatusOr<DocumentReader*> Reader();
  // This process's crash journal in <data dir>/inflight, with the crash
  // handlers installed (opened once).
  StatusOr<CrashJournal*> Journal();
  // Gives `intake` (an IntakePipeline or a Poller) the OCR reader (none
  // with --no-ocr) and this process's crash journal.
  template <typename Intake>
  Status Equip(Intake& intake) {
    StatusOr<DocumentReader*> reader = Reader();
    if (!reader.ok()) return reader.status();
    intake.set_document_reader(*reader);
    StatusOr<CrashJournal*> journal = Journal();
    if (!journal.ok()) return journal.status();
    intake.set_crash_journal(*journal);
    return Status::Ok();
  }
  StatusOr<const DivisionTable*> Divisions();
  StatusOr<ReviewRules> Rules(const std::string& region);
  RegionIdentity Region(const std::string& code);
  // Decisions over the store, templates, rules, calendar and loop guard.
  StatusOr<Decisions*> GetDecisions();
  // Intake + automatic replies + sending, as `ingest` and `poll` run them.
  Status SweepAndSend(bool quiet);
  std::string ConfigPath(const std::string& file) const;
  std::string Actor() const;

 private:
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<DivisionTable> divisions_;
  std::unique_ptr<ReplyComposer> composer_;
  std::unique_ptr<TemplateReplyFactory> replies_;
  std::unique_ptr<Decisions> decisions_;
  std::map<std::string, ReviewRules> rules_;
  std::unique_ptr<DocumentReader> reader_;
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

// Prints "beian: <message>" and returns 1.
int Fail(Context& ctx, const Status& status);

}  // namespace beian::cli

#endif  // BEIAN_CLI_CLI_CONTEXT_H_
