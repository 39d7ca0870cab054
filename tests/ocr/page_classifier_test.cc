#include "ocr/page_classifier.h"

#include <gtest/gtest.h>

namespace beian::ocr {
namespace {

TEST(PageClassifierTest, Table) {
  const std::pair<const char*, PageKind> cases[] = {
      {"跨省异地就医登记备案表\n参保地经办机构：四川省", PageKind::kForm},
      {"地就医登记备案表\n参保人姓名", PageKind::kForm},  // title cut off
      {"中华人民共和国\n居民身份证", PageKind::kIdBack},
      {"签发机关 什邡市公安局 有效期限", PageKind::kIdBack},
      {"姓名 张三 出生 住址 公民身份号码", PageKind::kIdFront},
      {"常住人口登记卡\n户主或与户主关系：本人", PageKind::kHukou},
      {"居住证\n姓名：张三\n居住地址：", PageKind::kResidencePermit},
      {"转诊证明\n患者张三", PageKind::kReferral},
      {"个人承诺书\n备案类型：异地转诊人员，就医地：", PageKind::kCommitment},
      {"派出证明\n兹有我单位职工", PageKind::kEmployment},
      {"劳动合同", PageKind::kEmployment},
      // Other offices' wordings of the same proofs.
      {"居民户口簿\n户口登记机关 与户主关系 妻", PageKind::kHukou},
      {"居住登记凭证\n现居住地址", PageKind::kResidencePermit},
      {"转诊转院审批表\n转入医院 临床诊断", PageKind::kReferral},
      {"工作证明\n兹证明我单位外派", PageKind::kEmployment},
      {"参保人承诺书\n承诺人签字", PageKind::kCommitment},
      // The form's own options name no proof.
      {"跨省异地就医登记备案表\n异地转诊人员 常驻异地工作人员 本人承诺",
       PageKind::kForm},
      {"参保人姓名 现居住地址 联系电话", PageKind::kForm},
      {"截图", PageKind::kOther},
      {"", PageKind::kOther},
  };
  for (const auto& [text, kind] : cases) {
    EXPECT_EQ(ClassifyText(text).kind, kind) << text;
  }
}

TEST(PageClassifierTest, OneMisreadCharacterInALongTitle) {
  EXPECT_EQ(ClassifyText("跨省异地就医登记备桉表").kind, PageKind::kForm);
}

TEST(PageClassifierTest, OneCharacterLostInsideALongTitle) {
  EXPECT_EQ(ClassifyText("常人口登记卡").kind, PageKind::kHukou);
  EXPECT_TRUE(PageWords("居民身证").Contains("居民身份证"));
  // Short words are matched whole; the first or last character is not
  // taken as lost (the word would be another).
  EXPECT_FALSE(PageWords("户口").Contains("户口簿"));
  EXPECT_FALSE(PageWords("民身份证").Contains("居民身份证"));
}

TEST(PageClassifierTest, WordsNoCardPrints) {
  EXPECT_EQ(PageWords("姓名张三 住址四川省成都市武侯区 公民身份号码")
                .NeverOnACardCount(),
            0);
  EXPECT_EQ(
      PageWords("签发机关成都市公安局武侯分局 有效期限").NeverOnACardCount(),
      0);
  EXPECT_EQ(PageWords("兹证明 在本辖区居住 特此证明").NeverOnACardCount(), 3);
  EXPECT_EQ(PageWords("居住地址").NeverOnACardCount(), 2);
}

}  // namespace
}  // namespace beian::ocr
