// OcrEngine over Tesseract's LSTM models. One instance per worker thread,
// reused for every page: initialising a language costs ~0.2 s.
//
// Debian's Tesseract uses OpenMP. libgomp reads OMP_THREAD_LIMIT once, when
// it is loaded, so setting it from inside the process is too late: start the
// process with OMP_THREAD_LIMIT=1 (measured here: 0.28 s instead of ~1.9 s
// per card page on 2 cores). The engine logs nothing; callers may check
// OcrThreadLimitSet() and warn.
#ifndef BEIAN_SRC_OCR_TESSERACT_ENGINE_H_
#define BEIAN_SRC_OCR_TESSERACT_ENGINE_H_

#include <map>
#include <memory>
#include <string>

#include "ocr_engine.h"

namespace tesseract {
class TessBaseAPI;
}

namespace beian::ocr {

// True when the process was started with OMP_THREAD_LIMIT set.
bool OcrThreadLimitSet();

class TesseractEngine final : public OcrEngine {
 public:
  // `tessdata_dir` "" = Tesseract's default (TESSDATA_PREFIX or the
  // Debian path).
  // `large_dir` holds kChineseLarge's traineddata ("" = not installed).
  explicit TesseractEngine(std::string tessdata_dir = "",
                           std::string large_dir = "");
  ~TesseractEngine() override;

  // Loads `language` now (so that the first page does not pay for it).
  Status Preload(const std::string& language);
  StatusOr<OcrResult> Recognize(const GrayImage& image,
                                const OcrRequest& request) override;
  bool Knows(const std::string& language) const override;
  // Tesseract's orientation detection (osd.traineddata).
  int UprightTurns(const GrayImage& image, double* confidence) override;

 private:
  StatusOr<tesseract::TessBaseAPI*> Api(const std::string& language);

  std::string tessdata_dir_;
  std::string large_dir_;
  std::map<std::string, std::unique_ptr<tesseract::TessBaseAPI>> apis_;
};

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_TESSERACT_ENGINE_H_
