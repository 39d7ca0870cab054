#include "field_collector.h"

#include <algorithm>

namespace beian::ocr {

void FieldCollector::Add(const std::string& name,
                         const std::optional<std::string>& value,
                         double confidence, const std::string& raw,
                         const std::string& note) {
  if (value && !value->empty() && confidence >= threshold_) {
    fields_.push_back({name, *value, confidence, raw, note});
    return;
  }
  rejected_.push_back({name, value.value_or(""), confidence, raw, note});
  problems_.push_back({"field_unreadable", Severity::kWarning, name});
}

void FieldCollector::Withdraw(const std::string& name,
                              const std::string& note) {
  const auto it =
      std::find_if(fields_.begin(), fields_.end(),
                   [&](const FieldReading& f) { return f.name == name; });
  if (it == fields_.end()) return;
  FieldReading f = std::move(*it);
  fields_.erase(it);
  Add(name, std::nullopt, f.confidence, f.raw_text, note);
  rejected_.back().value = f.value;
}

void FieldCollector::MarkChecked(const std::string& name) {
  for (FieldReading& f : fields_) {
    if (f.name == name) f.checked = true;
  }
}

const FieldReading* FieldCollector::Find(const std::string& name) const {
  for (const FieldReading& f : fields_) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

namespace {

// Character boxes of a reading of `region` resized by `scale`, moved back
// into the coordinates of the whole image.
OcrResult MapBoxes(OcrResult r, Rect region, double scale) {
  const int x0 = std::max(0, region.x), y0 = std::max(0, region.y);
  for (OcrChar& c : r.chars) {
    c.box = {x0 + int(c.box.x / scale), y0 + int(c.box.y / scale),
             int(c.box.w / scale + 0.5), int(c.box.h / scale + 0.5)};
  }
  return r;
}

}  // namespace

OcrResult RecognizeRegion(OcrEngine& engine, const GrayImage& img, Rect region,
                          const OcrRequest& request) {
  const GrayImage part = Crop(img, region);
  StatusOr<OcrResult> r = engine.Recognize(part, request);
  return r.ok() ? MapBoxes(std::move(*r), region, 1.0) : OcrResult{};
}

OcrResult RecognizeRegionScaled(OcrEngine& engine, const GrayImage& img,
                                Rect region, const OcrRequest& request,
                                double scale) {
  const GrayImage part = Crop(img, region);
  const int w = std::max(1, int(part.width * scale + 0.5));
  const int h = std::max(1, int(part.height * scale + 0.5));
  StatusOr<OcrResult> r = engine.Recognize(Resize(part, w, h), request);
  return r.ok() ? MapBoxes(std::move(*r), region, double(w) / part.width)
                : OcrResult{};
}

std::vector<IdChar> ToIdChars(const OcrResult& r) {
  std::vector<IdChar> out;
  auto fold = [](const std::string& s) -> char {
    if (s.size() != 1) return 0;
    const char c = s[0] == 'x' ? 'X' : s[0];
    return (c >= '0' && c <= '9') || c == 'X' ? c : 0;
  };
  for (const OcrChar& c : r.chars) {
    const char best = fold(c.text);
    if (best == 0) continue;
    IdChar id{best, c.confidence, {}};
    for (const auto& [alt, conf] : c.alternatives) {
      if (const char a = fold(alt)) id.alternatives.emplace_back(a, conf);
    }
    out.push_back(std::move(id));
  }
  return out;
}

double MinConfidence(const OcrResult& r) {
  double low = r.chars.empty() ? 0 : 1;
  for (const OcrChar& c : r.chars) low = std::min(low, c.confidence);
  return low;
}

}  // namespace beian::ocr
