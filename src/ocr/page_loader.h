// Attachment bytes -> page images. Formats are recognised by their bytes
// (the declared type and file name only help to name what was sent).
#ifndef BEIAN_SRC_OCR_PAGE_LOADER_H_
#define BEIAN_SRC_OCR_PAGE_LOADER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "beian/base/problem.h"
#include "gray_image.h"

namespace beian::ocr {

struct LoadLimits {
  int max_pages = 10;               // per attachment (PDF, TIFF, ZIP together)
  size_t max_archive_entries = 50;  // files in a ZIP
  size_t max_entry_bytes = 30u << 20;
  size_t max_archive_bytes = 100u << 20;  // uncompressed, all entries
  double max_compression_ratio = 200;     // uncompressed / compressed
  double pdf_dpi = 300;                   // or less, to stay within:
  long pdf_page_pixels = 12'000'000;      // per rendered PDF page
  long max_pixels = 40'000'000;           // per image, declared or decoded
};

struct LoadedPage {
  GrayImage image;
  std::string embedded_text;  // a digital PDF's text layer, UTF-8
  std::string source;         // "" or the ZIP entry name
};

struct LoadedDocument {
  std::vector<LoadedPage> pages;
  // unsupported_format, corrupt_file, archive_limits, too_many_pages.
  Problems problems;
};

enum class FileFormat {
  kJpeg,
  kPng,
  kGif,
  kBmp,
  kTiff,
  kWebp,
  kPdf,
  kZip,
  kHeic,
  kUnknown
};

// Recognises the format from the first bytes.
FileFormat SniffFormat(std::string_view bytes);

// Never fails: what cannot be read becomes a problem naming `filename`.
LoadedDocument LoadPages(std::string_view filename, std::string_view bytes,
                         const LoadLimits& limits);

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_PAGE_LOADER_H_
