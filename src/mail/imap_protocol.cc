#include "beian/mail/imap_protocol.h"

#include <algorithm>
#include <charconv>

#include "beian/base/text.h"

namespace beian {
namespace {

// The number after `key` (case-insensitive), if any.
std::optional<uint32_t> NumberAfter(std::string_view text,
                                    std::string_view key) {
  const std::string lower = AsciiLower(text);
  const std::string k = AsciiLower(key);
  size_t pos = 0;
  while ((pos = lower.find(k, pos)) != std::string::npos) {
    size_t i = pos + k.size();
    while (i < text.size() && text[i] == ' ') ++i;
    uint32_t n = 0;
    auto [p, ec] =
        std::from_chars(text.data() + i, text.data() + text.size(), n);
    if (ec == std::errc() && p != text.data() + i) return n;
    pos += k.size();
  }
  return std::nullopt;
}

// What follows `prefix` (any case) on each line of `response` that starts
// with it, blanks trimmed.
std::vector<std::string_view> LinesAfter(std::string_view response,
                                         std::string_view prefix) {
  std::vector<std::string_view> rests;
  size_t line_start = 0;
  while (line_start < response.size()) {
    size_t end = response.find('\n', line_start);
    if (end == std::string_view::npos) end = response.size();
    std::string_view line =
        TrimSpace(response.substr(line_start, end - line_start));
    line_start = end + 1;
    if (StartsWithIgnoreCase(line, prefix))
      rests.push_back(TrimSpace(line.substr(prefix.size())));
  }
  return rests;
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
    while (start > 0 && response[start - 1] >= '0' &&
           response[start - 1] <= '9')
      --start;
    std::from_chars(response.data() + start, response.data() + pos, s.exists);
    pos += 7;
  }
  return s;
}

std::vector<uint32_t> ParseSearchResponse(std::string_view response) {
  std::vector<uint32_t> uids;
  for (std::string_view line : LinesAfter(response, "* SEARCH")) {
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

std::set<std::string> ParseCapabilities(std::string_view response) {
  std::set<std::string> caps;
  for (std::string_view line : LinesAfter(response, "* CAPABILITY ")) {
    while (!line.empty()) {
      const size_t space = line.find(' ');
      const std::string_view word = line.substr(0, space);
      if (!word.empty()) caps.insert(AsciiLower(word));
      if (space == std::string_view::npos) break;
      line.remove_prefix(space + 1);
    }
  }
  return caps;
}

std::optional<ImapUrl> ParseImapUrl(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  const size_t slash = url.find('/', scheme + 3);
  ImapUrl u;
  u.base = std::string(url.substr(0, slash));
  u.folder = slash == std::string_view::npos
                 ? "INBOX"
                 : std::string(url.substr(slash + 1));
  if (u.folder.empty()) u.folder = "INBOX";
  return u;
}

}  // namespace beian

namespace beian {
namespace {

// Modified base64 of UTF-16BE code units (RFC 3501 5.1.3: ',' for '/', no
// padding).
std::string ModifiedBase64(const std::vector<uint16_t>& units) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";
  std::string bytes;
  for (uint16_t u : units) {
    bytes += static_cast<char>(u >> 8);
    bytes += static_cast<char>(u & 0xff);
  }
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63];
  return out;
}

void AppendUtf16(char32_t cp, std::vector<uint16_t>& units) {
  if (cp < 0x10000) {
    units.push_back(static_cast<uint16_t>(cp));
    return;
  }
  cp -= 0x10000;
  units.push_back(static_cast<uint16_t>(0xd800 + (cp >> 10)));
  units.push_back(static_cast<uint16_t>(0xdc00 + (cp & 0x3ff)));
}

// The "{n}" at the end of a line piece, if it announces a literal.
std::optional<size_t> LiteralAt(std::string_view piece) {
  if (piece.size() < 3 || piece.back() != '}') return std::nullopt;
  const size_t open = piece.rfind('{');
  if (open == std::string_view::npos || open + 2 > piece.size() - 1)
    return std::nullopt;
  size_t n = 0;
  auto [p, ec] = std::from_chars(piece.data() + open + 1,
                                 piece.data() + piece.size() - 1, n);
  if (ec != std::errc() || p != piece.data() + piece.size() - 1)
    return std::nullopt;
  return n;
}

}  // namespace

namespace {

std::string QuotedAscii(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) {
      out += '?';
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string DecodeMailboxName(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] != '&') {
      out += name[i];
      continue;
    }
    const size_t end = name.find('-', i);
    if (end == std::string_view::npos) return std::string(name);  // not mUTF-7
    std::vector<uint16_t> units;
    uint32_t acc = 0;
    int bits = 0;
    constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";
    for (char c : name.substr(i + 1, end - i - 1)) {
      const size_t value = kAlphabet.find(c);
      if (value == std::string_view::npos) return std::string(name);
      acc = (acc << 6) | uint32_t(value);
      bits += 6;
      if (bits >= 16) {
        bits -= 16;
        units.push_back(uint16_t(acc >> bits));
      }
    }
    if (end == i + 1) out += '&';
    for (size_t k = 0; k < units.size(); ++k) {
      char32_t cp = units[k];
      if (cp >= 0xD800 && cp < 0xDC00 && k + 1 < units.size()) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (units[++k] - 0xDC00);
      }
      AppendUtf8(cp, out);
    }
    i = end;
  }
  return out;
}

