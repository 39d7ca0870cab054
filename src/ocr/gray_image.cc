#include "gray_image.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace beian::ocr {
namespace {

uint8_t Clamp8(double v) {
  return static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

// Bilinear sample; outside the image gives `outside`.
double Sample(const GrayImage& img, double x, double y, double outside) {
  if (x < -0.5 || y < -0.5 || x > img.width - 0.5 || y > img.height - 0.5) {
    return outside;
  }
  x = std::clamp(x, 0.0, img.width - 1.0);
  y = std::clamp(y, 0.0, img.height - 1.0);
  const int x0 = static_cast<int>(x);
  const int y0 = static_cast<int>(y);
  const int x1 = std::min(x0 + 1, img.width - 1);
  const int y1 = std::min(y0 + 1, img.height - 1);
  const double fx = x - x0;
  const double fy = y - y0;
  const double top = img.at(x0, y0) * (1 - fx) + img.at(x1, y0) * fx;
  const double bottom = img.at(x0, y1) * (1 - fx) + img.at(x1, y1) * fx;
  return top * (1 - fy) + bottom * fy;
}

// 3x3 homography (h[8] = 1) mapping from[i] to to[i].
std::array<double, 9> Homography(const Quad& from, const Quad& to) {
  double m[8][9] = {};
  for (int i = 0; i < 4; ++i) {
    const double x = from[i].x, y = from[i].y, u = to[i].x, v = to[i].y;
    double* r1 = m[2 * i];
    double* r2 = m[2 * i + 1];
    r1[0] = x, r1[1] = y, r1[2] = 1, r1[6] = -u * x, r1[7] = -u * y, r1[8] = u;
    r2[3] = x, r2[4] = y, r2[5] = 1, r2[6] = -v * x, r2[7] = -v * y, r2[8] = v;
  }
  for (int c = 0; c < 8; ++c) {
    int pivot = c;
    for (int r = c + 1; r < 8; ++r) {
      if (std::abs(m[r][c]) > std::abs(m[pivot][c])) pivot = r;
    }
    std::swap(m[c], m[pivot]);
    if (std::abs(m[c][c]) < 1e-12) return {1, 0, 0, 0, 1, 0, 0, 0, 1};
    for (int r = 0; r < 8; ++r) {
      if (r == c) continue;
      const double f = m[r][c] / m[c][c];
      for (int k = c; k < 9; ++k) m[r][k] -= f * m[c][k];
    }
  }
  std::array<double, 9> h{};
  for (int i = 0; i < 8; ++i) h[i] = m[i][8] / m[i][i];
  h[8] = 1;
  return h;
}

}  // namespace

GrayImage Crop(const GrayImage& img, Rect r) {
  const int x0 = std::clamp(r.x, 0, img.width);
  const int y0 = std::clamp(r.y, 0, img.height);
  const int x1 = std::clamp(r.x + r.w, x0, img.width);
  const int y1 = std::clamp(r.y + r.h, y0, img.height);
  GrayImage out(x1 - x0, y1 - y0);
  for (int y = y0; y < y1; ++y) {
    std::copy_n(&img.pixels[size_t(y) * img.width + x0], x1 - x0,
                &out.pixels[size_t(y - y0) * out.width]);
  }
  return out;
}

GrayImage RotateQuarter(const GrayImage& img, int quarters) {
  quarters = ((quarters % 4) + 4) % 4;
  if (quarters == 0) return img;
  const bool swap = quarters % 2 == 1;
  GrayImage out(swap ? img.height : img.width, swap ? img.width : img.height);
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) {
      int nx = x, ny = y;
      if (quarters == 1) nx = img.height - 1 - y, ny = x;
      if (quarters == 2) nx = img.width - 1 - x, ny = img.height - 1 - y;
      if (quarters == 3) nx = y, ny = img.width - 1 - x;
      out.at(nx, ny) = img.at(x, y);
    }
  }
  return out;
}

