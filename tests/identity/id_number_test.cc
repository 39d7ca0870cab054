#include "beian/identity/id_number.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "beian/identity/division_table.h"

// All numbers here are synthetic (generated with valid check characters) or
// the published test vectors of GB 11643-1999.
namespace beian {
namespace {

using std::chrono::year;
using std::chrono::year_month_day;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

constexpr year_month_day kToday{year{2026}, std::chrono::January,
                                std::chrono::day{15}};

std::vector<std::string> Codes(const Problems& problems) {
  std::vector<std::string> codes;
  for (const Problem& p : problems) codes.push_back(p.code);
  return codes;
}

DivisionTable SmallTable() {
  StatusOr<DivisionTable> table = DivisionTable::Parse(
      "110101\t北京市\t\t东城区\n"
      "110105\t北京市\t\t朝阳区\n"
      "340524\t测试省\t测试市\t测试县\n"  // synthetic row
      "510682\t四川省\t德阳市\t什邡市\n"
      "650102\t新疆维吾尔自治区\t乌鲁木齐市\t天山区\n"
      "810000\t香港特别行政区\t\t\n");
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  return std::move(table).value();
}

TEST(ComputeCheckCharacterTest, MatchesPublishedVectors) {
  EXPECT_EQ(ComputeCheckCharacter("11010519491231002"), 'X');
  EXPECT_EQ(ComputeCheckCharacter("44052418800101001"), '4');
  EXPECT_EQ(ComputeCheckCharacter("34052419800101001"), 'X');
  EXPECT_EQ(ComputeCheckCharacter("51068219800101001"), '0');
  EXPECT_EQ(ComputeCheckCharacter("11010119900307123"), '3');
}

TEST(ConvertLegacyIdNumberTest, InsertsCenturyAndAppendsCheck) {
  EXPECT_EQ(ConvertLegacyIdNumber("510682800101001"), "510682198001010010");
  EXPECT_EQ(ConvertLegacyIdNumber("110101650707123"), "110101196507071233");
  EXPECT_EQ(ConvertLegacyIdNumber("51068280010100"), "");
  EXPECT_EQ(ConvertLegacyIdNumber("51068280010100X"), "");
  EXPECT_EQ(ConvertLegacyIdNumber("510682198001010010"), "");
}

struct ValidCase {
  const char* id;
  const char* normalized;
  IdDocumentKind kind;
  year_month_day birth;
  Sex sex;
  const char* division_name;
  std::vector<std::string> codes;
};

void PrintTo(const ValidCase& c, std::ostream* os) { *os << c.id; }

class ValidIdTest : public ::testing::TestWithParam<ValidCase> {};

TEST_P(ValidIdTest, DecodesFields) {
  const ValidCase& c = GetParam();
  const DivisionTable table = SmallTable();
  const IdCheck check = ValidateIdNumber(c.id, &table, kToday);
  EXPECT_THAT(Codes(check.problems), ElementsAreArray(c.codes));
  ASSERT_TRUE(check.info.has_value());
  EXPECT_EQ(check.info->normalized, c.normalized);
  EXPECT_EQ(check.info->kind, c.kind);
  EXPECT_EQ(check.info->birth_date, c.birth);
  EXPECT_EQ(check.info->sex, c.sex);
  EXPECT_EQ(check.info->division_code, std::string(c.normalized).substr(0, 6));
  EXPECT_EQ(check.info->division_name, c.division_name);
}

using enum IdDocumentKind;
constexpr auto kJan = std::chrono::January;

INSTANTIATE_TEST_SUITE_P(
    Vectors, ValidIdTest,
    ::testing::Values(ValidCase{"11010519491231002X",
                                "11010519491231002X",
                                kResidentCard,
                                year{1949} / 12 / 31,
                                Sex::kFemale,
                                "北京市朝阳区",
                                {}},
                      ValidCase{"440524188001010014",
                                "440524188001010014",
                                kResidentCard,
                                year{1880} / kJan / 1,
                                Sex::kMale,
                                "",
                                {"id_unknown_division"}},
                      ValidCase{"34052419800101001X",
                                "34052419800101001X",
                                kResidentCard,
                                year{1980} / kJan / 1,
                                Sex::kMale,
                                "测试省测试市测试县",
                                {}},
                      // Lenient: a lower-case x is accepted and normalised.
                      ValidCase{"11010519491231002x",
                                "11010519491231002X",
                                kResidentCard,
                                year{1949} / 12 / 31,
                                Sex::kFemale,
                                "北京市朝阳区",
                                {}},
                      ValidCase{"510682800101001",
                                "510682198001010010",
                                kLegacyResidentCard,
                                year{1980} / kJan / 1,
                                Sex::kMale,
                                "四川省德阳市什邡市",
                                {"id_legacy_15"}},
                      ValidCase{"810000198506150020",
                                "810000198506150020",
                                kHkMacaoTaiwanResidence,
                                year{1985} / 6 / 15,
                                Sex::kFemale,
                                "香港特别行政区",
                                {}},
                      ValidCase{"820000197001010038",
                                "820000197001010038",
                                kHkMacaoTaiwanResidence,
                                year{1970} / kJan / 1,
                                Sex::kMale,
                                "",
                                {"id_unknown_division"}},
                      ValidCase{"91101219880808118X",
                                "91101219880808118X",
                                kForeignPermanentResident,
                                year{1988} / 8 / 8,
                                Sex::kFemale,
                                "",
                                {}},
                      // Born today is still a valid date.
                      ValidCase{"110101202601150024",
                                "110101202601150024",
                                kResidentCard,
                                year{2026} / kJan / 15,
                                Sex::kFemale,
                                "北京市东城区",
                                {}}));

TEST(ValidateIdNumberTest, LegacyProblemIsInfo) {
  const IdCheck check = ValidateIdNumber("510682800101001", nullptr, kToday);
  ASSERT_EQ(check.problems.size(), 1u);
  EXPECT_EQ(check.problems[0].severity, Severity::kInfo);
}

TEST(ValidateIdNumberTest, UnknownDivisionIsWarningOnlyWithATable) {
  const DivisionTable table = SmallTable();
  const IdCheck with_table =
      ValidateIdNumber("440524194912310027", &table, kToday);
  ASSERT_EQ(with_table.problems.size(), 1u);
  EXPECT_EQ(with_table.problems[0].code, "id_unknown_division");
  EXPECT_EQ(with_table.problems[0].severity, Severity::kWarning);
  EXPECT_THAT(with_table.problems[0].detail, HasSubstr("440524"));
  EXPECT_TRUE(
      ValidateIdNumber("440524194912310027", nullptr, kToday).problems.empty());
}

TEST(ValidateIdNumberTest, WrongCheckDigitKeepsInfo) {
  const IdCheck check = ValidateIdNumber("510682198001010011", nullptr, kToday);
  EXPECT_THAT(Codes(check.problems), ElementsAreArray({"id_check_digit"}));
  EXPECT_EQ(check.problems[0].severity, Severity::kBlocking);
  EXPECT_THAT(check.problems[0].detail, HasSubstr("校验位应为 0"));
  ASSERT_TRUE(check.info.has_value());
  EXPECT_EQ(check.info->normalized, "510682198001010011");
  EXPECT_EQ(check.info->birth_date, year{1980} / kJan / 1);
}

struct RejectCase {
  const char* id;
  std::vector<std::string> codes;
};

void PrintTo(const RejectCase& c, std::ostream* os) { *os << c.id; }

class RejectedIdTest : public ::testing::TestWithParam<RejectCase> {};

TEST_P(RejectedIdTest, HasNoInfo) {
  const IdCheck check = ValidateIdNumber(GetParam().id, nullptr, kToday);
  EXPECT_THAT(Codes(check.problems), ElementsAreArray(GetParam().codes));
  EXPECT_FALSE(check.info.has_value());
  for (const Problem& p : check.problems) {
    if (p.code == "id_legacy_15") continue;
    EXPECT_EQ(p.severity, Severity::kBlocking) << p.code;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, RejectedIdTest,
    ::testing::Values(
        RejectCase{"", {"id_format"}},
        RejectCase{"51068219800101001", {"id_format"}},    // 17
        RejectCase{"5106821980010100100", {"id_format"}},  // 19
        RejectCase{"5106821980X1010010", {"id_format"}},   // X inside
        RejectCase{"51068219800101001Y", {"id_format"}},   // letter
        RejectCase{"51068280010100X", {"id_format"}},      // 15 with X
        RejectCase{"５１０６８２１９８００１０１００１０", {"id_format"}},
        RejectCase{"11010119800230001X", {"id_birth_date"}},  // 30 Feb
        RejectCase{"110101203001010014", {"id_birth_date"}},  // future
        RejectCase{"11010120260116002X", {"id_birth_date"}},  // tomorrow
        RejectCase{"110101187912310010", {"id_birth_date"}},  // before 1880
        // Both wrong: both reported at once.
        RejectCase{"110101198002300011", {"id_birth_date", "id_check_digit"}},
        RejectCase{"510682801301001", {"id_legacy_15", "id_birth_date"}}));

TEST(ValidateIdNumberTest, FormatDetailSaysWhatIsWrong) {
  EXPECT_THAT(
      ValidateIdNumber("51068219800101001", nullptr, kToday).problems[0].detail,
      HasSubstr("17"));
  EXPECT_THAT(ValidateIdNumber("5106821980X1010010", nullptr, kToday)
                  .problems[0]
                  .detail,
              HasSubstr("X"));
}

TEST(IdDocumentKindNameTest, NamesEveryKind) {
  EXPECT_STREQ(IdDocumentKindName(kResidentCard), "resident_card");
  EXPECT_STREQ(IdDocumentKindName(kLegacyResidentCard), "legacy_resident_card");
  EXPECT_STREQ(IdDocumentKindName(kHkMacaoTaiwanResidence),
               "hk_macao_taiwan_residence");
  EXPECT_STREQ(IdDocumentKindName(kForeignPermanentResident),
               "foreign_permanent_resident");
}

TEST(MaskIdNumberTest, KeepsEndsOnly) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"51068219800101001X", "5106**********001X"},
      {"510682800101001", "5106*******1001"},
      {"123456789", "1234*6789"},
      {"12345678", "12****78"},
      {"1234567", "1*****7"},
      {"1234", "1**4"},
      {"123", "***"},
      {"", ""},
  };
  for (const auto& [id, masked] : cases) {
    EXPECT_EQ(MaskIdNumber(id), masked) << id;
    EXPECT_EQ(MaskIdNumber(id).size(), id.size()) << id;
  }
}

}  // namespace
}  // namespace beian
