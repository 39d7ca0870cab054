// The visual check page. Built twice (tests/cli/CMakeLists.txt): the unit
// tests check escaping, data URIs, image sizes and boxes; with
// BEIAN_CHROMIUM_TESTS the integration tests render a sample mail's JPEG and
// screenshot the page with the real headless Chromium.
#include "cli/html_view.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "beian/mime/parsed_mail.h"
#include "test_files.h"

namespace beian::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

// A private temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string tpl =
        (fs::temp_directory_path() / "beian-html-XXXXXX").string();
    if (::mkdtemp(tpl.data()) != nullptr) path_ = tpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

using beian::testing::ReadFile;

// The first image/jpeg attachment of a sample mail: a real citizen's photo.
std::string SampleJpeg() {
  const std::string raw =
      ReadFile(BEIAN_SOURCE_DIR "/samples/maildir/new/0001-canonical");
  StatusOr<ParsedMail> mail = ParseMime(raw);
  if (!mail.ok()) return "";
  for (const Attachment& a : mail->attachments) {
    if (a.content_type == "image/jpeg") return a.data;
  }
  return "";
}

CaseDetail SampleCase() {
  CaseDetail d;
  d.record.number = "510682-20261123-0001";
  d.record.region = "510682";
  d.record.status = CaseStatus::kNeedsReview;
  d.record.applicant_name = "张三";
  d.record.id_number = "51068219900101123X";
  d.fields = {{"name", "张三", "subject", 1.0, 1},
              {"id_number", "51068219900101123X", "subject", 1.0, 1},
              {"filing_type", "异地长期居住", "ocr", 0.62, 1},
              {"treatment_place", "上海市", "ocr", 0.91, 1}};
  d.problems = {
      {{"form_unsigned", Severity::kWarning, "备案表没有申请人签字"}, 1, {}},
      {{"id_check_digit", Severity::kBlocking, "证件号码校验位错误"}, 1, {}}};
  d.mails.push_back({});
  d.mails.back().subject = "跨省异地就医备案+张三+51068219900101123X";
  return d;
}

AttachmentView View(std::string filename, std::string type, std::string bytes,
                    std::vector<FieldBox> boxes = {}) {
  AttachmentView v;
  v.record.filename = std::move(filename);
  v.record.content_type = std::move(type);
  v.record.size = static_cast<int64_t>(bytes.size());
  v.record.position = 1;
  v.bytes = std::move(bytes);
  v.boxes = std::move(boxes);
  return v;
}

#ifndef BEIAN_CHROMIUM_TESTS

// A PNG signature and IHDR chunk: enough for ReadImageSize.
std::string PngHeader(uint32_t w, uint32_t h) {
  std::string b = "\x89PNG\r\n\x1a\n";
  b += std::string("\0\0\0\x0dIHDR", 8);
  for (uint32_t v : {w, h}) {
    for (int shift : {24, 16, 8, 0})
      b += static_cast<char>((v >> shift) & 0xFF);
  }
  return b;
}

