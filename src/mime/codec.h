// Content-transfer decodings, lenient like mail clients: invalid characters
// are skipped, missing padding is tolerated, soft line breaks may end in LF.
#ifndef BEIAN_MIME_CODEC_H_
#define BEIAN_MIME_CODEC_H_

#include <string>
#include <string_view>

namespace beian::internal {

// Skips anything outside the base64 alphabet. '=' ends a quantum, so chunks
// that were encoded separately and concatenated still decode.
std::string DecodeBase64(std::string_view in);

// Quoted-printable (RFC 2045). With `q_encoding` (RFC 2047 "Q"), '_' is a
// space. A malformed "=" escape is kept as written.
std::string DecodeQuotedPrintable(std::string_view in, bool q_encoding = false);

}  // namespace beian::internal

#endif  // BEIAN_MIME_CODEC_H_
