#include "card_reader.h"

#include <algorithm>
#include <string_view>

#include "field_parsers.h"
#include "id_number_repair.h"
#include "known_names.h"
#include "page_classifier.h"

namespace beian::ocr {
namespace {

// Value regions of the standard card layout (GB 19999 人像面/国徽面).
constexpr Rect kName{140, 40, 440, 66};
constexpr Rect kNameWide{128, 28, 460, 90};
constexpr Rect kSexRow{140, 112, 440, 64};
constexpr Rect kSex{140, 112, 100, 64};
constexpr Rect kEthnicity{318, 112, 262, 64};
constexpr Rect kBirth{140, 182, 440, 64};
constexpr Rect kAddress{140, 252, 440, 160};
constexpr Rect kIdNumber{276, 434, 576, 72};
constexpr Rect kTitle{280, 56, 560, 200};
constexpr Rect kAuthority{318, 384, 536, 58};
constexpr Rect kValidity{318, 444, 536, 58};
// Cards captured narrower than this share of kCardWidth are enlarged.
constexpr double kEnlarged = 0.7;

OcrRequest Line(std::string whitelist = "") {
  OcrRequest r;
  r.whitelist = std::move(whitelist);
  return r;
}

struct FrontProbe {
  OcrResult ocr;
  IdNumberReading id;
  double score = 0;
};

FrontProbe ProbeFront(OcrEngine& engine, const GrayImage& card) {
  FrontProbe p;
  OcrRequest req = Line(kIdWhitelist);
  req.alternatives = true;
  p.ocr = RecognizeRegion(engine, card, kIdNumber, req);
  p.id = ReadIdNumber(ToIdChars(p.ocr), "");
  const double n = double(ToIdChars(p.ocr).size());
  p.score = p.id.valid ? 2 + p.ocr.confidence
                       : p.ocr.confidence * std::min(1.0, n / 18) *
                             (n > 20 ? 0.5 : 1.0);
  return p;
}

double ProbeBack(OcrEngine& engine, const GrayImage& card) {
  OcrRequest req;
  req.layout = Layout::kSingleBlock;
  const OcrResult r = RecognizeRegion(engine, card, kTitle, req);
  const KindGuess g = ClassifyText(r.text);
  return g.kind == PageKind::kIdBack ? g.score / 6 + r.confidence : 0;
}

void ReadName(OcrEngine& engine, const GrayImage& card,
              const std::string& claim, bool enlarged, double threshold,
              FieldCollector& out) {
  struct Try {
    Rect region;
    Layout layout;
    double scale;
  };
  // Names read best a little smaller than the card's standard size (front
  // names on the labelled set: 86% at 1.0, 98% at 0.75); blurred small
  // copies read better at full size; a name near the crop's edge needs the
  // wider block.
  const Try tries[] = {{kName, Layout::kSingleLine, 0.75},
                       {kName, Layout::kSingleLine, 1.0},
                       {kNameWide, Layout::kSingleBlock, 1.0}};
  NameMatch best;
  std::string raw;
  std::vector<std::string> readings;
  for (const Try& t : tries) {
    OcrRequest req = Line();
    req.alternatives = true;
    req.layout = t.layout;
    const OcrResult r =
        RecognizeRegionScaled(engine, card, t.region, req, t.scale);
    NameMatch name = MatchName(r, claim);
    if (name.value) readings.push_back(*name.value);
    if (name.value && (!best.value || name.confidence > best.confidence)) {
      best = std::move(name);
      raw = r.text;
    }
    // An enlarged card (a small photocopy) is read twice: there Tesseract
    // is confidently wrong about similar ideographs, and the two sizes
    // seldom make the same mistake.
    if (best.value && best.confidence >= threshold &&
        (!enlarged || readings.size() >= 2 || best.value == claim)) {
      break;
    }
  }
  const auto other =
      std::find_if(readings.begin(), readings.end(),
                   [&](const std::string& s) { return s != best.value; });
  if (enlarged && best.value && best.value != claim &&
      other != readings.end()) {
    best.confidence = std::min(best.confidence, threshold * 0.9);
    best.note = "two readings disagree: " + *best.value + " / " + *other;
  }
  out.Add("name", best.value, best.confidence, raw, best.note);
}

// The 性别 and 民族 parts of their shared row's text: split at the 民族
// label, or after 男/女 when the label was misread.
std::pair<std::string, std::string> SplitSexRow(const std::string& text) {
  static constexpr std::string_view kLabel = "民族";
  static constexpr size_t kSexSize = std::string_view("男").size();
  const size_t label = text.find(kLabel);
  if (label != std::string::npos)
    return {text.substr(0, label), text.substr(label + kLabel.size())};
  const size_t at = std::min(text.find("男"), text.find("女"));
  if (at == std::string::npos) return {text, ""};
  return {text, text.substr(at + kSexSize)};
}

// 性别 from the row, else from its own cell at two sizes.
void ReadSex(OcrEngine& engine, const GrayImage& card, const OcrResult& row,
             const std::string& part, FieldCollector& out) {
  std::optional<std::string> value = ParseSex(part);
  double confidence = row.confidence;
  std::string raw = row.text;
  for (double scale : {1.0, 1.5}) {
    if (value) break;
    OcrRequest req = Line("男女");
    req.layout = Layout::kSingleWord;
    const OcrResult cell =
        RecognizeRegionScaled(engine, card, kSex, req, scale);
    value = ParseSex(cell.text);
    confidence = cell.confidence;
    raw = cell.text;
  }
  out.Add("sex", value, confidence, raw);
}

// One reading of the 民族 cell: the name read, else (a rare ideograph, 彝
// read as 薄) the one of the 56 names OCR's alternatives spell.
struct EthnicityCell {
  std::optional<std::string> value;
  double confidence = 0;
  std::string raw;
  bool snapped = false;
};

EthnicityCell ReadEthnicityCell(OcrEngine& engine, const GrayImage& card,
                                const std::string& language) {
  OcrRequest req = Line();
  req.alternatives = true;
  req.language = language;
  const OcrResult cell = RecognizeRegion(engine, card, kEthnicity, req);
  EthnicityCell e{ParseEthnicity(cell.text), cell.confidence, cell.text};
  if (!e.value) {
    e.value = SnapByAlternatives(cell, EthnicityNames(), 1);
    e.confidence = std::min(cell.confidence, 0.8);
    e.snapped = e.value.has_value();
  }
  return e;
}

// 民族 from the row, else from its own cell — by the larger Chinese model
// when the fast one gives no name.
void ReadEthnicity(OcrEngine& engine, const GrayImage& card,
                   const OcrResult& row, const std::string& part,
                   FieldCollector& out) {
  if (std::optional<std::string> value = ParseEthnicity(part)) {
    return out.Add("ethnicity", value, row.confidence, row.text);
  }
  const EthnicityCell fast =
      ReadEthnicityCell(engine, card, OcrRequest{}.language);
  if (fast.value || !engine.Knows(kChineseLarge)) {
    return out.Add("ethnicity", fast.value, fast.confidence, fast.raw,
                   fast.snapped ? "民族 read as " + fast.raw : "");
  }
  const EthnicityCell large = ReadEthnicityCell(engine, card, kChineseLarge);
  out.Add("ethnicity", large.value, large.confidence,
          large.value ? large.raw : fast.raw,
          large.value ? "民族 read by the larger Chinese model (fast model: " +
                            fast.raw + ")"
                      : "");
}

// 性别 and 民族 share a row: one line gives the recogniser more context;
// what it misses there is read again from its own cell.
void ReadSexAndEthnicity(OcrEngine& engine, const GrayImage& card,
                         FieldCollector& out) {
  const OcrResult row = RecognizeRegion(engine, card, kSexRow, Line());
  const auto [sex, ethnicity] = SplitSexRow(row.text);
  ReadSex(engine, card, row, sex, out);
  ReadEthnicity(engine, card, row, ethnicity, out);
}

void ReadFront(OcrEngine& engine, const GrayImage& card,
               const FrontProbe& probe, double source_scale,
               const Knowledge& known, const ReadHints& hints,
               FieldCollector& out) {
  ReadName(engine, card, hints.name, source_scale < kEnlarged, out.threshold(),
           out);
  ReadSexAndEthnicity(engine, card, out);
  const OcrResult birth =
      RecognizeRegion(engine, card, kBirth, Line("0123456789年月日"));
  const std::optional<std::string> birth_value = ParseChineseDate(birth.text);
  out.Add("birth", birth_value, birth.confidence, birth.text);
  OcrRequest block;
  block.layout = Layout::kSingleBlock;
  const OcrResult addr = RecognizeRegion(engine, card, kAddress, block);
  std::string note;
  const std::string address =
      SnapAddressPrefix(CleanCjkText(addr.text), known.places, &note);
  out.Add("address",
          CharCount(address) >= 6 ? std::optional(address) : std::nullopt,
          addr.confidence, addr.text, note);
  std::string hint;
  if (birth_value) {
    for (char c : *birth_value) {
      if (c != '-') hint += c;
    }
  }
  IdNumberReading id = probe.id;
  if (!id.valid) id = ReadIdNumber(ToIdChars(probe.ocr), hint);
  if (!id.valid) {  // a second recogniser model for the digits
    OcrRequest eng = Line(kIdWhitelist);
    eng.language = "eng";
    eng.alternatives = true;
    const OcrResult again = RecognizeRegion(engine, card, kIdNumber, eng);
    const IdNumberReading second = ReadIdNumber(ToIdChars(again), hint);
    if (second.valid) id = second;
  }
  if (!id.valid) {
    const IdNumberReading repaired = RepairFromKnowledge(
        ToIdChars(probe.ocr), hint, known.division_codes, hints.id_number);
    if (repaired.valid) id = repaired;
  }
  DistrustIfBirthDiffers(id, hint);
  out.Add("id_number", id.valid ? std::optional(id.value) : std::nullopt,
          id.confidence, id.raw, id.note);
}

void ReadAuthority(OcrEngine& engine, const GrayImage& card,
                   const AuthorityBook& book, const ReadHints& hints,
                   FieldCollector& out) {
  OcrRequest req = Line();
  req.alternatives = !book.empty();
  const OcrResult auth = RecognizeRegion(engine, card, kAuthority, req);
  if (!book.empty()) {
    std::optional<KnownMatch> m = book.Snap(auth, hints.id_number);
    std::string raw = auth.text;
    if (!m || !m->alone) {  // not read as a known name: a second size
      const OcrResult again =
          RecognizeRegionScaled(engine, card, kAuthority, req, 0.75);
      m = TrustedMatch({m, book.Snap(again, hints.id_number)});
      if (m && !m->alone) raw += " / " + again.text;
    }
    out.Add("authority", m ? std::optional(m->value) : std::nullopt,
            m ? m->confidence : 0, raw, m ? m->note : "");
    return;
  }
  const std::string authority = CleanCjkText(auth.text);
  const bool shaped =
      CharCount(authority) >= 4 && std::string_view(authority).ends_with("局");
  out.Add("authority", shaped ? std::optional(authority) : std::nullopt,
          auth.confidence, auth.text);
}

void ReadBack(OcrEngine& engine, const GrayImage& card, const Knowledge& known,
              const ReadHints& hints, FieldCollector& out) {
  ReadAuthority(engine, card, known.authorities, hints, out);
  const OcrResult val =
      RecognizeRegion(engine, card, kValidity, Line("0123456789.-长期"));
  const auto validity = ParseValidity(val.text);
  out.Add("valid_from",
          validity ? std::optional(validity->first) : std::nullopt,
          val.confidence, val.text);
  out.Add("valid_to", validity ? std::optional(validity->second) : std::nullopt,
          val.confidence, val.text);
}

}  // namespace

CardReading ReadCard(OcrEngine& engine, const GrayImage& card,
                     double source_scale, const Knowledge& known,
                     const ReadHints& hints, FieldCollector& out) {
  CardReading r;
  const GrayImage flipped = RotateQuarter(card, 2);
  FrontProbe up = ProbeFront(engine, card);
  FrontProbe down = ProbeFront(engine, flipped);
  double front = std::max(up.score, down.score);
  double back_up = 0, back_down = 0;
  if (front < 2) {
    back_up = ProbeBack(engine, card);
    back_down = ProbeBack(engine, flipped);
  }
  const double back = std::max(back_up, back_down);
  if (front < 0.5 && back < 0.5) return r;
  if (front >= back) {
    r.side = PageKind::kIdFront;
    r.upside_down = down.score > up.score;
    r.side_confidence = std::min(1.0, front / 2);
    r.upright = r.upside_down ? flipped : card;
    ReadFront(engine, r.upright, r.upside_down ? down : up, source_scale, known,
              hints, out);
  } else {
    r.side = PageKind::kIdBack;
    r.upside_down = back_down > back_up;
    r.side_confidence = std::min(1.0, back);
    r.upright = r.upside_down ? flipped : card;
    ReadBack(engine, r.upright, known, hints, out);
  }
  return r;
}

}  // namespace beian::ocr
