// Building blocks of an outgoing RFC 5322 / MIME message. Pure functions.
#ifndef BEIAN_REPLY_MAIL_WRITER_H_
#define BEIAN_REPLY_MAIL_WRITER_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "beian/base/clock.h"

namespace beian::internal {

// `text` as RFC 2047 "B" encoded words in UTF-8, folded: words are joined by
// CRLF + space, no word splits a UTF-8 character, and no line is longer than
// 76 characters given that the first line already holds `first_line_used`
// characters ("Subject: " is 9). Invalid UTF-8 bytes are kept one per unit.
std::string EncodeHeaderWords(std::string_view text, size_t first_line_used);

// "Mon, 23 Nov 2026 18:10:03 +0800": the time in China Standard Time.
std::string FormatMailDate(TimePoint t);

// Every LF (and a lone CR) becomes CRLF; existing CRLF pairs are kept.
std::string ToCrlf(std::string_view text);

// Removes leading reply markers ("Re:", "RE：", "回复:", "答复：", "Aw:",
// "回覆:") and the spaces around them, repeatedly. Forward markers are kept.
std::string_view StripReplyPrefixes(std::string_view subject);

}  // namespace beian::internal

#endif  // BEIAN_REPLY_MAIL_WRITER_H_
