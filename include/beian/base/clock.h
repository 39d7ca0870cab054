// "Now" is injected: code that needs the time takes a Clock&.
#ifndef BEIAN_BASE_CLOCK_H_
#define BEIAN_BASE_CLOCK_H_

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace beian {

using TimePoint = std::chrono::sys_seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

// The real wall clock, truncated to seconds.
class SystemClock final : public Clock {
 public:
  TimePoint Now() const override;
};

// A clock for tests: starts where told and moves only when advanced. One
// thread may move it while others read it.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : now_(start) {}
  TimePoint Now() const override { return now_.load(); }
  void Advance(std::chrono::seconds by) { now_.store(now_.load() + by); }
  void Set(TimePoint t) { now_.store(t); }

 private:
  std::atomic<TimePoint> now_;
};

// "2026-11-23T18:10:03Z"
std::string FormatUtc(TimePoint t);
// Inverse of FormatUtc; nullopt when `s` is not in that exact form.
std::optional<TimePoint> ParseUtc(std::string_view s);

}  // namespace beian

#endif  // BEIAN_BASE_CLOCK_H_
