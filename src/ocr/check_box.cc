#include "check_box.h"

#include <algorithm>
#include <vector>

namespace beian::ocr {
namespace {

constexpr int kDark = 140;

// Columns (as [first, last]) whose longest dark vertical run is at least
// `min_run` long, runs of such columns merged.
struct Span {
  int first = 0, last = 0;
  int width() const { return last - first + 1; }
};

std::vector<Span> SideColumns(const GrayImage& img, int min_run) {
  std::vector<Span> spans;
  for (int x = 0; x < img.width; ++x) {
    int run = 0, longest = 0;
    for (int y = 0; y < img.height; ++y) {
      run = img.at(x, y) < kDark ? run + 1 : 0;
      longest = std::max(longest, run);
    }
    if (longest < min_run) continue;
    if (!spans.empty() && spans.back().last >= x - 2) {
      spans.back().last = x;
    } else {
      spans.push_back({x, x});
    }
  }
  return spans;
}

// The rows between columns `x0` and `x1` that are dark over most of that
// width: the box's top and bottom sides; nullopt unless both are found.
std::optional<Span> TopAndBottom(const GrayImage& img, int x0, int x1) {
  const int need = (x1 - x0 + 1) * 7 / 10;
  int top = -1, bottom = -1;
  for (int y = 0; y < img.height; ++y) {
    int n = 0;
    for (int x = x0; x <= x1; ++x) n += img.at(x, y) < kDark;
    if (n < need) continue;
    if (top < 0) top = y;
    bottom = y;
  }
  if (top < 0 || bottom - top < 2) return std::nullopt;
  return Span{top, bottom};
}

// How many of a box's eight side ends run on past its corner (at least
// three pixels): none for a printed box, a few where a tick crosses a side,
// most for a character's crossing strokes (其, 目) that look boxed.
int RunsPastCorners(const GrayImage& img, int x0, int y0, int x1, int y1) {
  auto dark = [&](int x, int y) {
    return x >= 0 && y >= 0 && x < img.width && y < img.height &&
           img.at(x, y) < kDark;
  };
  auto past = [&](int x, int y, int dx, int dy) {
    for (int t = -1; t <= 1; ++t) {  // a side one pixel thicker or thinner
      const int px = x + 3 * dx + t * dy, py = y + 3 * dy + t * dx;
      if (dark(px, py) && dark(px - dx, py - dy)) return true;
    }
    return false;
  };
  return past(x0, y0, -1, 0) + past(x1, y0, 1, 0) + past(x0, y1, -1, 0) +
         past(x1, y1, 1, 0) + past(x0, y0, 0, -1) + past(x0, y1, 0, 1) +
         past(x1, y0, 0, -1) + past(x1, y1, 0, 1);
}

double InsideInk(const GrayImage& img, int x0, int y0, int x1, int y1) {
  const int margin = std::max(2, (x1 - x0) / 6);  // the sides' grey edges
  x0 += margin, y0 += margin, x1 -= margin, y1 -= margin;
  if (x1 <= x0 || y1 <= y0) return 0;
  int dark = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) dark += img.at(x, y) < kDark;
  return double(dark) / ((x1 - x0) * (y1 - y0));
}

}  // namespace

std::optional<CheckBox> FindCheckBox(const GrayImage& img, const Rect& window,
                                     int h, bool before) {
  const GrayImage part = Crop(img, window);
  if (part.empty() || h < 6) return std::nullopt;
  std::vector<Span> sides = SideColumns(part, h * 2 / 5);
  if (before) std::reverse(sides.begin(), sides.end());

  const int min_side = h * 2 / 5, max_side = h * 7 / 5;
  // The nearest side first; a box filled dark is one wide side.
  for (size_t i = 0; i < sides.size() && i < 6; ++i) {
    const Span& near = sides[i];
    if (near.width() >= min_side && near.width() <= max_side) {
      const std::optional<Span> tb = TopAndBottom(part, near.first, near.last);
      const int side = tb ? tb->last - tb->first : 0;
      const double ink = tb ? InsideInk(part, near.first, tb->first,
                                        near.last + 1, tb->last + 1)
                            : 0;
      // Dark through and through, and no stroke running on: no character.
      if (tb && side >= min_side && side <= max_side && ink >= 0.85 &&
          RunsPastCorners(part, near.first, tb->first, near.last, tb->last) <
              3) {
        return CheckBox{{window.x + near.first, window.y + tb->first,
                         near.width(), side + 1},
                        ink};
      }
    }
    if (i + 1 >= sides.size()) break;
    const Span& far = sides[i + 1];
    const Span left = before ? far : near, right = before ? near : far;
    const int width = right.last - left.first;
    const int thick = std::max(4, h / 5);  // a side is a line, not a block
    if (width < min_side || width > max_side || left.width() > thick ||
        right.width() > thick)
      continue;
    const std::optional<Span> tb = TopAndBottom(part, left.first, right.last);
    if (!tb) continue;
    const int side = tb->last - tb->first;
    if (side < min_side || side > max_side ||
        std::abs(side - width) > std::max(3, width / 3) ||
        RunsPastCorners(part, left.first, tb->first, right.last, tb->last) >= 3)
      continue;
    return CheckBox{
        {window.x + left.first, window.y + tb->first, width + 1, side + 1},
        InsideInk(part, left.last + 1, tb->first, right.first, tb->last + 1)};
  }
  return std::nullopt;
}

