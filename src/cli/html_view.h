// The reviewer's visual check of one case: a single self-contained HTML page
// with every attachment image beside the extracted fields, OCR boxes drawn
// over the images and the problems at the top.
//
//   std::vector<AttachmentView> views;
//   for (const AttachmentRecord& a : detail.attachments) {
//     StatusOr<std::string> bytes = blobs.Get(a.path);
//     views.push_back({a, bytes.ok() ? *bytes : "", /*boxes=*/{}});
//   }
//   WriteFile(path, RenderCaseHtml(detail, views));
//
// The page loads nothing from outside: images are data: URIs, CSS is inline,
// there is no script. Everything that came from a mail (names, filenames,
// field values, problem details) is HTML-escaped. The full identity number is
// shown (reviewer view); the footer says the page holds personal data.
#ifndef BEIAN_CLI_HTML_VIEW_H_
#define BEIAN_CLI_HTML_VIEW_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "beian/base/status.h"
#include "beian/store/blob_store.h"
#include "beian/case/records.h"

namespace beian::cli {

// Where OCR read one field on an image, in the image's stored pixel grid
// (before any EXIF rotation; origin top left).
struct FieldBox {
  std::string field;  // draft field name: "name", "id_number", ...
  int x = 0, y = 0, w = 0, h = 0;
  double confidence = 0;  // 0..1
};

struct AttachmentView {
  AttachmentRecord record;
  std::string bytes;  // "" when the file is unavailable (purged, missing)
  std::vector<FieldBox> boxes;  // drawn when present and the size is known
};

// Fields below this confidence are marked for the reviewer.
inline constexpr double kLowConfidence = 0.8;

// The whole page, UTF-8. Never fails: an image whose bytes are missing or not
// a supported format (jpeg, png, gif, webp, bmp) is listed with a note
// instead; boxes on an image whose size cannot be read are listed, not drawn.
std::string RenderCaseHtml(const CaseDetail& d,
                           const std::vector<AttachmentView>& attachments);

// Reads each attachment's bytes from `blobs`; a missing file gives empty
// bytes (the page then says so). Boxes stay empty until OCR stores its page
// readings.
std::vector<AttachmentView> LoadAttachmentViews(const CaseDetail& d,
                                                const BlobStore& blobs);

// Writes `content` to `path` readable by the owner only (0600, also when the
// file existed). IoError names the path and says what failed.
[[nodiscard]] Status WritePrivateFile(const std::string& path,
                                      std::string_view content);

namespace internal {

struct ImageSize {
  int width = 0;
  int height = 0;
};

// Escapes & < > " ' for text and attribute values.
std::string HtmlEscape(std::string_view s);
// True for the image types a browser shows inline.
bool IsInlineImage(std::string_view content_type);
// "data:image/png;base64,...", or "" when the type is not an inline image.
std::string ImageDataUri(std::string_view content_type, std::string_view bytes);
// Pixel size from the file header (JPEG SOF, PNG IHDR, GIF, BMP, WebP);
// nullopt when the bytes are not one of these or are truncated.
std::optional<ImageSize> ReadImageSize(std::string_view bytes);

}  // namespace internal
}  // namespace beian::cli

#endif  // BEIAN_CLI_HTML_VIEW_H_
