// The DocumentReader backed by Leptonica + Tesseract (src/ocr).
//
//   StatusOr<std::unique_ptr<DocumentReader>> reader =
//       NewTesseractDocumentReader(OcrReaderOptions{});
//   if (!reader.ok()) return reader.status();  // language data missing
//   StatusOr<DocumentReading> r = (*reader)->Read(name, type, bytes);
//
// A reader holds one Tesseract engine per language, initialised once; it is
// not thread-safe: use one reader per worker thread.
#ifndef BEIAN_OCR_TESSERACT_READER_H_
#define BEIAN_OCR_TESSERACT_READER_H_

#include <memory>
#include <string>

#include "beian/base/status.h"
#include "beian/ocr/document_reader.h"

namespace beian {

struct OcrReaderOptions {
  std::string tessdata_dir;      // "" = Tesseract's default
  double field_threshold = 0.6;  // 0..1; fields below are left out, flagged
  int max_pages = 10;            // per attachment
  long max_pixels = 40'000'000;  // an image declaring more is not decoded
  long pdf_page_pixels = 12'000'000;  // a PDF page renders within this
  // config/divisions.tsv: 参保地/就医地 snap to these place names when one
  // character was misread. "" = no place names.
  std::string divisions_tsv;
  // A directory holding chi_sim_large.traineddata: tessdata's standard
  // Chinese model (npm @tesseract.js-data/chi_sim 1.0.0, 4.0.0/; installed by
  // scripts/install-deps.sh into kLargeChineseDir). Larger and slower than
  // Debian's fast chi_sim, it reads a cell again only when the fast model
  // gives no known value (民族: 彝 is read as 薄). "" = without it.
  std::string large_chinese_dir;
};

inline constexpr char kLargeChineseDir[] = "/usr/local/share/beian/tessdata";

// Where chi_sim_large.traineddata belongs: $BEIAN_LARGE_MODEL_DIR when set
// (another install prefix), else kLargeChineseDir.
std::string LargeChineseDir();
// LargeChineseDir() when chi_sim_large.traineddata is there, else "".
std::string InstalledLargeChineseDir();
// What a reader without that model leaves undone, where the file belongs
// and how to install it: for a warning.
std::string LargeChineseModelMissing();

// Fails (FailedPrecondition) when the chi_sim or eng language data cannot
// be loaded.
StatusOr<std::unique_ptr<DocumentReader>> NewTesseractDocumentReader(
    const OcrReaderOptions& options);

}  // namespace beian

#endif  // BEIAN_OCR_TESSERACT_READER_H_
