// RAII for Leptonica handles and conversion between PIX and GrayImage.
// Only src/ocr includes this header.
#ifndef BEIAN_SRC_OCR_LEPTONICA_UTIL_H_
#define BEIAN_SRC_OCR_LEPTONICA_UTIL_H_

#include <leptonica/allheaders.h>

#include <memory>
#include <string_view>
#include <vector>

#include "gray_image.h"

namespace beian::ocr {

struct PixDeleter {
  void operator()(PIX* p) const { pixDestroy(&p); }
};
struct PixaDeleter {
  void operator()(PIXA* p) const { pixaDestroy(&p); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;
using PixaPtr = std::unique_ptr<PIXA, PixaDeleter>;

// Any depth/colormap -> 8-bit gray. Empty image when `pix` is null.
GrayImage PixToGray(PIX* pix);
// An 8-bit PIX holding a copy of `img`.
PixPtr GrayToPix(const GrayImage& img);

// Decodes JPEG/PNG/BMP/WebP/GIF (first frame) and the first `max_pages`
// pages of a TIFF, one at a time (`*more` set when it has more). Empty when
// Leptonica cannot decode the bytes.
std::vector<GrayImage> DecodeRaster(std::string_view bytes, bool tiff,
                                    int max_pages, bool* more);

// The pixel count a raster's header declares (width x height of its first
// image), read without decoding it, so that a size bomb is refused before
// anything is allocated; 0 when the header cannot be read.
long DeclaredPixels(std::string_view bytes);

// Leptonica writes its errors to stderr; beian reports them as problems.
void SilenceLeptonica();

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_LEPTONICA_UTIL_H_
