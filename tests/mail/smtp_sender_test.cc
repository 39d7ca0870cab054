#include "beian/mail/smtp_sender.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

TEST(SmtpSenderTest, LineEndsBecomeCrlf) {
  EXPECT_EQ(ToCrlf("a\nb\r\nc\rd"), "a\r\nb\r\nc\r\nd");
  EXPECT_EQ(ToCrlf(".leading dot\n"), ".leading dot\r\n");
}

TEST(SmtpSenderTest, UnreachableServerIsTemporary) {
  SmtpMailSender s(
      {"smtp://127.0.0.1:1", "u", "p", "", std::chrono::seconds(2)});
  Status st = s.Send(
      {"id@x", "a@x.cn", "b@x.cn", "Subject: x\r\n\r\nhi\r\n", "510682"});
  EXPECT_EQ(st.code(), StatusCode::kIoError) << st.ToString();
}

}  // namespace
}  // namespace beian
