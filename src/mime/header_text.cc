#include "header_text.h"

#include <algorithm>
#include <charconv>

#include "beian/base/text.h"
#include "charset.h"
#include "codec.h"

namespace beian::internal {
namespace {

struct EncodedWord {
  size_t end = 0;  // one past "?="
  std::string charset;
  std::string bytes;  // decoded, still in `charset`
};

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool AllBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), IsBlank);
}

// Matches "=?charset?E?text?=" at `pos`.
bool MatchEncodedWord(std::string_view raw, size_t pos, EncodedWord& word) {
  if (raw.compare(pos, 2, "=?") != 0) return false;
  const size_t cs_end = raw.find('?', pos + 2);
  if (cs_end == std::string_view::npos || cs_end - pos > 66) return false;
  if (cs_end + 2 >= raw.size() || raw[cs_end + 2] != '?') return false;
  const char enc = raw[cs_end + 1];
  if (enc != 'B' && enc != 'b' && enc != 'Q' && enc != 'q') return false;
  const size_t text_begin = cs_end + 3;
  const size_t text_end = raw.find("?=", text_begin);
  if (text_end == std::string_view::npos) return false;
  std::string_view charset = raw.substr(pos + 2, cs_end - pos - 2);
  if (charset.empty() || std::any_of(charset.begin(), charset.end(), IsBlank)) {
    return false;
  }
  charset = charset.substr(0, charset.find('*'));  // RFC 2231 language
  const std::string_view text = raw.substr(text_begin, text_end - text_begin);
  word.charset = CanonicalCharset(charset);
  word.bytes = (enc == 'B' || enc == 'b') ? DecodeBase64(text)
                                          : DecodeQuotedPrintable(text, true);
  word.end = text_end + 2;
  return true;
}

class EncodedWordJoiner {
 public:
  EncodedWordJoiner(std::string& out, std::vector<std::string>* warnings)
      : out_(out), warnings_(warnings) {}
  void Add(EncodedWord&& w) {
    if (w.charset != charset_) Flush();
    charset_ = std::move(w.charset);
    bytes_ += w.bytes;
  }
  void Flush() {
    if (bytes_.empty()) return;
    Converted c = ToUtf8(bytes_, charset_);
    if (!c.exact && warnings_ != nullptr) {
      warnings_->push_back("header: " + c.warning);
    }
    out_ += c.text;
    bytes_.clear();
  }

 private:
  std::string& out_;
  std::vector<std::string>* warnings_;
  std::string charset_;
  std::string bytes_;
};

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() &&
        
        HexDigit(s[i + 1]) >= 0 && HexDigit(s[i + 2]) >= 0) {
      out += static_cast<char>(HexDigit(s[i + 1]) * 16 + HexDigit(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Splits on `sep` outside double quotes (with backslash escapes).
std::vector<std::string_view> SplitOutsideQuotes(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && quoted) {
      ++i;
    } else if (s[i] == '"') {
      quoted = !quoted;
    } else if (s[i] == sep && !quoted) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(s.substr(std::min(start, s.size())));
  return parts;
}

std::string Unquote(std::string_view v) {
  v = TrimSpace(v);
  if (v.empty() || v.front() != '"') return std::string(v);
  std::string out;
  for (size_t i = 1; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      out += v[++i];
    } else if (v[i] == '"') {
      break;
    } else {
      out += v[i];
    }
  }
  return out;
}

struct Rfc2231Segment {
  int index = 0;
  bool encoded = false;
  std::string value;
};

// Joins name*0*, name*1, ... in order; decodes charset'lang'%XX.
std::string JoinRfc2231(std::vector<Rfc2231Segment> segs,
                        std::vector<std::string>* warnings) {
  std::sort(segs.begin(), segs.end(),
            [](const auto& a, const auto& b) { return a.index < b.index; });
  std::string charset;
  std::string bytes;
  for (size_t i = 0; i < segs.size(); ++i) {
    std::string_view v = segs[i].value;
    if (i == 0 && segs[i].encoded) {
      const size_t q1 = v.find('\'');
      const size_t q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
      if (q2 != std::string_view::npos) {
        charset = std::string(v.substr(0, q1));
        v = v.substr(q2 + 1);
      }
    }
    bytes += segs[i].encoded ? PercentDecode(v) : std::string(v);
  }
  Converted c = ToUtf8(bytes, charset);
  if (!c.exact && warnings != nullptr) warnings->push_back("param: " + c.warning);
  return c.text;
}

std::string DecodeParamValue(const std::string& v,
                             std::vector<std::string>* warnings) {
  if (v.find("=?") != std::string::npos) return DecodeHeaderText(v, warnings);
  return RawHeaderToUtf8(v);
}

}  // namespace

