// The official 2025/2026 calendars from config/calendar/, day by day at the
// edges: each holiday's first and last day, the working days around them,
// every make-up day, and ordinary weekends.
#include "beian/calendar/working_day_calendar.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

using namespace std::chrono_literals;
using std::chrono::year_month_day;

const WorkingDayCalendar& Official() {
  static const WorkingDayCalendar* cal = [] {
    StatusOr<WorkingDayCalendar> c =
        LoadCalendarDir(BEIAN_SOURCE_DIR "/config/calendar");
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return new WorkingDayCalendar(std::move(*c));
  }();
  return *cal;
}

struct DayCase {
  year_month_day day;
  bool working;
  const char* why;
};

const DayCase kDays[] = {
    // 2025
    {2024y / 12 / 31, true, "Tue before 元旦 (no 2024 data: weekday)"},
    {2025y / 1 / 1, false, "元旦"},
    {2025y / 1 / 2, true, "Thu after 元旦"},
    {2025y / 1 / 26, true, "make-up Sun"},
    {2025y / 1 / 27, true, "Mon before 春节"},
    {2025y / 1 / 28, false, "春节 first"},
    {2025y / 2 / 4, false, "春节 last"},
    {2025y / 2 / 5, true, "Wed after 春节"},
    {2025y / 2 / 8, true, "make-up Sat"},
    {2025y / 2 / 9, false, "ordinary Sun"},
    {2025y / 4 / 3, true, "Thu before 清明"},
    {2025y / 4 / 4, false, "清明 first"},
    {2025y / 4 / 6, false, "清明 last"},
    {2025y / 4 / 7, true, "Mon after 清明"},
    {2025y / 4 / 27, true, "make-up Sun"},
    {2025y / 4 / 30, true, "Wed before 劳动节"},
    {2025y / 5 / 1, false, "劳动节 first"},
    {2025y / 5 / 5, false, "劳动节 last"},
    {2025y / 5 / 6, true, "Tue after 劳动节"},
    {2025y / 5 / 30, true, "Fri before 端午"},
    {2025y / 5 / 31, false, "端午 first"},
    {2025y / 6 / 2, false, "端午 last"},
    {2025y / 6 / 3, true, "Tue after 端午"},
    {2025y / 9 / 28, true, "make-up Sun"},
    {2025y / 9 / 30, true, "Tue before 国庆"},
    {2025y / 10 / 1, false, "国庆 first"},
    {2025y / 10 / 8, false, "国庆 last"},
    {2025y / 10 / 9, true, "Thu after 国庆"},
    {2025y / 10 / 11, true, "make-up Sat"},
    {2025y / 10 / 12, false, "ordinary Sun"},
    {2025y / 12 / 31, true, "Wed"},
    // 2026
    {2026y / 1 / 1, false, "元旦 first"},
    {2026y / 1 / 3, false, "元旦 last"},
    {2026y / 1 / 4, true, "make-up Sun"},
    {2026y / 1 / 10, false, "ordinary Sat"},
    {2026y / 2 / 13, true, "Fri before make-up Sat"},
    {2026y / 2 / 14, true, "make-up Sat"},
    {2026y / 2 / 15, false, "春节 first"},
    {2026y / 2 / 23, false, "春节 last"},
    {2026y / 2 / 24, true, "Tue after 春节"},
    {2026y / 2 / 28, true, "make-up Sat"},
    {2026y / 3 / 1, false, "ordinary Sun"},
    {2026y / 4 / 3, true, "Fri before 清明"},
    {2026y / 4 / 4, false, "清明 first"},
    {2026y / 4 / 6, false, "清明 last"},
    {2026y / 4 / 7, true, "Tue after 清明"},
    {2026y / 4 / 30, true, "Thu before 劳动节"},
    {2026y / 5 / 1, false, "劳动节 first"},
    {2026y / 5 / 5, false, "劳动节 last"},
    {2026y / 5 / 6, true, "Wed after 劳动节"},
    {2026y / 5 / 9, true, "make-up Sat"},
    {2026y / 6 / 18, true, "Thu before 端午"},
    {2026y / 6 / 19, false, "端午 first"},
    {2026y / 6 / 21, false, "端午 last"},
    {2026y / 6 / 22, true, "Mon after 端午"},
    {2026y / 9 / 20, true, "make-up Sun"},
    {2026y / 9 / 24, true, "Thu before 中秋"},
    {2026y / 9 / 25, false, "中秋 first"},
    {2026y / 9 / 27, false, "中秋 last"},
    {2026y / 9 / 28, true, "Mon after 中秋"},
    {2026y / 9 / 30, true, "Wed before 国庆"},
    {2026y / 10 / 1, false, "国庆 first"},
    {2026y / 10 / 7, false, "国庆 last"},
    {2026y / 10 / 8, true, "Thu after 国庆"},
    {2026y / 10 / 10, true, "make-up Sat"},
    {2026y / 10 / 11, false, "ordinary Sun"},
    {2026y / 12 / 31, true, "Thu"},
    // No data: weekends only.
    {2027y / 1 / 1, true, "Fri, 2027 unknown"},
    {2027y / 1 / 2, false, "Sat, 2027 unknown"},
};

void PrintTo(const DayCase& c, std::ostream* os) {
  *os << FormatDate(c.day) << " (" << c.why << ")";
}

