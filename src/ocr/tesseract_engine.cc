#include "tesseract_engine.h"

#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <cstdlib>

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
    if (!text || *text == '\0') continue;
    if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE) || line < 0) {
      if (line >= 0) result.text += '\n';
      ++line;
    }
    OcrChar c;
    c.text = text.get();
    c.confidence = it->Confidence(tesseract::RIL_SYMBOL) / 100.0;
    c.line = line;
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
  if (api->Init(dir, language.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
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

}  // namespace beian::ocr
