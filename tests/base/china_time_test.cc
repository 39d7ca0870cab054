#include "beian/base/china_time.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

using namespace std::chrono;

TEST(ChinaTimeTest, ChinaDayIsUtcPlusEight) {
  const TimePoint late = sys_days{2026y / 2 / 13} + 16h + 30min;  // 00:30 CST
  EXPECT_EQ(ChinaDay(late), 2026y / 2 / 14);
  EXPECT_EQ(ChinaDay(sys_days{2026y / 2 / 13} + 15h), 2026y / 2 / 13);
}

TEST(ChinaTimeTest, DayEndIsTheNextChinaMidnight) {
  const TimePoint morning = sys_days{2026y / 11 / 24} + 1h;  // 09:00 CST
  EXPECT_EQ(ChinaDayEnd(morning), sys_days{2026y / 11 / 24} + 16h);
  const TimePoint late = sys_days{2026y / 11 / 24} + 16h;  // 00:00 CST 25th
  EXPECT_EQ(ChinaDayEnd(late), sys_days{2026y / 11 / 25} + 16h);
}

TEST(ChinaTimeTest, Formats) {
  EXPECT_EQ(FormatDate(2026y / 2 / 14), "2026-02-14");
  EXPECT_EQ(FormatDate(year(987) / 1 / 2), "0987-01-02");
  EXPECT_EQ(FormatCompactDate(2026y / 11 / 24), "20261124");
  EXPECT_EQ(FormatChinaTime(sys_days{2026y / 11 / 24} + 1h + 30min + 59s),
            "2026-11-24 09:30");
  EXPECT_EQ(FormatChinaTime(sys_days{2026y / 12 / 31} + 16h),
            "2027-01-01 00:00");
}

TEST(ChinaTimeTest, WallClockRoundTrip) {
  const TimePoint typed = sys_days{2026y / 11 / 24} + 17h + 30min;
  EXPECT_EQ(FromChinaWallClock(typed), sys_days{2026y / 11 / 24} + 9h + 30min);
  EXPECT_EQ(ToChinaWallClock(FromChinaWallClock(typed)), typed);
}

}  // namespace
}  // namespace beian
