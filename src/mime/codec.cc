#include "codec.h"

#include <array>

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
  std::string out(in.size() / 4 * 3 + 3, '\0');
  char* o = out.data();
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const auto* const end = p + in.size();
  unsigned int acc = 0;
  int bits = 0;
  while (p < end) {
    if (bits == 0 && end - p >= 4) {  // fast path: four symbols, three bytes
      const int a = kBase64[p[0]], b = kBase64[p[1]], c = kBase64[p[2]],
                d = kBase64[p[3]];
      if ((a | b | c | d) >= 0) {
        const unsigned v =
            static_cast<unsigned>(a << 18 | b << 12 | c << 6 | d);
        o[0] = static_cast<char>(v >> 16);
        o[1] = static_cast<char>(v >> 8);
        o[2] = static_cast<char>(v);
        o += 3;
        p += 4;
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
