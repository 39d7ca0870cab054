#include "ocr/page_loader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace beian::ocr {
namespace {

std::string Data(const std::string& name) {
  std::ifstream in(std::string(BEIAN_SOURCE_DIR) + "/tests/data/ocr/" + name,
                   std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(PageLoaderTest, SniffsFormats) {
  EXPECT_EQ(SniffFormat("\xFF\xD8\xFF\xE0"), FileFormat::kJpeg);
  EXPECT_EQ(SniffFormat("%PDF-1.4"), FileFormat::kPdf);
  EXPECT_EQ(SniffFormat(std::string("\0\0\0\x18"
                                    "ftypheic....",
                                    16)),
            FileFormat::kHeic);
  EXPECT_EQ(SniffFormat("hello"), FileFormat::kUnknown);
}

TEST(PageLoaderTest, UnknownAndHeicAreUnsupported) {
  LoadedDocument a = LoadPages("a.txt", "hello", LoadLimits{});
  EXPECT_TRUE(a.pages.empty());
  EXPECT_TRUE(HasProblem(a.problems, "unsupported_format"));
  LoadedDocument h = LoadPages("IMG.HEIC",
                               std::string("\0\0\0\x18"
                                           "ftypheic....",
                                           16),
                               LoadLimits{});
  EXPECT_TRUE(HasProblem(h.problems, "unsupported_format"));
}

TEST(PageLoaderTest, DamagedImageIsCorruptNotACrash) {
  const std::string jpeg = Data("0000-id_front-clean.jpg").substr(0, 300);
  LoadedDocument d = LoadPages("x.jpg", jpeg, LoadLimits{});
  EXPECT_TRUE(d.pages.empty());
  EXPECT_TRUE(HasProblem(d.problems, "corrupt_file"));
  LoadedDocument p = LoadPages("x.pdf", "%PDF-1.4 garbage", LoadLimits{});
  EXPECT_TRUE(p.pages.empty());
  EXPECT_TRUE(HasProblem(p.problems, "corrupt_file"));
}

// A JPEG whose header declares 60,000 x 60,000 pixels (3.6 Gpx): refused as
// too large before any decoding, not reported as damaged.
TEST(PageLoaderTest, APixelBombIsTooLargeWithoutBeingDecoded) {
  std::string jpeg = Data("0000-id_front-clean.jpg");
  size_t sof = std::string::npos;
  for (size_t i = 0; i + 9 < jpeg.size(); ++i) {
    const auto b = static_cast<unsigned char>(jpeg[i + 1]);
    if (jpeg[i] == '\xFF' && (b == 0xC0 || b == 0xC2)) {
      sof = i;
      break;
    }
  }
  ASSERT_NE(sof, std::string::npos);
  for (size_t k : {sof + 5, sof + 7}) {  // height, then width: 0xEA60
    jpeg[k] = '\xEA';
    jpeg[k + 1] = '\x60';
  }
  LoadedDocument d = LoadPages("bomb.jpg", jpeg, LoadLimits{});
  EXPECT_TRUE(d.pages.empty());
  EXPECT_TRUE(HasProblem(d.problems, "scan_too_large"));
  EXPECT_FALSE(HasProblem(d.problems, "corrupt_file"));
}

TEST(PageLoaderTest, JpegPdfZip) {
  LoadedDocument j =
      LoadPages("a.jpg", Data("0000-id_front-clean.jpg"), LoadLimits{});
  ASSERT_EQ(j.pages.size(), 1u);
  EXPECT_EQ(j.pages[0].image.width, 856);
  LoadedDocument p = LoadPages("a.pdf", Data("form-scan.pdf"), LoadLimits{});
  ASSERT_EQ(p.pages.size(), 1u);
  EXPECT_GT(p.pages[0].image.width, 2000);  // rendered at ~300 dpi
  LoadedDocument z = LoadPages("a.zip", Data("card-back.zip"), LoadLimits{});
  ASSERT_EQ(z.pages.size(), 1u);
  // The entry name (a UTF-8 name in a C locale may come back as "entry-1").
  EXPECT_FALSE(z.pages[0].source.empty());
}

TEST(PageLoaderTest, ArchiveLimits) {
  LoadLimits limits;
  limits.max_entry_bytes = 1000;
  LoadedDocument z = LoadPages("a.zip", Data("card-back.zip"), limits);
  EXPECT_TRUE(z.pages.empty());
  EXPECT_TRUE(HasProblem(z.problems, "archive_limits"));
}

}  // namespace
}  // namespace beian::ocr