std::vector<std::string> ParseListResponse(std::string_view response) {
  std::vector<std::string> folders;
  for (std::string_view rest : LinesAfter(response, "* LIST ")) {
    // (flags) "delimiter" name
    const size_t flags_end = rest.find(')');
    if (flags_end == std::string_view::npos) continue;
    rest = TrimSpace(rest.substr(flags_end + 1));
    const size_t delimiter_end =
        rest.starts_with('"') ? rest.find('"', 1) + 1 : rest.find(' ');
    if (delimiter_end == 0 || delimiter_end >= rest.size()) continue;
    std::string_view name = TrimSpace(rest.substr(delimiter_end));
    std::string unquoted;
    if (name.starts_with('"') && name.size() >= 2) {
      for (size_t i = 1; i + 1 < name.size(); ++i) {
        if (name[i] == '\\' && i + 2 < name.size()) ++i;
        unquoted += name[i];
      }
    } else {
      unquoted = std::string(name);
    }
    folders.push_back(DecodeMailboxName(unquoted));
  }
  return folders;
}

std::string IdCommand(
    const std::vector<std::pair<std::string, std::string>>& fields) {
  if (fields.empty()) return "ID NIL";
  std::string items;
  for (const auto& [name, value] : fields) {
    if (!items.empty()) items += ' ';
    items += QuotedAscii(name) + " " + QuotedAscii(value);
  }
  return "ID (" + items + ")";
}

std::string UidSetOf(std::vector<uint32_t> uids) {
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  std::string set;
  for (size_t i = 0; i < uids.size();) {
    size_t j = i;
    while (j + 1 < uids.size() && uids[j + 1] == uids[j] + 1) ++j;
    if (!set.empty()) set += ',';
    set += std::to_string(uids[i]);
    if (j > i) set += ":" + std::to_string(uids[j]);
    i = j + 1;
  }
  return set;
}

