#include "byte_search.h"

#include <immintrin.h>

#include <cstdint>
#include <cstring>

namespace beian::internal {
namespace {

bool SecondMatches(char c, char second) {
  return (static_cast<unsigned char>(c) | 0x20) ==
         (static_cast<unsigned char>(second) | 0x20);
}

// 32 places per step; stops at the first candidate or where fewer than 33
// bytes are left, returning the index reached.
__attribute__((target("avx2"))) size_t WideCandidate(std::string_view hay,
                                                     size_t i, char first,
                                                     char second) {
  const __m256i want_first = _mm256_set1_epi8(first);
  const __m256i want_second = _mm256_set1_epi8(
      static_cast<char>(static_cast<unsigned char>(second) | 0x20));
  const __m256i case_bit = _mm256_set1_epi8(0x20);
  const char* p = hay.data();
  for (; i + 33 <= hay.size(); i += 32) {
    const __m256i a =
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    const __m256i b =
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 1));
    const __m256i both = _mm256_and_si256(
        _mm256_cmpeq_epi8(a, want_first),
        _mm256_cmpeq_epi8(_mm256_or_si256(b, case_bit), want_second));
    const uint32_t mask = static_cast<uint32_t>(_mm256_movemask_epi8(both));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
  }
  return i;
}

}  // namespace

bool CpuHasAvx2() {
  static const bool yes = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
  }();
  return yes;
}

size_t FindPairIgnoringCase(std::string_view hay, size_t from, char first,
                            char second) {
  size_t i = from;
  if (CpuHasAvx2() && i < hay.size()) {
    i = WideCandidate(hay, i, first, second);
    if (i + 33 <= hay.size()) return i;  // a candidate, not the tail
  }
  for (; i < hay.size(); ++i) {
    const void* at = std::memchr(hay.data() + i, first, hay.size() - i);
    if (at == nullptr) return std::string_view::npos;
    i = static_cast<size_t>(static_cast<const char*>(at) - hay.data());
    if (i + 1 < hay.size() && SecondMatches(hay[i + 1], second)) return i;
  }
  return std::string_view::npos;
}

}  // namespace beian::internal
