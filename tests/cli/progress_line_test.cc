#include "progress_line.h"

#include <gtest/gtest.h>

#include <sstream>

namespace beian::cli {
namespace {

using namespace std::chrono;

class Lines final : public Logger {
 public:
  void Write(LogLevel, std::string_view event, std::string_view d) override {
    lines.push_back(std::string(event) + " " + std::string(d));
  }
  std::vector<std::string> lines;
};

TEST(ProgressLineTest, SaysMailsPagesRateAndTimeLeft) {
  EXPECT_EQ(FormatProgress({200, 50, 200}, 100.0),
            "mails 50/200 · pages 200 · 2.0 pages/s · ETA 5m00s");
  EXPECT_EQ(FormatProgress({0, 3, 12}, 4.0),
            "mails 3 · pages 12 · 3.0 pages/s");
  EXPECT_EQ(FormatProgress({500, 1, 4}, 3.0),
            "mails 1/500 · pages 4 · 1.3 pages/s · ETA 24m57s");
  EXPECT_EQ(FormatProgress({10, 0, 0}, 0.0), "mails 0/10 · pages 0");
}

TEST(ProgressLineTest, RedrawsOneLineOnATerminal) {
  std::ostringstream term;
  Lines log;
  FakeClock clock{sys_days{2026y / 12 / 7}};
  ProgressLine line(term, /*is_terminal=*/true, log, clock);
  clock.Advance(seconds(2));
  line.Update({4, 1, 4});
  clock.Advance(seconds(2));
  line.Update({4, 2, 8});
  line.Finish();
  EXPECT_EQ(term.str(),
            "\r\033[Kmails 1/4 · pages 4 · 2.0 pages/s · ETA 6s"
            "\r\033[Kmails 2/4 · pages 8 · 2.0 pages/s · ETA 4s\n");
  EXPECT_TRUE(log.lines.empty());
}

TEST(ProgressLineTest, LogsEveryHalfMinuteWithoutATerminal) {
  std::ostringstream term;
  Lines log;
  FakeClock clock{sys_days{2026y / 12 / 7}};
  ProgressLine line(term, /*is_terminal=*/false, log, clock);
  for (int i = 1; i <= 10; ++i) {
    clock.Advance(seconds(10));
    line.Update({10, i, 4 * i});
  }
  line.Finish();
  EXPECT_TRUE(term.str().empty());
  ASSERT_EQ(log.lines.size(), 3u);  // at 30, 60 and 90 s
  EXPECT_EQ(log.lines[0],
            "progress mails 3/10 · pages 12 · 0.4 pages/s · ETA 1m10s");
}

}  // namespace
}  // namespace beian::cli
