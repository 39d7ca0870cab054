#include "mime/attachment_naming.h"

#include <gtest/gtest.h>

namespace beian::internal {
namespace {

TEST(AttachmentNamingTest, SniffsOnlyGenericTypes) {
  EXPECT_EQ(EffectiveContentType("application/octet-stream", "\xFF\xD8\xFF\xE0"),
            "image/jpeg");
  EXPECT_EQ(EffectiveContentType("", "%PDF-1.4"), "application/pdf");
  EXPECT_EQ(EffectiveContentType("Image/PNG", "\xFF\xD8\xFF"), "image/png");
  EXPECT_EQ(EffectiveContentType("", "hello"), "application/octet-stream");
}

TEST(AttachmentNamingTest, Extensions) {
  EXPECT_EQ(ExtensionFor("image/jpeg"), "jpg");
  EXPECT_EQ(ExtensionFor("application/pdf"), "pdf");
  EXPECT_EQ(ExtensionFor("application/x-unknown"), "bin");
}

TEST(AttachmentNamingTest, CleansNames) {
  EXPECT_EQ(CleanFilename("C:\\Users\\张三\\身份证.jpg"), "身份证.jpg");
  EXPECT_EQ(CleanFilename("../../etc/passwd"), "passwd");
  EXPECT_EQ(CleanFilename("tcmime.1234.5678.bin"), "");
  EXPECT_EQ(CleanFilename("a\x01" "b.png"), "ab.png");
  EXPECT_EQ(CleanFilename(".."), "");
}

}  // namespace
}  // namespace beian::internal