class OfficialDayTest : public ::testing::TestWithParam<DayCase> {};

TEST_P(OfficialDayTest, IsWorkingDay) {
  const DayCase& c = GetParam();
  EXPECT_EQ(Official().IsWorkingDay(c.day), c.working)
      << FormatDate(c.day) << " (" << c.why << ")";
}

INSTANTIATE_TEST_SUITE_P(Calendar2025And2026, OfficialDayTest,
                         ::testing::ValuesIn(kDays),
                         [](const ::testing::TestParamInfo<DayCase>& info) {
                           std::string s = FormatDate(info.param.day);
                           std::erase(s, '-');
                           return "d" + s;
                         });

TEST(WorkingDayCalendarTest, EveryListedDayMatchesItsKind) {
  for (int y : {2025, 2026}) {
    const CalendarYear* data = Official().Year(y);
    ASSERT_NE(data, nullptr) << y;
    for (const Holiday& h : data->holidays) {
      for (std::chrono::sys_days d = h.from; d <= std::chrono::sys_days(h.to);
           d += std::chrono::days(1)) {
        EXPECT_FALSE(Official().IsWorkingDay(d)) << FormatDate(d) << h.name;
      }
    }
    for (const year_month_day& d : data->makeup_workdays) {
      EXPECT_TRUE(Official().IsWorkingDay(d)) << FormatDate(d);
    }
  }
}

TEST(WorkingDayCalendarTest, OfficialCountsMatchTheNotices) {
  const CalendarYear* y2025 = Official().Year(2025);
  const CalendarYear* y2026 = Official().Year(2026);
  ASSERT_NE(y2025, nullptr);
  ASSERT_NE(y2026, nullptr);
  EXPECT_EQ(y2025->holidays.size(), 6u);
  EXPECT_EQ(y2025->makeup_workdays.size(), 5u);
  EXPECT_EQ(y2026->holidays.size(), 7u);
  EXPECT_EQ(y2026->makeup_workdays.size(), 6u);
  EXPECT_EQ(Official().Years(), (std::vector<int>{2025, 2026}));
}

TEST(WorkingDayCalendarTest, HasYearAndMissingYearWarning) {
  EXPECT_TRUE(Official().HasYear(2026));
  EXPECT_FALSE(Official().HasYear(2027));
  EXPECT_EQ(Official().Year(2027), nullptr);
  const std::string w = Official().MissingYearWarning(2027);
  EXPECT_NE(w.find("no official calendar for 2027"), std::string::npos) << w;
  EXPECT_NE(w.find("weekends only assumed"), std::string::npos) << w;
  EXPECT_NE(w.find("calendar/2027.toml"), std::string::npos) << w;
}

TEST(WorkingDayCalendarTest, EmptyCalendarIsWeekendsOnly) {
  const WorkingDayCalendar empty;
  EXPECT_TRUE(empty.IsWorkingDay(2026y / 10 / 1));   // Thu: no data, no holiday
  EXPECT_FALSE(empty.IsWorkingDay(2026y / 2 / 14));  // Sat: no make-up known
  EXPECT_FALSE(empty.HasYear(2026));
}

TEST(WorkingDayCalendarTest, AddYearTwiceFails) {
  WorkingDayCalendar cal;
  CalendarYear y;
  y.year = 2030;
  EXPECT_TRUE(cal.AddYear(y).ok());
  EXPECT_EQ(cal.AddYear(y).code(), StatusCode::kAlreadyExists);
}

struct AddCase {
  year_month_day from;
  int n;
  year_month_day expected;
};

TEST(AddWorkingDaysTest, CrossesHolidaysAndMakeupDays) {
  const AddCase cases[] = {
      {2026y / 9 / 30, 1, 2026y / 10 / 8},   // over 国庆
      {2026y / 2 / 13, 1, 2026y / 2 / 14},   // onto the make-up Saturday
      {2026y / 2 / 14, 1, 2026y / 2 / 24},   // over 春节
      {2026y / 9 / 24, 1, 2026y / 9 / 28},   // over 中秋
      {2026y / 10 / 8, 2, 2026y / 10 / 10},  // Thu, Fri, make-up Sat
      {2025y / 12 / 31, 1, 2026y / 1 / 4},   // over 元旦 onto make-up Sun
      {2026y / 10 / 8, -1, 2026y / 9 / 30},  // backwards over 国庆
      {2026y / 10 / 3, 0, 2026y / 10 / 8},   // off day: the next working day
      {2026y / 10 / 8, 0, 2026y / 10 / 8},   // working day: itself
      {2026y / 3 / 2, 5, 2026y / 3 / 9},     // an ordinary week
  };
  for (const AddCase& c : cases) {
    EXPECT_EQ(AddWorkingDays(Official(), c.from, c.n), c.expected)
        << FormatDate(c.from) << " + " << c.n;
  }
}

TEST(FormatTest, DateAndWeekday) {
  EXPECT_EQ(FormatDate(2026y / 2 / 4), "2026-02-04");
  EXPECT_EQ(WeekdayName(2026y / 2 / 14), "Sat");
  EXPECT_EQ(WeekdayName(2026y / 9 / 30), "Wed");
}

}  // namespace
}  // namespace beian
