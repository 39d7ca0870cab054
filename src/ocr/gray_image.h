// An 8-bit grayscale raster owned by value, and the geometry the pipeline
// needs on it (crop, quarter turns, scaling, projective warp). Plain C++: no
// Leptonica here, so the geometry is unit-testable and a second OCR engine
// can take the same pixels.
#ifndef BEIAN_SRC_OCR_GRAY_IMAGE_H_
#define BEIAN_SRC_OCR_GRAY_IMAGE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace beian::ocr {

struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // row-major, width * height

  GrayImage() = default;
  GrayImage(int w, int h, uint8_t fill = 255)
      : width(w), height(h), pixels(static_cast<size_t>(w) * h, fill) {}
  bool empty() const { return width <= 0 || height <= 0; }
  uint8_t at(int x, int y) const { return pixels[size_t(y) * width + x]; }
  uint8_t& at(int x, int y) { return pixels[size_t(y) * width + x]; }
};

struct Point {
  double x = 0;
  double y = 0;
};

// Corners in the order top-left, top-right, bottom-right, bottom-left.
using Quad = std::array<Point, 4>;

struct Rect {
  int x = 0;
  int y = 0;
  int w = 0;
  int h = 0;
};

inline int Right(const Rect& r) { return r.x + r.w; }
inline int Bottom(const Rect& r) { return r.y + r.h; }

// The smallest rectangle holding both; an empty one holds nothing.
inline Rect Union(const Rect& a, const Rect& b) {
  if (a.w <= 0 || a.h <= 0) return b;
  if (b.w <= 0 || b.h <= 0) return a;
  const int x0 = a.x < b.x ? a.x : b.x, y0 = a.y < b.y ? a.y : b.y;
  const int x1 = Right(a) > Right(b) ? Right(a) : Right(b);
  const int y1 = Bottom(a) > Bottom(b) ? Bottom(a) : Bottom(b);
  return {x0, y0, x1 - x0, y1 - y0};
}

// The part of `img` inside `r`, clipped to the image.
GrayImage Crop(const GrayImage& img, Rect r);
// Clockwise quarter turns (0..3).
GrayImage RotateQuarter(const GrayImage& img, int quarters);
// Bilinear (or box-averaged when shrinking by more than 2x) resize.
GrayImage Resize(const GrayImage& img, int width, int height);
// Scales so that the longer side is at most `max_side`; returns the factor
// applied (<= 1) through `scale`.
GrayImage ShrinkToFit(const GrayImage& img, int max_side, double* scale);
// Mean over a (2r+1)^2 box, edges clamped.
GrayImage BoxBlur(const GrayImage& img, int r);
// Maps `quad` of `img` onto a width x height rectangle (bilinear sampling);
// pixels falling outside the source become 255.
GrayImage WarpQuad(const GrayImage& img, const Quad& quad, int width,
                   int height);
// Rotates by `degrees` (counter-clockwise) about the centre, same size,
// uncovered pixels 255.
GrayImage RotateSmall(const GrayImage& img, double degrees);
// Stretches so that the 2nd and 98th percentiles become 0 and 255 —
// unless that multiplies contrast by more than `max_gain`: then the image
// is mostly paper (a card copied small on A4), its 2 % darkest pixels are
// paper too, and stretching would turn the paper's grain into texture
// that hides the text from the engine.
GrayImage StretchContrast(const GrayImage& img, double max_gain = 255);
// The image divided by its paper's brightness (the brightest pixels of
// each `cell` x `cell` block, smoothed): a shadow or a lamp's fall-off
// across a page becomes even, text stays dark against it.
GrayImage FlattenLight(const GrayImage& img, int cell);
// The image with its ruling lines whitened: dark runs (< `threshold` and
// darker than their neighbourhood, so a shadow is no line) at least
// `min_run` pixels long, horizontal or vertical, and the grey edge
// pixels beside them. Table borders and underlined blanks break an OCR
// engine's line finding; strokes of characters are far shorter.
GrayImage RemoveRulings(const GrayImage& img, int min_run, int threshold);
// Fraction of pixels darker than `threshold` inside `r`.
double InkFraction(const GrayImage& img, Rect r, int threshold);

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_GRAY_IMAGE_H_
