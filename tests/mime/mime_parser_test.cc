#include <gtest/gtest.h>

#include "beian/base/sha256.h"
#include "beian/mime/parsed_mail.h"

namespace beian {
namespace {

// "张三" base64 of a fake JPEG: FF D8 FF E0 'J' 'F' 'I' 'F'
constexpr char kJpegB64[] = "/9j/4EpGSUY=";
const std::string kJpeg = "\xFF\xD8\xFF\xE0JFIF";

ParsedMail MustParse(const std::string& raw) {
  StatusOr<ParsedMail> m = ParseMime(raw);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return m.ok() ? *m : ParsedMail{};
}

TEST(ParseMimeTest, SimpleMailHeaders) {
  ParsedMail m = MustParse(
      "From: =?UTF-8?B?5byg5LiJ?= <z3@qq.com>\r\n"
      "Reply-To: other@163.com\r\n"
      "To: beian@ybj.example.cn\r\n"
      "Subject: =?UTF-8?B?5byg5LiJ?=+51068219800101001X\r\n"
      " +=?UTF-8?B?6Leo55yB?=\r\n"
      "Message-ID: <m1@qq.com>\r\n"
      "In-Reply-To: <r0@ybj.example.cn>\r\n"
      "References: <a@x> <r0@ybj.example.cn>\r\n"
      "Date: Mon, 2 Nov 2026 09:00:00 +0800\r\n"
      "\r\n"
      "您好\r\n");
  EXPECT_EQ(m.from.address, "z3@qq.com");
  EXPECT_EQ(m.from.name, "张三");
  EXPECT_EQ(m.reply_to, "other@163.com");
  EXPECT_EQ(m.subject, "张三+51068219800101001X +跨省");
  EXPECT_EQ(m.message_id, "m1@qq.com");
  EXPECT_EQ(m.in_reply_to, "r0@ybj.example.cn");
  EXPECT_EQ(m.references.size(), 2u);
  EXPECT_EQ(m.text, "您好\n");
  EXPECT_TRUE(m.attachments.empty());
  EXPECT_EQ(m.Header("date"), "Mon, 2 Nov 2026 09:00:00 +0800");
}

TEST(ParseMimeTest, ForwardedMailAttachmentsCountAndRfc822PartIsNotListed) {
  const std::string raw = std::string(
      "From: a@qq.com\nSubject: fw\nContent-Type: multipart/mixed; "
      "boundary=OUT\n\n--OUT\nContent-Type: text/plain; charset=utf-8\n\n"
      "see below\n--OUT\nContent-Type: message/rfc822\n\n"
      "From: b@qq.com\nSubject: inner\nContent-Type: multipart/mixed; "
      "boundary=IN\n\n--IN\nContent-Type: text/plain\n\ninner text\n--IN\n"
      "Content-Type: image/jpeg; name=front.jpg\n"
      "Content-Transfer-Encoding: base64\n\n") +
      kJpegB64 + "\n--IN--\n--OUT--\n";
  ParsedMail m = MustParse(raw);
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].filename, "front.jpg");
  EXPECT_TRUE(m.attachments[0].in_forwarded);
  EXPECT_EQ(m.attachments[0].data, kJpeg);
  EXPECT_EQ(m.text, "see below");
}

TEST(ParseMimeTest, InlineImageInRelatedAndHtmlOnlyBody) {
  const std::string raw = std::string(
      "From: a@qq.com\r\nSubject: s\r\nContent-Type: multipart/related; "
      "boundary=\"R\"\r\n\r\n--R\r\nContent-Type: text/html; charset=gbk\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
      "<p>=D5=C5=C8=FD</p><img src=3D\"cid:img1@x\">\r\n--R\r\n"
      "Content-Type: image/jpeg\r\nContent-ID: <img1@x>\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n") +
      kJpegB64 + "\r\n--R--\r\n";
  ParsedMail m = MustParse(raw);
  EXPECT_EQ(m.text, "张三");
  EXPECT_TRUE(m.text_from_html);
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].filename, "attachment-1.jpg");
  EXPECT_EQ(m.attachments[0].content_id, "img1@x");
  EXPECT_FALSE(m.attachments[0].in_forwarded);
}

TEST(ParseMimeTest, MissingClosingBoundaryBadPaddingAndQqNames) {
  std::string b64 = kJpegB64;
  b64.pop_back();  // drop the '=' padding
  const std::string raw =
      "From: a@qq.com\nSubject: s\nContent-Type: multipart/mixed; boundary=B\n"
      "\n--B\nContent-Type: text/plain\n\nhi\n--B\n"
      "Content-Type: application/octet-stream; name=\"tcmime.1234.5678.bin\"\n"
      "Content-Transfer-Encoding: base64\n\n" + b64 + "\n";
  ParsedMail m = MustParse(raw);
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].data, kJpeg);
  EXPECT_EQ(m.attachments[0].content_type, "image/jpeg");
  EXPECT_EQ(m.attachments[0].filename, "attachment-1.jpg");
}

