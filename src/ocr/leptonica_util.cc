#include "leptonica_util.h"

#include <cstring>
#include <mutex>

namespace beian::ocr {

GrayImage PixToGray(PIX* pix) {
  if (pix == nullptr) return GrayImage();
  PixPtr gray(pixConvertTo8(pix, 0));
  if (!gray) return GrayImage();
  const int w = pixGetWidth(gray.get()), h = pixGetHeight(gray.get());
  GrayImage out(w, h);
  const int wpl = pixGetWpl(gray.get());
  const l_uint32* data = pixGetData(gray.get());
  for (int y = 0; y < h; ++y) {
    const l_uint32* line = data + size_t(y) * wpl;
    for (int x = 0; x < w; ++x) out.at(x, y) = GET_DATA_BYTE(line, x);
  }
  return out;
}

PixPtr GrayToPix(const GrayImage& img) {
  PixPtr pix(pixCreate(img.width, img.height, 8));
  if (!pix) return pix;
  const int wpl = pixGetWpl(pix.get());
  l_uint32* data = pixGetData(pix.get());
  for (int y = 0; y < img.height; ++y) {
    l_uint32* line = data + size_t(y) * wpl;
    for (int x = 0; x < img.width; ++x) SET_DATA_BYTE(line, x, img.at(x, y));
  }
  return pix;
}

std::vector<GrayImage> DecodeRaster(std::string_view bytes, bool tiff,
                                    int max_pages, bool* more) {
  SilenceLeptonica();
  std::vector<GrayImage> pages;
  *more = false;
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  if (tiff) {
    size_t offset = 0;
    do {
      if (int(pages.size()) >= max_pages) {
        *more = true;
        break;
      }
      PixPtr pix(pixReadMemFromMultipageTiff(data, bytes.size(), &offset));
      if (!pix) break;
      GrayImage g = PixToGray(pix.get());
      if (!g.empty()) pages.push_back(std::move(g));
    } while (offset != 0);
    return pages;
  }
  PixPtr pix(pixReadMem(data, bytes.size()));
  GrayImage g = PixToGray(pix.get());
  if (!g.empty()) pages.push_back(std::move(g));
  return pages;
}

long DeclaredPixels(std::string_view bytes) {
  SilenceLeptonica();
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, iscmap = 0;
  if (pixReadHeaderMem(reinterpret_cast<const l_uint8*>(bytes.data()),
                       bytes.size(), &format, &w, &h, &bps, &spp,
                       &iscmap) != 0) {
    return 0;
  }
  return long(w) * long(h);
}

void SilenceLeptonica() {
  static std::once_flag once;
  std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

}  // namespace beian::ocr
