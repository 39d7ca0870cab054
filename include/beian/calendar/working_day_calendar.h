// The official working-day calendar (调休): which days the office works.
//
//   StatusOr<WorkingDayCalendar> cal = LoadCalendarDir("config/calendar");
//   if (!cal.ok()) return cal.status();
//   cal->IsWorkingDay(2026y / 2 / 14);   // true: a make-up Saturday
//   cal->IsWorkingDay(2026y / 10 / 5);   // false: 国庆节
//   AddWorkingDays(*cal, 2026y / 9 / 30, 1);  // 2026-10-08
//
// A day is a working day when it is Monday to Friday and not inside a
// holiday range, or when it is a listed make-up workday. Years come from one
// config file each (config/calendar/YYYY.toml). For a year without a file the
// calendar assumes weekends only; callers must surface MissingYearWarning()
// to a person rather than trust that guess silently.
#ifndef BEIAN_CALENDAR_WORKING_DAY_CALENDAR_H_
#define BEIAN_CALENDAR_WORKING_DAY_CALENDAR_H_

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "beian/base/china_time.h"  // FormatDate
#include "beian/base/status.h"

namespace beian {

// A named run of off days, both ends inclusive ("春节" 2026-02-15..02-23).
struct Holiday {
  std::string name;
  std::chrono::year_month_day from;
  std::chrono::year_month_day to;
};

// One year's official data, as read from YYYY.toml.
struct CalendarYear {
  int year = 0;
  std::string source;             // the notice the dates come from
  std::string file;               // where they were read, for messages
  std::vector<Holiday> holidays;  // in file order
  std::vector<std::chrono::year_month_day> makeup_workdays;  // in file order
};

class WorkingDayCalendar {
 public:
  // An empty calendar: every year is missing and weekends-only is assumed.
  // `source_dir` only names the folder in warnings.
  explicit WorkingDayCalendar(std::string source_dir = "config/calendar")
      : source_dir_(std::move(source_dir)) {}

  // Adds one year's data. AlreadyExists when that year is present already.
  // The year itself is trusted: ParseCalendarYear has validated it.
  Status AddYear(CalendarYear year);

  bool HasYear(int year) const { return years_.contains(year); }
  // Weekends-only for a year without data (see MissingYearWarning).
  bool IsWorkingDay(std::chrono::year_month_day day) const;
  // The data for `year`, or nullptr when there is none.
  const CalendarYear* Year(int year) const;
  // The years with data, ascending.
  std::vector<int> Years() const;
  const std::string& source_dir() const { return source_dir_; }

  // "no official calendar for 2027 in config/calendar: weekends only
  // assumed; add config/calendar/2027.toml".
  std::string MissingYearWarning(int year) const;

 private:
  std::string source_dir_;
  std::map<int, CalendarYear> years_;
  std::set<std::chrono::sys_days> off_days_;
  std::set<std::chrono::sys_days> makeup_days_;
};

// Parses one YYYY.toml text. `file` names the input in errors, which are
// InvalidArgument naming the file and the key, e.g.
// "2026.toml: holidays[1].to: 2026-02-03 is before from 2026-02-15".
// Checks: known keys only; every date inside `year`; from <= to; holidays do
// not overlap; make-up days fall on weekends and outside holidays.
StatusOr<CalendarYear> ParseCalendarYear(std::string_view toml_text,
                                         const std::string& file);

// Loads every YYYY.toml in `dir` (other files are ignored). IoError when the
// folder cannot be read; InvalidArgument naming the file and key when a file
// is malformed or its `year` differs from its name. An empty folder gives an
// empty calendar (every year missing), not an error.
StatusOr<WorkingDayCalendar> LoadCalendarDir(const std::string& dir);

// n > 0: the n-th working day after `date`; n < 0: the |n|-th working day
// before it; n == 0: `date` if it is a working day, else the next one.
std::chrono::year_month_day AddWorkingDays(const WorkingDayCalendar& calendar,
                                           std::chrono::year_month_day date,
                                           int n);

// "Mon" .. "Sun".
std::string_view WeekdayName(std::chrono::year_month_day day);

}  // namespace beian

#endif  // BEIAN_CALENDAR_WORKING_DAY_CALENDAR_H_
