#include "beian/identity/subject_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

// Every person and number here is synthetic; the numbers carry valid check
// characters unless a row says otherwise.
namespace beian {
namespace {

using ::testing::Contains;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

constexpr char kId[] = "510682198001010010";
constexpr char kIdX[] = "51068219850312101X";
constexpr char kPurpose[] = "跨省异地就医备案";
constexpr char kMissingId[] = "subject_missing_id";
constexpr char kMissingName[] = "subject_missing_name";
constexpr char kMissingPurpose[] = "subject_missing_purpose";
constexpr char kUnparseable[] = "subject_unparseable";

std::vector<std::string> Codes(const Problems& problems) {
  std::vector<std::string> codes;
  for (const Problem& p : problems) codes.push_back(p.code);
  return codes;
}

struct SubjectCase {
  std::string subject;
  std::string name;
  std::string id_number;
  std::string purpose;
  std::vector<std::string> codes;
};

void PrintTo(const SubjectCase& c, std::ostream* os) { *os << c.subject; }

class ParseSubjectTest : public ::testing::TestWithParam<SubjectCase> {};

TEST_P(ParseSubjectTest, RecoversTheClaim) {
  const SubjectCase& c = GetParam();
  const SubjectParse p = ParseSubject(c.subject);
  EXPECT_EQ(p.claim.name, c.name);
  EXPECT_EQ(p.claim.id_number, c.id_number);
  EXPECT_EQ(p.claim.purpose, c.purpose);
  EXPECT_THAT(Codes(p.problems), ElementsAreArray(c.codes));
  EXPECT_GE(p.confidence, 0.0);
  EXPECT_LE(p.confidence, 1.0);
}

const std::vector<SubjectCase> kCases = {
    // Canonical form and reply/forward prefixes.
    {"张三+510682198001010010+跨省异地就医备案", "张三", kId, kPurpose, {}},
    {"Re: 张三+510682198001010010+跨省异地就医备案", "张三", kId, kPurpose, {}},
    {"re:张三+510682198001010010+跨省异地就医备案", "张三", kId, kPurpose, {}},
    {"RE: Fw: 张三+510682198001010010+跨省异地就医备案",
     "张三",
     kId,
     kPurpose,
     {}},
    {"回复:转发:张三+510682198001010010+跨省异地就医备案",
     "张三",
     kId,
     kPurpose,
     {}},
    {"Fwd：张三+510682198001010010+跨省异地就医备案",
     "张三",
     kId,
     kPurpose,
     {}},
    {"ＲＥ：答复： 张三+510682198001010010+跨省异地就医备案",
     "张三",
     kId,
     kPurpose,
     {}},
    {"Re: Re: Re: 张三+510682198001010010+跨省异地就医备案",
     "张三",
     kId,
     kPurpose,
     {}},
    // The header's example (its number is not checked here).
    {"回复：张三＋51068219800101001x 跨省备案",
     "张三",
     "51068219800101001X",
     "跨省备案",
     {}},
    // Separators.
    {"张三510682198001010010跨省异地就医备案", "张三", kId, kPurpose, {}},
    {"张三_510682198001010010_跨省异地就医备案", "张三", kId, kPurpose, {}},
    {"张三、510682198001010010、跨省异地就医备案", "张三", kId, kPurpose, {}},
    {"张三，510682198001010010，跨省异地就医备案", "张三", kId, kPurpose, {}},
    {"张三,510682198001010010,跨省异地就医备案", "张三", kId, kPurpose, {}},
    {"张三 510682198001010010 跨省异地就医备案", "张三", kId, kPurpose, {}},
    {"张三\u3000510682198001010010\u3000跨省异地就医备案",
     "张三",
     kId,
     kPurpose,
     {}},
    {" 张三 + 510682198001010010 + 跨省异地就医备案 ",
     "张三",
     kId,
     kPurpose,
     {}},
    {"【跨省异地就医备案】张三510682198001010010", "张三", kId, kPurpose, {}},
    // Order.
    {"510682198001010010+张三+跨省异地就医备案", "张三", kId, kPurpose, {}},
    {"跨省异地就医备案-510682198001010010-张三", "张三", kId, kPurpose, {}},
    {"510682198001010010跨省异地就医备案张三", "张三", kId, kPurpose, {}},
    {"跨省异地就医备案申请 张三 510682198001010010", "张三", kId, kPurpose, {}},
    // Full-width characters and lower-case x.
    {"张三＋５１０６８２１９８００１０１００１０＋跨省异地就医备案",
     "张三",
     kId,
     kPurpose,
     {}},
    {"张三+51068219850312101x+跨省异地就医备案", "张三", kIdX, kPurpose, {}},
    {"张三+51068219850312101Ｘ+跨省异地就医备案", "张三", kIdX, kPurpose, {}},
    // Purpose variants.
    {"张三+510682198001010010+异地就医备案", "张三", kId, "异地就医备案", {}},
    {"张三+510682198001010010+跨省备案", "张三", kId, "跨省备案", {}},
    {"张三+510682198001010010+跨省异地就医", "张三", kId, "跨省异地就医", {}},
    {"张三+510682198001010010+异地备案", "张三", kId, "异地备案", {}},
    {"张三+510682198001010010+就医备案", "张三", kId, "就医备案", {}},
    {"李四+510682198001010010+跨省异地就医备案表", "李四", kId, kPurpose, {}},
    {"张三+510682198001010010", "张三", kId, "", {kMissingPurpose}},
    // Names with noise words around them.
    {"张三的跨省异地就医备案申请", "张三", "", kPurpose, {kMissingId}},
    {"姓名：张三 身份证号：510682198001010010 跨省异地就医备案",
     "张三",
     kId,
     kPurpose,
     {}},
    {"欧阳娜娜+11010119900307109X+跨省异地就医备案",
     "欧阳娜娜",
     "11010119900307109X",
     kPurpose,
     {}},
    {"张三+510682198001010010+跨省异地就医备案+谢谢",
     "张三",
     kId,
     kPurpose,
     {}},
    // Minority names: every middle dot variant becomes U+00B7.
    {"阿依古丽·买买提+650102197811112227+跨省异地就医备案",
     "阿依古丽·买买提",
     "650102197811112227",
     kPurpose,
     {}},
    {"阿依古丽•买买提+650102197811112227+跨省异地就医备案",
     "阿依古丽·买买提",
     "650102197811112227",
     kPurpose,
     {}},
    {"阿依古丽・买买提+650102197811112227+跨省异地就医备案",
     "阿依古丽·买买提",
     "650102197811112227",
     kPurpose,
     {}},
    {"阿依古丽．买买提+650102197811112227+跨省异地就医备案",
     "阿依古丽·买买提",
     "650102197811112227",
     kPurpose,
     {}},
    {"阿依古丽‧买买提+650102197811112227+跨省异地就医备案",
     "阿依古丽·买买提",
     "650102197811112227",
     kPurpose,
     {}},
    {"阿依古丽･买买提+650102197811112227+跨省异地就医备案",
     "阿依古丽·买买提",
     "650102197811112227",
     kPurpose,
     {}},
    {"阿依古丽.买买提 650102197811112227 跨省异地就医备案",
     "阿依古丽·买买提",
     "650102197811112227",
     kPurpose,
     {}},
    {"·阿依古丽··买买提·+650102197811112227+跨省异地就医备案",
     "阿依古丽·买买提",
     "650102197811112227",
     kPurpose,
     {}},
    // Other documents and legacy numbers.
    {"张三+510682800101001+跨省异地就医备案",
     "张三",
     "510682800101001",
     kPurpose,
     {}},
    {"陈大文+810000198506150020+跨省异地就医备案",
     "陈大文",
     "810000198506150020",
     kPurpose,
     {}},
    {"约翰+91101219880808118X+跨省异地就医备案",
     "约翰",
     "91101219880808118X",
     kPurpose,
     {}},
    // Near misses stay visible as written; ValidateIdNumber reports them.
    {"张三+51068219800101001+跨省异地就医备案",
     "张三",
     "51068219800101001",
     kPurpose,
     {}},
    {"张三+5106821980010100101+跨省异地就医备案",
     "张三",
     "5106821980010100101",
     kPurpose,
     {}},
    {"张三+5106821980x1010010+跨省异地就医备案",
     "张三",
     "5106821980X1010010",
     kPurpose,
     {}},
    {"张三 510682 19800101 0010 跨省异地就医备案", "张三", kId, kPurpose, {}},
    {"张三+510682198001010010+51068219850312101X+跨省异地就医备案",
     "张三",
     kId,
     kPurpose,
     {}},
    // Missing parts.
    {"张三+13800138000+跨省异地就医备案", "张三", "", kPurpose, {kMissingId}},
    {"510682198001010010+跨省异地就医备案", "", kId, kPurpose, {kMissingName}},
    {"张+510682198001010010+跨省异地就医备案",
     "",
     kId,
     kPurpose,
     {kMissingName}},
    {"510682198001010010", "", kId, "", {kMissingName, kMissingPurpose}},
    {"张三", "张三", "", "", {kMissingId, kMissingPurpose}},
    {"跨省异地就医备案", "", "", kPurpose, {kUnparseable}},
    {"", "", "", "", {kUnparseable, kMissingPurpose}},
    {"Re:", "", "", "", {kUnparseable, kMissingPurpose}},
    {"hello world", "", "", "", {kUnparseable, kMissingPurpose}},
    {"请帮忙办理医保", "", "", "", {kUnparseable, kMissingPurpose}},
    {"麻烦帮我办理一下", "", "", "", {kUnparseable, kMissingPurpose}},
    {"\xff\xfe\x80\xd5\xc5", "", "", "", {kUnparseable, kMissingPurpose}},
};

INSTANTIATE_TEST_SUITE_P(Subjects, ParseSubjectTest,
                         ::testing::ValuesIn(kCases));

TEST(ParseSubjectNotesTest, CanonicalFormIsFullyConfident) {
  const SubjectParse p =
      ParseSubject("张三+510682198001010010+跨省异地就医备案");
  EXPECT_EQ(p.confidence, 1.0);
  EXPECT_TRUE(p.notes.empty());
  EXPECT_TRUE(p.problems.empty());
}

TEST(ParseSubjectNotesTest, EveryRepairLowersConfidence) {
  for (const SubjectCase& c : kCases) {
    const size_t x = c.id_number.find('X');
    const bool canonical =
        c.subject == c.name + "+" + c.id_number + "+" + kPurpose &&
        c.id_number.size() == 18 && (x == std::string::npos || x == 17);
    const SubjectParse p = ParseSubject(c.subject);
    EXPECT_EQ(p.confidence == 1.0, canonical) << c.subject;
    EXPECT_EQ(p.notes.empty() && p.problems.empty(), canonical) << c.subject;
  }
}

TEST(ParseSubjectNotesTest, MoreRepairsMeanLessConfidence) {
  const double one_prefix =
      ParseSubject("Re: 张三+510682198001010010+跨省异地就医备案").confidence;
  const double many_repairs =
      ParseSubject("回复：张三＋51068219850312101x 跨省备案").confidence;
  const double missing_id = ParseSubject("张三的跨省异地就医备案").confidence;
  EXPECT_GT(one_prefix, many_repairs);
  EXPECT_GT(many_repairs, missing_id);
  EXPECT_EQ(ParseSubject("hello").confidence, 0.0);
}

struct NoteCase {
  std::string subject;
  std::string note;
};

class ParseSubjectNoteTest : public ::testing::TestWithParam<NoteCase> {};

TEST_P(ParseSubjectNoteTest, RecordsTheRepair) {
  EXPECT_THAT(ParseSubject(GetParam().subject).notes,
              Contains(HasSubstr(GetParam().note)));
}

INSTANTIATE_TEST_SUITE_P(
    Repairs, ParseSubjectNoteTest,
    ::testing::Values(
        NoteCase{"回复：张三+510682198001010010+跨省异地就医备案",
                 "removed prefix 回复:"},
        NoteCase{"张三+５１０６８２１９８００１０１００１０+跨省异地就医备案",
                 "folded full-width"},
        NoteCase{"张三510682198001010010跨省异地就医备案", "no separators"},
        NoteCase{"张三 510682198001010010 跨省异地就医备案",
                 "separators other than +"},
        NoteCase{"510682198001010010+张三+跨省异地就医备案",
                 "parts in another order"},
        NoteCase{"张三+51068219850312101x+跨省异地就医备案", "lower-case x"},
        NoteCase{"阿依古丽•买买提+650102197811112227+跨省异地就医备案",
                 "normalised middle dot"},
        NoteCase{"张三+510682800101001+跨省异地就医备案", "15-digit legacy"},
        NoteCase{"张三+51068219800101001+跨省异地就医备案",
                 "number has 17 characters"},
        NoteCase{"张三 510682 19800101 0010 跨省异地就医备案",
                 "joined digit groups"},
        NoteCase{"张三+510682198001010010+跨省备案",
                 "purpose variant 跨省备案"},
        NoteCase{"张三的跨省异地就医备案申请", "ignored 申请"},
        NoteCase{"张三+510682198001010010+51068219850312101X", "more than one"},
        NoteCase{"a\xff+张三+510682198001010010", "invalid UTF-8"}));

TEST(ParseSubjectProblemsTest, SeveritiesAndDetails) {
  const SubjectParse p = ParseSubject("");
  ASSERT_EQ(p.problems.size(), 2u);
  EXPECT_EQ(p.problems[0].severity, Severity::kBlocking);
  EXPECT_EQ(p.problems[1].severity, Severity::kWarning);
  EXPECT_FALSE(p.problems[0].detail.empty());
  const SubjectParse name_only = ParseSubject("张三+跨省异地就医备案");
  ASSERT_EQ(name_only.problems.size(), 1u);
  EXPECT_EQ(name_only.problems[0].severity, Severity::kBlocking);
}

// Arbitrary bytes never crash or hang, and the claim is always well formed.
TEST(ParseSubjectRobustnessTest, RandomBytes) {
  std::mt19937 rng(20260115);
  const std::string alphabet[] = {"张",   "三", "·",    "+",    "1",  "0",
                                  "X",    "x",  "跨省", "备案", " ",  "\xff",
                                  "\xe5", ":",  "Re",   "．",   "５", "\x80"};
  for (int round = 0; round < 2000; ++round) {
    std::string subject;
    const int pieces = static_cast<int>(rng() % 40);
    for (int i = 0; i < pieces; ++i) {
      subject += rng() % 4 == 0 ? std::string(1, static_cast<char>(rng()))
                                : alphabet[rng() % std::size(alphabet)];
    }
    const SubjectParse p = ParseSubject(subject);
    EXPECT_EQ(p.claim.id_number.find('x'), std::string::npos) << subject;
    EXPECT_GE(p.confidence, 0.0);
    EXPECT_LE(p.confidence, 1.0);
    EXPECT_EQ(p.claim.name.empty() && p.claim.id_number.empty(),
              !p.problems.empty() && p.problems[0].code == kUnparseable)
        << subject;
  }
}

TEST(ParseSubjectRobustnessTest, LongInputsStayLinear) {
  const std::vector<std::string> inputs = {
      std::string(1 << 20, '1'),
      std::string(1 << 20, '.'),
      [] {
        std::string s;
        for (int i = 0; i < 100000; ++i) s += "1 ";
        return s;
      }(),
      [] {
        std::string s;
        for (int i = 0; i < 100000; ++i) s += "Re:";
        return s + "张三";
      }(),
      [] {
        std::string s;
        for (int i = 0; i < 100000; ++i) s += "张·";
        return s;
      }(),
  };
  for (const std::string& input : inputs) {
    const auto start = std::chrono::steady_clock::now();
    const SubjectParse p = ParseSubject(input);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_FALSE(p.problems.empty());
    // Generous: a quadratic scan of 1 MB would take minutes.
    EXPECT_LT(elapsed, std::chrono::seconds(10)) << input.substr(0, 20);
  }
}

}  // namespace
}  // namespace beian
