#include "ocr/id_number_repair.h"

#include <gtest/gtest.h>

namespace beian::ocr {
namespace {

std::vector<IdChar> Chars(const std::string& s, double conf = 0.99) {
  std::vector<IdChar> out;
  for (char c : s) out.push_back({c, conf, {}});
  return out;
}

TEST(IdNumberRepairTest, ConsistentNumbers) {
  EXPECT_TRUE(IsConsistentIdNumber("11010519491231002X"));
  EXPECT_TRUE(IsConsistentIdNumber("440524188001010014"));
  EXPECT_FALSE(IsConsistentIdNumber("110105194912310021"));  // check
  EXPECT_FALSE(IsConsistentIdNumber("11010519491331002X"));  // month 13
  EXPECT_FALSE(IsConsistentIdNumber("1101051949123100"));
}

TEST(IdNumberRepairTest, ANumberItsBirthLineContradictsIsDistrusted) {
  IdNumberReading id = ReadIdNumber(Chars("11010519491231002X"), "");
  ASSERT_TRUE(id.valid);
  IdNumberReading same = id;
  DistrustIfBirthDiffers(same, "19491231");
  EXPECT_EQ(same.confidence, id.confidence);
  DistrustIfBirthDiffers(same, "");
  EXPECT_EQ(same.confidence, id.confidence);
  DistrustIfBirthDiffers(id, "19491221");
  EXPECT_LE(id.confidence, 0.5);
  EXPECT_NE(id.note.find("出生"), std::string::npos);
}

struct RepairCase {
  const char* name;
  std::vector<IdChar> chars;
  const char* birth_hint;
  bool valid;
  const char* value;
  const char* note;
};

TEST(IdNumberRepairTest, Table) {
  std::vector<IdChar> alt = Chars("34052419800101011X");  // 17th: 1 misread
  alt[15].alternatives = {{'1', 0.2}, {'0', 0.3}};
  std::vector<IdChar> weak = Chars("34052419800101091X");
  weak[15].confidence = 0.4;
  const RepairCase cases[] = {
      {"already valid", Chars("34052419800101001X"), "", true,
       "34052419800101001X", ""},
      {"alternative", alt, "", true, "34052419800101001X",
       "repaired 1->0 at 16 (alternative)"},
      {"birth hint", Chars("34052419800107001X"), "19800101", true,
       "34052419800101001X", "repaired 7->1 at 14 (birth date on the card)"},
      {"weakest char", weak, "", true, "34052419800101001X",
       "repaired 9->0 at 16 (check character)"},
      {"two birth digits", Chars("34052419860161001X"), "19800101", true,
       "34052419800101001X",
       "repaired 6->0 at 10 (birth date on the card); repaired 6->0 at 13 "
       "(birth date on the card)"},
      {"five birth digits", Chars("34052419666661001X"), "19800101", false,
       "34052419666661001X", ""},
      {"two errors", Chars("34052419800101991X"), "", false,
       "34052419800101991X", ""},
      {"too short", Chars("3405241980010100"), "", false, "3405241980010100",
       ""},
  };
  for (const RepairCase& c : cases) {
    const IdNumberReading r = ReadIdNumber(c.chars, c.birth_hint);
    EXPECT_EQ(r.valid, c.valid) << c.name;
    EXPECT_EQ(r.value, c.value) << c.name;
    EXPECT_EQ(r.note, c.note) << c.name;
    if (!c.valid) {
      EXPECT_LT(r.confidence, 0.5) << c.name;
    }
  }
}

TEST(IdNumberRepairTest, AmbiguousAlternativesAreNotGuessed) {
  // Two different single-character repairs both give a valid number: leave
  // it unread rather than pick one.
  std::vector<IdChar> chars = Chars("34052419800101011X");
  int options = 0;
  for (size_t i = 0; i < 17; ++i) {
    for (char d = '0'; d <= '9'; ++d) {
      std::string s = "34052419800101011X";
      s[i] = d;
      if (d != "34052419800101011X"[i] && IsConsistentIdNumber(s) &&
          options < 2) {
        chars[i].alternatives.push_back({d, 0.3});
        ++options;
      }
    }
  }
  ASSERT_EQ(options, 2);
  EXPECT_FALSE(ReadIdNumber(chars, "").valid);
}

TEST(IdNumberRepairTest, ClaimedNumberOnlyWhereOcrOffersIt) {
  const std::string claim = "34052419800101001X";
  std::vector<IdChar> offered = Chars("34052419800101091X");
  offered[15].alternatives = {{'0', 0.1}};
  const IdNumberReading r = MatchClaimedId(offered, claim, 2);
  EXPECT_TRUE(r.valid);
  EXPECT_EQ(r.value, claim);
  EXPECT_EQ(r.raw, "34052419800101091X");
  EXPECT_NE(r.note.find("34052419800101091X"), std::string::npos);

  EXPECT_FALSE(MatchClaimedId(Chars("34052419800101091X"), claim, 2).valid);
  std::vector<IdChar> three = Chars("34052419800171991X");
  three[12].alternatives = {{'0', 0.1}};
  three[14].alternatives = {{'0', 0.1}};
  three[15].alternatives = {{'0', 0.1}};
  EXPECT_FALSE(MatchClaimedId(three, claim, 2).valid);  // too many
  EXPECT_FALSE(MatchClaimedId(Chars("3405241980010100"), claim, 2).valid);
  // An inconsistent claim is never taken, even when it matches.
  EXPECT_FALSE(
      MatchClaimedId(Chars("340524198001010011"), "340524198001010011", 2)
          .valid);
  const IdNumberReading same = MatchClaimedId(Chars(claim, 0.5), claim, 2);
  EXPECT_TRUE(same.valid);
  EXPECT_TRUE(same.note.empty());
}

TEST(IdNumberRepairTest, DivisionCodeRepairsOneDigitOfTheCode) {
  const std::vector<std::string> codes = {"340524", "510411", "511623"};
  const IdNumberReading r =
      RepairDivisionCode(Chars("516411197112144782"), codes);
  EXPECT_TRUE(r.valid);
  EXPECT_EQ(r.value, "510411197112144782");
  EXPECT_EQ(r.note, "repaired 6->0 at 3 (division code)");
  // A known code is left to the other repairs; no table, no repair.
  EXPECT_FALSE(RepairDivisionCode(Chars("510411197112144783"), codes).valid);
  EXPECT_FALSE(RepairDivisionCode(Chars("516411197112144782"), {}).valid);
  // The change that makes the check agree must land on a known code.
  EXPECT_FALSE(
      RepairDivisionCode(Chars("516411197112144782"), {"340524"}).valid);
}

TEST(IdNumberRepairTest, BirthLineAndDivisionCodeTogether) {
  const std::vector<std::string> codes = {"510822"};
  // Blur turned four 0s into 6s: three in the date, one in the code.
  const IdNumberReading r =
      RepairBirthAndDivision(Chars("516822196662643135"), "19600204", codes);
  EXPECT_TRUE(r.valid);
  EXPECT_EQ(r.value, "510822196002043135");
  EXPECT_EQ(r.raw, "516822196662643135");
  EXPECT_NE(r.note.find("division code"), std::string::npos);
  EXPECT_NE(r.note.find("birth date on the card"), std::string::npos);
  // Without the birth line, or with another code list, nothing is guessed.
  EXPECT_FALSE(
      RepairBirthAndDivision(Chars("516822196662043135"), "", codes).valid);
  EXPECT_FALSE(RepairBirthAndDivision(Chars("516822196662043135"), "19600204",
                                      {"340524"})
                   .valid);
}

TEST(IdNumberRepairTest, RepairFromKnowledgeTriesCodeThenBirthThenClaim) {
  const std::vector<std::string> codes = {"510411", "510822"};
  EXPECT_EQ(
      RepairFromKnowledge(Chars("516411197112144782"), "", codes, "").value,
      "510411197112144782");
  EXPECT_EQ(
      RepairFromKnowledge(Chars("516822196662643135"), "19600204", codes, "")
          .value,
      "510822196002043135");
  std::vector<IdChar> offered = Chars("34052419800101091X");
  offered[15].alternatives = {{'0', 0.1}};
  EXPECT_EQ(RepairFromKnowledge(offered, "", codes, "34052419800101001X").value,
            "34052419800101001X");
  EXPECT_FALSE(
      RepairFromKnowledge(Chars("34052419800101091X"), "", codes, "").valid);
}

// A blurred number with 0 read as 6 in its code, its date and its sequence:
// the address's county, the 出生 line and the check character fix it.
TEST(RepairFromCardTest, TheCardsOtherFieldsFixZerosReadAsSixes) {
  CardFacts facts{"19780222", {"510781"}, 'F'};
  IdNumberReading id = RepairFromCard(Chars("516781197862226389"), facts);
  ASSERT_TRUE(id.valid) << id.note;
  EXPECT_EQ(id.value, "510781197802220389");
  EXPECT_NE(id.note.find("division the address names"), std::string::npos);
}

TEST(RepairFromCardTest, NothingIsGuessedWithoutEveryFact) {
  const std::vector<IdChar> read = Chars("659667197968265648");
  EXPECT_FALSE(RepairFromCard(read, {"", {"659007"}, 'F'}).valid);
  EXPECT_FALSE(RepairFromCard(read, {"19790826", {}, 'F'}).valid);
  // Two places the address could name: which one is not known.
  EXPECT_FALSE(
      RepairFromCard(read, {"19790826", {"659007", "659607"}, 'F'}).valid);
  // Without a change the code or date made, two endings fit: none is taken.
  EXPECT_FALSE(
      RepairFromCard(Chars("510781197802226389"), {"19780222", {"510781"}, 'F'})
          .valid);
  // A digit OCR does not confuse (2 for 9) is not changed.
  EXPECT_FALSE(
      RepairFromCard(Chars("652007197908265048"), {"19790826", {"659007"}, 'F'})
          .valid);
  // 6389 may be 0389 or 6369; the code and the date needed 6 -> 0 too.
  // The sex digit must agree with 性别.
  EXPECT_FALSE(RepairFromCard(read, {"19790826", {"659007"}, 'M'}).valid);
}

}  // namespace
}  // namespace beian::ocr
