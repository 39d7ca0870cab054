#include "beian/base/base64.h"

#include <algorithm>
#include <cstdint>

namespace beian {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr size_t kMaxLine = 76;

}  // namespace

std::string EncodeBase64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const size_t n = std::min<size_t>(3, bytes.size() - i);
    uint32_t v = 0;
    for (size_t k = 0; k < 3; ++k) {
      v = (v << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
    }
    for (size_t k = 0; k < 4; ++k) {
      out.push_back(k <= n ? kAlphabet[(v >> (18 - 6 * k)) & 0x3F] : '=');
    }
  }
  return out;
}

std::string EncodeBase64Lines(std::string_view bytes) {
  const std::string b64 = EncodeBase64(bytes);
  std::string out;
  out.reserve(b64.size() + b64.size() / kMaxLine * 2 + 2);
  for (size_t i = 0; i < b64.size(); i += kMaxLine) {
    out.append(b64, i, kMaxLine);
    out.append("\r\n");
  }
  return out;
}

}  // namespace beian
