// The providers' refusals, in their own words (from public client bug
// reports), become advice an operator can act on.
#include <gtest/gtest.h>

#include "mail/curl_handle.h"

namespace beian::internal {
namespace {

TEST(ProviderHintTest, KnownRefusalsGetChineseAdvice) {
  const std::string code = "请使用邮箱授权码";
  EXPECT_EQ(ProviderHint("a2 NO Login fail. Account is abnormal, service is "
                         "not open, password is incorrect, login frequency "
                         "limited, or system is busy.")
                .find(code),
            0u);
  EXPECT_EQ(ProviderHint("535 Login Fail. Please enter your authorization "
                         "code to login. More information in "
                         "https://service.mail.qq.com/")
                .find(code),
            0u);
  EXPECT_NE(ProviderHint("b4 NO SELECT Unsafe Login. Please contact "
                         "kefu@188.com for help")
                .find("IMAP ID"),
            std::string::npos);
  EXPECT_NE(ProviderHint("550 Mail sending frequency limited").find("频繁"),
            std::string::npos);
  EXPECT_NE(ProviderHint("501 Mail from address must be same as "
                         "authorization user")
                .find("from"),
            std::string::npos);
  EXPECT_NE(ProviderHint("554 DT:SPM 163 smtp14,EsCowAB").find("垃圾邮件"),
            std::string::npos);
  EXPECT_NE(ProviderHint("NO AUTHENTICATE failed: Basic authentication is "
                         "disabled")
                .find("OAuth2"),
            std::string::npos);
  EXPECT_EQ(ProviderHint("a1 NO [AUTHENTICATIONFAILED] Authentication failed."),
            "");
}

TEST(ProviderHintTest, TheServersWordsAreKeptWithTheAdvice) {
  ServerWords words{"* OK ready", "* BYE",
                    "A002 NO Login fail. Account is abnormal"};
  Status s = WithServerWords(
      FailedPrecondition("IMAP login (imaps://imap.qq.com:993): Login denied"),
      words);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("(server: A002 NO Login fail. Account is "
                             "abnormal)"),
            std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("授权码"), std::string::npos);
  EXPECT_TRUE(WithServerWords(Status::Ok(), words).ok());
  Status plain = WithServerWords(IoError("IMAP: timeout"), ServerWords());
  EXPECT_EQ(plain.message(), "IMAP: timeout");
}

}  // namespace
}  // namespace beian::internal
