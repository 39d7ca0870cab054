#include "charset.h"

#include <iconv.h>

#include <array>
#include <cerrno>
#include <memory>

#include "beian/base/text.h"

namespace beian::internal {
namespace {

struct IconvCloser {
  void operator()(iconv_t cd) const { iconv_close(cd); }
};
using IconvHandle = std::unique_ptr<std::remove_pointer_t<iconv_t>, IconvCloser>;

IconvHandle OpenToUtf8(const std::string& from) {
  iconv_t cd = iconv_open("UTF-8", from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return IconvHandle(nullptr);
  return IconvHandle(cd);
}

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

// Runs iconv over all of `in`, replacing each undecodable byte with U+FFFD.
Converted Run(iconv_t cd, std::string_view in) {
  Converted out;
  out.text.reserve(in.size() * 3 / 2 + 16);
  auto* src = const_cast<char*>(in.data());
  size_t left = in.size();
  std::array<char, 4096> buf;
  while (left > 0) {
    char* dst = buf.data();
    size_t room = buf.size();
    const size_t rc = iconv(cd, &src, &left, &dst, &room);
    out.text.append(buf.data(), dst - buf.data());
    if (rc != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) continue;
    // EILSEQ or EINVAL (truncated sequence): skip one byte.
    out.text += "\xEF\xBF\xBD";
    out.exact = false;
    ++src;
    --left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  return out;
}

}  // namespace

std::string CanonicalCharset(std::string_view label) {
  std::string l = AsciiLower(TrimSpace(label));
  if (l.size() >= 2 && l.front() == '"' && l.back() == '"') {
    l = l.substr(1, l.size() - 2);
  }
  if (l == "gb2312" || l == "gbk" || l == "x-gbk" || l == "cp936" ||
      l == "ms936" || l == "windows-936" || l == "euc-cn" || l == "x-euc-cn" ||
      l == "gb_2312-80" || l == "csgb2312" || l == "gb18030" || l == "chinese") {
    return "GB18030";
  }
  if (l == "big5" || l == "x-big5" || l == "big-5" || l == "cn-big5" ||
      l == "csbig5" || l == "big5-hkscs") {
    return "BIG5-HKSCS";
  }
  if (l == "utf8" || l == "utf-8" || l == "unicode-1-1-utf-8") return "UTF-8";
  if (l == "ascii" || l == "us-ascii" || l == "ansi_x3.4-1968") {
    return "US-ASCII";
  }
  if (l == "ks_c_5601-1987" || l == "euc-kr") return "CP949";
  if (l == "iso-8859-1" || l == "latin1") return "WINDOWS-1252";
  return l;
}

Converted ToUtf8(std::string_view bytes, std::string_view label) {
  std::string charset = CanonicalCharset(label);
  if (IsAscii(bytes)) return Converted{std::string(bytes), true, ""};
  if (charset == "UTF-8" || charset == "US-ASCII" || charset.empty()) {
    if (IsValidUtf8(bytes)) return Converted{std::string(bytes), true, ""};
    Converted c{RawHeaderToUtf8(bytes), false, ""};
    c.warning = "text labelled '" + std::string(label) +
                "' is not valid UTF-8; decoded as GB18030";
    return c;
  }
  IconvHandle cd = OpenToUtf8(charset);
  if (!cd) {
    const bool utf8 = IsValidUtf8(bytes);
    IconvHandle fallback = OpenToUtf8(utf8 ? "UTF-8" : "GB18030");
    Converted c = Run(fallback.get(), bytes);
    c.exact = false;
    c.warning = "unknown charset '" + std::string(label) + "'; decoded as " +
                (utf8 ? "UTF-8" : "GB18030");
    return c;
  }
  Converted c = Run(cd.get(), bytes);
  if (!c.exact) {
    c.warning = "text labelled '" + std::string(label) +
                "' has bytes that are not " + charset +
                "; replaced with U+FFFD";
  }
  return c;
}

std::string RawHeaderToUtf8(std::string_view bytes) {
  if (IsValidUtf8(bytes)) return std::string(bytes);
  IconvHandle cd = OpenToUtf8("GB18030");
  return Run(cd.get(), bytes).text;
}

}  // namespace beian::internal
