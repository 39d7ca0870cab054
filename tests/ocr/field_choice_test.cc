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

// The labels' reading of an address lost its first line and garbled the
// start of the next (or lost its last line); the rest agrees with the
// template's reading, which is then taken — but not when the two differ in
// what both read.
TEST(ChooseFieldsTest, APartialAddressReadingAgreesWithTheWholeOne) {
  const std::string whole = "新疆维吾尔自治区铁门关市滨江路227号9栋1单元1908号";
  auto content = [](const std::string& seen) {
    FieldCollector c(0.6);
    c.Add("address", seen, 0.3, seen, "the start is no province");
    return c;
  };
  EXPECT_EQ(Value(Choose(content("上区市滨江路227号9栋1单元1908号"),
                         Reading({{"address", whole}}), true),
                  "address"),
            whole);
  EXPECT_EQ(Value(Choose(content("新疆维吾尔自治区铁门关市滨江路22"),
                         Reading({{"address", whole}}), true),
                  "address"),
            whole);
  const std::string village = "四川省广安市邻水县胜利镇胜利村4组57号";
  EXPECT_EQ(Value(Choose(content("四川省广安市"),
                         Reading({{"address", village}}), true),
                  "address"),
            village);
  EXPECT_EQ(Value(Choose(content("上区市滨江路277号9栋1单元1908号"),
                         Reading({{"address", whole}}), true),
                  "address"),
            "(missing)");
}

// The labels' reading took a remnant of the label in (住此 of 住址 before
// the province; 站· before a name): it agrees with the template's reading.
// A name's first character is no remnant: 郝欣雪 does not second 欣雪.
TEST(ChooseFieldsTest, AReadingWithItsLabelsRemnantAgrees) {
  auto content = [](const std::string& field, const std::string& seen) {
    FieldCollector c(0.6);
    c.Add(field, seen, 0.3, seen, "seen, not trusted");
    return c;
  };
  const std::string address = "陕西省西安市雁塔区电子二路81号24栋3单元2401号";
  EXPECT_EQ(Value(Choose(content("address", "住此" + address),
                         Reading({{"address", address}}), true),
                  "address"),
            address);
  EXPECT_EQ(Value(Choose(content("name", "站·汪航涛"),
                         Reading({{"name", "汪航涛"}}), true),
                  "name"),
            "汪航涛");
  EXPECT_EQ(Value(Choose(content("name", "郝欣雪"), Reading({{"name", "欣雪"}}),
                         true),
                  "name"),
            "(missing)");
}

// The template's reading with a speck after the last 号 agrees with the
// labels' reading; and of two readings that differ, one that starts with
// no province's name (a template misplaced) loses even when confirmed.
TEST(ChooseFieldsTest, AddressesAgreeingButForASpeckAndOnesWithoutAProvince) {
  const std::string address = "浙江省杭州市西湖区文三路49号院17号楼4门106号";
  EXPECT_EQ(Value(Choose(Reading({{"address", address}}),
                         Reading({{"address", address + "人"}}), true),
                  "address"),
            address);
  EXPECT_EQ(Value(Choose(Reading({{"address", address}}),
                         Reading({{"address", "工壹由你佬寡院17号楼4门106号"}}),
                         true),
                  "address"),
            address);
  EXPECT_EQ(Value(Choose(Reading({{"address", address}}),
                         Reading({{"address", "浙江省杭州市西湖区文三路49号"}}),
                         true),
                  "address"),
            "浙江省杭州市西湖区文三路49号");
}

// A number whose code a repair moved to a place the address does not name
// (玉环市 read 331683, solved to 嵊州市's 330683 while another digit was
// misread too) is withdrawn; one the address confirms is kept.
TEST(DistrustDivisionRepairTest, TheAddressMustNameTheRepairedPlace) {
  const Knowledge k = KnowledgeFromDivisions(
      "330683\t浙江省\t绍兴市\t嵊州市\n331083\t浙江省\t台州市\t玉环市\n");
  auto read = [](const std::string& address, const std::string& note) {
    FieldCollector c(0.6);
    c.Add("address", address, 0.9, address);
    c.Add("id_number", "330683199503311638", 0.75, "331683199563311638", note);
    return c;
  };
  const std::string repaired = "repaired 1->0 at 3 (division code)";
  FieldCollector elsewhere = read("浙江省台州市玉环市育才路8号", repaired);
  DistrustDivisionRepair(k, "", elsewhere);
  EXPECT_EQ(Value(elsewhere, "id_number"), "(missing)");
  ASSERT_FALSE(elsewhere.rejected().empty());
  EXPECT_NE(elsewhere.rejected().back().note.find("嵊州市"), std::string::npos);

  FieldCollector named = read("浙江省绍兴市嵊州市育才路8号", repaired);
  DistrustDivisionRepair(k, "", named);
  EXPECT_EQ(Value(named, "id_number"), "330683199503311638");
  // Read as it is, not repaired: the address says nothing against it.
  FieldCollector as_read = read("浙江省台州市玉环市育才路8号", "");
  DistrustDivisionRepair(k, "", as_read);
  EXPECT_EQ(Value(as_read, "id_number"), "330683199503311638");
  // The subject's own number.
  FieldCollector claimed = read("浙江省台州市玉环市育才路8号", repaired);
  DistrustDivisionRepair(k, "330683199503311638", claimed);
  EXPECT_EQ(Value(claimed, "id_number"), "330683199503311638");
}

TEST(CheckAddressTest, AGarbledStartOrASpeckAfterTheNumber) {
  Knowledge k;
  k.places = {"北京市东城区", "福建省厦门市思明区"};
  FieldCollector garbled =
      Reading({{"address", "工壹由你佬寡开生前中了院12号"}});
  CheckAddress(k, garbled);
  EXPECT_EQ(Value(garbled, "address"), "(missing)");
  FieldCollector fine = Reading({{"address", "福建省厦门市思明区厦禾路188号"}});
  CheckAddress(k, fine);
  EXPECT_EQ(Value(fine, "address"), "福建省厦门市思明区厦禾路188号");
  FieldCollector speck =
      Reading({{"address", "福建省厦门市思明区厦禾路188号人"}});
  CheckAddress(k, speck);
  EXPECT_EQ(Value(speck, "address"), "福建省厦门市思明区厦禾路188号");
  FieldCollector unit =
      Reading({{"address", "福建省厦门市思明区厦禾路188号楼"}});
  CheckAddress(k, unit);
  EXPECT_EQ(Value(unit, "address"), "福建省厦门市思明区厦禾路188号楼");
}

}  // namespace
}  // namespace beian::ocr
