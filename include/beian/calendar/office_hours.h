// Office hours per region, read from config/office_hours.toml, and the
// region's local wall time.
//
//   StatusOr<OfficeHours> hours =
//       LoadOfficeHours("config/office_hours.toml", "510682");
//   LocalTime t = *ParseLocalDateTime("2026-02-13 17:00");
//   TimePoint utc = FromLocal(*hours, t);  // 2026-02-13T09:00:00Z
//
// Time zones: only fixed UTC offsets are supported, written "+08:00" or
// named "Asia/Shanghai" (UTC+08:00 all year: China has no daylight saving
// time). Any other zone name is rejected when the file is read, so a wrong
// offset never goes unnoticed.
#ifndef BEIAN_CALENDAR_OFFICE_HOURS_H_
#define BEIAN_CALENDAR_OFFICE_HOURS_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "beian/base/clock.h"
#include "beian/base/status.h"

namespace beian {

// A wall-clock time in the region, without an offset.
using LocalTime = std::chrono::local_seconds;

// [open, close) measured from local midnight; open < close <= 24:00.
struct OfficePeriod {
  std::chrono::minutes open{0};
  std::chrono::minutes close{0};
};

struct OfficeHours {
  std::string region;    // as asked for
  std::string section;   // the table used: "regions.510682" or "default"
  std::string timezone;  // as written: "Asia/Shanghai" or "+08:00"
  std::chrono::minutes utc_offset{0};
  std::vector<OfficePeriod> periods;  // ascending, disjoint, not empty

  // The office time of one working day (7 h for 08:30-12:00, 14:00-17:30).
  std::chrono::minutes DailyLength() const;
};

// Parses the office hours file text and picks `region`'s table, falling back
// to [default] (then `section` says "default"). Every table is validated,
// not only the one picked. Errors are InvalidArgument naming `file` and the
// key: "office_hours.toml: regions.510682.periods[1]: \"14:00-13:00\" ...".
// [default] with timezone and periods is required.
StatusOr<OfficeHours> ParseOfficeHours(std::string_view toml_text,
                                       const std::string& file,
                                       std::string_view region);
// Reads `path`, then as ParseOfficeHours. IoError when it cannot be read.
StatusOr<OfficeHours> LoadOfficeHours(const std::string& path,
                                      std::string_view region);

LocalTime ToLocal(const OfficeHours& hours, TimePoint t);
TimePoint FromLocal(const OfficeHours& hours, LocalTime t);

// "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS" (a 'T' may replace the space);
// nullopt when malformed or not a real date and time.
std::optional<LocalTime> ParseLocalDateTime(std::string_view s);
// "2026-02-14 17:00", with ":SS" only when the seconds are not zero.
std::string FormatLocalDateTime(LocalTime t);
// "+08:00".
std::string FormatUtcOffset(std::chrono::minutes offset);
// "08:30-12:00, 14:00-17:30".
std::string FormatPeriods(const std::vector<OfficePeriod>& periods);

}  // namespace beian

#endif  // BEIAN_CALENDAR_OFFICE_HOURS_H_
