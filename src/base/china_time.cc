#include "beian/base/china_time.h"

namespace beian {
namespace {

std::string TwoDigits(unsigned v) {
  return std::string(1, char('0' + v / 10 % 10)) + char('0' + v % 10);
}

std::string FourDigitYear(std::chrono::year y) {
  const int v = static_cast<int>(y);
  std::string out = std::to_string(v);
  if (v >= 0 && v < 1000) out.insert(0, 4 - out.size(), '0');
  return out;
}

}  // namespace

std::chrono::year_month_day ChinaDay(TimePoint t) {
  return std::chrono::year_month_day{
      std::chrono::floor<std::chrono::days>(ToChinaWallClock(t))};
}

TimePoint ChinaDayEnd(TimePoint t) {
  return FromChinaWallClock(std::chrono::sys_days(ChinaDay(t)) +
                            std::chrono::days(1));
}

std::string FormatDate(std::chrono::year_month_day day) {
  return FourDigitYear(day.year()) + "-" +
         TwoDigits(static_cast<unsigned>(day.month())) + "-" +
         TwoDigits(static_cast<unsigned>(day.day()));
}

std::string FormatCompactDate(std::chrono::year_month_day day) {
  return FourDigitYear(day.year()) +
         TwoDigits(static_cast<unsigned>(day.month())) +
         TwoDigits(static_cast<unsigned>(day.day()));
}

std::string FormatChinaTime(TimePoint t) {
  const TimePoint wall = ToChinaWallClock(t);
  const auto day = std::chrono::floor<std::chrono::days>(wall);
  const std::chrono::hh_mm_ss hms{wall - day};
  return FormatDate(std::chrono::year_month_day{day}) + " " +
         TwoDigits(static_cast<unsigned>(hms.hours().count())) + ":" +
         TwoDigits(static_cast<unsigned>(hms.minutes().count()));
}

}  // namespace beian