StatusOr<std::string> QuoteMailboxName(std::string_view folder) {
  if (folder.empty() || !IsValidUtf8(folder) ||
      folder.find_first_of(std::string_view("\r\n\0", 3)) !=
          std::string_view::npos) {
    return InvalidArgument("folder name \"" + std::string(folder) +
                           "\" cannot be sent to an IMAP server; use a name "
                           "without line breaks");
  }
  std::string out = "\"";
  std::vector<uint16_t> run;  // non-ASCII waiting to be encoded
  const auto flush = [&] {
    if (run.empty()) return;
    out += "&" + ModifiedBase64(run) + "-";
    run.clear();
  };
  for (char32_t cp : DecodeUtf8(folder)) {
    if (cp < 0x20 || cp > 0x7e) {
      AppendUtf16(cp, run);
      continue;
    }
    flush();
    if (cp == '&') {
      out += "&-";
    } else {
      if (cp == '"' || cp == '\\') out += '\\';
      out += static_cast<char>(cp);
    }
  }
  flush();
  return out + "\"";
}

Status ImapResponseReader::Feed(
    std::string_view bytes, const std::function<void(ImapResponse&&)>& out) {
  while (!bytes.empty()) {
    if (literal_left_ > 0) {
      const size_t n = std::min(literal_left_, bytes.size());
      current_.literals.back().append(bytes.data(), n);
      literal_left_ -= n;
      bytes.remove_prefix(n);
      continue;
    }
    const size_t nl = bytes.find('\n');
    if (nl == std::string_view::npos) {
      partial_.append(bytes);
      if (partial_.size() > max_line_) {
        return IoError("IMAP server sent a line longer than " +
                       std::to_string(max_line_) + " bytes");
      }
      return Status::Ok();
    }
    std::string_view piece = bytes.substr(0, nl);
    bytes.remove_prefix(nl + 1);
    if (!partial_.empty()) {
      partial_.append(piece);
      std::string line = std::move(partial_);
      partial_.clear();
      BEIAN_RETURN_IF_ERROR(EndOfLine(line, out));
    } else {
      BEIAN_RETURN_IF_ERROR(EndOfLine(piece, out));
    }
  }
  return Status::Ok();
}

Status ImapResponseReader::EndOfLine(
    std::string_view piece, const std::function<void(ImapResponse&&)>& out) {
  if (!piece.empty() && piece.back() == '\r') piece.remove_suffix(1);
  if (current_.text.size() + piece.size() > max_line_) {
    return IoError("IMAP server sent a response longer than " +
                   std::to_string(max_line_) + " bytes");
  }
  current_.text.append(piece);
  if (std::optional<size_t> n = LiteralAt(piece)) {
    if (*n > max_literal_) {
      return IoError("IMAP server announced " + std::to_string(*n) +
                     " bytes, more than the " + std::to_string(max_literal_) +
                     " beian accepts in one response");
    }
    current_.literals.emplace_back();
    current_.literals.back().reserve(*n);
    literal_left_ = *n;
    return Status::Ok();
  }
  out(std::move(current_));
  current_ = ImapResponse{};
  return Status::Ok();
}

std::optional<FetchedMessage> ParseFetchedMessage(ImapResponse&& response) {
  std::string_view text = response.text;
  if (!StartsWithIgnoreCase(text, "* ")) return std::nullopt;
  const size_t fetch = AsciiLower(text).find(" fetch (");
  if (fetch == std::string_view::npos) return std::nullopt;
  const std::string items = AsciiLower(text.substr(fetch + 8));
  std::optional<uint32_t> uid = NumberAfter(items, "uid ");
  const size_t body = items.find("body[] ");
  if (!uid || body == std::string::npos) return std::nullopt;
  FetchedMessage m;
  m.uid = *uid;
  const std::string_view value = std::string_view(items).substr(body + 7);
  if (value.starts_with("{")) {
    // The body's literal is the one after every "{n}" before it.
    size_t index = 0;
    for (size_t pos = 0; (pos = items.find('{', pos)) < body; ++pos) ++index;
    if (index >= response.literals.size()) return std::nullopt;
    m.body = std::move(response.literals[index]);
  } else if (!value.starts_with("nil") && !value.starts_with("\"\"")) {
    return std::nullopt;  // a quoted body: only an empty one is expected
  }
  return m;
}

}  // namespace beian
