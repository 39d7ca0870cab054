// HEIC/HEIF photos (an iPhone's default) through libheif: the primary image,
// as gray, its size checked before anything is decoded.
#ifndef BEIAN_SRC_OCR_HEIF_UTIL_H_
#define BEIAN_SRC_OCR_HEIF_UTIL_H_

#include <string>
#include <string_view>

#include "beian/base/status.h"
#include "gray_image.h"

namespace beian::ocr {

struct HeifPicture {
  GrayImage image;    // empty when refused
  long declared = 0;  // width x height of the primary image
};

// InvalidArgument with libheif's words when the file cannot be read;
// `image` stays empty (and nothing is decoded) when the declared size is
// over `max_pixels`.
StatusOr<HeifPicture> DecodeHeif(std::string_view bytes, long max_pixels);

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_HEIF_UTIL_H_
