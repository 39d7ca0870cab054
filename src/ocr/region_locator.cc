#include "region_locator.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace beian::ocr {
namespace {

constexpr int kAnalysisSide = 600;

double Dist(Point a, Point b) { return std::hypot(a.x - b.x, a.y - b.y); }

// Least-squares plane z = a + b x + c y over the image border ring.
std::array<double, 3> BorderPlane(const GrayImage& img) {
  double s[3][4] = {};
  auto add = [&](int x, int y) {
    const double v[3] = {1, double(x), double(y)};
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 3; ++j) s[i][j] += v[i] * v[j];
      s[i][3] += v[i] * img.at(x, y);
    }
  };
  for (int x = 0; x < img.width; ++x) {
    for (int k = 0; k < 3; ++k) add(x, k), add(x, img.height - 1 - k);
  }
  for (int y = 3; y < img.height - 3; ++y) {
    for (int k = 0; k < 3; ++k) add(k, y), add(img.width - 1 - k, y);
  }
  for (int c = 0; c < 3; ++c) {  // Gauss-Jordan on the 3x4 system
    for (int r = 0; r < 3; ++r) {
      if (r == c || std::abs(s[c][c]) < 1e-9) continue;
      const double f = s[r][c] / s[c][c];
      for (int k = 0; k < 4; ++k) s[r][k] -= f * s[c][k];
    }
  }
  return {s[0][3] / s[0][0], s[1][3] / s[1][1], s[2][3] / s[2][2]};
}

int OtsuThreshold(const GrayImage& img) {
  std::array<double, 256> hist{};
  for (uint8_t v : img.pixels) ++hist[v];
  const double total = double(img.pixels.size());
  double sum = 0;
  for (int i = 0; i < 256; ++i) sum += i * hist[i];
  double sum_b = 0, w_b = 0, best = -1;
  int threshold = 128;
  for (int t = 0; t < 256; ++t) {
    w_b += hist[t];
    if (w_b == 0 || w_b == total) continue;
    sum_b += t * hist[t];
    const double m_b = sum_b / w_b, m_f = (sum - sum_b) / (total - w_b);
    const double between = w_b * (total - w_b) * (m_b - m_f) * (m_b - m_f);
    if (between > best) best = between, threshold = t;
  }
  return threshold;
}

double BorderMean(const GrayImage& img) {
  double sum = 0;
  long n = 0;
  for (int x = 0; x < img.width; ++x)
    sum += img.at(x, 0) + img.at(x, img.height - 1), n += 2;
  for (int y = 0; y < img.height; ++y)
    sum += img.at(0, y) + img.at(img.width - 1, y), n += 2;
  return sum / n;
}

// 1 where a pixel belongs to something that is not background.
std::vector<uint8_t> ForegroundMask(const GrayImage& blur) {
  std::vector<uint8_t> mask(blur.pixels.size(), 0);
  const int otsu = OtsuThreshold(blur);
  if (BorderMean(blur) + 25 < otsu) {  // documents on a darker surface
    for (size_t i = 0; i < mask.size(); ++i) mask[i] = blur.pixels[i] > otsu;
    return mask;
  }
  const std::array<double, 3> p = BorderPlane(blur);
  for (int y = 0; y < blur.height; ++y) {
    for (int x = 0; x < blur.width; ++x) {
      const double bg = std::max(20.0, p[0] + p[1] * x + p[2] * y);
      mask[size_t(y) * blur.width + x] =
          std::abs(blur.at(x, y) - bg) / bg > 0.035;
    }
  }
  return mask;
}

