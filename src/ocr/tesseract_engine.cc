#include "tesseract_engine.h"

#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "leptonica_util.h"

namespace beian::ocr {
namespace {

tesseract::PageSegMode ToPsm(Layout layout) {
  switch (layout) {
    case Layout::kSingleLine:
      return tesseract::PSM_SINGLE_LINE;
    case Layout::kSingleBlock:
      return tesseract::PSM_SINGLE_BLOCK;
    case Layout::kSingleWord:
      return tesseract::PSM_SINGLE_WORD;
    case Layout::kSparse:
      return tesseract::PSM_SPARSE_TEXT;
    case Layout::kAuto:
      return tesseract::PSM_AUTO;
  }
  return tesseract::PSM_SINGLE_BLOCK;
}

struct TextDeleter {
  void operator()(const char* s) const { delete[] s; }
};

void ReadAlternatives(const tesseract::ResultIterator& it, OcrChar& c) {
  tesseract::ChoiceIterator choice(it);
  do {
    const char* text = choice.GetUTF8Text();
    if (text == nullptr || c.text == text) continue;
    c.alternatives.emplace_back(text, choice.Confidence() / 100.0);
  } while (choice.Next());
}

OcrResult Collect(tesseract::TessBaseAPI& api, bool alternatives) {
  OcrResult result;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (!it) return result;
  int line = -1;
  double sum = 0;
  do {
    std::unique_ptr<const char, TextDeleter> text(
        it->GetUTF8Text(tesseract::RIL_SYMBOL));
    if (!text) continue;
    // The engine may hand a symbol with the space before it (letter-spaced
    // labels: " 族"); spaces are not characters here.
    std::string symbol = text.get();
    symbol.erase(std::remove(symbol.begin(), symbol.end(), ' '), symbol.end());
    if (symbol.empty()) continue;
    if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE) || line < 0) {
      if (line >= 0) result.text += '\n';
      ++line;
    }
    OcrChar c;
    c.text = std::move(symbol);
    c.confidence = it->Confidence(tesseract::RIL_SYMBOL) / 100.0;
    c.line = line;
    int left = 0, top = 0, right = 0, bottom = 0;
    if (it->BoundingBox(tesseract::RIL_SYMBOL, &left, &top, &right, &bottom))
      c.box = Rect{left, top, right - left, bottom - top};
    if (alternatives) ReadAlternatives(*it, c);
    result.text += c.text;
    sum += c.confidence;
    result.chars.push_back(std::move(c));
  } while (it->Next(tesseract::RIL_SYMBOL));
  if (!result.chars.empty()) result.confidence = sum / result.chars.size();
  return result;
}

}  // namespace

bool OcrThreadLimitSet() { return std::getenv("OMP_THREAD_LIMIT") != nullptr; }

TesseractEngine::TesseractEngine(std::string tessdata_dir,
                                 std::string large_dir)
    : tessdata_dir_(std::move(tessdata_dir)),
      large_dir_(std::move(large_dir)) {}

bool TesseractEngine::Knows(const std::string& language) const {
  return language != kChineseLarge || !large_dir_.empty();
}

TesseractEngine::~TesseractEngine() = default;

StatusOr<tesseract::TessBaseAPI*> TesseractEngine::Api(
    const std::string& language) {
  auto found = apis_.find(language);
  if (found != apis_.end()) return found->second.get();
  SilenceLeptonica();
  auto api = std::make_unique<tesseract::TessBaseAPI>();
  const std::string& path =
      language == kChineseLarge ? large_dir_ : tessdata_dir_;
  const char* dir = path.empty() ? nullptr : path.c_str();
  // Orientation detection is a model of the older engine.
  const tesseract::OcrEngineMode mode = language == "osd"
                                            ? tesseract::OEM_TESSERACT_ONLY
                                            : tesseract::OEM_LSTM_ONLY;
  if (api->Init(dir, language.c_str(), mode) != 0) {
    return FailedPrecondition("Tesseract cannot load language '" + language +
                              "'; install tesseract-ocr-chi-sim and "
                              "tesseract-ocr-eng (scripts/install-deps.sh)");
  }
  api->SetVariable("debug_file", "/dev/null");
  tesseract::TessBaseAPI* raw = api.get();
  apis_.emplace(language, std::move(api));
  return raw;
}

Status TesseractEngine::Preload(const std::string& language) {
  StatusOr<tesseract::TessBaseAPI*> api = Api(language);
  return api.ok() ? Status::Ok() : api.status();
}

StatusOr<OcrResult> TesseractEngine::Recognize(const GrayImage& image,
                                               const OcrRequest& request) {
  StatusOr<tesseract::TessBaseAPI*> api_or = Api(request.language);
  if (!api_or.ok()) return api_or.status();
  tesseract::TessBaseAPI& api = **api_or;
  if (image.width < 4 || image.height < 4) return OcrResult{};
  api.SetVariable("tessedit_char_whitelist", request.whitelist.c_str());
  api.SetVariable("lstm_choice_mode", request.alternatives ? "2" : "0");
  api.SetPageSegMode(ToPsm(request.layout));
  PixPtr pix = GrayToPix(image);
  api.SetImage(pix.get());
  if (api.Recognize(nullptr) != 0) {
    api.Clear();
    return OcrResult{};
  }
  OcrResult result = Collect(api, request.alternatives);
  api.Clear();
  return result;
}

int TesseractEngine::UprightTurns(const GrayImage& image, double* confidence) {
  *confidence = 0;
  StatusOr<tesseract::TessBaseAPI*> api_or = Api("osd");
  if (!api_or.ok() || image.width < 32 || image.height < 32) return 0;
  tesseract::TessBaseAPI& api = **api_or;
  api.SetPageSegMode(tesseract::PSM_OSD_ONLY);
  PixPtr pix = GrayToPix(image);
  api.SetImage(pix.get());
  int degrees = 0;
  float orient_conf = 0, script_conf = 0;
  const char* script = nullptr;
  const bool ok = api.DetectOrientationScript(&degrees, &orient_conf, &script,
                                              &script_conf);
  api.Clear();
  if (!ok) return 0;
  *confidence = orient_conf;
  // Tesseract reports how far the image is turned clockwise; turning it
  // back is the remaining quarters.
  return ((360 - degrees) / 90) % 4;
}

}  // namespace beian::ocr
