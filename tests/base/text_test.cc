#include "beian/base/text.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

TEST(TextTest, Utf8Validity) {
  EXPECT_TRUE(IsValidUtf8("张三 abc"));
  EXPECT_FALSE(IsValidUtf8("\xd5\xc5"));          // GB2312 for 张
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xe5\xbc"));          // truncated
}

TEST(TextTest, DecodeReplacesInvalidBytes) {
  std::vector<char32_t> cps = DecodeUtf8("a\xffz");
  ASSERT_EQ(cps.size(), 3u);
  EXPECT_EQ(cps[1], U'\uFFFD');
  EXPECT_EQ(EncodeUtf8({U'张', U'·', U'😀'}), "张·😀");
}

TEST(TextTest, FoldsFullWidth) {
  EXPECT_EQ(FoldFullWidth("５１０６８２ｘ＋张三\u3000"), "510682x+张三 ");
}

TEST(TextTest, TrimAndCase) {
  EXPECT_EQ(TrimSpace(" \u3000 a b\t\r\n"), "a b");
  EXPECT_EQ(TrimSpace("\u3000"), "");
  EXPECT_EQ(AsciiLower("Re: ABC"), "re: abc");
  EXPECT_TRUE(StartsWithIgnoreCase("FWD: x", "fwd:"));
  EXPECT_FALSE(StartsWithIgnoreCase("fw", "fwd:"));
  EXPECT_TRUE(EqualsIgnoreCase("Content-Type", "content-TYPE"));
  EXPECT_FALSE(EqualsIgnoreCase("Content-Type", "Content-Typo"));
  EXPECT_FALSE(EqualsIgnoreCase("a", "ab"));
  EXPECT_EQ(HexEncode("\x01\xab"), "01ab");
}

TEST(TextTest, AddressPartOfAMailbox) {
  EXPECT_EQ(AddressPart("什邡市医保事务中心 <beian@ybj.example.cn>"),
            "beian@ybj.example.cn");
  EXPECT_EQ(AddressPart("\"Zhang, San\" <z@qq.com>"), "z@qq.com");
  EXPECT_EQ(AddressPart("  a@b.cn "), "a@b.cn");
}

}  // namespace
}  // namespace beian
