#include "beian/ocr/tesseract_reader.h"

#include <cstdlib>
#include <fstream>

#include "beian/base/whole_file.h"
#include "field_parsers.h"
#include "page_loader.h"
#include "page_reader.h"
#include "tesseract_engine.h"

namespace beian {
namespace {

class TesseractDocumentReader final : public DocumentReader {
 public:
  explicit TesseractDocumentReader(const OcrReaderOptions& options)
      : engine_(options.tessdata_dir, options.large_chinese_dir) {
    limits_.max_pages = options.max_pages;
    limits_.max_pixels = options.max_pixels;
    limits_.pdf_page_pixels = options.pdf_page_pixels;
    page_options_.field_threshold = options.field_threshold;
  }

  Status Init(const std::string& divisions_tsv) {
    if (!divisions_tsv.empty()) {
      StatusOr<std::string> table = ReadWholeFile(divisions_tsv);
      if (!table.ok()) return table.status();
      page_options_.known = ocr::KnowledgeFromDivisions(*table);
    }
    BEIAN_RETURN_IF_ERROR(engine_.Preload("chi_sim"));
    return Status::Ok();
  }

  StatusOr<DocumentReading> Read(std::string_view filename,
                                 std::string_view /*content_type*/,
                                 std::string_view bytes,
                                 const ReadHints& hints) override {
    ocr::LoadedDocument doc = ocr::LoadPages(filename, bytes, limits_);
    DocumentReading reading;
    reading.problems = std::move(doc.problems);
    for (size_t i = 0; i < doc.pages.size(); ++i) {
      reading.pages.push_back(
          ocr::ReadPage(engine_, doc.pages[i], int(i), page_options_, hints));
    }
    return reading;
  }

 private:
  ocr::TesseractEngine engine_;
  ocr::LoadLimits limits_;
  ocr::PageReaderOptions page_options_;
};

}  // namespace

const char* PageKindName(PageKind kind) {
  switch (kind) {
    case PageKind::kIdFront:
      return "id_front";
    case PageKind::kIdBack:
      return "id_back";
    case PageKind::kIdBoth:
      return "id_both";
    case PageKind::kForm:
      return "form";
    case PageKind::kHukou:
      return "hukou";
    case PageKind::kResidencePermit:
      return "residence_permit";
    case PageKind::kReferral:
      return "referral";
    case PageKind::kCommitment:
      return "commitment";
    case PageKind::kEmployment:
      return "employment";
    case PageKind::kOther:
      return "other";
  }
  return "other";
}

std::string LargeChineseDir() {
  const char* dir = std::getenv("BEIAN_LARGE_MODEL_DIR");
  return dir != nullptr && *dir != '\0' ? dir : kLargeChineseDir;
}

std::string InstalledLargeChineseDir() {
  const std::string dir = LargeChineseDir();
  return std::ifstream(dir + "/chi_sim_large.traineddata").good() ? dir : "";
}

std::string LargeChineseModelMissing() {
  return "the larger Chinese OCR model is not installed (" + LargeChineseDir() +
         "/chi_sim_large.traineddata): an ethnicity (民族) the fast model "
         "misreads is left for the reviewer; install it with `sudo bash "
         "scripts/fetch-large-chinese-model.sh`";
}

StatusOr<std::unique_ptr<DocumentReader>> NewTesseractDocumentReader(
    const OcrReaderOptions& options) {
  auto reader = std::make_unique<TesseractDocumentReader>(options);
  BEIAN_RETURN_IF_ERROR(reader->Init(options.divisions_tsv));
  return std::unique_ptr<DocumentReader>(std::move(reader));
}

}  // namespace beian
