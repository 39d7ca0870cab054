// config/office_hours.toml: defaults, region overrides, fixed offsets, errors.
#include "beian/calendar/office_hours.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

using namespace std::chrono_literals;

constexpr const char* kFile = R"(
[default]
timezone = "Asia/Shanghai"
periods = ["08:30-12:00", "14:00-17:30"]

[regions.510682]
periods = ["09:00-12:00", "14:30-18:00"]

[regions.999999]
timezone = "+05:30"
)";

TEST(OfficeHoursTest, UnknownRegionFallsBackToDefault) {
  StatusOr<OfficeHours> h =
      ParseOfficeHours(kFile, "office_hours.toml", "110105");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->region, "110105");
  EXPECT_EQ(h->section, "default");
  EXPECT_EQ(h->timezone, "Asia/Shanghai");
  EXPECT_EQ(h->utc_offset, 8h);
  EXPECT_EQ(FormatPeriods(h->periods), "08:30-12:00, 14:00-17:30");
  EXPECT_EQ(h->DailyLength(), 7h);
}

TEST(OfficeHoursTest, RegionOverridesOnlyWhatItSets) {
  StatusOr<OfficeHours> h =
      ParseOfficeHours(kFile, "office_hours.toml", "510682");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->section, "regions.510682");
  EXPECT_EQ(h->utc_offset, 8h);
  EXPECT_EQ(FormatPeriods(h->periods), "09:00-12:00, 14:30-18:00");

  StatusOr<OfficeHours> k =
      ParseOfficeHours(kFile, "office_hours.toml", "999999");
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(k->utc_offset, 5h + 30min);
  EXPECT_EQ(FormatPeriods(k->periods), "08:30-12:00, 14:00-17:30");
}

TEST(OfficeHoursTest, TheShippedFileLoads) {
  StatusOr<OfficeHours> h =
      LoadOfficeHours(BEIAN_SOURCE_DIR "/config/office_hours.toml", "default");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->utc_offset, 8h);
  EXPECT_EQ(h->DailyLength(), 7h);
}

TEST(OfficeHoursTest, MissingFileIsAnIoError) {
  StatusOr<OfficeHours> h =
      LoadOfficeHours("/nonexistent/office_hours.toml", "x");
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().code(), StatusCode::kIoError);
}

struct BadCase {
  const char* name;
  const char* toml;
  const char* key;
};

const BadCase kBad[] = {
    {"no_default", "[regions.1]\nperiods = [\"08:00-09:00\"]",
     "default: missing"},
    {"no_timezone", "[default]\nperiods = [\"08:00-09:00\"]",
     "default.timezone: missing"},
    {"no_periods", "[default]\ntimezone = \"+08:00\"",
     "default.periods: missing"},
    {"dst_zone",
     "[default]\ntimezone = \"Europe/Berlin\"\nperiods = [\"08:00-09:00\"]",
     "default.timezone: only"},
    {"reversed",
     "[default]\ntimezone = \"+08:00\"\nperiods = [\"08:00-09:00\", "
     "\"14:00-13:00\"]",
     "default.periods[1]: \"14:00-13:00\""},
    {"overlap",
     "[default]\ntimezone = \"+08:00\"\nperiods = [\"08:00-12:00\", "
     "\"11:00-13:00\"]",
     "default.periods[1]: starts before"},
    {"bad_clock",
     "[default]\ntimezone = \"+08:00\"\nperiods = [\"8:30-12:00\"]",
     "default.periods[0]:"},
    {"empty_periods", "[default]\ntimezone = \"+08:00\"\nperiods = []",
     "default.periods: expected a non-empty list"},
    {"unknown_key",
     "[default]\ntimezone = \"+08:00\"\nperiods = [\"08:00-09:00\"]\nlunch = 1",
     "default.lunch: unknown key"},
    {"bad_region",
     "[default]\ntimezone = \"+08:00\"\nperiods = [\"08:00-09:00\"]\n"
     "[regions.510682]\nperiods = [\"25:00-26:00\"]",
     "regions.510682.periods[0]:"},
    {"top_level_typo",
     "[defaults]\ntimezone = \"+08:00\"\nperiods = [\"08:00-09:00\"]",
     "defaults: unknown key"},
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class BadOfficeHoursTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadOfficeHoursTest, FailsNamingFileAndKey) {
  // Every region table is checked, not only the one asked for.
  StatusOr<OfficeHours> h =
      ParseOfficeHours(GetParam().toml, "office_hours.toml", "default");
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().code(), StatusCode::kInvalidArgument);
  const std::string& m = h.status().message();
  EXPECT_EQ(m.rfind("office_hours.toml", 0), 0u) << m;
  EXPECT_NE(m.find(GetParam().key), std::string::npos) << m;
}

INSTANTIATE_TEST_SUITE_P(Malformed, BadOfficeHoursTest,
                         ::testing::ValuesIn(kBad),
                         [](const ::testing::TestParamInfo<BadCase>& info) {
                           return std::string(info.param.name);
                         });

TEST(LocalTimeTest, ParseAndFormat) {
  std::optional<LocalTime> t = ParseLocalDateTime("2026-02-13 17:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatLocalDateTime(*t), "2026-02-13 17:00");
  EXPECT_EQ(FormatLocalDateTime(*ParseLocalDateTime("2026-02-13T17:00:05")),
            "2026-02-13 17:00:05");
  for (const char* bad :
       {"2026-02-30 10:00", "2026-02-13", "2026-02-13 24:00", "2026-2-13 10:00",
        "2026-02-13 10:00:60", "2026-02-13 10:0x"}) {
    EXPECT_FALSE(ParseLocalDateTime(bad)) << bad;
  }
}

TEST(LocalTimeTest, ShanghaiIsUtcPlusEight) {
  OfficeHours h;
  h.utc_offset = 8h;
  const LocalTime local = *ParseLocalDateTime("2026-02-13 17:00");
  const TimePoint utc = FromLocal(h, local);
  EXPECT_EQ(FormatUtc(utc), "2026-02-13T09:00:00Z");
  EXPECT_EQ(ToLocal(h, utc), local);
  // Local midnight is the previous UTC day.
  EXPECT_EQ(FormatUtc(FromLocal(h, *ParseLocalDateTime("2026-10-01 00:00"))),
            "2026-09-30T16:00:00Z");
}

TEST(LocalTimeTest, FormatOffset) {
  EXPECT_EQ(FormatUtcOffset(8h), "+08:00");
  EXPECT_EQ(FormatUtcOffset(-(3h + 30min)), "-03:30");
  EXPECT_EQ(FormatUtcOffset(0min), "+00:00");
}

}  // namespace
}  // namespace beian
