// Names and types for attachments that arrive without usable ones.
#ifndef BEIAN_MIME_ATTACHMENT_NAMING_H_
#define BEIAN_MIME_ATTACHMENT_NAMING_H_

#include <string>
#include <string_view>

namespace beian::internal {

// The declared type, or the type the magic bytes show when the declared one
// is missing or application/octet-stream.
std::string EffectiveContentType(std::string_view declared,
                                 std::string_view data);

// "jpg" for image/jpeg, ..., "bin" when unknown.
std::string ExtensionFor(std::string_view content_type);

// Path components and control characters removed; "" when nothing usable is
// left or the name is QQ Mail's meaningless "tcmime.*.bin".
std::string CleanFilename(std::string_view name);

}  // namespace beian::internal

#endif  // BEIAN_MIME_ATTACHMENT_NAMING_H_
