#include "beian/base/log.h"

#include <cstdio>

namespace beian {
namespace {

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

bool IsIdChar(char c) { return (c >= '0' && c <= '9') || c == 'X' || c == 'x'; }

std::string Line(LogLevel level, std::string_view event, std::string_view detail) {
  std::string line = LevelName(level);
  line += ' ';
  line += event;
  if (!detail.empty()) {
    line += ' ';
    line += MaskIdNumbers(detail);
  }
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return line;
}

}  // namespace

void StderrLogger::Write(LogLevel level, std::string_view event,
                         std::string_view detail) {
  const std::string line = Line(level, event, detail) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void RecordingLogger::Write(LogLevel level, std::string_view event,
                            std::string_view detail) {
  lines_.push_back(Line(level, event, detail));
}

std::string MaskIdNumbers(std::string_view text) {
  std::string out(text);
  size_t i = 0;
  while (i < out.size()) {
    if (!(out[i] >= '0' && out[i] <= '9')) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < out.size() && IsIdChar(out[j])) ++j;
    const size_t len = j - i;
    if (len >= 15 && len <= 18) {
      for (size_t k = i + 4; k < j - 4; ++k) out[k] = '*';
    }
    i = j;
  }
  return out;
}

}  // namespace beian
