// China time: the one place where a UTC time point becomes the day and the
// clock time an agency in China reads (and a time typed in China becomes
// UTC). China keeps UTC+8 all year, without daylight saving, so no time zone
// database is needed.
//
//   ChinaDay(clock.Now())              -> 2026y/11/24 (the agency's day)
//   FormatDate(2026y/11/24)            -> "2026-11-24"
//   FormatCompactDate(2026y/11/24)     -> "20261124" (case numbers)
//   FormatChinaTime(t)                 -> "2026-11-24 09:30"
//   FromChinaWallClock(*ParseUtc("2026-11-24T17:30:00Z"))  // typed in China
#ifndef BEIAN_BASE_CHINA_TIME_H_
#define BEIAN_BASE_CHINA_TIME_H_

#include <chrono>
#include <string>

#include "beian/base/clock.h"

namespace beian {

inline constexpr std::chrono::hours kChinaUtcOffset{8};

// `t` moved by UTC+8: its fields (day, hour, ...) read as China's clock.
inline TimePoint ToChinaWallClock(TimePoint t) { return t + kChinaUtcOffset; }
// The inverse: a China clock reading (held in a TimePoint) back to UTC.
inline TimePoint FromChinaWallClock(TimePoint wall) {
  return wall - kChinaUtcOffset;
}

// The calendar day in China at `t`.
std::chrono::year_month_day ChinaDay(TimePoint t);
// The first instant (UTC) of the China day after the one holding `t`.
TimePoint ChinaDayEnd(TimePoint t);

// "2026-11-24"; years below 1000 are zero-padded to four digits.
std::string FormatDate(std::chrono::year_month_day day);
// "20261124".
std::string FormatCompactDate(std::chrono::year_month_day day);
// "2026-11-24 09:30", China time.
std::string FormatChinaTime(TimePoint t);

}  // namespace beian

#endif  // BEIAN_BASE_CHINA_TIME_H_
