#include "mime/body_text.h"

#include <gtest/gtest.h>

namespace beian::internal {
namespace {

TEST(HtmlToTextTest, StripsTagsScriptsAndDecodesEntities) {
  const std::string html =
      "<html><head><style>p{color:red}</style><title>t</title></head><body>"
      "<p>您好&nbsp;张三</p><script>alert(1)</script><!-- hidden -->"
      "<div>电话&#65306;&#x31;38 &amp; 邮箱</div>买买提&middot;艾力<br>end"
      "</body></html>";
  EXPECT_EQ(HtmlToText(html), "您好 张三\n\n电话：138 & 邮箱\n买买提·艾力\nend");
}

TEST(HtmlToTextTest, BrokenMarkupDoesNotLoseText) {
  EXPECT_EQ(HtmlToText("a < b &bogus; <p"), "a < b &bogus;");
  EXPECT_EQ(HtmlToText("<script>never closed"), "");
}

TEST(LargeAttachmentTest, FindsQqAndNeteaseLinks) {
  const std::string html =
      "从QQ邮箱发来的超大附件 <a href=\"https://wx.mail.qq.com/ftn/"
      "download?func=3&amp;k=ab12&amp;key=cd\">下载</a> "
      "https://mail.163.com/large-attachment-download/index.html?p=1 "
      "https://www.qq.com/news";
  std::vector<std::string> links = FindLargeAttachmentLinks(html);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0], "https://wx.mail.qq.com/ftn/download?func=3&k=ab12&key=cd");
  EXPECT_NE(links[1].find("163.com"), std::string::npos);
}

TEST(NewlinesTest, CrlfAndCr) {
  EXPECT_EQ(NormalizeNewlines("a\r\nb\rc\n"), "a\nb\nc\n");
}

}  // namespace
}  // namespace beian::internal
