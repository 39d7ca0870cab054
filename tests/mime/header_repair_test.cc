#include "mime/header_repair.h"

#include <gtest/gtest.h>

namespace beian::internal {
namespace {

TEST(HeaderRepairTest, DropsLineWithoutColonKeepsTheRest) {
  StatusOr<RepairedMessage> r = RepairHeaderBlock(
      "From: a@b\r\nX-Broken header line\r\nSubject: s\r\n  folded\r\n\r\nbody\r\n",
      1000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->bytes, "From: a@b\r\nSubject: s\r\n  folded\r\n\r\nbody\r\n");
  EXPECT_EQ(r->header_fields, 2u);
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("X-Broken"), std::string::npos);
}

TEST(HeaderRepairTest, EncodedWordAtColumnZeroContinuesThePreviousField) {
  StatusOr<RepairedMessage> r = RepairHeaderBlock(
      "Subject: =?GBK?B?1cXI/Q==?=\r\n=?GBK?B?KzUxMDY4Mg==?=\r\n"
      "To: c@d\r\n\r\nbody\r\n",
      1000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->bytes,
            "Subject: =?GBK?B?1cXI/Q==?=\r\n =?GBK?B?KzUxMDY4Mg==?=\r\n"
            "To: c@d\r\n\r\nbody\r\n");
  EXPECT_EQ(r->header_fields, 2u);
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("continuation"), std::string::npos);
}

TEST(HeaderRepairTest, EncodedWordAfterADroppedLineIsDroppedToo) {
  StatusOr<RepairedMessage> r = RepairHeaderBlock(
      "X-Broken header line\n=?UTF-8?B?5byg?=\nTo: c@d\n\nb", 1000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->bytes, "To: c@d\n\nb");
  EXPECT_EQ(r->warnings.size(), 2u);
}

TEST(HeaderRepairTest, MboxSeparatorAndEightBitNames) {
  StatusOr<RepairedMessage> r =
      RepairHeaderBlock("From a@b Mon Jan 1\n\xE5\xA7\x93: x\nTo: c@d\n\nb", 1000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->bytes, "To: c@d\n\nb");
  EXPECT_EQ(r->warnings.size(), 2u);
}

TEST(HeaderRepairTest, OversizedHeaderBlock) {
  std::string big;
  for (int i = 0; i < 100; ++i) big += "X-H: 0123456789\n";
  StatusOr<RepairedMessage> r = RepairHeaderBlock(big + "\nbody", 500);
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace beian::internal
