// mimetic finds every multipart boundary with utils::find_bm, a Horspool
// search that steps through the body a byte or a few at a time: measured at
// 6-7% of a poll's CPU (200 KB mails, perf). ParseMime hands mimetic
// `const char*` ranges, and for that iterator type this specialization
// searches with glibc's memmem instead. The result is the same: the first
// occurrence of `word` in [bit, eit), or `eit` when there is none.
//
// Include it right after <mimetic/mimetic.h> and before any call that parses
// `const char*` ranges; mime_parser.cc is the only such file, and the mimetic
// library itself instantiates its parser for istreambuf_iterator only.
#ifndef BEIAN_MIME_MIMETIC_SEARCH_H_
#define BEIAN_MIME_MIMETIC_SEARCH_H_

#include <mimetic/utils.h>
#include <string.h>

#include <iterator>
#include <string>

namespace mimetic::utils {

template <>
inline const char* find_bm<const char*>(
    const char* bit, const char* eit, const std::string& word,
    const std::random_access_iterator_tag&) {
  const void* at =
      ::memmem(bit, static_cast<size_t>(eit - bit), word.data(), word.size());
  return at != nullptr ? static_cast<const char*>(at) : eit;
}

}  // namespace mimetic::utils

#endif  // BEIAN_MIME_MIMETIC_SEARCH_H_
