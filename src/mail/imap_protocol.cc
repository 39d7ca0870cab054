#include "beian/mail/imap_protocol.h"

#include <algorithm>
#include <charconv>

#include "beian/base/text.h"

namespace beian {
namespace {

// The number after `key` (case-insensitive), if any.
std::optional<uint32_t> NumberAfter(std::string_view text, std::string_view key) {
  const std::string lower = AsciiLower(text);
  const std::string k = AsciiLower(key);
  size_t pos = 0;
  while ((pos = lower.find(k, pos)) != std::string::npos) {
    size_t i = pos + k.size();
    while (i < text.size() && text[i] == ' ') ++i;
    uint32_t n = 0;
    auto [p, ec] = std::from_chars(text.data() + i, text.data() + text.size(), n);
    if (ec == std::errc() && p != text.data() + i) return n;
    pos += k.size();
  }
  return std::nullopt;
}

}  // namespace

std::optional<MailboxStatus> ParseMailboxStatus(std::string_view response) {
  std::optional<uint32_t> validity = NumberAfter(response, "UIDVALIDITY");
  if (!validity) return std::nullopt;
  MailboxStatus s;
  s.uidvalidity = *validity;
  s.uidnext = NumberAfter(response, "UIDNEXT").value_or(0);
  s.exists = NumberAfter(response, "MESSAGES").value_or(0);
  // "* 3 EXISTS"
  size_t pos = 0;
  while ((pos = response.find(" EXISTS", pos)) != std::string_view::npos) {
    size_t start = pos;
    while (start > 0 && response[start - 1] >= '0' && response[start - 1] <= '9') --start;
    std::from_chars(response.data() + start, response.data() + pos, s.exists);
    pos += 7;
  }
  return s;
}

std::vector<uint32_t> ParseSearchResponse(std::string_view response) {
  std::vector<uint32_t> uids;
  size_t line_start = 0;
  while (line_start < response.size()) {
    size_t end = response.find('\n', line_start);
    if (end == std::string_view::npos) end = response.size();
    std::string_view line = TrimSpace(response.substr(line_start, end - line_start));
    line_start = end + 1;
    if (!StartsWithIgnoreCase(line, "* SEARCH")) continue;
    line.remove_prefix(8);
    while (!line.empty()) {
      line = TrimSpace(line);
      uint32_t n = 0;
      auto [p, ec] = std::from_chars(line.data(), line.data() + line.size(), n);
      if (ec != std::errc()) break;
      uids.push_back(n);
      line.remove_prefix(static_cast<size_t>(p - line.data()));
    }
  }
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  return uids;
}

std::optional<ImapUrl> ParseImapUrl(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  const size_t slash = url.find('/', scheme + 3);
  ImapUrl u;
  u.base = std::string(url.substr(0, slash));
  u.folder = slash == std::string_view::npos ? "INBOX"
                                             : std::string(url.substr(slash + 1));
  if (u.folder.empty()) u.folder = "INBOX";
  return u;
}

std::string EncodeFolder(std::string_view folder) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : folder) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace beian
