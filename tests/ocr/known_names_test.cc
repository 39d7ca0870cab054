#include "ocr/known_names.h"

#include <gtest/gtest.h>

#include "beian/base/text.h"
#include "ocr/field_parsers.h"

namespace beian::ocr {
namespace {

constexpr char kTsv[] =
    "# test divisions\n"
    "410300\t河南省\t洛阳市\t\n"
    "410329\t河南省\t洛阳市\t伊川县\n"
    "650522\t新疆维吾尔自治区\t哈密市\t伊吾县\n"
    "341100\t安徽省\t滁州市\t\n"
    "341102\t安徽省\t滁州市\t琅琊区\n"
    "110101\t北京市\t\t东城区\n";

// An OCR result of `text`, one OcrChar per character at `confidence`;
// `alternatives` adds candidates at character positions.
OcrResult Read(const std::string& text, double confidence = 0.9,
               std::vector<std::pair<size_t, std::string>> alternatives = {}) {
  OcrResult r;
  r.text = text;
  r.confidence = confidence;
  for (char32_t c : DecodeUtf8(text)) {
    OcrChar oc;
    AppendUtf8(c, oc.text);
    oc.confidence = confidence;
    r.chars.push_back(oc);
  }
  for (const auto& [at, alt] : alternatives) {
    r.chars.at(at).alternatives.emplace_back(alt, 0.2);
  }
  return r;
}

TEST(AuthorityBookTest, NamesFollowTheIssuingConvention) {
  const AuthorityBook book(ParseDivisionRows(kTsv));
  const std::vector<std::string> want = {
      "伊川县公安局",           "伊吾县公安局",          "北京市公安局东城分局",
      "北京市公安局东城区分局", "洛阳市公安局",          "滁州市公安局",
      "滁州市公安局琅琊分局",   "滁州市公安局琅琊区分局"};
  std::vector<std::string> got = book.names();
  std::sort(got.begin(), got.end());
  std::vector<std::string> sorted = want;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(got, sorted);
  const std::vector<std::string> for_code = book.ForCode("341102200301168290");
  EXPECT_EQ(for_code.size(), 3u);  // the district's two forms and the city's
}

struct SnapCase {
  const char* name;
  OcrResult read;
  const char* division;
  std::optional<std::string> want;
};

TEST(AuthorityBookTest, SnapTable) {
  const AuthorityBook book(ParseDivisionRows(kTsv));
  const SnapCase cases[] = {
      {"known as read", Read("伊川县公安局"), "", "伊川县公安局"},
      {"one misread, two candidates 1 away: unknown", Read("伊在县公安局"), "",
       std::nullopt},
      {"the alternative decides", Read("伊在县公安局", 0.9, {{1, "吾"}}), "",
       "伊吾县公安局"},
      {"the division code decides", Read("伊在县公安局"), "650522",
       "伊吾县公安局"},
      {"a lost character in a long name", Read("滁州市公安局琅分局"), "",
       "滁州市公安局琅琊分局"},
      {"two misreads in a short name", Read("伊在具公安局"), "", std::nullopt},
      {"not an authority", Read("中华人民共和国"), "", std::nullopt},
      {"too short", Read("公安局"), "", std::nullopt},
  };
  for (const SnapCase& c : cases) {
    const std::optional<KnownMatch> m = book.Snap(c.read, c.division);
    EXPECT_EQ(m ? std::optional(m->value) : std::nullopt, c.want) << c.name;
    if (m && m->value != c.read.text) {
      EXPECT_NE(m->note.find(c.read.text), std::string::npos) << c.name;
    }
  }
}

// A name snapped from among all the known ones (one character away) is
// taken only when a second reading snaps to it too; one read exactly, or
// expected by the claimed division, is taken alone.
TEST(AuthorityBookTest, ASnapFromAmongAllNeedsASecondReading) {
  const AuthorityBook book(ParseDivisionRows(kTsv));
  const auto lost = book.Snap(Read("滁州市公安局琅分局"), "");
  ASSERT_TRUE(lost);
  EXPECT_FALSE(lost->alone);
  EXPECT_EQ(TrustedMatch({lost}), std::nullopt);
  EXPECT_EQ(TrustedMatch({lost, std::nullopt}), std::nullopt);
  EXPECT_EQ(
      TrustedMatch({lost, book.Snap(Read("滁州市公安局琊分局"), "")})->value,
      "滁州市公安局琅琊分局");
  EXPECT_TRUE(book.Snap(Read("伊川县公安局"), "")->alone);
  EXPECT_TRUE(book.Snap(Read("伊在县公安局"), "650522")->alone);
  EXPECT_EQ(TrustedMatch({lost, book.Snap(Read("伊川县公安局"), "")})->value,
            "伊川县公安局");
}

TEST(SnapByAlternativesTest, RareIdeographsOfAClosedList) {
  const std::vector<std::string>& eth = EthnicityNames();
  EXPECT_EQ(eth.size(), 56u);
  EXPECT_EQ(SnapByAlternatives(Read("薄", 0.8, {{0, "彝"}}), eth, 1), "彝");
  EXPECT_EQ(SnapByAlternatives(Read("薄"), eth, 1), std::nullopt);
  EXPECT_EQ(SnapByAlternatives(Read("维吾尔"), eth, 1), "维吾尔");
  EXPECT_EQ(SnapByAlternatives(Read("维寿尔", 0.8, {{1, "吾"}}), eth, 1),
            "维吾尔");
  // Two names offered at once: neither is taken.
  EXPECT_EQ(SnapByAlternatives(Read("薄", 0.8, {{0, "彝"}, {0, "藏"}}), eth, 1),
            std::nullopt);
  EXPECT_EQ(SnapByAlternatives(Read(""), eth, 1), std::nullopt);
}

TEST(MatchNameTest, TheClaimIsTakenOnlyWhereOcrOffersIt) {
  struct Case {
    const char* name;
    OcrResult read;
    std::string claim;
    std::optional<std::string> want;
    bool noted;
  };
  const Case cases[] = {
      {"no claim", Read("杜莉"), "", "杜莉", false},
      {"agrees", Read("杜莉"), "杜莉", "杜莉", false},
      {"misread, claim among alternatives", Read("杜者", 0.9, {{1, "莉"}}),
       "杜莉", "杜莉", true},
      {"differs, claim not offered", Read("杜者"), "杜莉", "杜者", false},
      {"two repairs are too many", Read("壮者", 0.9, {{0, "杜"}, {1, "莉"}}),
       "杜莉", "壮者", false},
      {"lost middle dot", Read("阿布力米热合曼江"), "阿布力米·热合曼江",
       "阿布力米·热合曼江", false},
      {"another length", Read("杜莉莉"), "杜莉", "杜莉莉", false},
  };
  for (const Case& c : cases) {
    const NameMatch m = MatchName(c.read, c.claim);
    EXPECT_EQ(m.value, c.want) << c.name;
    EXPECT_EQ(!m.note.empty(), c.noted) << c.name;
  }
  EXPECT_GE(MatchName(Read("杜莉", 0.3), "杜莉").confidence, 0.9);
  EXPECT_LT(MatchName(Read("杜莉", 0.3), "").confidence, 0.5);
}

TEST(DivisionsNamedByTest, TheCountyAnAddressNamesNotItsCity) {
  const Knowledge k = KnowledgeFromDivisions(kTsv);
  EXPECT_EQ(DivisionsNamedBy(k, "河南省洛阳市伊川县人民路8号"),
            std::vector<std::string>{"410329"});
  EXPECT_EQ(DivisionsNamedBy(k, "河南省洛阳市西工区人民路8号"),
            std::vector<std::string>{"410300"});
  EXPECT_EQ(DivisionsNamedBy(k, "北京市东城区东四十条9号"),
            std::vector<std::string>{"110101"});
  EXPECT_TRUE(DivisionsNamedBy(k, "洛阳市伊川县人民路8号").empty());
  ASSERT_NE(FindDivision(k, "341102"), nullptr);
  EXPECT_EQ(FindDivision(k, "341102")->county, "琅琊区");
  EXPECT_EQ(FindDivision(k, "341103"), nullptr);
}

}  // namespace
}  // namespace beian::ocr
