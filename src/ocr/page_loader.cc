#include "page_loader.h"

#include <archive.h>
#include <archive_entry.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <cmath>
#include <memory>
#include <optional>

#include "heif_util.h"
#include "leptonica_util.h"

namespace beian::ocr {
namespace {

bool StartsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

Problem Unsupported(std::string_view filename, std::string_view what) {
  return {"unsupported_format", Severity::kBlocking,
          std::string(filename) + ": " + std::string(what) +
              "; please send JPEG, PNG, HEIC or PDF"};
}

Problem Corrupt(std::string_view filename, std::string_view what) {
  return {"corrupt_file", Severity::kBlocking,
          std::string(filename) + ": " + std::string(what)};
}

void NoteTooManyPages(LoadedDocument& doc, std::string_view filename,
                      const LoadLimits& limits, int pages) {
  if (HasProblem(doc.problems, "too_many_pages")) return;
  doc.problems.push_back(
      {"too_many_pages", Severity::kWarning,
       std::string(filename) + ": " +
           (pages > 0 ? std::to_string(pages) + " pages" : "more pages") +
           ", only the first " + std::to_string(limits.max_pages) +
           " were read"});
}

void AddPage(LoadedDocument& doc, GrayImage img, std::string text,
             std::string_view filename, const LoadLimits& limits) {
  if (int(doc.pages.size()) >= limits.max_pages) {
    NoteTooManyPages(doc, filename, limits, 0);
    return;
  }
  doc.pages.push_back({std::move(img), std::move(text), ""});
}

GrayImage PopplerToGray(const poppler::image& im) {
  const int w = im.width(), h = im.height();
  GrayImage out(w, h);
  const char* data = im.const_data();
  for (int y = 0; y < h; ++y) {
    const auto* row = reinterpret_cast<const unsigned char*>(data) +
                      size_t(y) * im.bytes_per_row();
    for (int x = 0; x < w; ++x) {
      switch (im.format()) {
        case poppler::image::format_gray8:
          out.at(x, y) = row[x];
          break;
        case poppler::image::format_rgb24:
        case poppler::image::format_bgr24:
          out.at(x, y) = (row[3 * x] + 2 * row[3 * x + 1] + row[3 * x + 2]) / 4;
          break;
        default:  // argb32, little-endian BGRA
          out.at(x, y) = (row[4 * x] + 2 * row[4 * x + 1] + row[4 * x + 2]) / 4;
      }
    }
  }
  return out;
}

void IgnorePopplerMessage(const std::string&, void*) {}

void LoadPdf(LoadedDocument& doc, std::string_view filename,
             std::string_view bytes, const LoadLimits& limits) {
  poppler::set_debug_error_function(IgnorePopplerMessage, nullptr);
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), int(bytes.size())));
  if (!pdf || pdf->is_locked()) {
    doc.problems.push_back(Corrupt(
        filename, "PDF cannot be opened (damaged or password-protected)"));
    return;
  }
  poppler::page_renderer renderer;
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  // Pages past the limit are never opened: a PDF may declare thousands.
  const int pages = pdf->pages();
  if (pages > limits.max_pages) NoteTooManyPages(doc, filename, limits, pages);
  for (int i = 0; i < std::min(pages, limits.max_pages); ++i) {
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    if (!page) continue;
    const poppler::byte_array utf8 = page->text().to_utf8();
    std::string text(utf8.begin(), utf8.end());
    const poppler::rectf box = page->page_rect();
    double dpi = limits.pdf_dpi;
    const double px = box.width() * box.height() * dpi * dpi / (72.0 * 72.0);
    if (px > limits.pdf_page_pixels)
      dpi *= std::sqrt(limits.pdf_page_pixels / px);
    GrayImage img = PopplerToGray(renderer.render_page(page.get(), dpi, dpi));
    if (img.empty()) continue;
    AddPage(doc, std::move(img), std::move(text), filename, limits);
  }
  if (doc.pages.empty() && doc.problems.empty()) {
    doc.problems.push_back(
        Corrupt(filename, "PDF has no pages that can be rendered"));
  }
}

Problem TooLarge(std::string_view filename, long declared,
                 const LoadLimits& limits) {
  return {"scan_too_large", Severity::kBlocking,
          std::string(filename) + ": image declares " +
              std::to_string(declared / 1'000'000) +
              " million pixels, more than the " +
              std::to_string(limits.max_pixels / 1'000'000) +
              " million beian reads; not decoded"};
}

void LoadHeic(LoadedDocument& doc, std::string_view filename,
              std::string_view bytes, const LoadLimits& limits) {
  StatusOr<HeifPicture> pic = DecodeHeif(bytes, limits.max_pixels);
  if (!pic.ok()) {
    doc.problems.push_back(Corrupt(filename, pic.status().message()));
  } else if (pic->image.empty()) {
    doc.problems.push_back(TooLarge(filename, pic->declared, limits));
  } else {
    AddPage(doc, std::move(pic->image), "", filename, limits);
  }
}

struct ArchiveDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};

// An entry's name: UTF-8 when the archive says so, else as stored, else
// its number.
std::string EntryName(archive_entry* entry, size_t number) {
  const char* utf8 = archive_entry_pathname_utf8(entry);
  const char* raw = archive_entry_pathname(entry);
  return utf8 ? utf8 : raw ? raw : "entry-" + std::to_string(number);
}

