#include "page_reader.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "card_reader.h"
#include "form_reader.h"
#include "image_measures.h"
#include "page_classifier.h"
#include "region_locator.h"

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

// Card quads on the page: the one or two card-shaped regions, or the whole
// image when it has a card's proportions.
std::vector<Quad> FindCards(const GrayImage& img) {
  std::vector<Quad> cards;
  const std::vector<LocatedRegion> regions = LocateRegions(img, 4);
  for (const LocatedRegion& r : regions) {
    if (!CardShaped(r)) continue;
    if (!cards.empty() && r.area_fraction < 0.5 * regions[0].area_fraction)
      break;
    cards.push_back(FitCardProportions(LandscapeOrder(r.quad)));
    if (cards.size() == 2) break;
  }
  const double aspect = double(std::max(img.width, img.height)) /
                        std::max(1, std::min(img.width, img.height));
  if (cards.empty() && aspect > 1.45 && aspect < 1.75) {
    cards.push_back(LandscapeOrder(WholeImage(img)));
  }
  return cards;
}

void AddQuality(PageReading& out, const ImageQuality& q, double width_px) {
  out.quality = {{"sharpness", q.sharpness},
                 {"brightness", q.brightness},
                 {"glare", q.glare},
                 {"width_px", width_px}};
}

void ReadCards(OcrEngine& engine, const GrayImage& img,
               const std::vector<Quad>& quads, const PageReaderOptions& options,
               const ReadHints& hints, FieldCollector& fields,
               PageReading& out) {
  bool front = false, back = false;
  double confidence = 1;
  for (const Quad& q : quads) {
    const GrayImage warped = WarpQuad(img, q, kCardWidth, kCardHeight);
    if (&q == &quads.front())
      AddQuality(out, MeasureQuality(warped), QuadWidth(q));
    const CardReading card =
        ReadCard(engine, StretchContrast(warped), QuadWidth(q) / kCardWidth,
                 options.known, hints, fields);
    front |= card.side == PageKind::kIdFront;
    back |= card.side == PageKind::kIdBack;
    if (card.side != PageKind::kOther) {
      confidence = std::min(confidence, card.side_confidence);
    }
  }
  out.kind = front && back ? PageKind::kIdBoth
             : front       ? PageKind::kIdFront
             : back        ? PageKind::kIdBack
                           : PageKind::kOther;
  out.kind_confidence = out.kind == PageKind::kOther ? 0 : confidence;
}

// The outer border of a ruled table on a level page: the first and last
// rows (columns) that are mostly dark over the table's extent.
std::optional<Rect> FindRuledTable(const GrayImage& page) {
  const GrayImage local = BoxBlur(page, 12);
  auto dark = [&](int x, int y) {
    return page.at(x, y) < 0.72 * local.at(x, y);
  };
  int top = -1, bottom = -1;
  for (int y = 0; y < page.height; ++y) {
    int n = 0;
    for (int x = 0; x < page.width; ++x) n += dark(x, y);
    if (n > page.width * 45 / 100) (top < 0 ? top : bottom) = y, bottom = y;
  }
  if (top < 0 || bottom - top < page.height / 4) return std::nullopt;
  int left = -1, right = -1;
  for (int x = 0; x < page.width; ++x) {
    int n = 0;
    for (int y = top; y <= bottom; ++y) n += dark(x, y);
    if (n > (bottom - top) * 80 / 100) (left < 0 ? left : right) = x, right = x;
  }
  if (left < 0 || right - left < page.width / 3) return std::nullopt;
  const double ratio = double(right - left) / (bottom - top);
  const double want = double(kFormTableWidth) / kFormTableHeight;
  if (std::abs(ratio / want - 1) > 0.06) return std::nullopt;
  return Rect{left, top, right - left + 1, bottom - top + 1};
}

// The page turned upright (quarter turns and deskew) with its kind, judged
// from the words near the top read each way up.
GrayImage UprightDocument(OcrEngine& engine, const GrayImage& img,
                          KindGuess* guess) {
  const bool landscape = img.width > img.height;
  GrayImage best_page;
  *guess = KindGuess{};
  double best_score = -1;
  for (int quarters : landscape ? std::vector{1, 3} : std::vector{0, 2}) {
    GrayImage page = RotateQuarter(img, quarters);
    page = RotateSmall(page, -EstimateSkew(page));
    OcrRequest req;
    req.layout = Layout::kSparse;
    const OcrResult top = RecognizeRegion(
        engine, page, {0, 0, page.width, page.height * 22 / 100}, req);
    const KindGuess g = ClassifyText(top.text);
    const double score = g.score + top.confidence;
    if (score > best_score)
      best_score = score, *guess = g, best_page = std::move(page);
  }
  return best_page;
}

void ReadDocument(OcrEngine& engine, const LoadedPage& page,
                  const PageReaderOptions& options, const ReadHints& hints,
                  FieldCollector& fields, PageReading& out) {
  KindGuess guess;
  const GrayImage upright = UprightDocument(engine, page.image, &guess);
  if (!page.embedded_text.empty()) {
    const KindGuess text_guess = ClassifyText(page.embedded_text);
    if (text_guess.score > guess.score) guess = text_guess;
  }
  out.kind = guess.kind;
  out.kind_confidence = guess.confidence;
  AddQuality(out, MeasureQuality(upright), upright.width);
  if (guess.kind != PageKind::kForm) return;
  if (std::optional<Rect> t = FindRuledTable(upright)) {
    const double x0 = t->x, y0 = t->y, x1 = t->x + t->w, y1 = t->y + t->h;
    const Quad q = {Point{x0, y0}, Point{x1, y0}, Point{x1, y1}, Point{x0, y1}};
    ReadForm(engine,
             StretchContrast(WarpQuad(upright, q, 2 * kFormTableWidth,
                                      2 * kFormTableHeight)),
             QuadWidth(q) / (2 * kFormTableWidth), options.known, hints,
             fields);
    return;
  }
  for (const LocatedRegion& r : LocateRegions(upright, 3)) {
    const double ratio = QuadWidth(r.quad) / std::max(1.0, QuadHeight(r.quad));
    const double want = double(kFormTableWidth) / kFormTableHeight;
    if (r.area_fraction < 0.3 || std::abs(ratio / want - 1) > 0.1) continue;
    const GrayImage table = StretchContrast(
        WarpQuad(upright, r.quad, 2 * kFormTableWidth, 2 * kFormTableHeight));
    ReadForm(engine, table, QuadWidth(r.quad) / (2 * kFormTableWidth),
             options.known, hints, fields);
    return;
  }
  out.problems.push_back(
      {"form_table_not_found", Severity::kWarning,
       "the table of the 备案表 was not found; read it by eye"});
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
  const std::vector<Quad> cards = FindCards(page.image);
  if (!cards.empty()) {
    ReadCards(engine, page.image, cards, options, hints, fields, out);
  }
  if (cards.empty() || out.kind == PageKind::kOther) {
    fields = FieldCollector(options.field_threshold);
    ReadDocument(engine, page, options, hints, fields, out);
  }
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
