#include "beian/base/clock.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

using namespace std::chrono;

TEST(ClockTest, FakeClockMovesOnlyWhenTold) {
  FakeClock clock(sys_days{2026y / 2 / 13} + 17h);
  EXPECT_EQ(FormatUtc(clock.Now()), "2026-02-13T17:00:00Z");
  clock.Advance(hours(31) + seconds(5));
  EXPECT_EQ(FormatUtc(clock.Now()), "2026-02-15T00:00:05Z");
}

TEST(ClockTest, ParseUtcRoundTrips) {
  const TimePoint t = sys_days{2026y / 9 / 30} + 8h + 59min + 1s;
  EXPECT_EQ(ParseUtc(FormatUtc(t)), t);
  EXPECT_FALSE(ParseUtc("2026-02-30T00:00:00Z"));
  EXPECT_FALSE(ParseUtc("2026-09-30 08:59:01"));
}

}  // namespace
}  // namespace beian
