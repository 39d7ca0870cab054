#include "beian/review/registration_number.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

using namespace std::chrono;

TEST(RegistrationNumberTest, Mod11_2MatchesIdentityVectors) {
  EXPECT_EQ(Mod11_2Check("11010519491231002"), 'X');
  EXPECT_EQ(Mod11_2Check("44052418800101001"), '4');
  EXPECT_EQ(Mod11_2Check("34052419800101001"), 'X');
}

TEST(RegistrationNumberTest, DefaultPattern) {
  StatusOr<std::string> n = FormatRegistrationNumber(
      "{region}{yyyymmdd}{seq4}{check}", "510682", 2026y / 11 / 24, 7);
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(n->size(), 19u);
  EXPECT_EQ(n->substr(0, 18), "510682202611240007");
  EXPECT_EQ(n->back(), Mod11_2Check("510682202611240007"));
  n = FormatRegistrationNumber("BA-{region}-{seq4}", "510682", 2026y / 1 / 1, 12345);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, "BA-510682-12345");
}

TEST(RegistrationNumberTest, UnknownTokenIsAnError) {
  StatusOr<std::string> n =
      FormatRegistrationNumber("{region}{seq}", "510682", 2026y / 1 / 1, 1);
  ASSERT_FALSE(n.ok());
  EXPECT_NE(n.status().message().find("{seq}"), std::string::npos);
  EXPECT_FALSE(FormatRegistrationNumber("{region", "1", 2026y / 1 / 1, 1).ok());
}

}  // namespace
}  // namespace beian
