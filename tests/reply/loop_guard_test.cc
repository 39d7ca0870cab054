#include "beian/reply/loop_guard.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace beian {
namespace {

using ::testing::HasSubstr;

// A citizen's mail with one extra header line (and its From) swapped in.
std::string Mail(const std::string& extra_headers,
                 const std::string& from = "张三 <zhangsan@example.com>",
                 const std::string& subject = "张三+跨省异地就医备案") {
  return "Return-Path: <zhangsan@example.com>\r\n"
         "From: " +
         from +
         "\r\n"
         "To: beian510682@example.cn\r\n"
         "Subject: " +
         subject +
         "\r\n"
         "Message-ID: <m1@example.com>\r\n" +
         extra_headers +
         "Content-Type: text/plain; charset=UTF-8\r\n"
         "\r\n"
         "见附件。\r\n";
}

struct GuardCase {
  const char* what;
  std::string bytes;
  bool allowed;
  const char* reason;  // substring of the reason when refused
};

std::vector<GuardCase> Cases() {
  return {
      {"plain citizen mail", Mail(""), true, ""},
      {"Auto-Submitted: no", Mail("Auto-Submitted: no\r\n"), true, ""},
      {"Precedence: normal", Mail("Precedence: normal\r\n"), true, ""},
      {"forwarded subject", Mail("", "张三 <a@example.com>", "转发: 张三"),
       true, ""},
      {"null return path",
       "Return-Path: <>\r\nFrom: a@example.com\r\nSubject: x\r\n\r\nbody\r\n",
       false, "null return path"},
      {"null return path with space",
       "Return-Path: < >\r\nFrom: a@example.com\r\nSubject: x\r\n\r\nbody\r\n",
       false, "null return path"},
      {"multipart/report",
       "From: a@example.com\r\nSubject: x\r\nContent-Type: multipart/report; "
       "report-type=delivery-status; "
       "boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n",
       false, "multipart/report"},
      {"MAILER-DAEMON", Mail("", "Mail Delivery System <MAILER-DAEMON@qq.com>"),
       false, "mailer-daemon"},
      {"postmaster", Mail("", "postmaster@163.com"), false, "postmaster"},
      {"Return-Path MAILER-DAEMON",
       "Return-Path: <MAILER-DAEMON@mx.example.com>\r\nFrom: a@example.com\r\n"
       "Subject: x\r\n\r\nbody\r\n",
       false, "mailer-daemon"},
      {"Auto-Submitted: auto-replied", Mail("Auto-Submitted: auto-replied\r\n"),
       false, "auto-replied"},
      {"Auto-Submitted: auto-generated with params",
       Mail("Auto-Submitted: Auto-Generated; owner=x\r\n"), false,
       "auto-generated"},
      {"Precedence: bulk", Mail("Precedence: bulk\r\n"), false, "bulk"},
      {"Precedence: list", Mail("Precedence: List\r\n"), false, "list"},
      {"Precedence: junk", Mail("Precedence: junk\r\n"), false, "junk"},
      {"X-Autoreply", Mail("X-Autoreply: yes\r\n"), false, "X-Autoreply"},
      {"X-Autorespond", Mail("X-Autorespond: on\r\n"), false, "X-Autorespond"},
      {"List-Id", Mail("List-Id: <news.example.com>\r\n"), false, "List-Id"},
      {"List-Unsubscribe", Mail("List-Unsubscribe: <mailto:u@x>\r\n"), false,
       "List-Unsubscribe"},
      {"noreply sender", Mail("", "QQ邮箱 <noreply@qq.com>"), false, "noreply"},
      {"QQ auto-reply subject",
       Mail("", "张三 <a@example.com>", "自动回复: 您好"), false, "自动回复"},
      {"Outlook out of office",
       Mail("", "张三 <a@example.com>", "Automatic reply: 备案"), false,
       "Automatic reply"},
      {"no sender at all", "Subject: x\r\nTo: b@example.cn\r\n\r\nbody\r\n",
       false, "no From or Reply-To"},
  };
}

TEST(LoopGuardTest, Table) {
  for (const GuardCase& c : Cases()) {
    SCOPED_TRACE(c.what);
    StatusOr<ParsedMail> mail = ParseMime(c.bytes);
    ASSERT_TRUE(mail.ok()) << mail.status().ToString();
    const AutoReplyVerdict v = CheckAutoReply(*mail);
    EXPECT_EQ(v.allowed, c.allowed) << v.reason;
    if (c.allowed) {
      EXPECT_EQ(v.reason, "");
    } else {
      EXPECT_THAT(v.reason, HasSubstr(c.reason));
    }
  }
}

TEST(LoopGuardTest, ReplyTargetPrefersReplyTo) {
  StatusOr<ParsedMail> mail =
      ParseMime(Mail("Reply-To: 李四 <lisi@example.com>\r\n"));
  ASSERT_TRUE(mail.ok());
  EXPECT_EQ(ReplyTarget(*mail), "lisi@example.com");
  mail = ParseMime(Mail(""));
  ASSERT_TRUE(mail.ok());
  EXPECT_EQ(ReplyTarget(*mail), "zhangsan@example.com");
}

TEST(LoopGuardTest, NoReplyReplyToIsRefusedEvenWithAPersonalFrom) {
  StatusOr<ParsedMail> mail =
      ParseMime(Mail("Reply-To: no-reply@example.com\r\n"));
  ASSERT_TRUE(mail.ok());
  EXPECT_FALSE(CheckAutoReply(*mail).allowed);
}

}  // namespace
}  // namespace beian
