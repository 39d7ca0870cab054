// Base64 (RFC 4648, standard alphabet, padded): the one encoder beian has,
// for MIME bodies, data: URIs and tests.
#ifndef BEIAN_BASE_BASE64_H_
#define BEIAN_BASE_BASE64_H_

#include <string>
#include <string_view>

namespace beian {

// No line breaks: "foobar" -> "Zm9vYmFy".
std::string EncodeBase64(std::string_view bytes);

// In lines of at most 76 characters, each ending in CRLF (a MIME body).
std::string EncodeBase64Lines(std::string_view bytes);

}  // namespace beian

#endif  // BEIAN_BASE_BASE64_H_
