#include "identity/subject_text.h"

#include <algorithm>
#include <array>
#include <optional>

#include "beian/base/text.h"

namespace beian::internal {
namespace {

// Longest first where one is a prefix of another.
constexpr std::array<CpsView, 6> kPurposes = {
    kCanonicalPurpose, U"跨省异地就医", U"异地就医备案",
    U"跨省备案",       U"异地备案",     U"就医备案"};

// Words that sit next to the name without separators but are never part of
// a Chinese name. The longest match wins, so order does not matter.
constexpr std::array<CpsView, 44> kNoise = {
    U"公民身份号码", U"身份证号码", U"身份证号", U"身份证",   U"证件号码",
    U"号码",         U"姓名",       U"申请表",   U"备案表",   U"登记表",
    U"申请",         U"申报",       U"办理",     U"补办",     U"登记",
    U"关于",         U"您好",       U"你好",     U"本人",     U"材料",
    U"资料",         U"附件",       U"提交",     U"补充",     U"补正",
    U"补交",         U"重新",       U"医保",     U"异地就医", U"跨省",
    U"异地",         U"就医",       U"备案",     U"回复",     U"答复",
    U"转发",         U"谢谢",       U"我要",     U"请",       U"的",
    U"帮忙",         U"麻烦",       U"帮我",     U"一下"};

// Reply and forward markers, matched case-insensitively before a colon.
constexpr std::array<CpsView, 8> kReplyPrefixes = {
    U"fwd", U"fw", U"re", U"回复", U"回覆", U"答复", U"转发", U"轉發"};

constexpr size_t kNearMissMinLength = 14;
constexpr size_t kMaxNameHan = 6;
constexpr size_t kMaxDottedName = 20;
constexpr size_t kMaxExcerpt = 20;

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsX(char32_t c) { return c == 'x' || c == 'X'; }
char32_t AsciiLower(char32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

bool IsHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x323AF);
}

// Middle dots of minority names as typed on phones and PCs. U+FF0E arrives
// here already folded to '.'.
bool IsDot(char32_t c) {
  return c == 0x00B7 || c == 0x2022 || c == 0x30FB || c == '.' || c == 0x2027 ||
         c == 0xFF65;
}

bool IsPunctuation(char32_t c) {
  if (c < 0x80) {
    return !IsDigit(c) && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  }
  return (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF65) ||
         c == 0x00B7 || c == 0x30FB || c == 0x00A0;
}

// 15 digits, or 17 digits and a digit or X.
bool IsIdShape(std::string_view s) {
  if (s.size() != 15 && s.size() != 18) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool last18 = s.size() == 18 && i == 17;
    if (!IsDigit(s[i]) && !(last18 && s[i] == 'X')) return false;
  }
  return true;
}

struct Token {
  Span span;
  std::string text;  // upper-case X
};

// Runs of digits and X/x that start with a digit.
std::vector<Token> IdTokens(CpsView cps) {
  std::vector<Token> tokens;
  for (size_t i = 0; i < cps.size();) {
    if (!IsDigit(cps[i])) {
      ++i;
      continue;
    }
    Token token{{i, i}, ""};
    for (; i < cps.size() && (IsDigit(cps[i]) || IsX(cps[i])); ++i) {
      token.text += IsX(cps[i]) ? 'X' : static_cast<char>(cps[i]);
    }
    token.span.end = i;
    tokens.push_back(std::move(token));
  }
  return tokens;
}

// One or two spaces or hyphens, as in "510682 19800101 001X".
bool IsGroupGap(CpsView gap) {
  if (gap.empty() || gap.size() > 2) return false;
  for (char32_t c : gap) {
    if (c != ' ' && c != '-') return false;
  }
  return true;
}

// The longest well-shaped number made of tokens[first..] joined across group
// gaps. Stops at 18 characters, so the work per start is bounded.
std::optional<Token> JoinFrom(CpsView cps, const std::vector<Token>& tokens,
                              size_t first) {
  std::optional<Token> best;
  Token joined = tokens[first];
  for (size_t j = first + 1; j < tokens.size() && joined.text.size() < 18;
       ++j) {
    const Span gap{tokens[j - 1].span.end, tokens[j].span.begin};
    if (!IsGroupGap(cps.substr(gap.begin, gap.end - gap.begin))) break;
    joined.text += tokens[j].text;
    joined.span.end = tokens[j].span.end;
    if (IsIdShape(joined.text)) best = joined;
  }
  return best;
}

}  // namespace

SubjectText::SubjectText(std::string_view subject) {
  invalid_utf8_ = !IsValidUtf8(subject);
  const std::vector<char32_t> decoded = DecodeUtf8(subject);
  cps_.reserve(decoded.size());
  for (char32_t c : decoded) {
    if (c >= 0xFF01 && c <= 0xFF5E) {
      c -= 0xFF01 - 0x21;
      folded_full_width_ = true;
    } else if (c == 0x3000) {
      c = ' ';
    }
    cps_.push_back(c);
  }
  StripPrefixes();
  claimed_.assign(cps_.size(), false);
}

void SubjectText::StripPrefixes() {
  size_t begin = 0;
  size_t end = cps_.size();
  while (end > begin && IsSpace(cps_[end - 1])) --end;
  while (begin < end && IsSpace(cps_[begin])) ++begin;
  for (size_t after; (after = MatchPrefix(begin, end)) != 0;) {
    removed_prefixes_.push_back(Utf8({begin, after}));
    begin = after;
    while (begin < end && IsSpace(cps_[begin])) ++begin;
  }
  cps_ = cps_.substr(begin, end - begin);
}