TEST(HtmlEscapeTest, EscapesMarkupAndQuotes) {
  EXPECT_EQ(internal::HtmlEscape("<a href=\"x\">Tom & 'Jerry'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  EXPECT_EQ(internal::HtmlEscape("张三"), "张三");
}

TEST(HtmlViewTest, EscapesEverythingFromTheMail) {
  CaseDetail d = SampleCase();
  d.fields.push_back({"name", "<script>alert(1)</script>", "ocr", 0.9, 1});
  d.record.applicant_name = "<b>x</b>";
  d.problems.push_back(
      {{"x", Severity::kInfo, "<img src=x onerror=alert(2)>"}, 1, {}});
  d.mails.back().subject = "<iframe>";
  const std::string page = RenderCaseHtml(
      d, {View("<svg onload=alert(3)>.jpg\"", "image/jpeg", "\xFF\xD8\xFF")});
  EXPECT_THAT(page, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(page, Not(HasSubstr("<script")));
  EXPECT_THAT(page, HasSubstr("&lt;b&gt;x&lt;/b&gt;"));
  EXPECT_THAT(page, Not(HasSubstr("<img src=x")));
  EXPECT_THAT(page, Not(HasSubstr("<iframe")));
  EXPECT_THAT(page, Not(HasSubstr("<svg onload")));
  EXPECT_THAT(page, HasSubstr("alt=\"&lt;svg onload=alert(3)&gt;.jpg&quot;\""));
}

TEST(DataUriTest, OnlyKnownImageTypesAndOnlyOurOwnTypeNames) {
  EXPECT_EQ(internal::ImageDataUri("image/png", "foo"),
            "data:image/png;base64,Zm9v");
  EXPECT_EQ(internal::ImageDataUri("image/jpg", "foo"),
            "data:image/jpeg;base64,Zm9v");
  EXPECT_EQ(internal::ImageDataUri("application/pdf", "foo"), "");
  EXPECT_EQ(internal::ImageDataUri("image/svg+xml", "<svg/>"), "");
  EXPECT_EQ(internal::ImageDataUri("image/png\"><script>", "foo"), "");
}

TEST(ImageSizeTest, ReadsHeadersOfEachFormat) {
  auto size = [](const std::string& b) {
    std::optional<internal::ImageSize> s = internal::ReadImageSize(b);
    return s ? std::to_string(s->width) + "x" + std::to_string(s->height)
             : "none";
  };
  EXPECT_EQ(size(PngHeader(640, 480)), "640x480");
  EXPECT_EQ(size(std::string("GIF89a\x20\x03\x58\x02", 10)), "800x600");
  // APP0 segment, then SOF0: precision 8, height 0x01E0, width 0x0280.
  EXPECT_EQ(size(std::string("\xFF\xD8\xFF\xE0\x00\x04xx\xFF\xC0\x00\x11\x08"
                             "\x01\xE0\x02\x80\x03",
                             18)),
            "640x480");
  std::string bmp(26, '\0');
  bmp.replace(0, 2, "BM");
  bmp[14] = 40;
  bmp[18] = 100;
  bmp.replace(22, 4, "\x9C\xFF\xFF\xFF");  // -100: top-down rows
  EXPECT_EQ(size(bmp), "100x100");
  std::string webp("RIFF\0\0\0\0WEBPVP8X", 16);
  webp.resize(30, '\0');
  webp[24] = 99;  // width - 1
  webp[27] = 49;  // height - 1
  EXPECT_EQ(size(webp), "100x50");
  EXPECT_EQ(size(PngHeader(640, 480).substr(0, 20)), "none");
  EXPECT_EQ(size("\xFF\xD8\xFF"), "none");
  EXPECT_EQ(size("%PDF-1.7"), "none");
  EXPECT_EQ(size(PngHeader(0, 10)), "none");
}

TEST(HtmlViewTest, EmbedsImagesAsDataUrisAndListsOtherFiles) {
  const std::string png = PngHeader(10, 20);
  const std::string page = RenderCaseHtml(
      SampleCase(), {View("card.png", "image/png", png),
                     View("form.pdf", "application/pdf", "%PDF-1.7"),
                     View("gone.jpg", "image/jpeg", "")});
  EXPECT_THAT(page,
              HasSubstr("src=\"" + internal::ImageDataUri("image/png", png)));
  EXPECT_THAT(page, HasSubstr("width=\"10\" height=\"20\""));
  EXPECT_THAT(page, HasSubstr("form.pdf"));
  EXPECT_THAT(page, HasSubstr("非图片附件"));
  EXPECT_THAT(page, Not(HasSubstr("JVBERi0xLjc")));  // the PDF is not embedded
  EXPECT_THAT(page, HasSubstr("图片文件不可用"));
}

TEST(HtmlViewTest, LoadsNothingFromOutside) {
  const std::string page = RenderCaseHtml(
      SampleCase(), {View("card.png", "image/png", PngHeader(10, 20))});
  for (const char* s : {"http:", "https:", "//cdn", "<link", "@import", "url(",
                        "<script", "@font-face"}) {
    EXPECT_THAT(page, Not(HasSubstr(s))) << s;
  }
  EXPECT_THAT(page, HasSubstr("default-src 'none'; img-src data:"));
}

TEST(HtmlViewTest, DrawsBoxesScaledWithTheImage) {
  const std::string page = RenderCaseHtml(
      SampleCase(), {View("card.png", "image/png", PngHeader(1000, 600),
                          {{"name", 100, 50, 300, 40, 0.95},
                           {"id_number", 120, 500, 600, 50, 0.41}})});
  EXPECT_THAT(page, HasSubstr("viewBox=\"0 0 1000 600\""));
  EXPECT_THAT(page, HasSubstr("preserveAspectRatio=\"none\""));
  EXPECT_THAT(page,
              HasSubstr("x=\"100\" y=\"50\" width=\"300\" height=\"40\""));
  EXPECT_THAT(page,
              HasSubstr("x=\"120\" y=\"500\" width=\"600\" height=\"50\""));
  EXPECT_THAT(page, HasSubstr("姓名 95%"));
  EXPECT_THAT(page, HasSubstr("证件号码 41%"));
  EXPECT_THAT(page, HasSubstr("stroke=\"#e65100\""));  // the low one
  EXPECT_THAT(page, HasSubstr("class=\"raw\""));       // stored pixel grid
}

TEST(HtmlViewTest, BoxesWithoutAKnownSizeAreListedNotDrawn) {
  const std::string page = RenderCaseHtml(
      SampleCase(), {View("odd.jpg", "image/jpeg", "\xFF\xD8\xFF\xE0",
                          {{"name", 1, 2, 3, 4, 0.9}})});
  EXPECT_THAT(page, Not(HasSubstr("<svg")));
  EXPECT_THAT(page, HasSubstr("识别框未绘制"));
  EXPECT_THAT(page, HasSubstr("姓名：(1, 2) 3×4"));
}

TEST(HtmlViewTest, NoBoxesNoOverlay) {
  const std::string page = RenderCaseHtml(
      SampleCase(), {View("card.png", "image/png", PngHeader(10, 20))});
  EXPECT_THAT(page, Not(HasSubstr("<svg")));
}

TEST(HtmlViewTest, BlockingProblemsFirstAndRed) {
  const std::string page = RenderCaseHtml(SampleCase(), {});
  const size_t blocking = page.find("<li class=\"blocking\">");
  const size_t warning = page.find("<li class=\"warning\">");
  ASSERT_NE(blocking, std::string::npos);
  ASSERT_NE(warning, std::string::npos);
  EXPECT_LT(blocking, warning);
  EXPECT_LT(page.find("问题（2）"), page.find("提取字段"));
  EXPECT_THAT(page, HasSubstr("problems has-blocking"));
  EXPECT_THAT(page, HasSubstr("阻断"));
}

TEST(HtmlViewTest, FieldsWithChineseLabelsSourceAndLowConfidenceMarked) {
  const std::string page = RenderCaseHtml(SampleCase(), {});
  EXPECT_THAT(
      page, HasSubstr("<td>姓名</td><td class=\"v\">张三</td><td>邮件主题</td>"
                      "<td class=\"conf\">100%</td>"));
  EXPECT_THAT(page, HasSubstr("<tr class=\"low \"><td>备案类型</td>"));
  EXPECT_THAT(page, HasSubstr("62%<span class=\"mark\">低</span>"));
  EXPECT_THAT(page, HasSubstr("<td>就医地</td>"));
}

TEST(HtmlViewTest, SourcesThatDisagreeAreMarked) {
  CaseDetail d = SampleCase();
  d.fields.push_back({"name", "张山", "ocr", 0.9, 1});
  EXPECT_THAT(RenderCaseHtml(d, {}), HasSubstr("来源不一致"));
  EXPECT_THAT(RenderCaseHtml(SampleCase(), {}), Not(HasSubstr("来源不一致")));
}

TEST(HtmlViewTest, FullIdNumberAndAPersonalDataFooter) {
  const std::string page = RenderCaseHtml(SampleCase(), {});
  EXPECT_THAT(page, HasSubstr("51068219900101123X"));
  EXPECT_THAT(page, HasSubstr("<footer>本页含个人信息"));
}

TEST(WritePrivateFileTest, WritesOwnerOnlyEvenOverAnExistingFile) {
  TempDir dir;
  const fs::path p = dir.path() / "case.html";
  std::ofstream(p) << "old contents that are longer";
  fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write |
                         fs::perms::group_read | fs::perms::others_read);
  ASSERT_TRUE(WritePrivateFile(p.string(), "<p>new</p>").ok());
  EXPECT_EQ(ReadFile(p), "<p>new</p>");
  struct stat st;
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const Status s =
      WritePrivateFile((dir.path() / "no/such/dir.html").string(), "x");
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("no/such/dir.html"));
}

TEST(LoadAttachmentViewsTest, MissingFilesGiveEmptyBytes) {
  TempDir dir;
  FileBlobStore blobs(dir.path().string());
  StatusOr<std::string> rel = blobs.Put("att", "abcdef", ".png", "PNGDATA");
  ASSERT_TRUE(rel.ok());
  CaseDetail d;
  d.attachments.resize(2);
  d.attachments[0].path = *rel;
  d.attachments[1].path = "att/00/missing.jpg";
  const std::vector<AttachmentView> views = LoadAttachmentViews(d, blobs);
  ASSERT_EQ(views.size(), 2u);
  EXPECT_EQ(views[0].bytes, "PNGDATA");
  EXPECT_EQ(views[1].bytes, "");
}

TEST(SampleTest, TheSampleMailHasAJpeg) {
  const std::string jpeg = SampleJpeg();
  ASSERT_FALSE(jpeg.empty());
  EXPECT_TRUE(internal::ReadImageSize(jpeg).has_value());
}

#else  // BEIAN_CHROMIUM_TESTS

// Runs `cmd` through the shell; returns its stdout, or nullopt when it did
// not exit 0.
std::optional<std::string> Run(const std::string& cmd) {
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return std::nullopt;
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0)
    out.append(buf.data(), n);
  const int status = ::pclose(p);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return out;
}

