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
#include "beian/store/blob_store.h"
#include "beian/store/store.h"

namespace beian::cli {

struct Context {
  std::string db_path = "var/beian.db";
  std::string data_dir = "var/data";
  std::string config_dir;  // "" = ./config, else the source tree's config/
  std::string reviewer;
  std::ostream* out = &std::cout;
  std::ostream* err = &std::cerr;
  SystemClock clock;
  StderrLogger log;

  StatusOr<SqliteStore*> Store();
  StatusOr<const DivisionTable*> Divisions();
  std::string ConfigPath(const std::string& file) const;
  std::string Actor() const;

 private:
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<DivisionTable> divisions_;
};

// Each command adds itself to `app`; its callback stores its exit status in
// `*exit_code` (0 ok, 1 failed) and prints errors to ctx.err.
void AddIngestCommand(CLI::App& app, Context& ctx, int* exit_code);
void AddParseCommand(CLI::App& app, Context& ctx, int* exit_code);
void AddCasesCommand(CLI::App& app, Context& ctx, int* exit_code);
void AddQuarantineCommand(CLI::App& app, Context& ctx, int* exit_code);
void AddSummaryCommand(CLI::App& app, Context& ctx, int* exit_code);
void AddCalendarCommand(CLI::App& app, Context& ctx, int* exit_code);

// Prints "beian: <message>" and returns 1.
int Fail(Context& ctx, const Status& status);

}  // namespace beian::cli

#endif  // BEIAN_CLI_CLI_CONTEXT_H_
