#include "cli/field_view.h"

#include <gtest/gtest.h>

#include <sstream>

namespace beian::cli {
namespace {

TEST(FieldViewTest, ChineseLabelsForTheDraftKeys) {
  EXPECT_EQ(FieldLabel("address"), "住址");
  EXPECT_EQ(FieldLabel("apply_date"), "申请日期");
  EXPECT_EQ(FieldLabel("name"), "姓名");
  EXPECT_EQ(FieldLabel("id_number"), "证件号码");
  EXPECT_EQ(FieldLabel("start_date"), "开始日期");
  EXPECT_EQ(FieldLabel("phone"), "联系电话");
  EXPECT_EQ(FieldLabel("valid_to"), "有效期限至");
  EXPECT_EQ(FieldLabel("something_new"), "something_new");
  EXPECT_EQ(SourceLabel("form"), "备案表");
  EXPECT_EQ(SourceLabel("mystery"), "mystery");
}

TEST(FieldViewTest, PercentRoundsAndClamps) {
  EXPECT_EQ(Percent(0.876543), "88%");
  EXPECT_EQ(Percent(1.0), "100%");
  EXPECT_EQ(Percent(-0.2), "0%");
  EXPECT_EQ(Percent(1.7), "100%");
}

CaseDetail Sample() {
  CaseDetail d;
  d.fields = {{"address", "四川省什邡市", "ocr", 0.734, 1},
              {"name", "张三", "subject", 1.0, 1},
              {"name", "张山", "ocr", 0.88, 1},
              {"name", "张三", "form", 0.96, 1},
              {"id_number", "51068219900101123X", "subject", 1.0, 1},
              {"id_number", "51068219900101123X", "ocr", 0.97, 1}};
  return d;
}

TEST(FieldViewTest, SettledValueBesideTheSourcesThatAgreeOrNot) {
  const std::vector<SettledField> fields = SettleFields(Sample());
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0].settled.name, "name");  // a form's order, not the key's
  EXPECT_EQ(fields[0].settled.source, "form");
  ASSERT_EQ(fields[0].agree.size(), 1u);
  EXPECT_EQ(fields[0].agree[0].source, "subject");
  ASSERT_EQ(fields[0].disagree.size(), 1u);
  EXPECT_EQ(fields[0].disagree[0].value, "张山");
  EXPECT_EQ(fields[1].settled.source, "ocr");
  EXPECT_EQ(fields[2].settled.name, "address");
  EXPECT_TRUE(fields[2].agree.empty());
}

TEST(FieldViewTest, OneLinePerFieldInChinese) {
  std::ostringstream out;
  WriteFieldLines(out, Sample());
  EXPECT_EQ(out.str(),
            "  姓名：张三（备案表 96%）；一致：邮件主题 100%；"
            "不一致：图片识别“张山” 88%\n"
            "  证件号码：51068219900101123X（图片识别 97%）；一致：邮件主题 "
            "100%\n"
            "  住址：四川省什邡市（图片识别 73%）\n");
  std::ostringstream none;
  WriteFieldLines(none, CaseDetail{});
  EXPECT_EQ(none.str(), "  (未提取到字段)\n");
}

}  // namespace
}  // namespace beian::cli
