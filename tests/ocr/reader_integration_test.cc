// The real Tesseract on the committed images of tests/data/ocr (made by
// samples/ocr/generate_eval.py --seed tests): the kind is right and every
// field read is the labelled value — a field may be missing, never wrong.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "beian/ocr/draft_checks.h"
#include "beian/ocr/tesseract_reader.h"

namespace beian {
namespace {

const std::string kDir = std::string(BEIAN_SOURCE_DIR) + "/tests/data/ocr/";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ReaderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    OcrReaderOptions o;
    o.divisions_tsv = std::string(BEIAN_SOURCE_DIR) + "/config/divisions.tsv";
    auto r = NewTesseractDocumentReader(o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    reader_ = std::move(*r).release();
  }
  static void TearDownTestSuite() { delete reader_; }
  static DocumentReader* reader_;
};
DocumentReader* ReaderTest::reader_ = nullptr;

TEST_F(ReaderTest, LabelledImagesGiveTheirKindAndNoWrongField) {
  const nlohmann::json truth =
      nlohmann::json::parse(Slurp(kDir + "truth.json"));
  ASSERT_GE(truth.size(), 10u);
  int expected = 0, read = 0;
  for (const auto& item : truth) {
    const std::string file = item["file"];
    StatusOr<DocumentReading> r = reader_->Read(file, "", Slurp(kDir + file));
    ASSERT_TRUE(r.ok()) << file;
    ASSERT_EQ(r->pages.size(), 1u) << file;
    const PageReading& page = r->pages[0];
    EXPECT_EQ(PageKindName(page.kind), item["kind"].get<std::string>()) << file;
    for (const auto& [name, want] : item["fields"].items()) {
      ++expected;
      for (const FieldReading& f : page.fields) {
        if (f.name != name) continue;
        ++read;
        EXPECT_EQ(f.value, want.get<std::string>()) << file << " " << name;
      }
    }
  }
  EXPECT_GE(read, expected * 85 / 100) << read << " of " << expected;
}

TEST_F(ReaderTest, CleanCardFrontIsReadCompletely) {
  StatusOr<DocumentReading> r = reader_->Read(
      "f.jpg", "image/jpeg", Slurp(kDir + "0000-id_front-clean.jpg"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->pages[0].fields.size(), 6u);
  EXPECT_TRUE(r->pages[0].problems.empty());
}

TEST_F(ReaderTest, UnsupportedFileIsAProblemNotAnError) {
  StatusOr<DocumentReading> r =
      reader_->Read("a.docx", "", "PK\x01\x02 nonsense");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->pages.empty());
  EXPECT_FALSE(r->problems.empty());
}

TEST_F(ReaderTest, DraftOfARealReadingMatchesTheSubject) {
  const nlohmann::json truth =
      nlohmann::json::parse(Slurp(kDir + "truth.json"));
  for (const auto& item : truth) {
    if (item["file"] != "0022-form-clean.jpg") continue;
    StatusOr<DocumentReading> r =
        reader_->Read("form.jpg", "", Slurp(kDir + "0022-form-clean.jpg"));
    ASSERT_TRUE(r.ok());
    using namespace std::chrono;
    const DraftCheck c =
        CheckDraft({item["fields"]["name"], item["fields"]["id_number"],
                    year_month_day{2026y, January, 5d}, r->pages});
    EXPECT_FALSE(HasProblem(c.problems, "name_mismatch"));
    EXPECT_FALSE(HasProblem(c.problems, "id_mismatch"));
    EXPECT_FALSE(HasProblem(c.problems, "form_incomplete"));
    EXPECT_TRUE(HasProblem(c.problems, "missing_id_front"));
  }
}

}  // namespace
}  // namespace beian
