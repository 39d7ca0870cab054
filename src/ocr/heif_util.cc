#include "heif_util.h"

#include <libheif/heif.h>

#include <memory>

namespace beian::ocr {
namespace {

struct ContextFree {
  void operator()(heif_context* c) const { heif_context_free(c); }
};
struct HandleRelease {
  void operator()(heif_image_handle* h) const { heif_image_handle_release(h); }
};
struct ImageRelease {
  void operator()(heif_image* i) const { heif_image_release(i); }
};

Status HeifError(const heif_error& e) {
  return InvalidArgument(std::string("HEIC photo cannot be decoded (") +
                         (e.message ? e.message : "libheif error") + ")");
}

// One plane as gray; `step` bytes per pixel (3: RGB, averaged).
GrayImage Plane(const heif_image* image, heif_channel channel, int step) {
  int stride = 0;
  const uint8_t* p = heif_image_get_plane_readonly(image, channel, &stride);
  const int w = heif_image_get_width(image, channel);
  const int h = heif_image_get_height(image, channel);
  if (p == nullptr || w <= 0 || h <= 0) return GrayImage();
  GrayImage out(w, h);
  for (int y = 0; y < h; ++y) {
    const uint8_t* row = p + size_t(y) * stride;
    for (int x = 0; x < w; ++x) {
      const uint8_t* px = row + size_t(x) * step;
      out.at(x, y) =
          step == 3 ? uint8_t((px[0] + 2 * px[1] + px[2]) / 4) : px[0];
    }
  }
  return out;
}

}  // namespace

StatusOr<HeifPicture> DecodeHeif(std::string_view bytes, long max_pixels) {
  std::unique_ptr<heif_context, ContextFree> ctx(heif_context_alloc());
  heif_error e = heif_context_read_from_memory_without_copy(
      ctx.get(), bytes.data(), bytes.size(), nullptr);
  if (e.code != heif_error_Ok) return HeifError(e);
  heif_image_handle* raw_handle = nullptr;
  e = heif_context_get_primary_image_handle(ctx.get(), &raw_handle);
  if (e.code != heif_error_Ok) return HeifError(e);
  std::unique_ptr<heif_image_handle, HandleRelease> handle(raw_handle);
  HeifPicture out;
  out.declared = long(heif_image_handle_get_width(handle.get())) *
                 heif_image_handle_get_height(handle.get());
  if (out.declared > max_pixels) return out;
  // Decoded as stored (a photo: YCbCr) its Y plane is the gray picture;
  // libheif 1.15 cannot convert YCbCr to monochrome itself.
  heif_image* raw_image = nullptr;
  e = heif_decode_image(handle.get(), &raw_image, heif_colorspace_undefined,
                        heif_chroma_undefined, nullptr);
  if (e.code != heif_error_Ok) return HeifError(e);
  std::unique_ptr<heif_image, ImageRelease> image(raw_image);
  const heif_colorspace space = heif_image_get_colorspace(image.get());
  if (space == heif_colorspace_YCbCr || space == heif_colorspace_monochrome) {
    out.image = Plane(image.get(), heif_channel_Y, 1);
  } else {
    e = heif_decode_image(handle.get(), &raw_image, heif_colorspace_RGB,
                          heif_chroma_interleaved_RGB, nullptr);
    if (e.code != heif_error_Ok) return HeifError(e);
    image.reset(raw_image);
    out.image = Plane(image.get(), heif_channel_interleaved, 3);
  }
  if (out.image.empty())
    return InvalidArgument("HEIC photo has no picture in it");
  return out;
}

}  // namespace beian::ocr
