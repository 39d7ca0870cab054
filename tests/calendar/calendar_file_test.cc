// Reading YYYY.toml: the shape, and errors that name the file and the key.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "beian/calendar/working_day_calendar.h"
#include "test_dir.h"

namespace beian {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr const char* kGood = R"(
year = 2030
source = "test notice"
holidays = [
  { name = "元旦", from = 2030-01-01, to = 2030-01-01 },
  { name = "春节", from = 2030-02-02, to = 2030-02-08 },
]
makeup_workdays = [2030-01-26, 2030-02-09]
)";

TEST(ParseCalendarYearTest, ReadsTheShape) {
  StatusOr<CalendarYear> y = ParseCalendarYear(kGood, "2030.toml");
  ASSERT_TRUE(y.ok()) << y.status().ToString();
  EXPECT_EQ(y->year, 2030);
  EXPECT_EQ(y->source, "test notice");
  EXPECT_EQ(y->file, "2030.toml");
  ASSERT_EQ(y->holidays.size(), 2u);
  EXPECT_EQ(y->holidays[1].name, "春节");
  EXPECT_EQ(y->holidays[1].from, 2030y / 2 / 2);
  EXPECT_EQ(y->holidays[1].to, 2030y / 2 / 8);
  EXPECT_EQ(y->makeup_workdays, (std::vector<std::chrono::year_month_day>{
                                    2030y / 1 / 26, 2030y / 2 / 9}));
}

TEST(ParseCalendarYearTest, EmptyListsAreFine) {
  StatusOr<CalendarYear> y = ParseCalendarYear(
      "year = 2030\nholidays = []\nmakeup_workdays = []\n", "2030.toml");
  ASSERT_TRUE(y.ok()) << y.status().ToString();
  EXPECT_TRUE(y->holidays.empty());
}

struct BadCase {
  const char* name;
  const char* toml;
  const char* key;  // must appear in the message
};

const BadCase kBad[] = {
    {"syntax", "year = 2030\nholidays = [\n", "2030.toml:"},
    {"missing_year", "holidays = []\nmakeup_workdays = []", "year: missing"},
    {"year_string", "year = \"2030\"\nholidays = []\nmakeup_workdays = []",
     "year:"},
    {"unknown_key", "year = 2030\nholidays = []\nmakeup_workday = [2030-01-26]",
     "makeup_workday: unknown key"},
    {"missing_makeup", "year = 2030\nholidays = []",
     "makeup_workdays: missing"},
    {"holidays_not_array", "year = 2030\nholidays = 1\nmakeup_workdays = []",
     "holidays:"},
    {"quoted_date",
     "year = 2030\nholidays = [{name=\"a\", from=\"2030-01-01\", "
     "to=2030-01-01}]\nmakeup_workdays = []",
     "holidays[0].from: expected an unquoted date"},
    {"missing_to",
     "year = 2030\nholidays = [{name=\"a\", from=2030-01-01}]\n"
     "makeup_workdays = []",
     "holidays[0].to: missing"},
    {"unknown_holiday_key",
     "year = 2030\nholidays = [{name=\"a\", from=2030-01-01, to=2030-01-01, "
     "days=1}]\nmakeup_workdays = []",
     "holidays[0].days: unknown key"},
    {"empty_name",
     "year = 2030\nholidays = [{name=\"\", from=2030-01-01, to=2030-01-01}]\n"
     "makeup_workdays = []",
     "holidays[0].name:"},
    {"reversed",
     "year = 2030\nholidays = [{name=\"a\", from=2030-01-03, to=2030-01-01}]\n"
     "makeup_workdays = []",
     "holidays[0].to: 2030-01-01 is before from 2030-01-03"},
    {"other_year",
     "year = 2030\nholidays = [{name=\"a\", from=2029-12-31, to=2030-01-01}]\n"
     "makeup_workdays = []",
     "holidays[0].from: 2029-12-31 is not in year 2030"},
    {"overlap",
     "year = 2030\nholidays = [{name=\"a\", from=2030-01-01, to=2030-01-03},"
     " {name=\"b\", from=2030-01-03, to=2030-01-04}]\nmakeup_workdays = []",
     "holidays[1]: overlaps the holiday a"},
    {"makeup_weekday",
     "year = 2030\nholidays = []\nmakeup_workdays = [2030-01-07]",
     "makeup_workdays[0]: 2030-01-07 is a Mon"},
    {"makeup_in_holiday",
     "year = 2030\nholidays = [{name=\"a\", from=2030-01-05, to=2030-01-06}]\n"
     "makeup_workdays = [2030-01-05]",
     "makeup_workdays[0]: 2030-01-05 lies inside the holiday a"},
    {"makeup_not_date", "year = 2030\nholidays = []\nmakeup_workdays = [5]",
     "makeup_workdays[0]: expected an unquoted date"},
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class BadCalendarTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadCalendarTest, FailsNamingFileAndKey) {
  StatusOr<CalendarYear> y = ParseCalendarYear(GetParam().toml, "2030.toml");
  ASSERT_FALSE(y.ok());
  EXPECT_EQ(y.status().code(), StatusCode::kInvalidArgument);
  const std::string& m = y.status().message();
  EXPECT_EQ(m.rfind("2030.toml", 0), 0u) << m;
  EXPECT_NE(m.find(GetParam().key), std::string::npos) << m;
}