// Labels 4-connected components; returns the pixel lists, largest first.
std::vector<std::vector<int>> Components(const std::vector<uint8_t>& mask,
                                         int w, int h, size_t min_pixels) {
  std::vector<int> label(mask.size(), -1);
  std::vector<std::vector<int>> out;
  std::vector<int> stack;
  for (size_t start = 0; start < mask.size(); ++start) {
    if (!mask[start] || label[start] >= 0) continue;
    std::vector<int> pixels;
    stack.assign(1, int(start));
    label[start] = 0;
    while (!stack.empty()) {
      const int i = stack.back();
      stack.pop_back();
      pixels.push_back(i);
      const int x = i % w, y = i / w;
      const int nb[4] = {x > 0 ? i - 1 : -1, x + 1 < w ? i + 1 : -1,
                         y > 0 ? i - w : -1, y + 1 < h ? i + w : -1};
      for (int j : nb) {
        if (j >= 0 && mask[j] && label[j] < 0) label[j] = 0, stack.push_back(j);
      }
    }
    if (pixels.size() >= min_pixels) out.push_back(std::move(pixels));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return out;
}

// Outer boundary of one component with its holes filled; sets *filled_area.
std::vector<Point> OuterBoundary(const std::vector<int>& comp, int w, int h,
                                 long* filled_area) {
  std::vector<uint8_t> in(size_t(w) * h, 0), outside(size_t(w) * h, 0);
  for (int i : comp) in[i] = 1;
  std::vector<int> stack;
  for (int x = 0; x < w; ++x)
    stack.push_back(x), stack.push_back((h - 1) * w + x);
  for (int y = 0; y < h; ++y)
    stack.push_back(y * w), stack.push_back(y * w + w - 1);
  while (!stack.empty()) {
    const int i = stack.back();
    stack.pop_back();
    if (in[i] || outside[i]) continue;
    outside[i] = 1;
    const int x = i % w, y = i / w;
    if (x > 0) stack.push_back(i - 1);
    if (x + 1 < w) stack.push_back(i + 1);
    if (y > 0) stack.push_back(i - w);
    if (y + 1 < h) stack.push_back(i + w);
  }
  std::vector<Point> boundary;
  *filled_area = 0;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const int i = y * w + x;
      if (outside[i]) continue;
      ++*filled_area;
      const bool edge = x == 0 || y == 0 || x == w - 1 || y == h - 1 ||
                        outside[i - 1] || outside[i + 1] || outside[i - w] ||
                        outside[i + w];
      if (edge) boundary.push_back({x + 0.5, y + 0.5});
    }
  }
  return boundary;
}

// Corners of the minimum-area rectangle's frame, taken as the boundary
// points furthest out towards each corner of that rectangle.
Quad CoarseQuad(const std::vector<Point>& pts) {
  double best_area = 1e300, best_angle = 0;
  auto area_at = [&](double a) {
    const double c = std::cos(a), s = std::sin(a);
    double u0 = 1e300, u1 = -1e300, v0 = 1e300, v1 = -1e300;
    for (const Point& p : pts) {
      const double u = c * p.x + s * p.y, v = -s * p.x + c * p.y;
      u0 = std::min(u0, u), u1 = std::max(u1, u);
      v0 = std::min(v0, v), v1 = std::max(v1, v);
    }
    return (u1 - u0) * (v1 - v0);
  };
  for (double deg = 0; deg < 90; deg += 1) {
    const double a = area_at(deg * std::numbers::pi / 180);
    if (a < best_area) best_area = a, best_angle = deg;
  }
  for (double deg = best_angle - 1; deg <= best_angle + 1; deg += 0.1) {
    const double a = area_at(deg * std::numbers::pi / 180);
    if (a < best_area) best_area = a, best_angle = deg;
  }
  const double a = best_angle * std::numbers::pi / 180;
  const double c = std::cos(a), s = std::sin(a);
  double u0 = 1e300, u1 = -1e300, v0 = 1e300, v1 = -1e300;
  for (const Point& p : pts) {
    const double u = c * p.x + s * p.y, v = -s * p.x + c * p.y;
    u0 = std::min(u0, u), u1 = std::max(u1, u), v0 = std::min(v0, v),
    v1 = std::max(v1, v);
  }
  const double uc = (u0 + u1) / 2, vc = (v0 + v1) / 2;
  const double hu = std::max(1e-6, (u1 - u0) / 2),
               hv = std::max(1e-6, (v1 - v0) / 2);
  Quad q;
  const int signs[4][2] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
  for (int k = 0; k < 4; ++k) {
    double best = -1e300;
    for (const Point& p : pts) {
      const double u = c * p.x + s * p.y, v = -s * p.x + c * p.y;
      const double score =
          signs[k][0] * (u - uc) / hu + signs[k][1] * (v - vc) / hv;
      if (score > best) best = score, q[k] = p;
    }
  }
  return q;
}

