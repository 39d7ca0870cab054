#include "page_reader.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "card_reader.h"
#include "content_reader.h"
#include "field_choice.h"
#include "form_reader.h"
#include "image_measures.h"
#include "page_classifier.h"
#include "region_locator.h"
#include "text_rows.h"

namespace beian::ocr {
namespace {

bool CardShaped(const LocatedRegion& r) {
  return r.aspect > 1.4 && r.aspect < 1.8 && r.rectangularity > 0.85 &&
         r.area_fraction > 0.02;
}

Quad WholeImage(const GrayImage& img) {
  const double w = img.width, h = img.height;
  return {Point{0, 0}, Point{w, 0}, Point{w, h}, Point{0, h}};
}

// A sheet of paper photographed on a table: a large region with A4's
// proportions (1 : 1.414; a card's are 1 : 1.585).
bool SheetShaped(const LocatedRegion& r) {
  return r.aspect > 1.33 && r.aspect < 1.48 && r.rectangularity > 0.85 &&
         r.area_fraction > 0.25;
}

// The card-shaped regions of `regions` (the one or two largest) covering at
// most `max_area` of the image each.
std::vector<Quad> CardQuads(const std::vector<LocatedRegion>& regions,
                            double max_area) {
  std::vector<Quad> cards;
  for (const LocatedRegion& r : regions) {
    if (!CardShaped(r) || r.area_fraction > max_area) continue;
    if (!cards.empty() && r.area_fraction < 0.5 * regions[0].area_fraction)
      break;
    cards.push_back(FitCardProportions(LandscapeOrder(r.quad)));
    if (cards.size() == 2) break;
  }
  return cards;
}

// Regions looked at on a page: a sheet, or a card or two and what else
// stands out (region_locator.h).
constexpr int kMaxRegions = 4;

// A sheet of paper lying on a table (a 备案表, both sides copied on A4,
// photographed at an angle), flattened: the page as it was printed, on
// which a card's edges stand out from the paper rather than the table.
std::optional<GrayImage> FindSheet(const GrayImage& img,
                                   const std::vector<LocatedRegion>& regions) {
  if (regions.empty() || !SheetShaped(regions[0]) ||
      regions[0].area_fraction > 0.95)
    return std::nullopt;
  const Quad& q = regions[0].quad;
  return WarpQuad(img, q, int(QuadWidth(q)), int(QuadHeight(q)));
}

// Card quads on the page: the one or two card-shaped regions, or the whole
// image when it has a card's proportions. On a sheet of paper a card covers
// at most 30 % (a copy at 1 : 1 covers 7 %); a larger region there is a
// table of the form, not a card. (On the page, a region with about A4's
// proportions may be a card seen at an angle: it is tried as one.)
std::vector<Quad> FindCards(const GrayImage& img,
                            const std::vector<LocatedRegion>& regions,
                            bool sheet) {
  std::vector<Quad> cards = CardQuads(regions, sheet ? 0.3 : 1.0);
  if (sheet) return cards;
  const double aspect = double(std::max(img.width, img.height)) /
                        std::max(1, std::min(img.width, img.height));
  if (cards.empty() && aspect > 1.45 && aspect < 1.75) {
    cards.push_back(LandscapeOrder(WholeImage(img)));
  }
  return cards;
}

// Sharpness and brightness of the image read; glare of `photo`, the same
// part of the photo before contrast and light were evened out.
void AddQuality(PageReading& out, const GrayImage& read, const GrayImage& photo,
                double width_px) {
  const ImageQuality q = MeasureQuality(read);
  out.quality = {{"sharpness", q.sharpness},
                 {"brightness", q.brightness},
                 {"glare", GlareFraction(photo)},
                 {"width_px", width_px}};
}

// Long side of a page read as a whole: small photos are enlarged so that
// their text reaches a readable size, large ones reduced (a 4,000 px phone
// photo reads no better than at 2,400 and costs several times more).
constexpr int kPageMinSide = 1400, kPageMaxSide = 2400;
// Below this median character height (px) a card found by its words is
// read again from a crop around them, enlarged.
constexpr int kSmallText = 18, kPreferredText = 30;
// A page whose contrast would be stretched more than this is mostly paper:
// read as it is (gray_image.h).
constexpr double kPageMaxGain = 3;

// A page (or card) read as a whole, and what its words say it is.
struct ContentRead {
  GrayImage image;  // upright, the pixels `rows` refer to (rulings removed)
  GrayImage plain;  // the same before the rulings were removed
  std::vector<TextRow> rows;
  KindGuess kind;
};

bool IsCardKind(PageKind k) {
  return k == PageKind::kIdFront || k == PageKind::kIdBack ||
         k == PageKind::kIdBoth;
}

// A proof (户口簿, 居住证明, 承诺书 ...): read for its kind only, no fields.
bool IsProofKind(PageKind k) {
  return !IsCardKind(k) && k != PageKind::kForm && k != PageKind::kOther;
}

ContentRead ReadWhole(OcrEngine& engine, const GrayImage& raw) {
  ContentRead r;
  const int side = std::max(raw.width, raw.height);
  GrayImage image = RemoveRulings(FlattenLight(raw, std::max(16, side / 60)),
                                  std::max(60, side / 15), 128);
  OcrRequest req;
  req.layout = Layout::kAuto;
  req.alternatives = true;
  StatusOr<OcrResult> ocr = engine.Recognize(image, req);
  r.rows = GroupRows(ocr.ok() ? *ocr : OcrResult{});
  r.kind = ClassifyRows(r.rows);
  r.image = std::move(image);
  r.plain = raw;
  return r;
}

// How sure a reading is of what it saw: keywords plus the labels found.
double Strength(const ContentRead& r) {
  if (r.kind.kind == PageKind::kOther) return 0;
  return r.kind.score + FrontLabelCount(r.rows) + BackLabelCount(r.rows);
}

// Words printed on a 备案表 and never on an ID card: a region with a card's
// shape holding two of them is a form's table (姓名, 性别 and a number in
// its first rows), not a card.
bool FormWords(const ContentRead& r) {
  const std::string text = PageText(r.rows);
  int n = 0;
  for (const char* w : {"电话", "日期", "申请", "就医", "参保", "险种", "备案",
                        "签字", "签名", "手机"}) {
    n += text.find(w) != std::string::npos;
  }
  return n >= 2;
}

// A card found by its edges, read upright or upside down.
ContentRead ReadCardQuad(OcrEngine& engine, const GrayImage& img,
                         const Quad& q) {
  const GrayImage warped =
      StretchContrast(WarpQuad(img, q, kCardWidth, kCardHeight));
  ContentRead up = ReadWhole(engine, warped);
  if (FormWords(up)) {
    up.kind = KindGuess{};
    return up;
  }
  if (IsCardKind(up.kind.kind) && Strength(up) >= 6) return up;
  // Read upright as another document (a 备案表 on a table): no card.
  if (!IsCardKind(up.kind.kind) && up.kind.kind != PageKind::kOther) return up;
  ContentRead down = ReadWhole(engine, RotateQuarter(warped, 2));
  return Strength(down) > Strength(up) ? std::move(down) : std::move(up);
}

// The largest region, when it is longer than a card (a hand over one end
// of a card on a table): the end that reads best as a card side.
std::optional<Quad> CardAtAnEnd(OcrEngine& engine, const GrayImage& img,
                                const std::vector<LocatedRegion>& regions) {
  if (regions.empty()) return std::nullopt;
  const LocatedRegion& r = regions[0];
  if (r.aspect < 1.8 || r.aspect > 2.8 || r.rectangularity < 0.85 ||
      r.area_fraction < 0.05)
    return std::nullopt;
  std::optional<Quad> best;
  double strength = 0;
  for (const Quad& q : CardAtEitherEnd(LandscapeOrder(r.quad))) {
    const ContentRead read = ReadCardQuad(engine, img, q);
    if (IsCardKind(read.kind.kind) && Strength(read) > strength)
      best = q, strength = Strength(read);
  }
  return best;
}

GrayImage ToReadingSize(const GrayImage& img) {
  const int side = std::max(img.width, img.height);
  const double scale = side < kPageMinSide   ? double(kPageMinSide) / side
                       : side > kPageMaxSide ? double(kPageMaxSide) / side
                                             : 1.0;
  if (scale == 1.0) return img;
  return Resize(img, std::max(1, int(img.width * scale + 0.5)),
                std::max(1, int(img.height * scale + 0.5)));
}

// The page turned upright — the engine's orientation guess first, then the
// other quarter turns while the words say nothing — and read as a whole.
ContentRead ReadUprightPage(OcrEngine& engine, const GrayImage& img) {
  const GrayImage page = ToReadingSize(img);
  double confidence = 0;
  const int guess = engine.UprightTurns(page, &confidence);
  std::vector<int> order = {guess};
  for (int t : {0, 2, 1, 3}) {
    if (t != guess) order.push_back(t);
  }
  ContentRead best;
  for (int turns : order) {
    GrayImage turned = RotateQuarter(page, turns);
    turned = RotateSmall(turned, -EstimateSkew(turned));
    ContentRead r = ReadWhole(engine, StretchContrast(turned, kPageMaxGain));
    // The first reading stands while no turn says more: a page of no known
    // kind keeps its pixels (its quality is measured on them).
    if (best.image.width == 0 || Strength(r) > Strength(best))
      best = std::move(r);
    if (best.kind.score >= 4) break;
  }
  return best;
}

// A card found by its words on a large page: the text around them cropped
// and enlarged, read again.
ContentRead ZoomOnText(OcrEngine& engine, ContentRead r) {
  const int h = MedianCharHeight(r.rows);
  if (!IsCardKind(r.kind.kind) || h <= 0 || h >= kSmallText) return r;
  Rect text;
  for (const TextRow& row : r.rows) text = Union(text, row.box);
  const int pad = 3 * h;
  const GrayImage crop = Crop(r.image, {text.x - pad, text.y - pad,
                                        text.w + 2 * pad, text.h + 2 * pad});
  double scale = std::min(3.0, double(kPreferredText) / h);
  scale = std::min(scale, double(kPageMaxSide) /
                              std::max(1, std::max(crop.width, crop.height)));
  if (scale <= 1.1) return r;
  ContentRead zoomed = ReadWhole(
      engine, Resize(crop, int(crop.width * scale), int(crop.height * scale)));
  return Strength(zoomed) >= Strength(r) ? std::move(zoomed) : std::move(r);
}

void ReadFields(OcrEngine& engine, const ContentRead& r,
                const PageReaderOptions& options, const ReadHints& hints,
                FieldCollector& fields) {
  const PageKind k = r.kind.kind;
  if (k == PageKind::kIdFront || k == PageKind::kIdBoth)
    ReadFrontByLabels(engine, r.image, r.rows, options.known, hints, fields);
  if (k == PageKind::kIdBack || k == PageKind::kIdBoth)
    ReadBackByLabels(engine, r.image, r.rows, options.known, hints, fields);
  if (k == PageKind::kForm)
    ReadFormByLabels(engine, r.image, r.rows, options.known, hints, fields);
}

PageKind Combine(bool front, bool back) {
  return front && back ? PageKind::kIdBoth
         : front       ? PageKind::kIdFront
         : back        ? PageKind::kIdBack
                       : PageKind::kOther;
}

void MoveFields(FieldCollector& from, FieldCollector& to) {
  for (FieldReading& f : from.fields()) to.fields().push_back(std::move(f));
  for (FieldReading& f : from.rejected()) to.rejected().push_back(std::move(f));
  for (Problem& p : from.problems()) to.problems().push_back(std::move(p));
}

// One card's fields: read by its labels, and where that leaves a field
// missing or unchecked, also where the standard layout puts it; each field
// then takes the reading that passes its checks (field_choice.h).
void ReadCardFields(OcrEngine& engine, const ContentRead& card,
                    double source_scale, const PageReaderOptions& options,
                    const ReadHints& hints, FieldCollector& fields) {
  FieldCollector content(options.field_threshold);
  ReadFields(engine, card, options, hints, content);
  const PageKind k = card.kind.kind;
  const bool front = k != PageKind::kIdBack, back = k != PageKind::kIdFront;
  if (k == PageKind::kIdBoth || CardFieldsComplete(content, front, back)) {
    return MoveFields(content, fields);
  }
  FieldCollector templated(options.field_threshold);
  const CardReading t = ReadCard(engine, card.plain, source_scale,
                                 options.known, hints, templated);
  if (t.side != k) return MoveFields(content, fields);
  const bool confirmed =
      LabelsWhereTemplateSays(card.rows) || Agreements(content, templated) >= 2;
  ChooseFields(content, templated, confirmed, CardStrongFields(), fields);
}

// Cards found by their edges, each read by its words; `read` gets the quads
// that read as a card side. A card whose words say too little (a blurred
// copy) is taken as the other side when the page's other card is one side
// and its own words lean to the other (FaintCardSide): its fields must
// still pass their checks. False when no card reads as a side (the page is
// then read as a whole).
bool ReadCards(OcrEngine& engine, const GrayImage& img,
               const std::vector<Quad>& quads, const PageReaderOptions& options,
               const ReadHints& hints, FieldCollector& fields,
               std::vector<Quad>& read, PageReading& out) {
  std::vector<std::pair<Quad, ContentRead>> sides, faint;
  for (const Quad& q : quads) {
    ContentRead card = ReadCardQuad(engine, img, q);
    (IsCardKind(card.kind.kind) ? sides : faint)
        .push_back({q, std::move(card)});
  }
  if (sides.size() == 1 && faint.size() == 1 &&
      sides[0].second.kind.kind != PageKind::kIdBoth) {
    const PageKind other = sides[0].second.kind.kind == PageKind::kIdFront
                               ? PageKind::kIdBack
                               : PageKind::kIdFront;
    ContentRead& card = faint[0].second;
    if (FaintCardSide(card.rows) == other) {
      card.kind.kind = other;
      card.kind.confidence = 0.3;
      sides.push_back(std::move(faint[0]));
    }
  }
  bool front = false, back = false;
  double confidence = 1;
  for (const auto& [q, card] : sides) {
    read.push_back(q);
    if (!front && !back) {
      AddQuality(out, card.image, WarpQuad(img, q, kCardWidth, kCardHeight),
                 QuadWidth(q));
    }
    ReadCardFields(engine, card, QuadWidth(q) / kCardWidth, options, hints,
                   fields);
    front |= card.kind.kind != PageKind::kIdBack;
    back |= card.kind.kind != PageKind::kIdFront;
    confidence = std::min(confidence, card.kind.confidence);
  }
  out.kind = Combine(front, back);
  out.kind_confidence = out.kind == PageKind::kOther ? 0 : confidence;
  return out.kind != PageKind::kOther;
}

// The outer border of a ruled table on a level page: the first and last
// rows (columns) that are mostly dark over the table's extent, with the
// proportions of the form template of form_reader.h.
std::optional<Rect> FindTemplateTable(const GrayImage& page) {
  const GrayImage local = BoxBlur(page, 12);
  auto dark = [&](int x, int y) {
    return page.at(x, y) < 0.72 * local.at(x, y);
  };
  int top = -1, bottom = -1;
  for (int y = 0; y < page.height; ++y) {
    int n = 0;
    for (int x = 0; x < page.width; ++x) n += dark(x, y);
    if (n <= page.width * 45 / 100) continue;
    if (top < 0) top = y;
    bottom = y;
  }
  if (top < 0 || bottom - top < page.height / 4) return std::nullopt;
  int left = -1, right = -1;
  for (int x = 0; x < page.width; ++x) {
    int n = 0;
    for (int y = top; y <= bottom; ++y) n += dark(x, y);
    if (n <= (bottom - top) * 80 / 100) continue;
    if (left < 0) left = x;
    right = x;
  }
  if (left < 0 || right - left < page.width / 3) return std::nullopt;
  const double ratio = double(right - left) / (bottom - top);
  const double want = double(kFormTableWidth) / kFormTableHeight;
  if (std::abs(ratio / want - 1) > 0.06) return std::nullopt;
  return Rect{left, top, right - left + 1, bottom - top + 1};
}

bool FormFieldsComplete(const FieldCollector& fields) {
  for (const char* n :
       {"name", "sex", "id_number", "insured_place", "insurance_type",
        "filing_type", "treatment_place", "phone", "contact_address",
        "start_date", "apply_date", "signature"}) {
    if (fields.Find(n) == nullptr) return false;
  }
  return true;
}

// A form's fields by its labels, and — where that leaves some out and the
// page has the ruled table of the form template — where the template puts
// them; the template counts as this form's only when its readings agree
// with the labels' on three fields or more.
void ReadFormFields(OcrEngine& engine, const ContentRead& r,
                    const PageReaderOptions& options, const ReadHints& hints,
                    FieldCollector& fields) {
  FieldCollector content(options.field_threshold);
  ReadFields(engine, r, options, hints, content);
  const std::optional<Rect> t =
      FormFieldsComplete(content) ? std::nullopt : FindTemplateTable(r.plain);
  if (!t) return MoveFields(content, fields);
  const double x0 = t->x, y0 = t->y, x1 = t->x + t->w, y1 = t->y + t->h;
  const Quad q = {Point{x0, y0}, Point{x1, y0}, Point{x1, y1}, Point{x0, y1}};
  FieldCollector templated(options.field_threshold);
  ReadForm(engine,
           StretchContrast(
               WarpQuad(r.plain, q, 2 * kFormTableWidth, 2 * kFormTableHeight)),
           QuadWidth(q) / (2 * kFormTableWidth), options.known, hints,
           templated);
  ChooseFields(content, templated, Agreements(content, templated) >= 3,
               FormStrongFields(), fields);
}

void ReadDocument(OcrEngine& engine, const LoadedPage& page,
                  const PageReaderOptions& options, const ReadHints& hints,
                  FieldCollector& fields, PageReading& out) {
  ContentRead r = ZoomOnText(engine, ReadUprightPage(engine, page.image));
  if (r.kind.kind == PageKind::kForm) {
    RecoverLostRows(engine, r.image, r.rows);
    RecoverRowStarts(engine, r.image, r.rows);
    RecoverRowEnds(engine, r.image, r.rows);
  }
  if (!page.embedded_text.empty()) {
    const KindGuess text_guess = ClassifyText(page.embedded_text);
    if (text_guess.score > r.kind.score) r.kind = text_guess;
  }
  out.kind = r.kind.kind;
  out.kind_confidence = r.kind.confidence;
  AddQuality(out, r.image, page.image, r.image.width);
  if (r.kind.kind == PageKind::kForm) {
    ReadFormFields(engine, r, options, hints, fields);
  } else {
    ReadFields(engine, r, options, hints, fields);
  }
}

// The fields `more` read that `fields` lacks, added to it (each passed
// its own checks in its reading), in place of their rejected readings.
void AddMissingFields(FieldCollector& more, FieldCollector& fields) {
  for (FieldReading& f : more.fields()) {
    if (fields.Find(f.name)) continue;
    std::erase_if(fields.rejected(),
                  [&](const FieldReading& r) { return r.name == f.name; });
    std::erase_if(fields.problems(), [&](const Problem& p) {
      return p.code == "field_unreadable" && p.detail == f.name;
    });
    fields.fields().push_back(std::move(f));
  }
}

// A sheet or a card found where there is none (a light card on a light
// table, taken with part of the table or its shadow) is flattened into
// sheared text that reads as nothing: when what was found gave no field,
// the photo is read as it is, and that reading kept when it gives any. A
// hand over a card's corner makes its outline another shape, and what is
// flattened cuts part of the card off: a card read without its number (a
// front) or validity (a back) takes the fields it lacks from the photo read
// as it is, when that reading finds the same kind of card.
void ReadUnflattened(OcrEngine& engine, const LoadedPage& page,
                     const PageReaderOptions& options, const ReadHints& hints,
                     FieldCollector& fields, PageReading& out) {
  FieldCollector again(options.field_threshold);
  PageReading retry = out;
  ReadDocument(engine, page, options, hints, again, retry);
  if (!fields.fields().empty()) {
    if (retry.kind == out.kind) AddMissingFields(again, fields);
    return;
  }
  if (again.fields().empty()) return;
  fields = std::move(again);
  // The quality stays that of the document found: the photo as a whole
  // (a dark table around a light card) says nothing of the scan's.
  retry.quality = std::move(out.quality);
  out = std::move(retry);
}

// A card read without the field that says most of it: a front's number,
// a back's validity.
bool LacksKeyField(const FieldCollector& fields, const PageReading& page) {
  const bool front =
      page.kind == PageKind::kIdFront || page.kind == PageKind::kIdBoth;
  const bool back =
      page.kind == PageKind::kIdBack || page.kind == PageKind::kIdBoth;
  return (front && !fields.Find("id_number")) ||
         (back && !fields.Find("valid_to"));
}

// A document on a textured table (stone, wood grain) whose edges gave no
// card or sheet shape (or a card with a hand over its edge): the whole
// photo reads the texture as words. When nothing was read, or a card read
// from the whole photo lacks fields, the bounding box of the largest region
// found — the document and a little of the table — is read too, and kept
// when it gives more fields.
void ReadLargestRegion(OcrEngine& engine, const LoadedPage& page,
                       const std::vector<LocatedRegion>& regions,
                       const PageReaderOptions& options, const ReadHints& hints,
                       FieldCollector& fields, PageReading& out) {
  if (regions.empty() || regions[0].area_fraction > 0.8) return;
  double x0 = 1e9, y0 = 1e9, x1 = 0, y1 = 0;
  for (const Point& p : regions[0].quad) {
    x0 = std::min(x0, p.x), y0 = std::min(y0, p.y);
    x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
  }
  const double pad = 0.06 * std::max(x1 - x0, y1 - y0);
  const Rect box{int(x0 - pad), int(y0 - pad), int(x1 - x0 + 2 * pad),
                 int(y1 - y0 + 2 * pad)};  // Crop clips it to the image
  const LoadedPage crop{Crop(page.image, box), page.embedded_text, page.source};
  FieldCollector again(options.field_threshold);
  PageReading retry = out;
  ReadDocument(engine, crop, options, hints, again, retry);
  if (again.fields().size() <= fields.fields().size()) return;
  fields = std::move(again);
  out = std::move(retry);
}

// An A4 page with one side found by its card's edges and room for more
// (both sides copied on one page, the other card's edges too weak to find,
// or found but not read as a card): the page without the card read is read
// for the other side.
void ReadOtherSide(OcrEngine& engine, const GrayImage& page,
                   const std::vector<Quad>& cards,
                   const PageReaderOptions& options, const ReadHints& hints,
                   FieldCollector& fields, PageReading& out) {
  if (out.kind != PageKind::kIdFront && out.kind != PageKind::kIdBack) return;
  // Only a sheet of paper (A4 upright, 1 : 1.414) holds two cards this way;
  // a photo of one card on a table is not read twice.
  const double aspect = double(page.height) / page.width;
  if (aspect < 1.36 || aspect > 1.46) return;
  GrayImage rest = page;
  double covered = 0;
  for (const Quad& q : cards) {
    double x0 = rest.width, y0 = rest.height, x1 = 0, y1 = 0;
    for (const Point& p : q) {
      x0 = std::min(x0, p.x), y0 = std::min(y0, p.y);
      x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
    }
    covered += (x1 - x0) * (y1 - y0);
    for (int y = std::max(0, int(y0)); y < std::min(rest.height, int(y1)); ++y)
      for (int x = std::max(0, int(x0)); x < std::min(rest.width, int(x1)); ++x)
        rest.at(x, y) = 255;
  }
  if (covered > 0.35 * rest.width * rest.height) return;
  ContentRead r = ZoomOnText(engine, ReadUprightPage(engine, rest));
  const PageKind other =
      out.kind == PageKind::kIdFront ? PageKind::kIdBack : PageKind::kIdFront;
  if (r.kind.kind != other && r.kind.kind != PageKind::kIdBoth) return;
  r.kind.kind = other;  // the side already read is not read twice
  FieldCollector more(options.field_threshold);
  ReadFields(engine, r, options, hints, more);
  MoveFields(more, fields);
  out.kind = PageKind::kIdBoth;
}

void QualityProblems(const PageReaderOptions& o, bool fields_missing,
                     bool is_card, PageReading& out) {
  auto q = [&](const char* key) {
    for (const auto& [k, v] : out.quality) {
      if (k == key) return v;
    }
    return 0.0;
  };
  if (!fields_missing) return;
  auto add = [&](const char* code, const char* detail) {
    out.problems.push_back({code, Severity::kBlocking, detail});
  };
  if (is_card && q("width_px") < o.min_card_width_px)
    add("scan_too_small", "请重新拍摄，证件在图片中太小");
  if (q("brightness") < o.min_brightness)
    add("scan_too_dark", "请重新拍摄，图片太暗");
  if (q("glare") > o.max_glare) add("scan_glare", "请重新拍摄，图片反光");
  if (q("sharpness") < o.min_sharpness)
    add("scan_blurry", "请重新扫描，图片模糊");
}

}  // namespace

PageReading ReadPage(OcrEngine& engine, const LoadedPage& page, int index,
                     const PageReaderOptions& options, const ReadHints& hints) {
  const auto start = std::chrono::steady_clock::now();
  PageReading out;
  out.page_index = index;
  FieldCollector fields(options.field_threshold);
  // A sheet on a table: first the cards on it (both sides copied on A4);
  // else the page's card-shaped regions (a card seen at an angle may have
  // a sheet's proportions); else the page read as a whole — the sheet,
  // flattened, when there is one (a 备案表 photographed on a table).
  const std::vector<LocatedRegion> regions =
      LocateRegions(page.image, kMaxRegions);
  std::optional<GrayImage> sheet = FindSheet(page.image, regions);
  LoadedPage flat;
  if (sheet) flat = {std::move(*sheet), page.embedded_text, page.source};
  const LoadedPage& view = sheet ? flat : page;
  std::vector<Quad> cards;
  if (sheet)
    cards = FindCards(view.image, LocateRegions(view.image, kMaxRegions), true);
  const GrayImage* card_image = &view.image;
  const bool card_by_edges = !CardQuads(regions, 1.0).empty();
  bool card_at_end = false;
  if (cards.empty()) {
    cards = FindCards(page.image, regions, false);
    card_image = &page.image;
    std::optional<Quad> end;
    if (!sheet && !card_by_edges)
      end = CardAtAnEnd(engine, page.image, regions);
    if (end) cards = {*end};
    card_at_end = end.has_value();
  }
  std::vector<Quad> cards_read;
  const bool card_read =
      !cards.empty() && ReadCards(engine, *card_image, cards, options, hints,
                                  fields, cards_read, out);
  if (!card_read) {
    fields = FieldCollector(options.field_threshold);
    ReadDocument(engine, view, options, hints, fields, out);
  } else {
    ReadOtherSide(engine, *card_image, cards_read, options, hints, fields, out);
  }
  if ((sheet || card_read) &&
      (fields.fields().empty() || (card_read && LacksKeyField(fields, out))))
    ReadUnflattened(engine, page, options, hints, fields, out);
  // A proof has no fields to find: its region read alone is no better.
  if ((fields.fields().empty() && !IsProofKind(out.kind)) ||
      (!sheet && !card_by_edges && !card_at_end && IsCardKind(out.kind) &&
       !CardFieldsComplete(fields, out.kind != PageKind::kIdBack,
                           out.kind != PageKind::kIdFront)))
    ReadLargestRegion(engine, page, regions, options, hints, fields, out);
  DistrustDivisionRepair(options.known, hints.id_number, fields);
  CheckAddress(options.known, fields);
  out.fields = std::move(fields.fields());
  out.rejected = std::move(fields.rejected());
  for (Problem& p : fields.problems()) out.problems.push_back(std::move(p));
  const bool missing = HasProblem(out.problems, "field_unreadable") ||
                       out.kind == PageKind::kOther;
  QualityProblems(options, missing, !cards.empty(), out);
  out.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return out;
}

}  // namespace beian::ocr