std::string Chromium() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (::access(p, X_OK) == 0) return p;
  }
  return "";
}

constexpr int kWidth = 1200;
constexpr int kHeight = 1600;

// Screenshots file://`html` into `png`; returns false on failure.
bool Screenshot(const TempDir& dir, const fs::path& html, const fs::path& png) {
  const fs::path profile = dir.path() / ("profile-" + png.stem().string());
  const std::string cmd =
      "timeout 120 " + Chromium() +
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
      " --disable-background-networking --disable-component-update"
      " --disable-sync --hide-scrollbars --user-data-dir=" +
      profile.string() + " --screenshot=" + png.string() +
      " --window-size=" + std::to_string(kWidth) + "," +
      std::to_string(kHeight) + " file://" + html.string() + " >" +
      (dir.path() / "chromium.log").string() + " 2>&1";
  return Run(cmd).has_value() && fs::exists(png);
}

// Pixel counts of `png`, via python3-pil.
struct PixelCounts {
  long non_white = 0;
  long red = 0;    // the blocking problem's badge and border (#c62828)
  long green = 0;  // the confident OCR box (#2e7d32)
};
std::optional<PixelCounts> CountPixels(const fs::path& png) {
  const std::string cmd =
      "/usr/bin/python3 -c \"import sys; from PIL import Image; "
      "px = list(Image.open(sys.argv[1]).convert('RGB').getdata()); "
      "print(sum(p != (255, 255, 255) for p in px), "
      "sum(r > 170 and g < 80 and b < 80 for r, g, b in px), "
      "sum(r < 80 and g > 100 and b < 80 for r, g, b in px))\" " +
      png.string();
  std::optional<std::string> out = Run(cmd);
  if (!out) return std::nullopt;
  PixelCounts c;
  std::istringstream in(*out);
  if (!(in >> c.non_white >> c.red >> c.green)) return std::nullopt;
  return c;
}

class ChromiumTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(Chromium().empty())
        << "chromium is not installed; run scripts/install-deps.sh (CI does)";
    ASSERT_FALSE(dir_.path().empty());
  }
  TempDir dir_;
};

TEST_F(ChromiumTest, SampleCaseScreenshotIsNotBlank) {
  const std::string jpeg = SampleJpeg();
  ASSERT_FALSE(jpeg.empty())
      << "no image/jpeg in samples/maildir/new/0001-canonical";
  const std::optional<internal::ImageSize> size = internal::ReadImageSize(jpeg);
  ASSERT_TRUE(size.has_value());
  const int w = size->width, h = size->height;
  const std::vector<FieldBox> boxes = {
      {"name", w / 10, h / 10, w / 3, h / 8, 0.93},
      {"id_number", w / 4, h * 3 / 4, w / 2, h / 8, 0.55}};
  // The same case three ways: with the photo, with the photo unavailable,
  // and an empty page.
  const std::pair<const char*, std::string> pages[] = {
      {"case", RenderCaseHtml(SampleCase(),
                              {View("身份证.jpg", "image/jpeg", jpeg, boxes)})},
      {"no-image",
       RenderCaseHtml(SampleCase(),
                      {View("身份证.jpg", "image/jpeg", "", boxes)})},
      {"empty", "<!DOCTYPE html><html></html>"}};
  std::vector<std::string> shots;
  std::vector<PixelCounts> counts;
  for (const auto& [name, html] : pages) {
    const fs::path file = dir_.path() / (std::string(name) + ".html");
    const fs::path shot = dir_.path() / (std::string(name) + ".png");
    ASSERT_TRUE(WritePrivateFile(file.string(), html).ok());
    ASSERT_TRUE(Screenshot(dir_, file, shot))
        << ReadFile(dir_.path() / "chromium.log");
    shots.push_back(ReadFile(shot));
    const std::optional<PixelCounts> c = CountPixels(shot);
    ASSERT_TRUE(c) << "python3 with PIL is needed; run scripts/install-deps.sh";
    counts.push_back(*c);
  }
  const std::optional<internal::ImageSize> shot_size =
      internal::ReadImageSize(shots[0]);
  ASSERT_TRUE(shot_size.has_value()) << "the screenshot is not a PNG";
  EXPECT_EQ(shot_size->width, kWidth);
  EXPECT_EQ(shot_size->height, kHeight);
  EXPECT_GT(shots[0].size(), 5 * shots[2].size())
      << "page " << shots[0].size() << " bytes, empty page " << shots[2].size();
  EXPECT_EQ(counts[2].non_white, 0);
  // The photo adds far more than 5% of the window to the same page.
  EXPECT_GT(counts[0].non_white, counts[1].non_white + kWidth * kHeight / 20)
      << counts[0].non_white << " vs " << counts[1].non_white
      << " without the photo";
  EXPECT_GT(counts[0].red, 200) << "the blocking problem is not shown in red";
  EXPECT_GT(counts[1].red, 200);
  EXPECT_GT(counts[0].green, 100) << "the OCR box is not drawn";
  EXPECT_EQ(counts[1].green, 0);
}

#endif  // BEIAN_CHROMIUM_TESTS

}  // namespace
}  // namespace beian::cli