struct Line {
  Point p, d;  // a point and a unit direction
};

bool FitLine(const std::vector<Point>& pts, Line* line) {
  if (pts.size() < 6) return false;
  double mx = 0, my = 0;
  for (const Point& p : pts) mx += p.x, my += p.y;
  mx /= pts.size(), my /= pts.size();
  double sxx = 0, sxy = 0, syy = 0;
  for (const Point& p : pts) {
    sxx += (p.x - mx) * (p.x - mx), sxy += (p.x - mx) * (p.y - my);
    syy += (p.y - my) * (p.y - my);
  }
  const double angle = 0.5 * std::atan2(2 * sxy, sxx - syy);
  *line = {{mx, my}, {std::cos(angle), std::sin(angle)}};
  return true;
}

bool Intersect(const Line& a, const Line& b, Point* out) {
  const double det = a.d.x * b.d.y - a.d.y * b.d.x;
  if (std::abs(det) < 1e-6) return false;
  const double t = ((b.p.x - a.p.x) * b.d.y - (b.p.y - a.p.y) * b.d.x) / det;
  *out = {a.p.x + t * a.d.x, a.p.y + t * a.d.y};
  return true;
}

// Straight sides fitted through the boundary between the coarse corners
// (rounded card corners and perspective are handled by the intersection).
Quad RefineQuad(const Quad& coarse, const std::vector<Point>& pts) {
  std::array<std::vector<Point>, 4> side_pts;
  for (const Point& p : pts) {
    for (int k = 0; k < 4; ++k) {
      const Point a = coarse[k], b = coarse[(k + 1) % 4];
      const double len = Dist(a, b);
      if (len < 1) continue;
      const double dx = (b.x - a.x) / len, dy = (b.y - a.y) / len;
      const double t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / len;
      const double off = std::abs(-(p.x - a.x) * dy + (p.y - a.y) * dx);
      if (t > 0.15 && t < 0.85 && off < 0.04 * len + 1.5)
        side_pts[k].push_back(p);
    }
  }
  std::array<Line, 4> lines;
  for (int k = 0; k < 4; ++k) {
    if (!FitLine(side_pts[k], &lines[k])) return coarse;
  }
  Quad q;
  for (int k = 0; k < 4; ++k) {
    if (!Intersect(lines[(k + 3) % 4], lines[k], &q[k])) return coarse;
    if (Dist(q[k], coarse[k]) > 0.2 * Dist(coarse[0], coarse[2])) return coarse;
  }
  return q;
}

// Clockwise from the corner nearest the image's top-left.
Quad ClockwiseFromTopLeft(Quad q) {
  Point c{0, 0};
  for (const Point& p : q) c.x += p.x / 4, c.y += p.y / 4;
  std::sort(q.begin(), q.end(), [&](Point a, Point b) {
    return std::atan2(a.y - c.y, a.x - c.x) < std::atan2(b.y - c.y, b.x - c.x);
  });
  int first = 0;
  for (int k = 1; k < 4; ++k) {
    if (q[k].x + q[k].y < q[first].x + q[first].y) first = k;
  }
  std::rotate(q.begin(), q.begin() + first, q.end());
  return q;
}

double QuadArea(const Quad& q) {
  double a = 0;
  for (int k = 0; k < 4; ++k) {
    a += q[k].x * q[(k + 1) % 4].y - q[(k + 1) % 4].x * q[k].y;
  }
  return std::abs(a) / 2;
}

}  // namespace

double QuadWidth(const Quad& q) {
  return (Dist(q[0], q[1]) + Dist(q[3], q[2])) / 2;
}
double QuadHeight(const Quad& q) {
  return (Dist(q[1], q[2]) + Dist(q[0], q[3])) / 2;
}

