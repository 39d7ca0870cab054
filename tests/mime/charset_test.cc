#include "mime/charset.h"

#include <gtest/gtest.h>

namespace beian::internal {
namespace {

TEST(CharsetTest, Gb2312LabelReadsAsGb18030KeepingTheMiddleDot) {
  // "买买提·艾力" in GBK: the dot is A1A4, which glibc's GB2312 maps to U+30FB.
  const std::string gbk = "\xC2\xF2\xC2\xF2\xCC\xE1\xA1\xA4\xB0\xAC\xC1\xA6";
  Converted c = ToUtf8(gbk, "gb2312");
  EXPECT_TRUE(c.exact);
  EXPECT_EQ(c.text, "买买提·艾力");
  EXPECT_EQ(CanonicalCharset("\"GBK\""), "GB18030");
}

TEST(CharsetTest, Big5) {
  Converted c = ToUtf8("\xB1\x69\xA4\x54", "big5");  // 張三
  EXPECT_EQ(c.text, "張三");
}

TEST(CharsetTest, UnknownLabelFallsBackWithWarning) {
  Converted c = ToUtf8("\xD5\xC5\xC8\xFD", "x-no-such-charset");
  EXPECT_EQ(c.text, "张三");
  EXPECT_FALSE(c.exact);
  EXPECT_NE(c.warning.find("x-no-such-charset"), std::string::npos);
}

TEST(CharsetTest, WrongLabelReplacesBadBytes) {
  Converted c = ToUtf8("ok\xFF", "utf-8");
  EXPECT_FALSE(c.exact);
  Converted d = ToUtf8("\xE5\xBC\xA0\xFF", "gb18030");
  EXPECT_FALSE(d.exact);
  EXPECT_NE(d.text.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(CharsetTest, RawHeaderBytes) {
  EXPECT_EQ(RawHeaderToUtf8("张三"), "张三");
  EXPECT_EQ(RawHeaderToUtf8("\xD5\xC5\xC8\xFD"), "张三");
}

}  // namespace
}  // namespace beian::internal
