// The progress of an intake run: on a terminal one line redrawn in place,
// otherwise a log line every half minute.
#ifndef BEIAN_CLI_PROGRESS_LINE_H_
#define BEIAN_CLI_PROGRESS_LINE_H_

#include <ostream>
#include <string>

#include "beian/base/clock.h"
#include "beian/base/log.h"
#include "beian/service/intake_pipeline.h"

namespace beian::cli {

// "mails 12/200 · pages 48 · 3.1 pages/s · ETA 3m05s" after `seconds`.
std::string FormatProgress(const IntakeProgress& p, double seconds);

class ProgressLine {
 public:
  ProgressLine(std::ostream& terminal, bool is_terminal, Logger& log,
               const Clock& clock);
  void Update(const IntakeProgress& p);
  // Ends the terminal line (nothing otherwise); the next Update starts a
  // new run (its rate and ETA from then).
  void Finish();

 private:
  std::ostream& terminal_;
  const bool is_terminal_;
  Logger& log_;
  const Clock& clock_;
  TimePoint started_;
  TimePoint last_log_;
  bool drawn_ = false;
  bool finished_ = false;
};

}  // namespace beian::cli

#endif  // BEIAN_CLI_PROGRESS_LINE_H_
