#include "ocr/field_parsers.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "ocr/known_names.h"

namespace beian::ocr {
namespace {

using Opt = std::optional<std::string>;

struct Case {
  const char* text;
  Opt want;
};

TEST(FieldParsersTest, ChineseDate) {
  const Case cases[] = {
      {"1962年3月20日", "1962-03-20"},
      {"1962 年 03 月 20 日", "1962-03-20"},
      {"2026年1月5日", "2026-01-05"},
      {"l962年3月2O日", "1962-03-20"},  // l/O misreads
      {"2026-02-08", "2026-02-08"},
      {"1962年2月30日", std::nullopt},  // not a date
      {"1962年3月", std::nullopt},
      {"", std::nullopt},
  };
  for (const Case& c : cases)
    EXPECT_EQ(ParseChineseDate(c.text), c.want) << c.text;
}

TEST(FieldParsersTest, AddressNumbersHaveTheirUnits) {
  EXPECT_TRUE(NumbersHaveUnits("四川省南充市顺庆区文化路268号14栋4单元1833号"));
  EXPECT_TRUE(NumbersHaveUnits("云南省丘北县五里街道金竹村12社25号"));
  EXPECT_TRUE(NumbersHaveUnits("北京市东城区三号院"));
  EXPECT_TRUE(NumbersHaveUnits("四川省什邡市"));
  EXPECT_FALSE(NumbersHaveUnits("文化路268号14称4单元1833号"));  // 栋 misread
  EXPECT_FALSE(NumbersHaveUnits("平昌县中山路号17栋"));          // digits lost
  // A digit read as a letter like it (1 as I, 0 as O) inside a number; a
  // letter that names a building or room stays.
  EXPECT_FALSE(NumbersHaveUnits("重庆市渝中区中山三路186号附1I8号"));
  EXPECT_FALSE(NumbersHaveUnits("文化路2O5号"));
  EXPECT_TRUE(NumbersHaveUnits("望京花园3栋B座1203室"));
  EXPECT_TRUE(NumbersHaveUnits("科技园12A号"));
  EXPECT_TRUE(NumbersHaveUnits("青川县胜利镇北山村7组77"));  // a line may
  EXPECT_FALSE(CompleteAddressHasUnits("青川县胜利镇北山村7组77"));  // 号 lost
  EXPECT_TRUE(CompleteAddressHasUnits("青川县胜利镇北山村7组77号"));
  EXPECT_TRUE(CompleteAddressHasUnits("重庆市渝中区中山三路110号附21号"));
  EXPECT_TRUE(
      CompleteAddressHasUnits("四川省南充市顺庆区文化路268号14栋4单元1833号"));
  EXPECT_TRUE(CompleteAddressHasUnits("北京市朝阳区望京花园A栋12层1203室"));
  EXPECT_FALSE(CompleteAddressHasUnits("梓潼县人民虹82号5栋4单元693号"));  // 路
  EXPECT_FALSE(
      CompleteAddressHasUnits("张店区迎宾路98号2栋单元1528号"));  // 1 lost
  const std::vector<std::string> places = {
      "四川省眉山市彭山区", "广西壮族自治区柳州市融安县", "北京市东城区"};
  EXPECT_TRUE(StartsWithProvince("四川省成都市武侯区一环路1号", places));
  EXPECT_TRUE(StartsWithProvince("北京市海淀区中关村1号", places));
  EXPECT_FALSE(StartsWithProvince("山市彭山区新华镇团结村10组96号", places));
  EXPECT_FALSE(StartsWithProvince("广西县建设镇胜利村11组2号", places));
  EXPECT_TRUE(StartsWithProvince("广西县建设镇", {}));
}

TEST(FieldParsersTest, Validity) {
  using P = std::optional<std::pair<std::string, std::string>>;
  const std::pair<const char*, P> cases[] = {
      {"2006.10.03-长期", P({"2006-10-03", "长期"})},
      {"2014.05.09-2034.05.09", P({"2014-05-09", "2034-05-09"})},
      {"2014.05.09一2034.05.09", P({"2014-05-09", "2034-05-09"})},
      {"2014.05.09-2004.05.09", std::nullopt},  // ends before it starts
      {"2014.05.09-", std::nullopt},
  };
  for (const auto& [text, want] : cases)
    EXPECT_EQ(ParseValidity(text), want) << text;
}

TEST(FieldParsersTest, SexEthnicityName) {
  EXPECT_EQ(ParseSex("女"), Opt("女"));
  EXPECT_EQ(ParseSex(" 男 "), Opt("男"));
  EXPECT_EQ(ParseSex("男女"), std::nullopt);
  EXPECT_EQ(ParseSex(""), std::nullopt);
  EXPECT_EQ(ParseEthnicity("汉"), Opt("汉"));
  EXPECT_EQ(ParseEthnicity("维吾尔"), Opt("维吾尔"));
  EXPECT_EQ(ParseEthnicity("土家族"), Opt("土家"));
  EXPECT_EQ(ParseEthnicity("汉口水"), std::nullopt);  // extra characters
  EXPECT_EQ(CleanName("邵 婷桂"), Opt("邵婷桂"));
  EXPECT_EQ(CleanName("热娜古，沙吾提汗"), Opt("热娜古·沙吾提汗"));
  EXPECT_EQ(CleanName("古丽米拉・依明尼亚"), Opt("古丽米拉·依明尼亚"));
  EXPECT_EQ(CleanName("|"), std::nullopt);
  // Parts of the labels around the value.
  EXPECT_EQ(CleanName("名徐璐琳"), Opt("徐璐琳"));
  EXPECT_EQ(CleanName("姓郝锋"), Opt("郝锋"));
  EXPECT_EQ(CleanName("姓名 郝锋"), Opt("郝锋"));
  EXPECT_EQ(CleanName("顾新性别"), Opt("顾新"));
  EXPECT_EQ(CleanName("许航性"), Opt("许航"));
  EXPECT_EQ(CleanName("姓王"), Opt("姓王"));  // too short to be a label's
}

TEST(FieldParsersTest, PhoneInsuranceFilingType) {
  EXPECT_EQ(ParsePhone("13800009243"), Opt("13800009243"));
  EXPECT_EQ(ParsePhone("138 0000 9243"), Opt("13800009243"));
  EXPECT_EQ(ParsePhone("1380000924"), std::nullopt);
  EXPECT_EQ(ParsePhone("10390002235"), std::nullopt);  // no mobile is 10...
  EXPECT_EQ(ParsePhone("0838-5201234"), Opt("0838-5201234"));
  EXPECT_EQ(ParseInsuranceType("职工基本医疗保险"), Opt("职工医保"));
  EXPECT_EQ(ParseInsuranceType("城乡居民基本医疗保险"), Opt("居民医保"));
  EXPECT_EQ(ParseInsuranceType("医疗保险"), std::nullopt);
  // Both printed as options, one misread: only the tick can tell.
  EXPECT_EQ(ParseInsuranceType("☑职工医保 □居艮医保"), std::nullopt);
  EXPECT_EQ(ParseInsuranceType("职工基本医疗保险 城乡居氏基本医疗保险"),
            std::nullopt);
  // ... the second option's name half lost under a circle, or brackets
  // left empty beside the options.
  EXPECT_EQ(ParseInsuranceType("职工医保《民医份)"), std::nullopt);
  EXPECT_EQ(ParseInsuranceType("人医琉)()居民医保()"), std::nullopt);
  EXPECT_EQ(ParseFilingType("异地转诊人员"), Opt("异地转诊人员"));
  EXPECT_EQ(ParseFilingType("异地转珍人员"), Opt("异地转诊人员"));
  EXPECT_EQ(ParseFilingType("人员"), std::nullopt);
  // The national rule's own wording, which provinces' forms copy.
  EXPECT_EQ(ParseFilingType("异地转诊就医人员"), Opt("异地转诊人员"));
  EXPECT_EQ(ParseFilingType("其他跨省临时外出就医人员"),
            Opt("其他临时外出就医人员"));
}

TEST(FieldParsersTest, PlaceNames) {
  const std::vector<std::string> places = PlaceNamesFromDivisions(
      "# comment\n510000\t四川省\t\t\n510600\t四川省\t德阳市\t\n"
      "510682\t四川省\t德阳市\t什邡市\n110101\t北京市\t\t东城区\n");
  EXPECT_EQ(SnapToKnown("四川省德阳市什部市", places),
            Opt("四川省德阳市什邡市"));
  EXPECT_EQ(SnapToKnown("四川省德阳市", places), Opt("四川省德阳市"));
  EXPECT_EQ(SnapToKnown("北京市东城区", places), Opt("北京市东城区"));
  EXPECT_EQ(SnapToKnown("湖南省长沙市", places), std::nullopt);
  EXPECT_EQ(EditDistance("什邡", "什部"), 1);
  const std::vector<std::string> liangshan = PlaceNamesFromDivisions(
      "513433\t四川省\t凉山彝族自治州\t冕宁县\n513431\t四川省\t凉山彝族自治州\t"
      "昭觉县\n");
  std::string note;
  EXPECT_EQ(SnapAddressPrefix("四川省凉山彝族自治州园宁县幸福路299号",
                              liangshan, &note),
            "四川省凉山彝族自治州冕宁县幸福路299号");
  EXPECT_EQ(note, "place name matched: 四川省凉山彝族自治州园宁县");
  note.clear();
  EXPECT_EQ(SnapAddressPrefix("湖南省长沙市芙蓉区", liangshan, &note),
            "湖南省长沙市芙蓉区");
  EXPECT_EQ(note, "");
  // A lost first character comes back; an extra one is never swallowed
  // together with the next character of the address.
  const std::vector<std::string> chengdu =
      PlaceNamesFromDivisions("510113\t四川省\t成都市\t青白江区\n");
  EXPECT_EQ(SnapAddressPrefix("川省成都市青白江区育才路108号", chengdu, &note),
            "四川省成都市青白江区育才路108号");
  note.clear();
  EXPECT_EQ(
      SnapAddressPrefix("四川省成都市青白江区区育才路8号", chengdu, &note),
      "四川省成都市青白江区区育才路8号");
}

// A label's remnant read before the province (住圭 of 住址) is cut off; a
// line without a province within its first four characters stays whole.
TEST(FromProvinceOnTest, WhatIsBeforeTheProvinceIsARemnant) {
  EXPECT_EQ(FromProvinceOn("住圭浙江省杭州市西湖区"), "浙江省杭州市西湖区");
  EXPECT_EQ(FromProvinceOn("人计内蒙古自治区呼和浩特市"),
            "内蒙古自治区呼和浩特市");
  EXPECT_EQ(FromProvinceOn("陕西省西安市"), "陕西省西安市");
  EXPECT_EQ(FromProvinceOn("人计江省杭州市"), "人计江省杭州市");
  EXPECT_EQ(FromProvinceOn("院12号楼4门102号"), "院12号楼4门102号");
  EXPECT_EQ(FromProvinceOn("一二三四上海市"), "一二三四上海市");
}

}  // namespace
}  // namespace beian::ocr
