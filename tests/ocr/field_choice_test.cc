// The choice between a card's reading by its labels and by the template:
// each field takes the reading that passes its checks, and readings that
// disagree on a field without a check give nothing.
#include "ocr/field_choice.h"

#include <gtest/gtest.h>

#include "beian/identity/id_number.h"

namespace beian::ocr {
namespace {

std::string Number(const std::string& yyyymmdd, const std::string& seq) {
  const std::string body = "510682" + yyyymmdd + seq;
  return body + ComputeCheckCharacter(body);
}

FieldCollector Reading(
    const std::vector<std::pair<std::string, std::string>>& fields) {
  FieldCollector c(0.6);
  for (const auto& [name, value] : fields) c.Add(name, value, 0.9, value);
  return c;
}

std::string Value(const FieldCollector& c, const std::string& name) {
  const FieldReading* f = c.Find(name);
  return f ? f->value : "(missing)";
}

FieldCollector Choose(FieldCollector content, FieldCollector templated,
                      bool confirmed) {
  FieldCollector out(0.6);
  ChooseFields(content, templated, confirmed, CardStrongFields(), out);
  return out;
}

TEST(ChooseFieldsTest, AgreeingReadingsAreKept) {
  const FieldCollector out =
      Choose(Reading({{"name", "张三"}}), Reading({{"name", "张三"}}), false);
  EXPECT_EQ(Value(out, "name"), "张三");
}

TEST(ChooseFieldsTest, ANameTheReadingsDisagreeOnIsLeftOut) {
  FieldCollector out =
      Choose(Reading({{"name", "张三"}}), Reading({{"name", "张王"}}), true);
  EXPECT_EQ(Value(out, "name"), "(missing)");
  ASSERT_FALSE(out.problems().empty());
  EXPECT_EQ(out.problems()[0].code, "field_unreadable");
}

// A name the labels' readings agreed on (checked) outweighs the template's
// single reading; and where the labels are not where the template puts
// them, the template's reading of a field without a check vetoes nothing.
TEST(ChooseFieldsTest, ACheckedReadingOutweighsAnUncheckedOne) {
  FieldCollector content = Reading({{"name", "张三"}});
  content.MarkChecked("name");
  EXPECT_EQ(Value(Choose(std::move(content), Reading({{"name", "张王"}}), true),
                  "name"),
            "张三");
  EXPECT_EQ(Value(Choose(Reading({{"name", "张三"}}),
                         Reading({{"name", "张王"}}), false),
                  "name"),
            "张三");
}

TEST(ChooseFieldsTest, AnUncheckedTemplateReadingNeedsTheLayoutConfirmed) {
  EXPECT_EQ(
      Value(Choose(Reading({}), Reading({{"name", "张三"}}), false), "name"),
      "(missing)");
  EXPECT_EQ(
      Value(Choose(Reading({}), Reading({{"name", "张三"}}), true), "name"),
      "张三");
}

TEST(ChooseFieldsTest, ACheckedTemplateReadingIsTakenAlone) {
  const std::string id = Number("19800101", "123");
  EXPECT_EQ(Value(Choose(Reading({}), Reading({{"id_number", id}}), false),
                  "id_number"),
            id);
}

TEST(ChooseFieldsTest, BirthAndSexFollowTheNumber) {
  const std::string id = Number("19800101", "123");  // 2 odd: 男
  const FieldCollector out = Choose(
      Reading({{"id_number", id}, {"birth", "1980-07-01"}, {"sex", "女"}}),
      Reading({{"birth", "1980-01-01"}}), false);
  EXPECT_EQ(Value(out, "birth"), "1980-01-01");  // the reading that fits
  EXPECT_EQ(Value(out, "sex"), "(missing)");     // none fits
}

TEST(ChooseFieldsTest, TwoValidNumbersThatDifferGiveNone) {
  const FieldCollector out =
      Choose(Reading({{"id_number", Number("19800101", "123")}}),
             Reading({{"id_number", Number("19800101", "125")}}), true);
  EXPECT_EQ(Value(out, "id_number"), "(missing)");
}

TEST(CardFieldsCompleteTest, EveryFieldAndAgreementWithTheNumber) {
  const std::string id = Number("19800101", "123");
  FieldCollector front = Reading({{"name", "张三"},
                                  {"sex", "男"},
                                  {"ethnicity", "汉"},
                                  {"birth", "1980-01-01"},
                                  {"address", "四川省什邡市团结路5号"},
                                  {"id_number", id}});
  EXPECT_TRUE(CardFieldsComplete(front, true, false));
  EXPECT_FALSE(CardFieldsComplete(front, true, true));  // no back fields
  FieldCollector wrong_sex = Reading({{"name", "张三"},
                                      {"sex", "女"},
                                      {"ethnicity", "汉"},
                                      {"birth", "1980-01-01"},
                                      {"address", "四川省什邡市团结路5号"},
                                      {"id_number", id}});
  EXPECT_FALSE(CardFieldsComplete(wrong_sex, true, false));
}

}  // namespace
}  // namespace beian::ocr