Quad LandscapeOrder(const Quad& q) {
  if (QuadWidth(q) >= QuadHeight(q)) return q;
  return {q[3], q[0], q[1], q[2]};
}

std::vector<LocatedRegion> LocateRegions(const GrayImage& img,
                                         int max_regions) {
  std::vector<LocatedRegion> out;
  if (img.width < 16 || img.height < 16) return out;
  double scale = 1;
  const GrayImage small = ShrinkToFit(img, kAnalysisSide, &scale);
  const GrayImage blur = BoxBlur(small, 2);
  const std::vector<uint8_t> mask = ForegroundMask(blur);
  const size_t min_pixels = mask.size() * 15 / 1000;
  for (const std::vector<int>& comp :
       Components(mask, small.width, small.height, min_pixels)) {
    if (int(out.size()) >= max_regions) break;
    long filled = 0;
    const std::vector<Point> boundary =
        OuterBoundary(comp, small.width, small.height, &filled);
    if (boundary.size() < 16) continue;
    Quad q = ClockwiseFromTopLeft(RefineQuad(CoarseQuad(boundary), boundary));
    LocatedRegion r;
    const double area = std::max(1.0, QuadArea(q));
    r.rectangularity = std::min(1.0, filled / area);
    r.area_fraction = area / mask.size();
    for (Point& p : q) p = {p.x / scale, p.y / scale};
    r.landscape = QuadWidth(q) >= QuadHeight(q);
    r.aspect = std::max(QuadWidth(q), QuadHeight(q)) /
               std::max(1.0, std::min(QuadWidth(q), QuadHeight(q)));
    r.quad = q;
    out.push_back(r);
  }
  return out;
}

namespace {

double Distance(Point a, Point b) { return std::hypot(a.x - b.x, a.y - b.y); }

}  // namespace

Quad FitCardProportions(const Quad& q) {
  constexpr double kAspect = 85.6 / 54.0;
  const double top = Distance(q[0], q[1]), bottom = Distance(q[3], q[2]);
  const double left = Distance(q[0], q[3]), right = Distance(q[1], q[2]);
  if (top < 1 || left < 1) return q;
  if (std::abs(top - bottom) > 0.02 * top ||
      std::abs(left - right) > 0.02 * left) {
    return q;
  }
  const double w = (top + bottom) / 2, h = (left + right) / 2;
  const double aspect = w / h;
  if (std::abs(aspect / kAspect - 1) < 0.02) return q;
  Quad out = q;
  const bool widen = aspect < kAspect;
  const Point from = q[0], to = widen ? q[1] : q[3];
  const double len = Distance(from, to);
  const double ux = (to.x - from.x) / len, uy = (to.y - from.y) / len;
  const double d = widen ? (h * kAspect - w) / 2 : (w / kAspect - h) / 2;
  // Points 0 and 3 (widening) or 0 and 1 (heightening) move back along u.
  const std::array<int, 2> back = widen ? std::array{0, 3} : std::array{0, 1};
  for (int i = 0; i < 4; ++i) {
    const double s = (i == back[0] || i == back[1]) ? -d : d;
    out[i].x += ux * s;
    out[i].y += uy * s;
  }
  return out;
}

namespace {

// `from` moved `length` along the direction from `from` to `toward`.
Point Along(Point from, Point toward, double length) {
  const double d = std::max(1.0, Distance(from, toward));
  return {from.x + (toward.x - from.x) * length / d,
          from.y + (toward.y - from.y) * length / d};
}

}  // namespace

std::array<Quad, 2> CardAtEitherEnd(const Quad& q) {
  constexpr double kAspect = 85.6 / 54.0;
  const double left = Distance(q[0], q[3]) * kAspect;
  const double right = Distance(q[1], q[2]) * kAspect;
  return {Quad{q[0], Along(q[0], q[1], left), Along(q[3], q[2], left), q[3]},
          Quad{Along(q[1], q[0], right), q[1], q[2], Along(q[2], q[3], right)}};
}

}  // namespace beian::ocr