std::string DecodeHeaderText(std::string_view raw,
                             std::vector<std::string>* warnings) {
  std::string out;
  EncodedWordJoiner joiner(out, warnings);
  std::string gap;  // blanks after an encoded word, dropped before another
  bool after_word = false;
  size_t i = 0;
  while (i < raw.size()) {
    EncodedWord word;
    if (raw[i] == '=' && MatchEncodedWord(raw, i, word)) {
      gap.clear();
      i = word.end;
      joiner.Add(std::move(word));
      after_word = true;
      continue;
    }
    size_t j = raw.find("=?", i + 1);
    if (j == std::string_view::npos) j = raw.size();
    const std::string_view segment = raw.substr(i, j - i);
    if (after_word && AllBlank(segment) && j < raw.size()) {
      gap = std::string(segment);
    } else {
      joiner.Flush();
      out += gap;
      gap.clear();
      out += RawHeaderToUtf8(segment);
      after_word = false;
    }
    i = j;
  }
  joiner.Flush();
  out += gap;
  return out;
}

HeaderParams ParseHeaderParams(std::string_view raw,
                               std::vector<std::string>* warnings) {
  HeaderParams result;
  std::vector<std::string_view> parts = SplitOutsideQuotes(raw, ';');
  result.value = std::string(TrimSpace(parts[0]));
  std::map<std::string, std::vector<Rfc2231Segment>> extended;
  for (size_t k = 1; k < parts.size(); ++k) {
    const size_t eq = parts[k].find('=');
    if (eq == std::string_view::npos) continue;
    std::string name = AsciiLower(TrimSpace(parts[k].substr(0, eq)));
    std::string value = Unquote(parts[k].substr(eq + 1));
    const size_t star = name.find('*');
    if (star == std::string::npos) {
      result.params[name] = DecodeParamValue(value, warnings);
      continue;
    }
    Rfc2231Segment seg;
    seg.encoded = name.back() == '*';
    std::string_view index = std::string_view(name).substr(star + 1);
    if (seg.encoded && !index.empty()) index.remove_suffix(1);
    std::from_chars(index.data(), index.data() + index.size(), seg.index);
    seg.value = std::move(value);
    extended[name.substr(0, star)].push_back(std::move(seg));
  }
  for (auto& [name, segs] : extended) {
    result.params[name] = JoinRfc2231(std::move(segs), warnings);
  }
  return result;
}

MailAddress ParseAddress(std::string_view raw,
                         std::vector<std::string>* warnings) {
  MailAddress a;
  std::string_view first;
  for (std::string_view part : SplitOutsideQuotes(raw, ',')) {
    if (!TrimSpace(part).empty()) {
      first = part;
      break;
    }
  }
  const size_t lt = first.rfind('<');
  if (lt != std::string_view::npos) {
    const size_t gt = first.find('>', lt);
    a.address = std::string(TrimSpace(first.substr(lt + 1, gt == first.npos
                                                              ? first.npos
                                                              : gt - lt - 1)));
    a.name = DecodeHeaderText(Unquote(first.substr(0, lt)), warnings);
  } else if (const size_t lp = first.find('('); lp != std::string_view::npos) {
    a.address = std::string(TrimSpace(first.substr(0, lp)));
    const size_t rp = first.find(')', lp);
    a.name = DecodeHeaderText(
        first.substr(lp + 1, rp == first.npos ? first.npos : rp - lp - 1),
        warnings);
  } else {
    a.address = std::string(TrimSpace(first));
  }
  a.name = std::string(TrimSpace(a.name));
  return a;
}

std::vector<MailAddress> ParseAddressList(std::string_view raw) {
  std::vector<MailAddress> out;
  for (std::string_view part : SplitOutsideQuotes(raw, ',')) {
    if (TrimSpace(part).empty()) continue;
    MailAddress a = ParseAddress(part);
    if (!a.address.empty()) out.push_back(std::move(a));
  }
  return out;
}

std::vector<std::string> ParseMessageIds(std::string_view raw) {
  std::vector<std::string> ids;
  size_t i = 0;
  while ((i = raw.find('<', i)) != std::string_view::npos) {
    const size_t gt = raw.find('>', i);
    if (gt == std::string_view::npos) break;
    std::string_view id = TrimSpace(raw.substr(i + 1, gt - i - 1));
    if (!id.empty()) ids.emplace_back(id);
    i = gt + 1;
  }
  if (!ids.empty()) return ids;
  for (std::string_view tok : SplitOutsideQuotes(raw, ' ')) {
    tok = TrimSpace(tok);
    if (tok.find('@') != std::string_view::npos) ids.emplace_back(tok);
  }
  return ids;
}

}  // namespace beian::internal