TEST(ParseMimeTest, HeaderLineWithoutColonDoesNotEatTheRest) {
  ParsedMail m = MustParse(
      "From: a@qq.com\nX-Broken header line\nSubject: still here\n"
      "Content-Type: text/plain; charset=big5\n\n\xB1\x69\xA4\x54\n");
  EXPECT_EQ(m.subject, "still here");
  EXPECT_EQ(m.text, "張三\n");
  ASSERT_FALSE(m.warnings.empty());
}

// Some senders fold a long GBK subject onto a line starting at column 0; the
// ID number on that line must not be lost.
TEST(ParseMimeTest, SubjectFoldedWithoutWhitespaceKeepsItsIdNumber) {
  ParsedMail m = MustParse(
      "From: a@qq.com\r\n"
      "Subject: =?GBK?B?1cXI/Ss=?=\r\n"
      "=?GBK?B?NTEwNjgyMTk4MDAxMDEwMDFYK7/nyqHS7LXYvs3SvbG4sLg=?=\r\n"
      "To: beian@ybj.example.cn\r\n"
      "\r\n"
      "body\r\n");
  EXPECT_EQ(m.subject, "张三+51068219800101001X+跨省异地就医备案");
  ASSERT_EQ(m.to.size(), 1u);
  EXPECT_EQ(m.text, "body\n");
}

TEST(ParseMimeTest, UnknownCharsetFallsBackWithWarning) {
  ParsedMail m = MustParse(
      "From: a@qq.com\nSubject: s\nContent-Type: text/plain; "
      "charset=x-foo\n\n\xD5\xC5\xC8\xFD");
  EXPECT_EQ(m.text, "张三");
  ASSERT_EQ(m.warnings.size(), 1u);
  EXPECT_NE(m.warnings[0].find("x-foo"), std::string::npos);
}

TEST(ParseMimeTest, Rfc2231FilenameAndAttachedText) {
  ParsedMail m = MustParse(
      "From: a@qq.com\nSubject: s\nContent-Type: multipart/mixed; boundary=B\n"
      "\n--B\nContent-Type: text/plain\nContent-Disposition: attachment; "
      "filename*0*=UTF-8''%E8%AF%B4; filename*1*=%E6%98%8E.txt\n\nnote\n--B--\n");
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].filename, "说明.txt");
  EXPECT_EQ(m.attachments[0].data, "note");
  EXPECT_EQ(m.text, "");
}

TEST(ParseMimeTest, LargeAttachmentLink) {
  ParsedMail m = MustParse(
      "From: a@qq.com\nSubject: s\nContent-Type: text/html\n\n"
      "<p>从QQ邮箱发来的超大附件</p><a href=\"https://wx.mail.qq.com/ftn/"
      "download?func=3&amp;k=1\">身份证.zip</a>");
  ASSERT_EQ(m.large_attachment_links.size(), 1u);
  EXPECT_EQ(m.large_attachment_links[0],
            "https://wx.mail.qq.com/ftn/download?func=3&k=1");
}

TEST(ParseMimeTest, NotAMailOrEmpty) {
  EXPECT_EQ(ParseMime("").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseMime("\x89PNG\r\n\x1a\n binary").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ParseMimeTest, Limits) {
  MimeLimits small;
  small.max_bytes = 100;
  std::string big = "From: a@b\nSubject: s\n\n" + std::string(200, 'x');
  EXPECT_EQ(ParseMime(big, small).status().code(),
            StatusCode::kResourceExhausted);

  std::string nested = "From: a@b\nSubject: s\n";
  for (int i = 0; i < 30; ++i) {
    nested += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) +
              "\n\n--b" + std::to_string(i) + "\n";
  }
  nested += "Content-Type: text/plain\n\nx\n";
  StatusOr<ParsedMail> deep = ParseMime(nested);
  EXPECT_EQ(deep.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(deep.status().message().find("nested"), std::string::npos);

  MimeLimits few;
  few.max_parts = 3;
  std::string many = "From: a@b\nSubject: s\nContent-Type: multipart/mixed; "
                     "boundary=B\n\n";
  for (int i = 0; i < 5; ++i) many += "--B\nContent-Type: text/plain\n\nx\n";
  EXPECT_EQ(ParseMime(many + "--B--\n", few).status().code(),
            StatusCode::kResourceExhausted);

  // Forwarded mails count too, in any case; slashes and "822" in a base64
  // body do not.
  std::string forwarded;
  for (int i = 0; i < 4; ++i) {
    forwarded += "From: a@b\nSubject: s" + std::to_string(i) +
                 "\nContent-Type: " + (i % 2 ? "MESSAGE/RFC822" : "message/rfc822") +
                 "\n\n";
  }
  forwarded += "From: a@b\nSubject: last\n\nx\n";
  StatusOr<ParsedMail> too_many = ParseMime(forwarded, few);
  EXPECT_EQ(too_many.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(too_many.status().message().find("forwarded"), std::string::npos);
  const std::string slashes =
      "From: a@b\nSubject: s\nContent-Type: image/jpeg\n"
      "Content-Transfer-Encoding: base64\n\n" +
      std::string(40, '/') + "822/rfc822//822\n";
  EXPECT_TRUE(ParseMime(slashes, few).ok());
}

}  // namespace
}  // namespace beian
