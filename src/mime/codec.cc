#include "codec.h"

#include <immintrin.h>

#include <array>
#include <cstdint>
#include <cstring>

#include "byte_search.h"

namespace beian::internal {
namespace {

constexpr std::array<signed char, 256> MakeBase64Table() {
  std::array<signed char, 256> t{};
  for (auto& v : t) v = -1;
  constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(kAlphabet[i])] = i;
  // URL-safe variants seen in the wild.
  t['-'] = 62;
  t['_'] = 63;
  return t;
}
constexpr auto kBase64 = MakeBase64Table();

// The same table with each symbol's six bits already at their place in a
// group of four (18, 12, 6, 0); kNotBase64 marks everything else, so one OR
// of four lookups both assembles a group and says whether it was clean.
constexpr uint32_t kNotBase64 = 1u << 24;
constexpr std::array<uint32_t, 256> MakeShiftedTable(int shift) {
  std::array<uint32_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[c] = kBase64[c] < 0 ? kNotBase64
                          : static_cast<uint32_t>(kBase64[c]) << shift;
  }
  return t;
}
constexpr auto kAt18 = MakeShiftedTable(18);
constexpr auto kAt12 = MakeShiftedTable(12);
constexpr auto kAt6 = MakeShiftedTable(6);
constexpr auto kAt0 = MakeShiftedTable(0);

uint32_t Group(const unsigned char* p) {
  return kAt18[p[0]] | kAt12[p[1]] | kAt6[p[2]] | kAt0[p[3]];
}

// Four symbols to three bytes; false (nothing written) unless all four are
// base64 symbols.
bool DecodeFour(const unsigned char* p, char* o) {
  const uint32_t v = Group(p);
  if (v & kNotBase64) return false;
  o[0] = static_cast<char>(v >> 16);
  o[1] = static_cast<char>(v >> 8);
  o[2] = static_cast<char>(v);
  return true;
}

// Eight symbols to six bytes with one eight-byte store (the last two bytes
// are overwritten by what follows or cut off by the final resize).
bool DecodeEight(const unsigned char* p, char* o) {
  const uint32_t a = Group(p);
  const uint32_t b = Group(p + 4);
  if ((a | b) & kNotBase64) return false;
  const uint64_t bytes = (static_cast<uint64_t>(a) << 40) |
                         (static_cast<uint64_t>(b) << 16);  // big-endian
  const uint64_t be = __builtin_bswap64(bytes);
  std::memcpy(o, &be, sizeof be);
  return true;
}

