#include "beian/identity/division_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace beian {
namespace {

using ::testing::HasSubstr;

constexpr char kSmall[] =
    "# comment line\n"
    "110000\t北京市\t\t\n"
    "110101\t北京市\t\t东城区\n"
    "\n"
    "441900\t广东省\t东莞市\t\n"
    "441900\t广东省\t东莞市\t东莞市\n"
    "510682\t四川省\t德阳市\t什邡市\r\n";

TEST(DivisionTableTest, ParsesAndConcatenatesNames) {
  StatusOr<DivisionTable> table = DivisionTable::Parse(kSmall);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->size(), 4u);
  EXPECT_EQ(table->Lookup("510682"), "四川省德阳市什邡市");
  EXPECT_EQ(table->Lookup("110101"), "北京市东城区");
  EXPECT_EQ(table->Lookup("110000"), "北京市");
  // A repeated code keeps its first row.
  EXPECT_EQ(table->Lookup("441900"), "广东省东莞市");
}

TEST(DivisionTableTest, UnknownCodesAreNotFound) {
  StatusOr<DivisionTable> table = DivisionTable::Parse(kSmall);
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->Lookup("440524"), std::nullopt);
  EXPECT_EQ(table->Lookup("51068"), std::nullopt);
  EXPECT_EQ(table->Lookup(""), std::nullopt);
  EXPECT_EQ(table->Lookup("5106821"), std::nullopt);
}

TEST(DivisionTableTest, EmptyInputIsAnEmptyTable) {
  StatusOr<DivisionTable> table = DivisionTable::Parse("# only\n\n");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->size(), 0u);
}

struct MalformedCase {
  const char* tsv;
  const char* line;  // "line N" expected in the message
};

class MalformedTableTest : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedTableTest, NamesTheLine) {
  StatusOr<DivisionTable> table = DivisionTable::Parse(GetParam().tsv);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(table.status().message(), HasSubstr(GetParam().line));
}

INSTANTIATE_TEST_SUITE_P(
    Lines, MalformedTableTest,
    ::testing::Values(
        MalformedCase{"110101 北京市 东城区\n", "line 1"},         // spaces
        MalformedCase{"# c\n110101\t北京市\t东城区\n", "line 2"},  // 3 fields
        MalformedCase{"110101\t北京市\t\t东城区\textra\n", "line 1"},
        MalformedCase{"\n\n11010\t北京市\t\t东城区\n", "line 3"},
        MalformedCase{"11010a\t北京市\t\t东城区\n", "line 1"},
        MalformedCase{"110101\t\t\t东城区\n", "line 1"}));

TEST(DivisionTableTest, LoadFileNamesTheFileOnError) {
  StatusOr<DivisionTable> missing =
      DivisionTable::LoadFile("/nonexistent/divisions.tsv");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kIoError);
  EXPECT_THAT(missing.status().message(),
              HasSubstr("/nonexistent/divisions.tsv"));
}

TEST(DivisionTableTest, LoadsTheRealTable) {
  StatusOr<DivisionTable> table =
      DivisionTable::LoadFile(BEIAN_SOURCE_DIR "/config/divisions.tsv");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_GT(table->size(), 3000u);
  EXPECT_EQ(table->Lookup("510682"), "四川省德阳市什邡市");
  EXPECT_EQ(table->Lookup("110101"), "北京市东城区");
  EXPECT_EQ(table->Lookup("810000"), "香港特别行政区");
  EXPECT_EQ(table->Lookup("820000"), "澳门特别行政区");
  EXPECT_EQ(table->Lookup("830000"), "台湾省");
  EXPECT_EQ(table->Lookup("441900"), "广东省东莞市");
  // Historical codes (GB 11643 test vectors) are not in the current table.
  EXPECT_EQ(table->Lookup("440524"), std::nullopt);
  EXPECT_EQ(table->Lookup("340524"), std::nullopt);
}

}  // namespace
}  // namespace beian
