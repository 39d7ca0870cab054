#include "ocr/page_loader.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "test_files.h"

namespace beian::ocr {
namespace {

using beian::testing::PdfOfPages;
using beian::testing::PngDeclaring;

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

TEST(PageLoaderTest, UnknownIsUnsupportedAndABrokenHeicIsDamaged) {
  LoadedDocument a = LoadPages("a.txt", "hello", LoadLimits{});
  EXPECT_TRUE(a.pages.empty());
  EXPECT_TRUE(HasProblem(a.problems, "unsupported_format"));
  LoadedDocument h = LoadPages("IMG.HEIC",
                               std::string("\0\0\0\x18"
                                           "ftypheic....",
                                           16),
                               LoadLimits{});
  EXPECT_TRUE(h.pages.empty());
  EXPECT_TRUE(HasProblem(h.problems, "corrupt_file"));
}

// An iPhone's HEIC photo, made here from a JPEG with libheif's own encoder
// (heif-enc, libheif-examples: scripts/install-deps.sh installs it).
TEST(PageLoaderTest, AHeicPhotoIsRead) {
  const std::string dir = ::testing::TempDir();
  const std::string jpeg =
      std::string(BEIAN_SOURCE_DIR) + "/tests/data/ocr/0000-id_front-clean.jpg";
  const std::string heic = dir + "/beian-card.heic";
  const std::string cmd =
      "heif-enc -q 80 -o '" + heic + "' '" + jpeg + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0)
      << "heif-enc failed: run scripts/install-deps.sh (libheif-examples)";
  std::ifstream in(heic, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::remove(heic.c_str());
  ASSERT_EQ(SniffFormat(bytes.str()), FileFormat::kHeic);
  LoadedDocument d = LoadPages("IMG_0001.HEIC", bytes.str(), LoadLimits{});
  ASSERT_TRUE(d.problems.empty())
      << d.problems[0].code << ": " << d.problems[0].detail;
  ASSERT_EQ(d.pages.size(), 1u);
  EXPECT_EQ(d.pages[0].image.width, 856);
  EXPECT_EQ(d.pages[0].image.height, 540);
  LoadLimits small;
  small.max_pixels = 100'000;  // its size is declared: refused undecoded
  LoadedDocument big = LoadPages("IMG_0001.HEIC", bytes.str(), small);
  EXPECT_TRUE(big.pages.empty());
  EXPECT_TRUE(HasProblem(big.problems, "scan_too_large"));
}

TEST(PageLoaderTest, APngPixelBombIsTooLargeWithoutBeingDecoded) {
  LoadedDocument d =
      LoadPages("bomb.png", PngDeclaring(60'000, 60'000), LoadLimits{});
  EXPECT_TRUE(d.pages.empty());
  ASSERT_TRUE(HasProblem(d.problems, "scan_too_large"));
  EXPECT_NE(d.problems[0].detail.find("3600 million"), std::string::npos)
      << d.problems[0].detail;
}

// 3,000 pages of 5 m x 5 m: only the first pages are rendered, each within
// the pixel budget instead of at 300 dpi (3.5 Gpx a page).
TEST(PageLoaderTest, APdfPageBombIsReadOnlyAsFarAsTheLimits) {
  const std::string bomb = PdfOfPages(3000, 14173);
  LoadedDocument d = LoadPages("bomb.pdf", bomb, LoadLimits{});
  EXPECT_EQ(d.pages.size(), 10u);
  ASSERT_TRUE(HasProblem(d.problems, "too_many_pages"));
  EXPECT_NE(d.problems[0].detail.find("3000 pages"), std::string::npos)
      << d.problems[0].detail;
  for (const LoadedPage& p : d.pages) {
    EXPECT_LE(long(p.image.width) * p.image.height, 12'000'000);
    EXPECT_GT(long(p.image.width) * p.image.height, 10'000'000);
  }
}

TEST(PageLoaderTest, RandomAndTruncatedFilesAreDamagedNotACrash) {
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise += char((i * 7919 + 13) % 251);
  const std::string pdf = PdfOfPages(2, 600);
  const std::vector<std::pair<std::string, std::string>> files = {
      {"x.jpg", "\xFF\xD8\xFF" + noise},
      {"x.png", "\x89PNG" + noise},
      {"x.tif", std::string("II*\0", 4) + noise},
      {"x.tif", std::string("MM\0*", 4)},
      {"x.pdf", "%PDF-1.7\n" + noise},
      {"x.pdf", pdf.substr(0, pdf.size() / 2)},
      {"x.heic", std::string("\0\0\0\x18", 4) + "ftypheic" + noise},
  };
  for (const auto& [name, bytes] : files) {
    LoadedDocument d = LoadPages(name, bytes, LoadLimits{});
    EXPECT_TRUE(HasProblem(d.problems, "corrupt_file") ||
                HasProblem(d.problems, "scan_too_large"))
        << name << " " << bytes.size() << " pages " << d.pages.size() << " "
        << (d.problems.empty() ? "" : d.problems[0].code);
  }
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

// A ZIP whose one entry inflates 1,000:1 (64 MB of zeros), made here with
// Python's zipfile: stopped at the ratio limit while inflating, not stored.
TEST(PageLoaderTest, ADecompressionBombStopsAtTheRatioLimit) {
  const std::string zip = ::testing::TempDir() + "/beian-ratio-bomb.zip";
  const std::string cmd =
      "/usr/bin/python3 -c \"import zipfile; z = zipfile.ZipFile('" + zip +
      "', 'w', zipfile.ZIP_DEFLATED); z.writestr('scan.png', bytes(64 << 20)); "
      "z.close()\"";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream in(zip, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::remove(zip.c_str());
  ASSERT_LT(bytes.str().size(), 200'000u);
  LoadedDocument d = LoadPages("bomb.zip", bytes.str(), LoadLimits{});
  EXPECT_TRUE(d.pages.empty());
  EXPECT_TRUE(HasProblem(d.problems, "archive_limits"));
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
