#include "mime/codec.h"

#include <gtest/gtest.h>

namespace beian::internal {
namespace {

TEST(Base64Test, DecodesWithAndWithoutPadding) {
  EXPECT_EQ(DecodeBase64("aGVsbG8gd29ybGQ="), "hello world");
  EXPECT_EQ(DecodeBase64("aGVsbG8gd29ybGQ"), "hello world");
  EXPECT_EQ(DecodeBase64("aGVs\r\nbG8g\nd29y bGQ="), "hello world");
}

TEST(Base64Test, SkipsJunkAndJoinsConcatenatedChunks) {
  EXPECT_EQ(DecodeBase64("YQ==YmM="), "abc");
  EXPECT_EQ(DecodeBase64("!!YWJj**"), "abc");
  EXPECT_EQ(DecodeBase64(""), "");
}

TEST(QuotedPrintableTest, SoftBreaksWithCrlfOrLf) {
  EXPECT_EQ(DecodeQuotedPrintable("=E5=BC=A0=\r\n=E4=B8=89"), "张三");
  EXPECT_EQ(DecodeQuotedPrintable("ab=  \ncd="), "abcd");
  EXPECT_EQ(DecodeQuotedPrintable("a=ZZb=4"), "a=ZZb=4");
}

TEST(QuotedPrintableTest, QEncodingUnderscoreIsSpace) {
  EXPECT_EQ(DecodeQuotedPrintable("a_b=5F", true), "a b_");
  EXPECT_EQ(DecodeQuotedPrintable("a_b", false), "a_b");
}

}  // namespace
}  // namespace beian::internal
