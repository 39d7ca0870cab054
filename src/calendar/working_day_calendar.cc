#include "beian/calendar/working_day_calendar.h"

#include <array>

namespace beian {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

bool IsWeekend(sys_days day) {
  const std::chrono::weekday wd{day};
  return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

}  // namespace

Status WorkingDayCalendar::AddYear(CalendarYear year) {
  if (HasYear(year.year)) {
    return AlreadyExists("calendar year " + std::to_string(year.year) +
                         " given twice (" + years_.at(year.year).file + ", " +
                         year.file + ")");
  }
  for (const Holiday& h : year.holidays) {
    for (sys_days d = sys_days(h.from); d <= sys_days(h.to); d += days(1)) {
      off_days_.insert(d);
    }
  }
  for (const year_month_day& d : year.makeup_workdays) {
    makeup_days_.insert(sys_days(d));
  }
  const int key = year.year;
  years_.emplace(key, std::move(year));
  return Status::Ok();
}

bool WorkingDayCalendar::IsWorkingDay(year_month_day day) const {
  const sys_days d(day);
  if (makeup_days_.contains(d)) return true;
  if (off_days_.contains(d)) return false;
  return !IsWeekend(d);
}

const CalendarYear* WorkingDayCalendar::Year(int year) const {
  auto it = years_.find(year);
  return it == years_.end() ? nullptr : &it->second;
}

std::vector<int> WorkingDayCalendar::Years() const {
  std::vector<int> out;
  for (const auto& [y, data] : years_) out.push_back(y);
  return out;
}

std::string WorkingDayCalendar::MissingYearWarning(int year) const {
  const std::string y = std::to_string(year);
  return "no official calendar for " + y + " in " + source_dir_ +
         ": weekends only assumed; add " + source_dir_ + "/" + y + ".toml";
}

year_month_day AddWorkingDays(const WorkingDayCalendar& calendar,
                              year_month_day date, int n) {
  sys_days d(date);
  if (n == 0) {
    while (!calendar.IsWorkingDay(d)) d += days(1);
    return d;
  }
  const days step(n > 0 ? 1 : -1);
  for (int left = n > 0 ? n : -n; left > 0;) {
    d += step;
    if (calendar.IsWorkingDay(d)) --left;
  }
  return d;
}

std::string_view WeekdayName(year_month_day day) {
  static constexpr std::array<std::string_view, 7> kNames = {
      "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  return kNames[std::chrono::weekday(sys_days(day)).c_encoding()];
}

}  // namespace beian