GrayImage Resize(const GrayImage& img, int width, int height) {
  if (img.empty() || width <= 0 || height <= 0) return GrayImage();
  const double sx = double(img.width) / width;
  const double sy = double(img.height) / height;
  if (sx > 2 || sy > 2) {  // shrink a lot: average whole boxes
    GrayImage out(width, height);
    for (int y = 0; y < height; ++y) {
      const int y0 = int(y * sy), y1 = std::max(y0 + 1, int((y + 1) * sy));
      for (int x = 0; x < width; ++x) {
        const int x0 = int(x * sx), x1 = std::max(x0 + 1, int((x + 1) * sx));
        long sum = 0;
        for (int yy = y0; yy < y1 && yy < img.height; ++yy) {
          for (int xx = x0; xx < x1 && xx < img.width; ++xx)
            sum += img.at(xx, yy);
        }
        const long n = long(std::min(y1, img.height) - y0) *
                       (std::min(x1, img.width) - x0);
        out.at(x, y) = static_cast<uint8_t>(sum / std::max(1L, n));
      }
    }
    return out;
  }
  GrayImage out(width, height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      out.at(x, y) =
          Clamp8(Sample(img, (x + 0.5) * sx - 0.5, (y + 0.5) * sy - 0.5, 255));
    }
  }
  return out;
}

GrayImage ShrinkToFit(const GrayImage& img, int max_side, double* scale) {
  const int side = std::max(img.width, img.height);
  if (side <= max_side) {
    *scale = 1;
    return img;
  }
  *scale = double(max_side) / side;
  return Resize(img, std::max(1, int(img.width * *scale)),
                std::max(1, int(img.height * *scale)));
}

GrayImage BoxBlur(const GrayImage& img, int r) {
  // Separable running sums.
  GrayImage tmp(img.width, img.height), out(img.width, img.height);
  const int n = 2 * r + 1;
  for (int y = 0; y < img.height; ++y) {
    long sum = 0;
    for (int k = -r; k <= r; ++k)
      sum += img.at(std::clamp(k, 0, img.width - 1), y);
    for (int x = 0; x < img.width; ++x) {
      tmp.at(x, y) = static_cast<uint8_t>(sum / n);
      sum += img.at(std::min(x + r + 1, img.width - 1), y) -
             img.at(std::max(x - r, 0), y);
    }
  }
  for (int x = 0; x < img.width; ++x) {
    long sum = 0;
    for (int k = -r; k <= r; ++k)
      sum += tmp.at(x, std::clamp(k, 0, img.height - 1));
    for (int y = 0; y < img.height; ++y) {
      out.at(x, y) = static_cast<uint8_t>(sum / n);
      sum += tmp.at(x, std::min(y + r + 1, img.height - 1)) -
             tmp.at(x, std::max(y - r, 0));
    }
  }
  return out;
}

GrayImage WarpQuad(const GrayImage& img, const Quad& quad, int width,
                   int height) {
  const Quad rect = {Point{0, 0}, Point{double(width), 0},
                     Point{double(width), double(height)},
                     Point{0, double(height)}};
  const std::array<double, 9> h = Homography(rect, quad);
  GrayImage out(width, height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const double px = x + 0.5, py = y + 0.5;
      const double w = h[6] * px + h[7] * py + h[8];
      const double sx = (h[0] * px + h[1] * py + h[2]) / w - 0.5;
      const double sy = (h[3] * px + h[4] * py + h[5]) / w - 0.5;
      out.at(x, y) = Clamp8(Sample(img, sx, sy, 255));
    }
  }
  return out;
}

GrayImage RotateSmall(const GrayImage& img, double degrees) {
  const double a = degrees * std::numbers::pi / 180;
  const double c = std::cos(a), s = std::sin(a);
  const double cx = img.width / 2.0, cy = img.height / 2.0;
  GrayImage out(img.width, img.height);
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) {
      const double dx = x - cx, dy = y - cy;
      out.at(x, y) =
          Clamp8(Sample(img, cx + c * dx - s * dy, cy + s * dx + c * dy, 255));
    }
  }
  return out;
}

GrayImage StretchContrast(const GrayImage& img, double max_gain) {
  if (img.empty()) return img;
  std::array<long, 256> hist{};
  for (uint8_t v : img.pixels) ++hist[v];
  const long total = long(img.pixels.size());
  int lo = 0, hi = 255;
  for (long acc = 0; lo < 255 && (acc += hist[lo]) < total / 50;) ++lo;
  for (long acc = 0; hi > 0 && (acc += hist[hi]) < total / 50;) --hi;
  if (hi - lo < 16 || 255.0 / (hi - lo) > max_gain) return img;
  GrayImage out = img;
  for (uint8_t& v : out.pixels) v = Clamp8((v - lo) * 255.0 / (hi - lo));
  return out;
}