INSTANTIATE_TEST_SUITE_P(Malformed, BadCalendarTest, ::testing::ValuesIn(kBad),
                         [](const ::testing::TestParamInfo<BadCase>& info) {
                           return std::string(info.param.name);
                         });

TEST(ParseCalendarYearTest, ErrorCarriesTheLine) {
  StatusOr<CalendarYear> y = ParseCalendarYear(
      "year = 2030\nholidays = []\nmakeup_workdays = [\n  2030-01-07,\n]",
      "2030.toml");
  ASSERT_FALSE(y.ok());
  EXPECT_EQ(y.status().message().rfind("2030.toml:4: makeup_workdays[0]", 0),
            0u)
      << y.status().message();
}

class CalendarDirTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = beian::testing::FreshTestDir("beian-cal"); }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  fs::path dir_;
};

TEST_F(CalendarDirTest, LoadsYearFilesAndIgnoresOthers) {
  Write("2030.toml", kGood);
  Write("README.md", "not a calendar");
  Write("notes.toml", "this = is not read");
  StatusOr<WorkingDayCalendar> cal = LoadCalendarDir(dir_.string());
  ASSERT_TRUE(cal.ok()) << cal.status().ToString();
  EXPECT_EQ(cal->Years(), std::vector<int>{2030});
  EXPECT_FALSE(cal->IsWorkingDay(2030y / 2 / 4));
  EXPECT_EQ(cal->source_dir(), dir_.string());
}

TEST_F(CalendarDirTest, YearMustMatchTheFileName) {
  Write("2031.toml", kGood);
  StatusOr<WorkingDayCalendar> cal = LoadCalendarDir(dir_.string());
  ASSERT_FALSE(cal.ok());
  EXPECT_NE(cal.status().message().find("2031.toml: year: 2030"),
            std::string::npos)
      << cal.status().message();
}

TEST_F(CalendarDirTest, MalformedFileIsNamedWithItsPath) {
  Write("2030.toml", "year = 2030\nholidays = []\n");
  StatusOr<WorkingDayCalendar> cal = LoadCalendarDir(dir_.string());
  ASSERT_FALSE(cal.ok());
  EXPECT_EQ(cal.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(cal.status().message().find((dir_ / "2030.toml").string() +
                                        ": makeup_workdays: missing"),
            std::string::npos)
      << cal.status().message();
}

TEST_F(CalendarDirTest, EmptyFolderIsAnEmptyCalendar) {
  StatusOr<WorkingDayCalendar> cal = LoadCalendarDir(dir_.string());
  ASSERT_TRUE(cal.ok());
  EXPECT_TRUE(cal->Years().empty());
}

TEST_F(CalendarDirTest, MissingFolderIsAnIoError) {
  StatusOr<WorkingDayCalendar> cal =
      LoadCalendarDir((dir_ / "does-not-exist").string());
  ASSERT_FALSE(cal.ok());
  EXPECT_EQ(cal.status().code(), StatusCode::kIoError);
  EXPECT_NE(cal.status().message().find("does-not-exist"), std::string::npos);
}

}  // namespace
}  // namespace beian