// The index after "<prefix> :" at `begin`, or 0 when there is none.
size_t SubjectText::MatchPrefix(size_t begin, size_t end) const {
  for (CpsView prefix : kReplyPrefixes) {
    if (end - begin <= prefix.size()) continue;
    size_t i = begin;
    while (i - begin < prefix.size() &&
           AsciiLower(cps_[i]) == prefix[i - begin]) {
      ++i;
    }
    if (i - begin < prefix.size()) continue;
    while (i < end && IsSpace(cps_[i])) ++i;
    if (i < end && cps_[i] == ':') return i + 1;
  }
  return 0;
}

CpsView SubjectText::View(Span span) const {
  if (span.empty() || span.begin >= cps_.size()) return {};
  return CpsView(cps_).substr(span.begin, span.end - span.begin);
}

std::string SubjectText::Utf8(Span span) const {
  std::string out;
  for (char32_t c : View(span)) AppendUtf8(c, out);
  return out;
}

bool SubjectText::HasContent(Span span) const {
  for (char32_t c : View(span)) {
    if (!IsPunctuation(c)) return true;
  }
  return false;
}

std::string SubjectText::Excerpt(Span span) const {
  span.end = std::min(span.end, cps_.size());
  while (!span.empty() && IsPunctuation(cps_[span.begin])) ++span.begin;
  while (!span.empty() && IsPunctuation(cps_[span.end - 1])) --span.end;
  const bool cut = span.end - span.begin > kMaxExcerpt;
  if (cut) span.end = span.begin + kMaxExcerpt;
  return Utf8(span) + (cut ? "…" : "");
}

size_t SubjectText::LongestMatch(const CpsView* words, size_t count,
                                 size_t at) const {
  size_t best = 0;
  if (!IsHan(cps_[at])) return best;  // every word starts with a Han character
  const CpsView rest = CpsView(cps_).substr(at);
  for (size_t w = 0; w < count; ++w) {
    if (words[w].size() > best && rest.starts_with(words[w])) {
      best = words[w].size();
    }
  }
  for (size_t i = at; i < at + best; ++i) {
    if (claimed_[i]) return 0;
  }
  return best;
}

void SubjectText::Claim(Span span) {
  for (size_t i = span.begin; i < span.end && i < claimed_.size(); ++i) {
    claimed_[i] = true;
  }
}

Span SubjectText::ClaimPurposes() {
  Span first;
  for (size_t i = 0; i < cps_.size();) {
    const size_t n = LongestMatch(kPurposes.data(), kPurposes.size(), i);
    if (n == 0) {
      ++i;
      continue;
    }
    Claim({i, i + n});
    if (first.empty()) first = {i, i + n};
    i += n;
  }
  return first;
}

void SubjectText::ClaimNoise() {
  for (size_t i = 0; i < cps_.size();) {
    const size_t n = LongestMatch(kNoise.data(), kNoise.size(), i);
    Claim({i, i + n});
    i += n == 0 ? 1 : n;
  }
}

IdFind SubjectText::ClaimIdNumber() {
  const std::vector<Token> tokens = IdTokens(cps_);
  IdFind find;
  std::optional<Token> chosen;
  for (const Token& token : tokens) {
    if (!IsIdShape(token.text)) continue;
    if (++find.candidates == 1) chosen = token;
  }
  for (size_t i = 0; !chosen && i < tokens.size(); ++i) {
    chosen = JoinFrom(cps_, tokens, i);
    find.joined = chosen.has_value();
  }
  for (size_t i = 0; !chosen && i < tokens.size(); ++i) {
    if (tokens[i].text.size() >= kNearMissMinLength) chosen = tokens[i];
    find.near_miss = chosen.has_value();
  }
  if (!chosen) return find;
  find.span = chosen->span;
  find.text = std::move(chosen->text);
  for (char32_t c : View(find.span)) find.lower_x = find.lower_x || c == 'x';
  Claim(find.span);
  return find;
}

bool SubjectText::IsNameChar(size_t i) const {
  return !claimed_[i] && (IsHan(cps_[i]) || IsDot(cps_[i]));
}

// Two to six Han characters, or a dotted minority name of up to 20 code
// points; the run has no dot at either end.
bool SubjectText::IsPlausibleName(Span run) const {
  size_t han = 0;
  size_t dots = 0;
  for (char32_t c : View(run)) (IsDot(c) ? dots : han) += 1;
  if (dots == 0) return han >= 2 && han <= kMaxNameHan;
  return han >= 2 && run.end - run.begin <= kMaxDottedName;
}

NameFind SubjectText::FindName() const {
  NameFind find;
  for (size_t i = 0; i < cps_.size();) {
    if (!IsNameChar(i)) {
      ++i;
      continue;
    }
    Span run{i, i};
    while (run.end < cps_.size() && IsNameChar(run.end)) ++run.end;
    i = run.end;
    while (!run.empty() && IsDot(cps_[run.begin])) ++run.begin;
    while (!run.empty() && IsDot(cps_[run.end - 1])) --run.end;
    if (run.empty() || !IsPlausibleName(run)) continue;
    if (++find.candidates > 1) continue;
    find.span = run;
    for (size_t k = run.begin; k < run.end; ++k) {
      const char32_t c = cps_[k];
      if (!IsDot(c)) {
        AppendUtf8(c, find.text);
      } else if (!IsDot(cps_[k - 1])) {  // k > begin: no dot at either end
        AppendUtf8(0x00B7, find.text);
      }
      find.dot_normalised = find.dot_normalised || (IsDot(c) && c != 0x00B7);
    }
  }
  return find;
}

}  // namespace beian::internal
