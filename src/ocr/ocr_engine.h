// The recognizer behind the pipeline: text of one image region with
// per-character confidences and alternatives. Tesseract implements it
// (tesseract_engine.h); another engine can be measured on the same
// benchmark by implementing this interface.
#ifndef BEIAN_SRC_OCR_OCR_ENGINE_H_
#define BEIAN_SRC_OCR_OCR_ENGINE_H_

#include <string>
#include <utility>
#include <vector>

#include "beian/base/status.h"
#include "gray_image.h"

namespace beian::ocr {

enum class Layout {
  kSingleLine,   // one line of text
  kSingleBlock,  // a block of lines
  kSingleWord,   // one word (a lone ideograph in a cell)
  kSparse,       // scattered text anywhere (classification probes)
  kAuto,         // a whole page: blocks, columns and lines found by the
                 // engine (the content path reads pages this way)
};

// tessdata's standard Chinese model: larger and slower than Debian's fast
// chi_sim, asked only when the fast one gives no known value (tesseract_
// reader.h says where it comes from).
inline constexpr char kChineseLarge[] = "chi_sim_large";

struct OcrRequest {
  std::string language = "chi_sim";  // "chi_sim", "eng" or kChineseLarge
  std::string whitelist;             // "" = any character
  Layout layout = Layout::kSingleLine;
  bool alternatives = false;  // fill OcrChar::alternatives
};

struct OcrChar {
  std::string text;       // one UTF-8 character
  double confidence = 0;  // 0..1
  int line = 0;           // line index within the result
  Rect box;               // where the character is, in image pixels
  // Other candidates, best first, with their confidences (0..1).
  std::vector<std::pair<std::string, double>> alternatives;
};

struct OcrResult {
  std::string text;       // lines joined with '\n', no trailing newline
  double confidence = 0;  // mean over characters, 0..1
  std::vector<OcrChar> chars;
};

class OcrEngine {
 public:
  virtual ~OcrEngine() = default;
  // Recognises `image` (the whole of it). Errors only for engine failures
  // (language data missing); an unreadable image gives empty text.
  virtual StatusOr<OcrResult> Recognize(const GrayImage& image,
                                        const OcrRequest& request) = 0;
  // Clockwise quarter turns that make the text of `image` upright (0..3),
  // from the script's shapes, with a confidence (0 = no idea). Engines
  // without such a detector answer 0 with confidence 0.
  virtual int UprightTurns(const GrayImage& image, double* confidence) {
    (void)image;
    *confidence = 0;
    return 0;
  }
  // Whether `language` is installed; the optional kChineseLarge may not be.
  virtual bool Knows(const std::string& language) const {
    return language != kChineseLarge;
  }
};

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_OCR_ENGINE_H_
