// Small UTF-8 text helpers shared by the parsers. All take and return UTF-8.
#ifndef BEIAN_BASE_TEXT_H_
#define BEIAN_BASE_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace beian {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view s);

// Decodes UTF-8 into code points; an invalid byte becomes U+FFFD.
std::vector<char32_t> DecodeUtf8(std::string_view s);
void AppendUtf8(char32_t cp, std::string& out);
std::string EncodeUtf8(const std::vector<char32_t>& cps);

// Full-width ASCII variants (U+FF01..U+FF5E) and the ideographic space become
// their ASCII forms; everything else is kept.
std::string FoldFullWidth(std::string_view s);

// Strips ASCII white space and U+3000 at both ends.
std::string_view TrimSpace(std::string_view s);
std::string AsciiLower(std::string_view s);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// Lower-case hex of the bytes.
std::string HexEncode(std::string_view bytes);

// The address of "Name <a@b>" ("a@b"); `mailbox` itself when it has no <>.
std::string AddressPart(std::string_view mailbox);

}  // namespace beian

#endif  // BEIAN_BASE_TEXT_H_
