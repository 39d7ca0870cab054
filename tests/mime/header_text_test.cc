#include "mime/header_text.h"

#include <gtest/gtest.h>

namespace beian::internal {
namespace {

TEST(EncodedWordTest, BAndQAnyCase) {
  EXPECT_EQ(DecodeHeaderText("=?UTF-8?B?5byg5LiJ?="), "张三");
  EXPECT_EQ(DecodeHeaderText("=?utf-8?q?=E5=BC=A0_=E4=B8=89?="), "张 三");
  EXPECT_EQ(DecodeHeaderText("Re: =?gb2312?B?1cXI/Q==?= ok"), "Re: 张三 ok");
}

TEST(EncodedWordTest, SplitMultiByteCharacterAcrossWords) {
  // "张三" = E5 BC A0 E4 B8 89 cut after the 4th byte.
  EXPECT_EQ(DecodeHeaderText("=?UTF-8?B?5byg5A==?=\r\n =?UTF-8?B?uIk=?="),
            "张三");
  EXPECT_EQ(DecodeHeaderText("=?UTF-8?Q?=E5=BC?= =?UTF-8?Q?=A0?="), "张");
}

TEST(EncodedWordTest, WhitespaceBetweenWordsDroppedButKeptBeforeText) {
  EXPECT_EQ(DecodeHeaderText("=?UTF-8?B?YQ==?= =?UTF-8?B?Yg==?= c"), "ab c");
  EXPECT_EQ(DecodeHeaderText("x =?UTF-8?B?YQ==?="), "x a");
}

TEST(EncodedWordTest, MalformedWordsStayAsText) {
  EXPECT_EQ(DecodeHeaderText("=?UTF-8?X?abc?="), "=?UTF-8?X?abc?=");
  EXPECT_EQ(DecodeHeaderText("=?UTF-8?B?abc"), "=?UTF-8?B?abc");
  EXPECT_EQ(DecodeHeaderText("=?"), "=?");
}

TEST(EncodedWordTest, RawEightBitGbk) {
  EXPECT_EQ(DecodeHeaderText("\xD5\xC5\xC8\xFD+1"), "张三+1");
}

TEST(HeaderParamsTest, QuotedAndTokens) {
  HeaderParams p =
      ParseHeaderParams("multipart/mixed; boundary=\"a;b\"; Charset=GBK");
  EXPECT_EQ(p.value, "multipart/mixed");
  EXPECT_EQ(p.params["boundary"], "a;b");
  EXPECT_EQ(p.params["charset"], "GBK");
}

TEST(HeaderParamsTest, Rfc2231ContinuationsAndCharset) {
  HeaderParams p = ParseHeaderParams(
      "attachment; filename*0*=UTF-8''%E8%BA%AB%E4%BB%BD; "
      "filename*1*=%E8%AF%81.jpg");
  EXPECT_EQ(p.params["filename"], "身份证.jpg");
  HeaderParams q = ParseHeaderParams(
      "attachment; filename*1=\"b.jpg\"; filename*0=\"a-\"");
  EXPECT_EQ(q.params["filename"], "a-b.jpg");
  HeaderParams r =
      ParseHeaderParams("attachment; filename*=gbk'zh'%D5%C5%C8%FD.png");
  EXPECT_EQ(r.params["filename"], "张三.png");
}

TEST(HeaderParamsTest, EncodedWordInsideQuotedValue) {
  HeaderParams p = ParseHeaderParams(
      "image/jpeg; name=\"=?UTF-8?B?6Lqr5Lu96K+BLmpwZw==?=\"");
  EXPECT_EQ(p.params["name"], "身份证.jpg");
}

TEST(AddressTest, Forms) {
  MailAddress a = ParseAddress("\"=?UTF-8?B?5byg5LiJ?=\" <z3@qq.com>");
  EXPECT_EQ(a.address, "z3@qq.com");
  EXPECT_EQ(a.name, "张三");
  a = ParseAddress("z3@163.com (张三)");
  EXPECT_EQ(a.address, "z3@163.com");
  EXPECT_EQ(a.name, "张三");
  a = ParseAddress("  z3@126.com ");
  EXPECT_EQ(a.address, "z3@126.com");
  EXPECT_EQ(a.name, "");
  a = ParseAddress("\"Zhang, San\" <zs@qq.com>, other@x.cn");
  EXPECT_EQ(a.address, "zs@qq.com");
  EXPECT_EQ(a.name, "Zhang, San");
  EXPECT_EQ(ParseAddressList("a@x.cn, \"B\" <b@x.cn>").size(), 2u);
}

TEST(MessageIdTest, BracketsAndBareIds) {
  EXPECT_EQ(ParseMessageIds("<a@x> \r\n <b@y>"),
            (std::vector<std::string>{"a@x", "b@y"}));
  EXPECT_EQ(ParseMessageIds("c@z"), (std::vector<std::string>{"c@z"}));
  EXPECT_TRUE(ParseMessageIds("").empty());
}

}  // namespace
}  // namespace beian::internal
