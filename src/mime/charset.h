// Charset conversion to UTF-8 through glibc iconv.
#ifndef BEIAN_MIME_CHARSET_H_
#define BEIAN_MIME_CHARSET_H_

#include <string>
#include <string_view>

namespace beian::internal {

struct Converted {
  std::string text;     // UTF-8
  bool exact = true;    // false when bytes were replaced or the label unknown
  std::string warning;  // why not exact, for ParsedMail::warnings
};

// The iconv name we use for a MIME charset label: GB2312/GBK/CP936 and
// friends become GB18030 (mislabelled mail and glibc's A1A4 -> U+30FB),
// Big5 becomes BIG5-HKSCS, unknown labels are returned upper-cased.
std::string CanonicalCharset(std::string_view label);

// Converts `bytes` labelled `label` (may be empty) to UTF-8. An unknown label
// falls back to UTF-8 when the bytes are valid UTF-8, else GB18030.
// Undecodable bytes become U+FFFD. Never fails.
Converted ToUtf8(std::string_view bytes, std::string_view label);

// Raw 8-bit header bytes: valid UTF-8 is kept, anything else is read as
// GB18030 (the common case for Chinese mail clients).
std::string RawHeaderToUtf8(std::string_view bytes);

}  // namespace beian::internal

#endif  // BEIAN_MIME_CHARSET_H_
