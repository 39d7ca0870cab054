#include "progress_line.h"

#include <chrono>
#include <cstdio>

namespace beian::cli {
namespace {

constexpr std::chrono::seconds kLogEvery{30};

std::string Duration(double seconds) {
  const long s = long(seconds + 0.5);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, s / 60 % 60);
  } else if (s < 60) {
    std::snprintf(buf, sizeof buf, "%lds", s);
  } else {
    std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  }
  return buf;
}

double SecondsBetween(TimePoint from, TimePoint to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace

std::string FormatProgress(const IntakeProgress& p, double seconds) {
  std::string line = "mails " + std::to_string(p.mails_done);
  if (p.mails_expected > 0) line += "/" + std::to_string(p.mails_expected);
  line += " · pages " + std::to_string(p.pages_read);
  if (seconds > 0) {
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.1f", p.pages_read / seconds);
    line += " · " + std::string(rate) + " pages/s";
  }
  const long left = long(p.mails_expected) - p.mails_done;
  if (p.mails_done > 0 && left > 0 && seconds > 0)
    line += " · ETA " + Duration(left * seconds / p.mails_done);
  return line;
}

ProgressLine::ProgressLine(std::ostream& terminal, bool is_terminal,
                           Logger& log, const Clock& clock)
    : terminal_(terminal),
      is_terminal_(is_terminal),
      log_(log),
      clock_(clock),
      started_(clock.Now()),
      last_log_(started_) {}

void ProgressLine::Update(const IntakeProgress& p) {
  const TimePoint now = clock_.Now();
  if (finished_) {
    started_ = last_log_ = now;
    finished_ = false;
  }
  const std::string line = FormatProgress(p, SecondsBetween(started_, now));
  if (is_terminal_) {
    terminal_ << "\r\033[K" << line << std::flush;
    drawn_ = true;
  } else if (now - last_log_ >= kLogEvery) {
    log_.Info("progress", line);
    last_log_ = now;
  }
}

void ProgressLine::Finish() {
  if (drawn_) terminal_ << "\n" << std::flush;
  drawn_ = false;
  finished_ = true;
}

}  // namespace beian::cli
