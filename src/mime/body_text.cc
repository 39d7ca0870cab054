#include "body_text.h"

#include <algorithm>
#include <charconv>

#include "beian/base/text.h"

namespace beian::internal {
namespace {

struct NamedEntity {
  std::string_view name;
  char32_t cp;
};
constexpr NamedEntity kEntities[] = {
    {"amp", '&'},     {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
    {"apos", '\''},   {"nbsp", ' '},     {"middot", 0xB7},  {"ensp", ' '},
    {"emsp", ' '},    {"mdash", 0x2014}, {"ndash", 0x2013}, {"ldquo", 0x201C},
    {"rdquo", 0x201D}, {"hellip", 0x2026}, {"copy", 0xA9},
};

bool IsBlockTag(std::string_view tag) {
  constexpr std::string_view kBlocks[] = {"br", "p", "div", "tr", "li", "h1",
                                          "h2", "h3", "h4", "table", "blockquote"};
  return std::find(std::begin(kBlocks), std::end(kBlocks), tag) !=
         std::end(kBlocks);
}

// Lower-case tag name at `lt` ("<div ...>" -> "div", "</p>" -> "p").
std::string TagName(std::string_view html, size_t lt) {
  size_t i = lt + 1;
  if (i < html.size() && html[i] == '/') ++i;
  size_t j = i;
  while (j < html.size() && std::isalnum(static_cast<unsigned char>(html[j]))) {
    ++j;
  }
  return AsciiLower(html.substr(i, j - i));
}

// Decodes the entity at `amp`; returns its length or 0 when not an entity.
size_t DecodeEntity(std::string_view html, size_t amp, std::string& out) {
  const size_t semi = html.find(';', amp);
  if (semi == std::string_view::npos || semi - amp > 10) return 0;
  std::string_view body = html.substr(amp + 1, semi - amp - 1);
  if (body.size() > 1 && body[0] == '#') {
    const bool hex = body[1] == 'x' || body[1] == 'X';
    std::string_view digits = body.substr(hex ? 2 : 1);
    unsigned cp = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(),
                                   cp, hex ? 16 : 10);
    if (ec != std::errc() || p != digits.data() + digits.size() ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0) {
      return 0;
    }
    AppendUtf8(cp, out);
    return semi - amp + 1;
  }
  for (const auto& e : kEntities) {
    if (e.name == body) {
      AppendUtf8(e.cp, out);
      return semi - amp + 1;
    }
  }
  return 0;
}

// Position after the element that starts at `lt` and must be skipped whole
// (<script>, <style>, <!-- -->), or npos when it is not such an element.
size_t SkipElement(std::string_view html, size_t lt, const std::string& tag) {
  if (html.compare(lt, 4, "<!--") == 0) {
    const size_t end = html.find("-->", lt + 4);
    return end == std::string_view::npos ? html.size() : end + 3;
  }
  if (tag != "script" && tag != "style" && tag != "head") return std::string_view::npos;
  if (html[lt + 1] == '/') return std::string_view::npos;
  const std::string lower = AsciiLower(html.substr(lt));
  const size_t end = lower.find("</" + tag);
  if (end == std::string::npos) return html.size();
  const size_t gt = html.find('>', lt + end);
  return gt == std::string_view::npos ? html.size() : gt + 1;
}

bool IsTagStart(std::string_view html, size_t lt) {
  if (lt + 1 >= html.size()) return false;
  const char n = html[lt + 1];
  return n == '/' || n == '!' || std::isalpha(static_cast<unsigned char>(n));
}

std::string CollapseBlankLines(std::string_view s) {
  std::string out;
  int newlines = 0;
  for (char c : s) {
    if (c == '\n') {
      if (++newlines > 2) continue;
      while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) {
        out.pop_back();
      }
    } else if (newlines > 0 && (c == ' ' || c == '\t') && out.back() == '\n') {
      continue;
    } else {
      newlines = 0;
    }
    out += c;
  }
  return std::string(TrimSpace(out));
}

}  // namespace

std::string HtmlToText(std::string_view html) {
  std::string out;
  out.reserve(html.size() / 2);
  size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<' && IsTagStart(html, i)) {
      const std::string tag = TagName(html, i);
      const size_t skip = SkipElement(html, i, tag);
      if (skip != std::string_view::npos) {
        i = skip;
        continue;
      }
      const size_t gt = html.find('>', i);
      if (IsBlockTag(tag)) out += '\n';
      i = gt == std::string_view::npos ? html.size() : gt + 1;
    } else if (c == '&') {
      const size_t n = DecodeEntity(html, i, out);
      if (n == 0) out += c;
      i += n == 0 ? 1 : n;
    } else {
      out += (c == '\r' || c == '\n') ? ' ' : c;
      ++i;
    }
  }
  return CollapseBlankLines(out);
}

std::vector<std::string> FindLargeAttachmentLinks(std::string_view body) {
  std::vector<std::string> links;
  size_t i = 0;
  while ((i = body.find("http", i)) != std::string_view::npos) {
    size_t j = i;
    while (j < body.size() && body[j] > ' ' && body[j] != '"' &&
           body[j] != '\'' && body[j] != '<' && body[j] != '>') {
      ++j;
    }
    std::string url(body.substr(i, j - i));
    const std::string lower = AsciiLower(url);
    const bool qq = lower.find("qq.com") != std::string::npos &&
                    lower.find("ftn") != std::string::npos;
    const bool netease = (lower.find("163.com") != std::string::npos ||
                          lower.find("126.com") != std::string::npos) &&
                         lower.find("large") != std::string::npos;
    if ((qq || netease) &&
        std::find(links.begin(), links.end(), url) == links.end()) {
      // HTML attribute values escape '&'.
      std::string plain;
      for (size_t k = 0; k < url.size(); ++k) {
        plain += url[k];
        if (url.compare(k, 5, "&amp;") == 0) k += 4;
      }
      if (std::find(links.begin(), links.end(), plain) == links.end()) {
        links.push_back(std::move(plain));
      }
    }
    i = std::max(j, i + 4);
  }
  return links;
}

std::string NormalizeNewlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace beian::internal
