#include "identity/subject_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace beian::internal {
namespace {

using ::testing::ElementsAre;

TEST(SubjectTextTest, StripsPrefixesAndTrims) {
  const SubjectText text(" Re : 回复：FWD:张三 ");
  EXPECT_THAT(text.removed_prefixes(), ElementsAre("Re :", "回复:", "FWD:"));
  EXPECT_EQ(text.Utf8({0, text.size()}), "张三");
  EXPECT_TRUE(text.folded_full_width());
  EXPECT_FALSE(text.invalid_utf8());
}

TEST(SubjectTextTest, KeepsWordsThatOnlyLookLikePrefixes) {
  const SubjectText text("Rebecca+回复张三");
  EXPECT_TRUE(text.removed_prefixes().empty());
  EXPECT_EQ(text.size(), 12u);
}

TEST(SubjectTextTest, ClaimsLongestPurposeFirst) {
  SubjectText text("异地备案 跨省异地就医备案");
  const Span first = text.ClaimPurposes();
  EXPECT_EQ(text.Utf8(first), "异地备案");
  // The later phrase is claimed too, so it cannot become a name.
  EXPECT_TRUE(text.FindName().span.empty());
}

TEST(SubjectTextTest, JoinsDigitGroupsOnlyAcrossShortGaps) {
  SubjectText joined("510682-19800101-001X");
  const IdFind id = joined.ClaimIdNumber();
  EXPECT_EQ(id.text, "51068219800101001X");
  EXPECT_TRUE(id.joined);
  EXPECT_FALSE(id.near_miss);

  SubjectText apart("510682   19800101   001X");
  EXPECT_TRUE(apart.ClaimIdNumber().span.empty());
}

TEST(SubjectTextTest, NearMissNeedsFourteenCharacters) {
  SubjectText phone("13800138000");
  EXPECT_TRUE(phone.ClaimIdNumber().span.empty());
  SubjectText fourteen("51068219800101");
  const IdFind id = fourteen.ClaimIdNumber();
  EXPECT_EQ(id.text, "51068219800101");
  EXPECT_TRUE(id.near_miss);
}

TEST(SubjectTextTest, NameLengthLimits) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"张", ""},
      {"张三", "张三"},
      {"司马相如如如", "司马相如如如"},
      {"司马相如如如如", ""},  // 7 Han without a dot: not a name
      {"买买提·艾力", "买买提·艾力"},
      {"一二三四五六七八九十·一二三四五六七八九",
       "一二三四五六七八九十·一二三四五六七八九"},
      {"一二三四五六七八九十·一二三四五六七八九十", ""},  // 21 code points
      {"·", ""},
  };
  for (const auto& [input, name] : cases) {
    const SubjectText text(input);
    EXPECT_EQ(text.FindName().text, name) << input;
  }
}

TEST(SubjectTextTest, ExcerptTrimsAndTruncates) {
  const SubjectText text("+ 一二三四五六七八九十一二三四五六七八九十一二 +");
  EXPECT_EQ(text.Excerpt({0, text.size()}),
            "一二三四五六七八九十一二三四五六七八九十…");
  EXPECT_FALSE(text.HasContent({0, 2}));
  EXPECT_TRUE(text.HasContent({0, 3}));
}

}  // namespace
}  // namespace beian::internal
