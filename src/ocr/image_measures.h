// Image measures for quality problems and orientation: pure functions.
#ifndef BEIAN_SRC_OCR_IMAGE_MEASURES_H_
#define BEIAN_SRC_OCR_IMAGE_MEASURES_H_

#include "gray_image.h"

namespace beian::ocr {

struct ImageQuality {
  double sharpness = 0;   // variance of the Laplacian after contrast stretch
  double brightness = 0;  // mean gray level 0..255
  double glare = 0;       // fraction of saturated (>= 250) pixels
};

ImageQuality MeasureQuality(const GrayImage& img);

// Fraction of `photo` (as photographed: not stretched, not flattened) blown
// out to white (>= 250) — 0 when its median is near white already (a scan,
// a copy on white paper): there white says nothing of glare. A card's
// contrast stretched or its light flattened is white by construction.
double GlareFraction(const GrayImage& photo);

// Skew of text lines in degrees (-12..12, counter-clockwise positive): the
// angle whose row projection of dark pixels is most peaked. Rotating the
// image by the negative of it levels the lines (RotateSmall(img, -skew)).
double EstimateSkew(const GrayImage& img);

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_IMAGE_MEASURES_H_