// Blocks of thirty-two symbols to twenty-four bytes with AVX2 (Mula and
// Lemire's lookup by nibbles), for as long as blocks are clean or broken
// only by line ends between groups. A block with anything else in it ('=',
// a URL-safe symbol, a line end inside a group) still has its whole groups
// before that character taken; the rest is left to the caller, which
// resumes at a group boundary. Every store writes 32 bytes where it
// means at most 24: DecodeBase64's slack covers them, and the next store or
// the final resize the garbage. Only called where the CPU has AVX2.
__attribute__((target("avx2"))) void DecodeWide(const unsigned char*& from,
                                                const unsigned char* end,
                                                char*& to) {
  // Kept in locals: the stores through `o` could alias the caller's
  // pointers, which would then be reloaded from memory every block.
  const unsigned char* p = from;
  char* o = to;
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  // Bit h of valid_lo[lo] is set when byte 0xh<lo> is a symbol; bit_hi[h]
  // is 1 << h for h < 8 (0 for bytes >= 0x80).
  const __m256i valid_lo = _mm256_setr_epi8(
      '\xa8', '\xf8', '\xf8', '\xf8', '\xf8', '\xf8', '\xf8', '\xf8', '\xf8',
      '\xf8', '\xf0', 0x54, 0x50, 0x50, 0x50, 0x54, '\xa8', '\xf8', '\xf8',
      '\xf8', '\xf8', '\xf8', '\xf8', '\xf8', '\xf8', '\xf8', '\xf0', 0x54,
      0x50, 0x50, 0x50, 0x54);
  const __m256i bit_hi = _mm256_setr_epi8(
      0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, '\x80', 0, 0, 0, 0, 0, 0, 0, 0,
      0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, '\x80', 0, 0, 0, 0, 0, 0, 0, 0);
  // Symbol to its six bits: add by high nibble ('+' 19, digits 4, upper
  // case -65, lower case -71); '/' is the one symbol that needs 16.
  const __m256i add_hi = _mm256_setr_epi8(
      0, 0, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0,  //
      0, 0, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
  // The three bytes of every group in big-endian order, packed to the front.
  const __m256i order = _mm256_setr_epi8(
      2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1,  //
      2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
  const __m256i pack = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 7, 7);
  while (end - p >= 32) {
    const __m256i in = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const __m256i hi = _mm256_and_si256(_mm256_srli_epi32(in, 4), nibble);
    const __m256i lo = _mm256_and_si256(in, nibble);
    const __m256i hits = _mm256_and_si256(_mm256_shuffle_epi8(valid_lo, lo),
                                          _mm256_shuffle_epi8(bit_hi, hi));
    const uint32_t misses = static_cast<uint32_t>(
        _mm256_movemask_epi8(_mm256_cmpeq_epi8(hits, _mm256_setzero_si256())));
    const __m256i slash = _mm256_cmpeq_epi8(in, _mm256_set1_epi8('/'));
    const __m256i add = _mm256_blendv_epi8(_mm256_shuffle_epi8(add_hi, hi),
                                           _mm256_set1_epi8(16), slash);
    const __m256i six = _mm256_add_epi8(in, add);
    // Pairs to 12 bits, pairs of those to 24.
    const __m256i twelve =
        _mm256_maddubs_epi16(six, _mm256_set1_epi32(0x01400140));
    const __m256i groups =
        _mm256_madd_epi16(twelve, _mm256_set1_epi32(0x00011000));
    const __m256i bytes =
        _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(groups, order), pack);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(o), bytes);
    if (misses == 0) {
      p += 32;
      o += 24;
      continue;
    }
    const int clean_groups = __builtin_ctz(misses) / 4;
    p += clean_groups * 4;
    o += clean_groups * 3;
    // A line end between groups (76-symbol lines) is skipped here; anything
    // else is the caller's.
    if (__builtin_ctz(misses) % 4 != 0) break;
    if (p[0] == '\n') {
      p += 1;
    } else if (p[0] == '\r' && end - p >= 2 && p[1] == '\n') {
      p += 2;
    } else {
      break;
    }
  }
  from = p;
  to = o;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Index of the first non-blank at or after `i` that is not a line end, or
// the index of the line end when only blanks precede it.
size_t SkipBlanks(std::string_view in, size_t i) {
  while (i < in.size() && (in[i] == ' ' || in[i] == '\t')) ++i;
  return i;
}

}  // namespace

std::string DecodeBase64(std::string_view in) {
  // Room for every group plus slack for what the wide stores write past
  // the bytes they mean (DecodeEight two, DecodeWide eight).
  std::string out(in.size() / 4 * 3 + 16, '\0');
  char* o = out.data();
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const auto* const end = p + in.size();
  unsigned int acc = 0;
  int bits = 0;
  while (p < end) {
    if (bits == 0) {  // fast paths: whole groups, no line end among them
      if (CpuHasAvx2()) DecodeWide(p, end, o);
      while (end - p >= 8 && DecodeEight(p, o)) {
        p += 8;
        o += 6;
      }
      if (end - p >= 4 && DecodeFour(p, o)) {
        p += 4;
        o += 3;
        continue;
      }
    }
    const unsigned char ch = *p++;
    if (ch == '=') {
      acc = 0;
      bits = 0;
      continue;
    }
    const int v = kBase64[ch];
    if (v < 0) continue;  // line ends, blanks, stray characters
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      *o++ = static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  out.resize(static_cast<size_t>(o - out.data()));
  return out;
}

std::string DecodeQuotedPrintable(std::string_view in, bool q_encoding) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '_' && q_encoding) {
      out += ' ';
    } else if (c != '=') {
      out += c;
    } else if (i + 2 < in.size() && HexValue(in[i + 1]) >= 0 &&
               HexValue(in[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2]));
      i += 2;
    } else {
      // Soft line break "=" [blanks] CRLF|LF, or a stray '='.
      size_t j = SkipBlanks(in, i + 1);
      if (j < in.size() && in[j] == '\r') ++j;
      if (j < in.size() && in[j] == '\n') {
        i = j;
      } else if (j >= in.size()) {
        i = j;  // "=" at the very end
      } else {
        out += c;
      }
    }
  }
  return out;
}

}  // namespace beian::internal