namespace {

// A vertical dark run: column x from y0 to y1 (inclusive).
struct Stroke {
  int x, y0, y1;
};

std::vector<Stroke> TallStrokes(const GrayImage& img, int min_len,
                                int max_len) {
  std::vector<Stroke> out;
  for (int x = 0; x < img.width; ++x) {
    int start = -1;
    for (int y = 0; y <= img.height; ++y) {
      const bool dark = y < img.height && img.at(x, y) < kDark;
      if (dark && start < 0) start = y;
      if (dark || start < 0) continue;
      const int len = y - start;
      if (len >= min_len && len <= max_len) out.push_back({x, start, y - 1});
      start = -1;
    }
  }
  return out;
}

// Whether a side is near column `x`: a column within three pixels dark
// over most of the rows y0..y1 (a first or last side that is also a cell's
// border, or broken by the scan, was not found among the strokes).
bool SideNear(const GrayImage& img, int x, int y0, int y1) {
  for (int c = std::max(0, x - 3); c <= std::min(img.width - 1, x + 3); ++c) {
    int dark = 0;
    for (int y = y0; y <= y1; ++y) dark += img.at(c, y) < kDark;
    if (dark * 10 >= (y1 - y0 + 1) * 6) return true;
  }
  return false;
}

// Whether the middle of the box between columns x0 and x1 holds ink.
bool Written(const GrayImage& img, int x0, int x1, int y0, int y1) {
  const int w = x1 - x0, h = y1 - y0;
  int dark = 0;
  for (int y = y0 + h / 5; y < y1 - h / 5; ++y)
    for (int x = x0 + w / 5; x < x1 - w / 5; ++x) dark += img.at(x, y) < kDark;
  return dark * 100 >= 3 * (w * 3 / 5) * (h * 3 / 5);
}

// `sides` with the sides one `step` beyond either end added while there
// are any, or — once, at each end — while the box beyond holds a character
// (the first box's left side is the table's column ruling, removed).
void ExtendBySides(const GrayImage& img, int step, int y0, int y1,
                   std::vector<int>& sides) {
  auto more = [&](int x, int near, bool& written_once) {
    if (x < 0 || x >= img.width) return false;
    if (SideNear(img, x, y0, y1)) return true;
    if (written_once ||
        !Written(img, std::min(x, near), std::max(x, near), y0, y1))
      return false;
    return written_once = true;
  };
  bool left_once = false, right_once = false;
  while (more(sides.front() - step, sides.front(), left_once))
    sides.insert(sides.begin(), sides.front() - step);
  while (more(sides.back() + step, sides.back(), right_once))
    sides.push_back(sides.back() + step);
}

}  // namespace

std::vector<BoxRow> FindBoxRows(const GrayImage& img, int h, int min_boxes) {
  std::vector<BoxRow> rows;
  if (h < 6) return rows;
  std::vector<Stroke> strokes = TallStrokes(img, h * 13 / 10, h * 4);
  std::sort(strokes.begin(), strokes.end(),
            [](const Stroke& a, const Stroke& b) {
              return a.y0 != b.y0 ? a.y0 < b.y0 : a.x < b.x;
            });
  std::vector<bool> used(strokes.size(), false);
  for (size_t i = 0; i < strokes.size(); ++i) {
    if (used[i]) continue;
    std::vector<const Stroke*> same;  // strokes of one height, one band
    for (size_t j = i; j < strokes.size(); ++j) {
      if (used[j] || std::abs(strokes[j].y0 - strokes[i].y0) > h / 3 ||
          std::abs(strokes[j].y1 - strokes[i].y1) > h / 3)
        continue;
      same.push_back(&strokes[j]);
      used[j] = true;
    }
    if (int(same.size()) < min_boxes + 1) continue;
    std::sort(same.begin(), same.end(),
              [](const Stroke* a, const Stroke* b) { return a->x < b->x; });
    // A side two or three pixels thick is one side: its rightmost column.
    std::vector<const Stroke*> merged;
    for (const Stroke* s : same) {
      if (!merged.empty() && s->x - merged.back()->x <= 3)
        merged.back() = s;
      else
        merged.push_back(s);
    }
    same = std::move(merged);
    if (int(same.size()) < min_boxes + 1) continue;
    std::vector<int> gaps;
    for (size_t k = 1; k < same.size(); ++k)
      gaps.push_back(same[k]->x - same[k - 1]->x);
    std::vector<int> sorted = gaps;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2,
                     sorted.end());
    const int step = sorted[sorted.size() / 2];
    if (step < h / 2 || step > 3 * h) continue;
    int even = 0;
    for (int g : gaps) even += std::abs(g - step) <= std::max(2, step / 4);
    if (even < min_boxes * 3 / 4) continue;
    BoxRow row;
    int y0 = img.height, y1 = 0;
    for (const Stroke* s : same) {
      row.sides.push_back(s->x);
      y0 = std::min(y0, s->y0), y1 = std::max(y1, s->y1);
    }
    ExtendBySides(img, step, y0, y1, row.sides);
    row.band = {row.sides.front(), y0, row.sides.back() - row.sides.front() + 1,
                y1 - y0 + 1};
    rows.push_back(std::move(row));
  }
  return rows;
}

GrayImage WithoutSides(const GrayImage& img, const BoxRow& row) {
  GrayImage band = Crop(img, row.band);
  for (uint8_t& p : band.pixels) p = p < kDark ? 0 : 255;  // no shading
  for (int side : row.sides) {
    for (int x = side - row.band.x - 4; x <= side - row.band.x + 4; ++x) {
      if (x < 0 || x >= band.width) continue;
      for (int y = 0; y < band.height; ++y) band.at(x, y) = 255;
    }
  }
  return band;
}

}  // namespace beian::ocr
