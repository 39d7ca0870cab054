#include "beian/calendar/due_time.h"

#include <algorithm>
#include <optional>

namespace beian {
namespace {

using std::chrono::days;
using std::chrono::local_days;
using std::chrono::seconds;

// Far beyond any real gap between working days; guards a calendar whose data
// declares a whole year off.
constexpr int kMaxDaysSearched = 3 * 366;

// Where the office-time clock stands while walking forward from receipt.
struct Walk {
  LocalTime cursor;
  seconds remaining;
  std::optional<LocalTime> counted_from;
};

// Runs the clock through one working day; returns the due time when the
// remaining office time runs out on `day`.
std::optional<LocalTime> WalkDay(const OfficeHours& hours, local_days day,
                                 Walk& walk) {
  for (const OfficePeriod& p : hours.periods) {
    const LocalTime open = day + p.open;
    const LocalTime close = day + p.close;
    const LocalTime start = std::max(walk.cursor, open);
    if (start >= close) continue;
    if (!walk.counted_from) walk.counted_from = start;
    if (walk.remaining <= close - start) return start + walk.remaining;
    walk.remaining -= close - start;
    walk.cursor = close;
  }
  return std::nullopt;
}

std::chrono::year_month_day Ymd(local_days d) {
  return std::chrono::year_month_day{
      std::chrono::sys_days(d.time_since_epoch())};
}

int YearOf(LocalTime t) {
  return static_cast<int>(Ymd(std::chrono::floor<days>(t)).year());
}

void AddMissingYearWarnings(const WorkingDayCalendar& calendar, int from,
                            int to, std::vector<std::string>& warnings) {
  for (int y = from; y <= to; ++y) {
    if (!calendar.HasYear(y))
      warnings.push_back(calendar.MissingYearWarning(y));
  }
}

}  // namespace

DueResult DueTime(const WorkingDayCalendar& calendar, const OfficeHours& hours,
                  TimePoint received) {
  const LocalTime local = ToLocal(hours, received);
  Walk walk{local, hours.DailyLength(), std::nullopt};
  std::optional<LocalTime> due;
  local_days day = std::chrono::floor<days>(local);
  for (int i = 0; i < kMaxDaysSearched && !due; ++i, day += days(1)) {
    if (calendar.IsWorkingDay(Ymd(day))) due = WalkDay(hours, day, walk);
  }
  DueResult result;
  if (!due || walk.remaining <= seconds(0)) {
    // Only reachable with no office hours or no working day for years.
    result.due = received;
    result.counted_from = received;
    result.warnings.push_back(
        "no working office hours found within 3 years after " +
        FormatLocalDateTime(local) + "; check the calendar and office hours");
    return result;
  }
  result.due = FromLocal(hours, *due);
  result.counted_from = FromLocal(hours, *walk.counted_from);
  AddMissingYearWarnings(calendar, YearOf(local), YearOf(*due),
                         result.warnings);
  return result;
}

}  // namespace beian
