// Shared by the card and form readers: OCR of one region and the rule that
// a field below its confidence threshold is left out and flagged.
#ifndef BEIAN_SRC_OCR_FIELD_COLLECTOR_H_
#define BEIAN_SRC_OCR_FIELD_COLLECTOR_H_

#include <optional>
#include <string>
#include <vector>

#include "beian/base/problem.h"
#include "beian/ocr/document_reader.h"
#include "id_number_repair.h"
#include "ocr_engine.h"

namespace beian::ocr {

inline constexpr char kIdWhitelist[] = "0123456789X";

// Collects the fields of one page.
class FieldCollector {
 public:
  explicit FieldCollector(double threshold) : threshold_(threshold) {}

  // Keeps the field when `value` is set and `confidence` >= the threshold;
  // otherwise adds field_unreadable (warning) naming `name` and keeps what
  // was read in rejected() for diagnostics.
  void Add(const std::string& name, const std::optional<std::string>& value,
           double confidence, const std::string& raw,
           const std::string& note = "");

  // Moves the kept field `name` to rejected() with `note` (a later check
  // found it wrong) and flags it; nothing when it was not kept.
  void Withdraw(const std::string& name, const std::string& note);
  // The kept field `name` passed a check of its own (FieldReading::checked).
  void MarkChecked(const std::string& name);

  double threshold() const { return threshold_; }
  std::vector<FieldReading>& fields() { return fields_; }
  const std::vector<FieldReading>& fields() const { return fields_; }
  std::vector<FieldReading>& rejected() { return rejected_; }
  const std::vector<FieldReading>& rejected() const { return rejected_; }
  Problems& problems() { return problems_; }
  const FieldReading* Find(const std::string& name) const;

 private:
  double threshold_;
  std::vector<FieldReading> fields_;
  std::vector<FieldReading> rejected_;
  Problems problems_;
};

// OCR of `region` of `img`; an engine error gives an empty result (the
// caller's threshold then flags the field). Character boxes are in `img`'s
// coordinates.
OcrResult RecognizeRegion(OcrEngine& engine, const GrayImage& img, Rect region,
                          const OcrRequest& request);
// The same with the region resized by `scale` first: the recogniser has a
// preferred glyph size, and a second size rescues what one size misses.
OcrResult RecognizeRegionScaled(OcrEngine& engine, const GrayImage& img,
                                Rect region, const OcrRequest& request,
                                double scale);

// The digits/X of an OCR result as IdChars (lower-case x folded).
std::vector<IdChar> ToIdChars(const OcrResult& r);

// The lowest character confidence of `r` (0 when empty): for fields where
// one misread character makes the value wrong (names).
double MinConfidence(const OcrResult& r);

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_FIELD_COLLECTOR_H_
