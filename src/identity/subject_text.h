// Internal to ParseSubject: the subject as folded code points, and the
// scanners that claim the purpose words, noise words, the identity number and
// the name in it. Every scanner is linear in the subject length.
#ifndef BEIAN_IDENTITY_SUBJECT_TEXT_H_
#define BEIAN_IDENTITY_SUBJECT_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace beian::internal {

using CpsView = std::u32string_view;

inline constexpr CpsView kCanonicalPurpose = U"跨省异地就医备案";

// Half-open range of code point indices into a SubjectText.
struct Span {
  size_t begin = 0;
  size_t end = 0;
  bool empty() const { return end <= begin; }
};

struct IdFind {
  Span span;         // empty when nothing looks like a number
  std::string text;  // ASCII digits and upper-case X, as written
  bool lower_x = false;
  bool joined = false;     // digit groups separated by spaces or '-'
  bool near_miss = false;  // not 15/18 characters or X misplaced
  size_t candidates = 0;   // well-shaped numbers seen
};

struct NameFind {
  Span span;         // empty when no plausible name
  std::string text;  // middle dots normalised to U+00B7
  bool dot_normalised = false;
  size_t candidates = 0;  // plausible names seen
};

class SubjectText {
 public:
  // Decodes (invalid bytes become U+FFFD), folds full-width ASCII and U+3000
  // like FoldFullWidth, trims and removes reply/forward prefixes.
  explicit SubjectText(std::string_view subject);

  const std::vector<std::string>& removed_prefixes() const {
    return removed_prefixes_;
  }
  bool folded_full_width() const { return folded_full_width_; }
  bool invalid_utf8() const { return invalid_utf8_; }
  size_t size() const { return cps_.size(); }

  CpsView View(Span span) const;
  std::string Utf8(Span span) const;
  // True when `span` holds more than spaces and punctuation.
  bool HasContent(Span span) const;
  // `span` without surrounding punctuation, at most 20 code points, UTF-8.
  std::string Excerpt(Span span) const;

  // Claims every purpose phrase (longest match, left to right) and returns
  // the first one; empty when there is none.
  Span ClaimPurposes();
  // Claims words that are neither name nor purpose ("申请", "的", ...).
  void ClaimNoise();
  // Finds and claims the identity number: the first 15/18-character run,
  // else digit groups that join to one, else the first near miss.
  IdFind ClaimIdNumber();
  // The first unclaimed run of Han characters and middle dots that looks
  // like a name.
  NameFind FindName() const;

 private:
  void StripPrefixes();
  size_t MatchPrefix(size_t begin, size_t end) const;
  size_t LongestMatch(const CpsView* words, size_t count, size_t at) const;
  void Claim(Span span);
  bool IsNameChar(size_t i) const;
  bool IsPlausibleName(Span run) const;

  std::u32string cps_;
  std::vector<bool> claimed_;
  std::vector<std::string> removed_prefixes_;
  bool folded_full_width_ = false;
  bool invalid_utf8_ = false;
};

}  // namespace beian::internal

#endif  // BEIAN_IDENTITY_SUBJECT_TEXT_H_
