#include "beian/base/base64.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

TEST(Base64Test, MatchesRfc4648Vectors) {
  EXPECT_EQ(EncodeBase64(""), "");
  EXPECT_EQ(EncodeBase64("f"), "Zg==");
  EXPECT_EQ(EncodeBase64("fo"), "Zm8=");
  EXPECT_EQ(EncodeBase64("foo"), "Zm9v");
  EXPECT_EQ(EncodeBase64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(EncodeBase64(std::string("\xFF\xFE\x00", 3)), "//4A");
  EXPECT_EQ(EncodeBase64("\xff\xfe"), "//4=");
  EXPECT_EQ(EncodeBase64("张"), "5byg");
}

TEST(Base64Test, MimeBodyLinesAre76Characters) {
  const std::string body = EncodeBase64Lines(std::string(200, 'a'));
  EXPECT_EQ(body.find("\r\n"), 76u);
  EXPECT_EQ(body.substr(78, 76).find("\r\n"), std::string::npos);
  EXPECT_TRUE(body.ends_with("\r\n"));
  EXPECT_EQ(EncodeBase64Lines(""), "");
}

}  // namespace
}  // namespace beian
