// Due time = one working day of office time after receipt (due_time.h).
#include "beian/calendar/due_time.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

using namespace std::chrono_literals;

const WorkingDayCalendar& Official() {
  static const WorkingDayCalendar* cal = [] {
    StatusOr<WorkingDayCalendar> c =
        LoadCalendarDir(BEIAN_SOURCE_DIR "/config/calendar");
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return new WorkingDayCalendar(std::move(*c));
  }();
  return *cal;
}

OfficeHours Shanghai() {
  OfficeHours h;
  h.region = "default";
  h.section = "default";
  h.timezone = "Asia/Shanghai";
  h.utc_offset = 8h;
  h.periods = {{8h + 30min, 12h}, {14h, 17h + 30min}};
  return h;
}

TimePoint Local(const char* s) {
  return FromLocal(Shanghai(), *ParseLocalDateTime(s));
}
std::string Show(TimePoint t) {
  return FormatLocalDateTime(ToLocal(Shanghai(), t));
}

struct DueCase {
  const char* received;  // Asia/Shanghai local time
  const char* counted_from;
  const char* due;
  const char* why;
};

const DueCase kCases[] = {
    // The examples.
    {"2026-02-13 17:00", "2026-02-13 17:00", "2026-02-14 17:00",
     "Fri in hours -> make-up Sat"},
    {"2026-09-30 10:00", "2026-09-30 10:00", "2026-10-08 10:00",
     "Wed before 国庆 -> Thu after"},
    {"2026-09-30 17:29", "2026-09-30 17:29", "2026-10-08 17:29",
     "last minute before 国庆"},
    // Out of hours: counts from the next opening, due at that day's close.
    {"2026-09-30 19:00", "2026-10-08 08:30", "2026-10-08 17:30",
     "holiday eve, evening"},
    {"2026-09-30 17:30", "2026-10-08 08:30", "2026-10-08 17:30",
     "at closing time sharp: out of hours"},
    {"2026-02-13 19:00", "2026-02-14 08:30", "2026-02-14 17:30",
     "Fri evening -> make-up Sat"},
    {"2026-03-10 02:00", "2026-03-10 08:30", "2026-03-10 17:30",
     "night -> the same day's close"},
    {"2026-03-10 08:30", "2026-03-10 08:30", "2026-03-10 17:30",
     "at opening sharp"},
    {"2026-03-10 12:30", "2026-03-10 14:00", "2026-03-11 12:00",
     "lunch break -> end of next morning"},
    {"2026-03-10 11:00", "2026-03-10 11:00", "2026-03-11 11:00",
     "ordinary morning"},
    {"2026-03-14 10:00", "2026-03-16 08:30", "2026-03-16 17:30",
     "ordinary Saturday -> Monday"},
    {"2026-02-14 17:00", "2026-02-14 17:00", "2026-02-24 17:00",
     "make-up Sat over 春节"},
    {"2026-02-16 10:00", "2026-02-24 08:30", "2026-02-24 17:30", "inside 春节"},
    {"2026-09-24 18:00", "2026-09-28 08:30", "2026-09-28 17:30",
     "中秋 eve, evening"},
    {"2025-12-31 16:00", "2025-12-31 16:00", "2026-01-04 16:00",
     "over 元旦 onto make-up Sun"},
    {"2025-09-30 15:00", "2025-09-30 15:00", "2025-10-09 15:00",
     "2025 国庆 (8 days)"},
    {"2025-09-27 10:00", "2025-09-28 08:30", "2025-09-28 17:30",
     "Sat before 2025 make-up Sun"},
};

void PrintTo(const DueCase& c, std::ostream* os) {
  *os << c.received << " (" << c.why << ")";
}

class DueExampleTest : public ::testing::TestWithParam<DueCase> {};

TEST_P(DueExampleTest, OneWorkingDayOfOfficeTime) {
  const DueCase& c = GetParam();
  const DueResult r = DueTime(Official(), Shanghai(), Local(c.received));
  EXPECT_EQ(Show(r.due), c.due) << c.received << ": " << c.why;
  EXPECT_EQ(Show(r.counted_from), c.counted_from)
      << c.received << ": " << c.why;
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
}

INSTANTIATE_TEST_SUITE_P(Examples, DueExampleTest, ::testing::ValuesIn(kCases));

TEST(DueTimeTest, UtcInUtcOut) {
  // Fri 2026-02-13 17:00 in Shanghai is 09:00 UTC; due Sat 09:00 UTC.
  const DueResult r =
      DueTime(Official(), Shanghai(), *ParseUtc("2026-02-13T09:00:00Z"));
  EXPECT_EQ(FormatUtc(r.due), "2026-02-14T09:00:00Z");
}

TEST(DueTimeTest, KeepsSeconds) {
  const DueResult r =
      DueTime(Official(), Shanghai(), Local("2026-03-10 10:15:42"));
  EXPECT_EQ(Show(r.due), "2026-03-11 10:15:42");
}

TEST(DueTimeTest, YearWithoutDataWarnsLoudly) {
  // 2027-01-01 is a Friday; without 2027.toml it counts as a working day.
  const DueResult r =
      DueTime(Official(), Shanghai(), Local("2026-12-31 15:00"));
  EXPECT_EQ(Show(r.due), "2027-01-01 15:00");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("no official calendar for 2027"),
            std::string::npos)
      << r.warnings[0];
  EXPECT_NE(
      r.warnings[0].find("add " BEIAN_SOURCE_DIR "/config/calendar/2027.toml"),
      std::string::npos)
      << r.warnings[0];
}

TEST(DueTimeTest, EmptyCalendarWarnsForTheReceiptYear) {
  const DueResult r =
      DueTime(WorkingDayCalendar(), Shanghai(), Local("2026-09-30 10:00"));
  EXPECT_EQ(Show(r.due), "2026-10-01 10:00");  // the guess the warning flags
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("for 2026"), std::string::npos);
}

TEST(DueTimeTest, RegionHoursApply) {
  OfficeHours h = Shanghai();
  h.periods = {{9h, 12h}, {14h + 30min, 18h}};
  const DueResult r = DueTime(Official(), h, Local("2026-03-10 08:45"));
  EXPECT_EQ(Show(r.counted_from), "2026-03-10 09:00");
  EXPECT_EQ(Show(r.due), "2026-03-10 18:00");
}

TEST(DueTimeTest, NoOfficeHoursIsFlaggedNotLooped) {
  OfficeHours h = Shanghai();
  h.periods.clear();
  const DueResult r = DueTime(Official(), h, Local("2026-03-10 10:00"));
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("no working office hours"), std::string::npos);
}

}  // namespace
}  // namespace beian
