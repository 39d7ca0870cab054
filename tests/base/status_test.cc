#include "beian/base/status.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

StatusOr<int> Half(int n) {
  if (n % 2 != 0) return InvalidArgument("odd number " + std::to_string(n));
  return n / 2;
}

Status Chain(int n, int& out) {
  StatusOr<int> h = Half(n);
  if (!h.ok()) return h.status();
  out = *h;
  return Status::Ok();
}

TEST(StatusTest, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, CarriesCodeAndMessage) {
  Status s = NotFound("case C-1 does not exist");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.ToString(), "NotFound: case C-1 does not exist");
}

TEST(StatusOrTest, ValueOrError) {
  int out = 0;
  EXPECT_TRUE(Chain(8, out).ok());
  EXPECT_EQ(out, 4);
  Status bad = Chain(7, out);
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.message(), "odd number 7");
}

}  // namespace
}  // namespace beian
