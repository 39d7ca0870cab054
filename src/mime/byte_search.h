// Fast scans over whole mails (megabytes of base64) for short markers.
#ifndef BEIAN_MIME_BYTE_SEARCH_H_
#define BEIAN_MIME_BYTE_SEARCH_H_

#include <cstddef>
#include <string_view>

namespace beian::internal {

// Index of the first `first` at or after `from` whose next byte is `second`
// in either case, or npos. May also stop at a `first` followed by a byte
// that only equals `second` with bit 0x20 set (so callers check what
// follows); it never skips a real match. A '/' is one symbol in 64 of
// base64, "/r" one pair in 2,048: with AVX2 the scan looks for the pair.
size_t FindPairIgnoringCase(std::string_view hay, size_t from, char first,
                            char second);

// Whether this CPU runs AVX2 (asked once); the wide paths here and in the
// base64 decoder are only taken when it does.
bool CpuHasAvx2();

}  // namespace beian::internal

#endif  // BEIAN_MIME_BYTE_SEARCH_H_
