// One line per event. Every line passes through MaskIdNumbers, so a log never
// holds a full identity number (PIPL).
#ifndef BEIAN_BASE_LOG_H_
#define BEIAN_BASE_LOG_H_

#include <string>
#include <string_view>
#include <vector>

namespace beian {

enum class LogLevel { kInfo, kWarning, kError };

class Logger {
 public:
  virtual ~Logger() = default;
  void Info(std::string_view event, std::string_view detail) {
    Write(LogLevel::kInfo, event, detail);
  }
  void Warn(std::string_view event, std::string_view detail) {
    Write(LogLevel::kWarning, event, detail);
  }
  void Error(std::string_view event, std::string_view detail) {
    Write(LogLevel::kError, event, detail);
  }
  virtual void Write(LogLevel level, std::string_view event,
                     std::string_view detail) = 0;
};

// "level event detail" on stderr.
class StderrLogger final : public Logger {
 public:
  void Write(LogLevel level, std::string_view event,
             std::string_view detail) override;
};

// Keeps the lines for tests.
class RecordingLogger final : public Logger {
 public:
  void Write(LogLevel level, std::string_view event,
             std::string_view detail) override;
  std::vector<std::string> lines_;
};

// Replaces the middle of every 15- to 18-character run of digits (the last
// may be X) with '*': "张三+51068219800101001X" -> "张三+5106**********001X".
std::string MaskIdNumbers(std::string_view text);

}  // namespace beian

#endif  // BEIAN_BASE_LOG_H_
