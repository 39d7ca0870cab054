#include "beian/base/log.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

TEST(LogTest, MasksIdNumbersOfBothLengths) {
  EXPECT_EQ(MaskIdNumbers("张三+51068219800101001X+跨省"),
            "张三+5106**********001X+跨省");
  EXPECT_EQ(MaskIdNumbers("old 510682800101001 ok"), "old 5106*******1001 ok");
  EXPECT_EQ(MaskIdNumbers("uid 12345 and 1234567890123456789"),
            "uid 12345 and 1234567890123456789");
}

TEST(LogTest, RecordsOneLinePerEventMasked) {
  RecordingLogger log;
  log.Warn("mail_quarantined", "subject 51068219800101001X\nsecond line");
  ASSERT_EQ(log.lines_.size(), 1u);
  EXPECT_EQ(log.lines_[0],
            "warn mail_quarantined subject 5106**********001X second line");
}

}  // namespace
}  // namespace beian