double InkFraction(const GrayImage& img, Rect r, int threshold) {
  const GrayImage part = Crop(img, r);
  if (part.empty()) return 0;
  long ink = 0;
  for (uint8_t v : part.pixels) ink += v < threshold;
  return double(ink) / part.pixels.size();
}

namespace {

// Marks runs of dark pixels along one direction: `at(i, j)` is pixel j of
// line i; `mark(i, j)` records one.
template <typename At, typename Mark>
void MarkRuns(int lines, int length, int min_run, int threshold, At at,
              Mark mark) {
  for (int i = 0; i < lines; ++i) {
    int start = -1;
    for (int j = 0; j <= length; ++j) {
      const bool dark = j < length && at(i, j) < threshold;
      if (dark && start < 0) start = j;
      if (dark || start < 0) continue;
      if (j - start >= min_run) {
        for (int k = start; k < j; ++k) mark(i, k);
      }
      start = -1;
    }
  }
}

}  // namespace

GrayImage FlattenLight(const GrayImage& img, int cell) {
  if (img.empty() || cell < 2) return img;
  const int sw = (img.width + cell - 1) / cell;
  const int sh = (img.height + cell - 1) / cell;
  GrayImage paper(sw, sh, 0);
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) {
      uint8_t& p = paper.at(x / cell, y / cell);
      p = std::max(p, img.at(x, y));
    }
  }
  paper = BoxBlur(paper, 2);
  GrayImage out(img.width, img.height);
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) {
      // Bilinear between the centres of the blocks.
      const double fx = std::clamp((x + 0.5) / cell - 0.5, 0.0, sw - 1.0);
      const double fy = std::clamp((y + 0.5) / cell - 0.5, 0.0, sh - 1.0);
      const int x0 = int(fx), y0 = int(fy);
      const int x1 = std::min(x0 + 1, sw - 1), y1 = std::min(y0 + 1, sh - 1);
      const double ax = fx - x0, ay = fy - y0;
      const double bg =
          (1 - ay) * ((1 - ax) * paper.at(x0, y0) + ax * paper.at(x1, y0)) +
          ay * ((1 - ax) * paper.at(x0, y1) + ax * paper.at(x1, y1));
      out.at(x, y) = static_cast<uint8_t>(
          std::clamp(img.at(x, y) * 245.0 / std::max(bg, 16.0), 0.0, 255.0));
    }
  }
  return out;
}

GrayImage RemoveRulings(const GrayImage& img, int min_run, int threshold) {
  std::vector<uint8_t> ruled(img.pixels.size(), 0);
  auto idx = [&](int x, int y) { return size_t(y) * img.width + x; };
  // Dark against the neighbourhood, so that a shadow across the page is no
  // line: a pixel counts when darker than `threshold` and than 3/4 of the
  // mean around it (0 = dark, 255 = not).
  const GrayImage local = BoxBlur(img, 12);
  auto dark = [&](int x, int y) -> int {
    const int v = img.at(x, y);
    return v < threshold && v * 4 < local.at(x, y) * 3 ? 0 : 255;
  };
  MarkRuns(
      img.height, img.width, min_run, 128,
      [&](int y, int x) { return dark(x, y); },
      [&](int y, int x) { ruled[idx(x, y)] = 1; });
  MarkRuns(
      img.width, img.height, min_run, 128,
      [&](int x, int y) { return dark(x, y); },
      [&](int x, int y) { ruled[idx(x, y)] = 1; });
  GrayImage out = img;
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) {
      if (!ruled[idx(x, y)]) continue;
      out.at(x, y) = 255;
      // The anti-aliased edge of the line: grey neighbours across it.
      for (int d = -2; d <= 2; ++d) {
        if (y + d >= 0 && y + d < img.height && img.at(x, y + d) < 200 &&
            !ruled[idx(x, y + d)] &&
            (d == -1 || d == 1 || img.at(x, y + d) > threshold))
          out.at(x, y + d) = 255;
        if (x + d >= 0 && x + d < img.width && img.at(x + d, y) < 200 &&
            !ruled[idx(x + d, y)] &&
            (d == -1 || d == 1 || img.at(x + d, y) > threshold))
          out.at(x + d, y) = 255;
      }
    }
  }
  return out;
}

}  // namespace beian::ocr
