#include "beian/review/rules.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

const std::string kRulesDir = std::string(BEIAN_SOURCE_DIR) + "/config/rules";

TEST(RulesTest, ShippedDefaultsLoad) {
  StatusOr<ReviewRules> r = LoadReviewRules(kRulesDir, "510682");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->accept_commitment);
  EXPECT_EQ(r->max_replies_per_address_per_day, 10);
  EXPECT_EQ(r->materials.at("异地转诊人员"), std::vector<std::string>{"referral"});
  EXPECT_TRUE(r->materials.at("异地急诊抢救人员").empty());
  EXPECT_TRUE(r->certain.contains("no_attachments"));
  EXPECT_TRUE(r->long_term_types.contains("异地安置退休人员"));
}

TEST(RulesTest, RegionOverridesOnlyWhatItSays) {
  StatusOr<ReviewRules> base = LoadReviewRules(kRulesDir, "000000");
  ASSERT_TRUE(base.ok());
  StatusOr<ReviewRules> r = ParseReviewRules(
      "accept_commitment = false\n[materials]\n\"其他临时外出就医人员\" = [\"commitment\"]\n",
      "510682.toml", *base);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->accept_commitment);
  EXPECT_EQ(r->materials.at("其他临时外出就医人员"),
            std::vector<std::string>{"commitment"});
  EXPECT_EQ(r->materials.at("异地转诊人员"), std::vector<std::string>{"referral"});
  EXPECT_TRUE(r->auto_acknowledge);
}

TEST(RulesTest, BadValuesNameTheFileAndKey) {
  StatusOr<ReviewRules> r = ParseReviewRules("auto_correction = \"yes\"", "x.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("x.toml"), std::string::npos);
  EXPECT_NE(r.status().message().find("auto_correction"), std::string::npos);
  r = ParseReviewRules("[materials]\n\"异地转诊人员\" = \"referral\"", "y.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("materials.异地转诊人员"), std::string::npos);
  r = ParseReviewRules("a = [", "z.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("z.toml:1"), std::string::npos);
}

}  // namespace
}  // namespace beian
