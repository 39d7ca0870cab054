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

TEST(PacedMailSenderTest, AtMostSoManyAMinute) {
  auto inner = std::make_unique<RecordingMailSender>();
  RecordingMailSender* recorded = inner.get();
  std::chrono::steady_clock::time_point now{};
  std::vector<long> waits;
  PacedMailSender paced(
      std::move(inner), 3, [&] { return now; },
      [&](std::chrono::milliseconds d) {
        waits.push_back(long(d.count()));
        now += d;
      });
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(paced
                    .Send({"<m" + std::to_string(i) + "@x>", "a@x", "b@y",
                           "body", "510682", nullptr})
                    .ok());
    now += std::chrono::seconds(1);  // each send takes a second
  }
  EXPECT_EQ(recorded->sent_.size(), 7u);
  // Sends 1-3 at 0, 1, 2 s; the 4th waits until 60 s (5th and 6th follow
  // at 61 and 62 s, a minute after the 2nd and 3rd), the 7th until 120 s.
  EXPECT_EQ(waits, (std::vector<long>{57000, 57000}));
}

}  // namespace
}  // namespace beian
