#include "attachment_naming.h"

#include "beian/base/text.h"

namespace beian::internal {
namespace {

struct Magic {
  std::string_view prefix;
  std::string_view type;
};
constexpr Magic kMagics[] = {
    {"\xFF\xD8\xFF", "image/jpeg"},   {"\x89PNG", "image/png"},
    {"%PDF", "application/pdf"},      {"GIF8", "image/gif"},
    {"PK\x03\x04", "application/zip"}, {"BM", "image/bmp"},
    {std::string_view("II*\0", 4), "image/tiff"},
    {std::string_view("MM\0*", 4), "image/tiff"},
};

struct Extension {
  std::string_view type;
  std::string_view ext;
};
constexpr Extension kExtensions[] = {
    {"image/jpeg", "jpg"},       {"image/jpg", "jpg"},
    {"image/pjpeg", "jpg"},      {"image/png", "png"},
    {"image/gif", "gif"},        {"image/bmp", "bmp"},
    {"image/tiff", "tif"},       {"image/webp", "webp"},
    {"image/heic", "heic"},      {"application/pdf", "pdf"},
    {"application/zip", "zip"},  {"text/plain", "txt"},
    {"text/html", "html"},       {"message/rfc822", "eml"},
};

}  // namespace

std::string EffectiveContentType(std::string_view declared,
                                 std::string_view data) {
  std::string type = AsciiLower(TrimSpace(declared));
  if (!type.empty() && type != "application/octet-stream") return type;
  for (const Magic& m : kMagics) {
    if (data.starts_with(m.prefix) && (m.type != "image/bmp" || data.size() > 26)) {
      return std::string(m.type);
    }
  }
  return type.empty() ? "application/octet-stream" : type;
}

std::string ExtensionFor(std::string_view content_type) {
  for (const Extension& e : kExtensions) {
    if (e.type == content_type) return std::string(e.ext);
  }
  return "bin";
}

std::string CleanFilename(std::string_view name) {
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string out;
  for (char c : name) {
    if (static_cast<unsigned char>(c) >= 32 && c != 127) out += c;
  }
  out = std::string(TrimSpace(out));
  if (out == "." || out == "..") return "";
  const std::string lower = AsciiLower(out);
  if (lower.starts_with("tcmime.") && lower.ends_with(".bin")) return "";
  return out;
}

}  // namespace beian::internal
