#include "codec.h"

#include <array>
#include <cstdint>
#include <cstring>

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
  // Room for every group plus slack for the two bytes an eight-byte store
  // writes past the six it means (DecodeEight).
  std::string out(in.size() / 4 * 3 + 8, '\0');
  char* o = out.data();
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const auto* const end = p + in.size();
  unsigned int acc = 0;
  int bits = 0;
  while (p < end) {
    if (bits == 0) {  // fast paths: whole groups, no line end among them
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