// The current entry's bytes into `data`, counting all entries' bytes in
// `total`; the problem that stops the archive (too large unpacked, a
// damaged entry), if any.
std::optional<Problem> ReadEntry(archive* ar, std::string_view filename,
                                 const std::string& name, size_t packed,
                                 const LoadLimits& limits, size_t& total,
                                 std::string& data) {
  char buf[65536];
  la_ssize_t n;
  while ((n = archive_read_data(ar, buf, sizeof buf)) > 0) {
    data.append(buf, size_t(n));
    total += size_t(n);
    if (data.size() > limits.max_entry_bytes ||
        total > limits.max_archive_bytes ||
        total > limits.max_compression_ratio * packed) {
      return Problem{
          "archive_limits", Severity::kBlocking,
          std::string(filename) + ": archive too large when unpacked"};
    }
  }
  if (n < 0) return Corrupt(filename, "ZIP entry " + name + " is damaged");
  return std::nullopt;
}

// An entry's pages (up to the page limit) and problems added to `doc`.
void AddEntry(LoadedDocument& doc, const std::string& name,
              const std::string& data, const LoadLimits& limits) {
  if (SniffFormat(data) == FileFormat::kZip) {
    doc.problems.push_back(Unsupported(name, "archive inside an archive"));
    return;
  }
  LoadedDocument inner = LoadPages(name, data, limits);
  for (LoadedPage& p : inner.pages) {
    p.source = name;
    if (int(doc.pages.size()) < limits.max_pages)
      doc.pages.push_back(std::move(p));
  }
  for (Problem& p : inner.problems) doc.problems.push_back(std::move(p));
}

void LoadZip(LoadedDocument& doc, std::string_view filename,
             std::string_view bytes, const LoadLimits& limits) {
  std::unique_ptr<archive, ArchiveDeleter> ar(archive_read_new());
  archive_read_support_format_zip(ar.get());
  archive_read_set_format_option(ar.get(), "zip", "hdrcharset", "UTF-8");
  if (archive_read_open_memory(ar.get(), bytes.data(), bytes.size()) !=
      ARCHIVE_OK) {
    doc.problems.push_back(Corrupt(filename, "ZIP archive cannot be opened"));
    return;
  }
  size_t entries = 0, total = 0;
  archive_entry* entry = nullptr;
  int rc;
  // ARCHIVE_WARN: a name not convertible to the C locale; the UTF-8 name
  // is still there.
  while ((rc = archive_read_next_header(ar.get(), &entry)) == ARCHIVE_OK ||
         rc == ARCHIVE_WARN) {
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    const std::string name = EntryName(entry, entries + 1);
    std::string data;
    if (std::optional<Problem> stop = ReadEntry(
            ar.get(), filename, name, bytes.size(), limits, total, data)) {
      doc.problems.push_back(std::move(*stop));
      return;
    }
    if (++entries > limits.max_archive_entries) {
      doc.problems.push_back(
          {"archive_limits", Severity::kBlocking,
           std::string(filename) + ": too many files in the archive"});
      return;
    }
    AddEntry(doc, name, data, limits);
  }
  if (rc != ARCHIVE_EOF)
    doc.problems.push_back(Corrupt(filename, "ZIP archive is damaged"));
}

}  // namespace

FileFormat SniffFormat(std::string_view b) {
  if (StartsWith(b, "\xFF\xD8\xFF")) return FileFormat::kJpeg;
  if (StartsWith(b, "\x89PNG")) return FileFormat::kPng;
  if (StartsWith(b, "GIF8")) return FileFormat::kGif;
  if (StartsWith(b, "BM")) return FileFormat::kBmp;
  if (StartsWith(b, std::string_view("II*\0", 4)) ||
      StartsWith(b, std::string_view("MM\0*", 4))) {
    return FileFormat::kTiff;
  }
  if (StartsWith(b, "RIFF") && b.size() > 12 && b.substr(8, 4) == "WEBP")
    return FileFormat::kWebp;
  if (StartsWith(b, "%PDF")) return FileFormat::kPdf;
  if (StartsWith(b, "PK\x03\x04")) return FileFormat::kZip;
  if (b.size() > 12 && b.substr(4, 4) == "ftyp") {
    const std::string_view brand = b.substr(8, 4);
    if (brand == "heic" || brand == "heix" || brand == "mif1" ||
        brand == "msf1") {
      return FileFormat::kHeic;
    }
  }
  return FileFormat::kUnknown;
}

LoadedDocument LoadPages(std::string_view filename, std::string_view bytes,
                         const LoadLimits& limits) {
  LoadedDocument doc;
  const FileFormat format = SniffFormat(bytes);
  switch (format) {
    case FileFormat::kPdf:
      LoadPdf(doc, filename, bytes, limits);
      return doc;
    case FileFormat::kZip:
      LoadZip(doc, filename, bytes, limits);
      return doc;
    case FileFormat::kHeic:
      LoadHeic(doc, filename, bytes, limits);
      return doc;
    case FileFormat::kUnknown:
      doc.problems.push_back(Unsupported(filename, "not an image or PDF"));
      return doc;
    default:
      break;
  }
  if (const long declared = DeclaredPixels(bytes);
      declared > limits.max_pixels) {
    doc.problems.push_back(TooLarge(filename, declared, limits));
    return doc;
  }
  bool more = false;
  std::vector<GrayImage> images =
      DecodeRaster(bytes, format == FileFormat::kTiff, limits.max_pages, &more);
  if (more) NoteTooManyPages(doc, filename, limits, 0);
  if (images.empty()) {
    doc.problems.push_back(
        Corrupt(filename, "image is damaged and cannot be decoded"));
  }
  for (GrayImage& img : images) {
    if (long(img.width) * img.height > limits.max_pixels) {
      doc.problems.push_back({"scan_too_large", Severity::kBlocking,
                              std::string(filename) + ": image too large"});
      continue;
    }
    AddPage(doc, std::move(img), "", filename, limits);
  }
  return doc;
}

}  // namespace beian::ocr
