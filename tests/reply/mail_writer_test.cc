#include "mail_writer.h"

#include <gtest/gtest.h>

#include <chrono>

#include "beian/base/text.h"
#include "mime/codec.h"

namespace beian::internal {
namespace {

using namespace std::chrono_literals;

TEST(MailWriterTest, ShortHeaderIsOneEncodedWord) {
  EXPECT_EQ(EncodeHeaderWords("Re: 张三", 9), "=?UTF-8?B?UmU6IOW8oOS4iQ==?=");
}

TEST(MailWriterTest, LongHeaderFoldsAtCharacterBoundaries) {
  std::string text = "Re: ";
  for (int i = 0; i < 40; ++i) text += "跨省异地就医备案";
  const std::string folded = EncodeHeaderWords(text, 9);
  size_t start = 0;
  size_t line_no = 0;
  std::string decoded_bytes;
  while (start < folded.size()) {
    size_t end = folded.find("\r\n", start);
    if (end == std::string::npos) end = folded.size();
    std::string line = folded.substr(start, end - start);
    const size_t used = line_no == 0 ? 9 : 0;
    EXPECT_LE(line.size() + used, 76u) << line;
    if (line_no > 0) {
      ASSERT_EQ(line[0], ' ');
      line.erase(0, 1);
    }
    ASSERT_TRUE(line.starts_with("=?UTF-8?B?") && line.ends_with("?="));
    const std::string word = DecodeBase64(line.substr(10, line.size() - 12));
    EXPECT_TRUE(IsValidUtf8(word)) << "word splits a character: " << line;
    decoded_bytes += word;
    start = end + 2;
    ++line_no;
  }
  EXPECT_GT(line_no, 10u);
  EXPECT_EQ(decoded_bytes, text);
}

TEST(MailWriterTest, HeaderWordAtStartHolds39BytesOn76Columns) {
  // 13 three-byte characters = 39 bytes = 52 base64 chars + 12 = 64 + 9.
  std::string text;
  for (int i = 0; i < 14; ++i) text += "医";
  const std::string folded = EncodeHeaderWords(text, 9);
  const size_t crlf = folded.find("\r\n");
  ASSERT_NE(crlf, std::string::npos);
  EXPECT_LE(crlf + 9, 76u);
  EXPECT_EQ(folded.substr(crlf), "\r\n =?UTF-8?B?5Yy7?=");
}

TEST(MailWriterTest, MailDateIsChinaStandardTime) {
  // 2026-02-13 09:00:05 UTC = 17:00:05 in Beijing, a Friday.
  const TimePoint t = std::chrono::sys_days(std::chrono::year{2026} /
                                            std::chrono::February / 13) +
                      9h + 5s;
  EXPECT_EQ(FormatMailDate(t), "Fri, 13 Feb 2026 17:00:05 +0800");
  // 20:30 UTC on 31 Dec is already the new year in Beijing.
  const TimePoint eve = std::chrono::sys_days(std::chrono::year{2025} /
                                              std::chrono::December / 31) +
                        20h + 30min;
  EXPECT_EQ(FormatMailDate(eve), "Thu, 1 Jan 2026 04:30:00 +0800");
}

TEST(MailWriterTest, ToCrlf) {
  EXPECT_EQ(ToCrlf("a\nb\r\nc\rd"), "a\r\nb\r\nc\r\nd");
  EXPECT_EQ(ToCrlf(""), "");
}

TEST(MailWriterTest, StripReplyPrefixes) {
  EXPECT_EQ(StripReplyPrefixes("Re: RE：回复: 答复：张三"), "张三");
  EXPECT_EQ(StripReplyPrefixes("  re:张三 "), "张三");
  EXPECT_EQ(StripReplyPrefixes("转发: 张三"), "转发: 张三");
  EXPECT_EQ(StripReplyPrefixes("Rebecca+1"), "Rebecca+1");
  EXPECT_EQ(StripReplyPrefixes("Re:"), "");
}

}  // namespace
}  // namespace beian::internal
