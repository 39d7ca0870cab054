#include "image_measures.h"

#include <cmath>
#include <numbers>
#include <vector>

namespace beian::ocr {

ImageQuality MeasureQuality(const GrayImage& img) {
  ImageQuality q;
  if (img.width < 3 || img.height < 3) return q;
  double sum = 0;
  long saturated = 0;
  for (uint8_t v : img.pixels) sum += v, saturated += v >= 250;
  q.brightness = sum / img.pixels.size();
  q.glare = double(saturated) / img.pixels.size();
  const GrayImage s = StretchContrast(img);
  double lsum = 0, lsq = 0;
  long n = 0;
  for (int y = 1; y + 1 < s.height; ++y) {
    for (int x = 1; x + 1 < s.width; ++x) {
      const double lap = 4.0 * s.at(x, y) - s.at(x - 1, y) - s.at(x + 1, y) -
                         s.at(x, y - 1) - s.at(x, y + 1);
      lsum += lap, lsq += lap * lap, ++n;
    }
  }
  const double mean = lsum / n;
  q.sharpness = lsq / n - mean * mean;
  return q;
}

double GlareFraction(const GrayImage& photo) {
  if (photo.pixels.empty()) return 0;
  long histogram[256] = {};
  for (uint8_t v : photo.pixels) ++histogram[v];
  long seen = 0;
  int median = 0;
  while (median < 255 &&
         (seen += histogram[median]) * 2 < long(photo.pixels.size()))
    ++median;
  if (median >= 235) return 0;
  long saturated = 0;
  for (int v = 250; v < 256; ++v) saturated += histogram[v];
  return double(saturated) / photo.pixels.size();
}

double EstimateSkew(const GrayImage& img) {
  double scale = 1;
  const GrayImage small = ShrinkToFit(img, 500, &scale);
  double mean = 0;
  for (uint8_t v : small.pixels) mean += v;
  mean /= std::max<size_t>(1, small.pixels.size());
  std::vector<std::pair<int, int>> dark;
  for (int y = 0; y < small.height; ++y) {
    for (int x = 0; x < small.width; ++x) {
      if (small.at(x, y) < mean * 0.6) dark.emplace_back(x, y);
    }
  }
  if (dark.size() < 50) return 0;
  const int diag = int(std::hypot(small.width, small.height)) + 2;
  double best_score = -1, best = 0;
  std::vector<int> rows(size_t(2 * diag));
  for (double deg = -12; deg <= 12.01; deg += 0.5) {
    const double a = deg * std::numbers::pi / 180;
    const double c = std::cos(a), s = std::sin(a);
    std::fill(rows.begin(), rows.end(), 0);
    for (const auto& [x, y] : dark) {
      // Row of (x, y) in a frame rotated by `deg`.
      ++rows[size_t(int(y * c + x * s) + diag)];
    }
    double score = 0;
    for (int r : rows) score += double(r) * r;
    if (score > best_score) best_score = score, best = deg;
  }
  return best;
}

}  // namespace beian::ocr
