#include "beian/identity/subject_parser.h"

#include <algorithm>
#include <string>
#include <utility>

#include "beian/base/text.h"
#include "identity/subject_text.h"

namespace beian {
namespace {

using internal::Span;
using internal::SubjectText;

// How much each repair lowers the confidence of the canonical form (1.0).
constexpr double kPrefixPenalty = 0.02;
constexpr double kFoldPenalty = 0.05;
constexpr double kInvalidUtf8Penalty = 0.1;
constexpr double kSeparatorPenalty = 0.05;
constexpr double kNoSeparatorPenalty = 0.1;
constexpr double kOrderPenalty = 0.1;
constexpr double kExtraTextPenalty = 0.1;
constexpr double kSmallRepairPenalty = 0.02;  // lower-case x, middle dot
constexpr double kLegacyPenalty = 0.05;
constexpr double kJoinedPenalty = 0.15;
constexpr double kNearMissPenalty = 0.3;
constexpr double kAmbiguousPenalty = 0.1;
constexpr double kPurposeVariantPenalty = 0.05;
constexpr double kMissingPurposePenalty = 0.1;
constexpr double kMissingPartPenalty = 0.4;
constexpr double kMaxWithMissingPart = 0.5;
constexpr size_t kMaxPrefixNotes = 5;

void Note(SubjectParse& out, double penalty, std::string note) {
  out.confidence -= penalty;
  out.notes.push_back(std::move(note));
}

// Which claim part a span holds; the canonical order is name, id, purpose.
struct Part {
  Span span;
  int rank = 0;
};

void NotePreparation(const SubjectText& text, SubjectParse& out) {
  const std::vector<std::string>& prefixes = text.removed_prefixes();
  for (size_t i = 0; i < prefixes.size() && i < kMaxPrefixNotes; ++i) {
    Note(out, kPrefixPenalty, "removed prefix " + prefixes[i]);
  }
  if (prefixes.size() > kMaxPrefixNotes) {
    Note(out, kPrefixPenalty,
         "removed " + std::to_string(prefixes.size() - kMaxPrefixNotes) +
             " more prefixes");
  }
  if (text.folded_full_width()) {
    Note(out, kFoldPenalty, "folded full-width characters");
  }
  if (text.invalid_utf8()) {
    Note(out, kInvalidUtf8Penalty, "replaced invalid UTF-8 bytes");
  }
}

void TakePurpose(const SubjectText& text, const Span& span, SubjectParse& out) {
  if (span.empty()) return;
  out.claim.purpose = text.Utf8(span);
  if (text.View(span) != internal::kCanonicalPurpose) {
    Note(out, kPurposeVariantPenalty, "purpose variant " + out.claim.purpose);
  }
}

void TakeIdNumber(const internal::IdFind& id, SubjectParse& out) {
  if (id.span.empty()) return;
  out.claim.id_number = id.text;
  if (id.lower_x) Note(out, kSmallRepairPenalty, "lower-case x");
  if (id.text.size() == 15) {
    Note(out, kLegacyPenalty, "15-digit legacy number");
  }
  if (id.joined) Note(out, kJoinedPenalty, "joined digit groups");
  if (id.near_miss) {
    Note(out, kNearMissPenalty,
         "number has " + std::to_string(id.text.size()) +
             " characters, expected 18 (or 15)");
  }
  if (id.candidates > 1) {
    Note(out, kAmbiguousPenalty, "more than one number; used the first");
  }
}

void TakeName(const internal::NameFind& name, SubjectParse& out) {
  if (name.span.empty()) return;
  out.claim.name = name.text;
  if (name.dot_normalised) {
    Note(out, kSmallRepairPenalty, "normalised middle dot");
  }
  if (name.candidates > 1) {
    Note(out, kAmbiguousPenalty, "more than one possible name; used the first");
  }
}

// Separators, order and left-over text between and around the parts.
void NoteLayout(const SubjectText& text, std::vector<Part> parts,
                SubjectParse& out) {
  std::sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) {
    return a.span.begin < b.span.begin;
  });
  if (!std::is_sorted(
          parts.begin(), parts.end(),
          [](const Part& a, const Part& b) { return a.rank < b.rank; })) {
    Note(out, kOrderPenalty, "parts in another order");
  }
  bool no_separator = false;
  bool other_separator = false;
  std::vector<std::string> ignored;
  size_t pos = 0;
  for (size_t i = 0; i <= parts.size(); ++i) {
    const size_t end = i < parts.size() ? parts[i].span.begin : text.size();
    const Span gap{pos, std::max(pos, end)};
    const bool interior = i > 0 && i < parts.size();
    if (gap.empty()) {
      no_separator = no_separator || interior;
    } else if (text.HasContent(gap)) {
      ignored.push_back(text.Excerpt(gap));
    } else if (!interior || text.View(gap) != U"+") {
      other_separator = true;
    }
    if (i < parts.size()) pos = std::max(pos, parts[i].span.end);
  }
  if (no_separator) Note(out, kNoSeparatorPenalty, "no separators");
  if (other_separator) Note(out, kSeparatorPenalty, "separators other than +");
  for (const std::string& chunk : ignored) {
    Note(out, kExtraTextPenalty, "ignored " + chunk);
  }
}

void AddProblems(SubjectParse& out) {
  const bool has_name = !out.claim.name.empty();
  const bool has_id = !out.claim.id_number.empty();
  if (!has_name && !has_id) {
    out.problems.push_back({"subject_unparseable", Severity::kBlocking,
                            "邮件主题中找不到姓名和身份证号，应为“姓名+"
                            "身份证号+跨省异地就医备案”"});
  } else if (!has_name) {
    out.problems.push_back(
        {"subject_missing_name", Severity::kBlocking, "邮件主题中找不到姓名"});
  } else if (!has_id) {
    out.problems.push_back({"subject_missing_id", Severity::kBlocking,
                            "邮件主题中找不到身份证号"});
  }
  if (out.claim.purpose.empty()) {
    out.problems.push_back({"subject_missing_purpose", Severity::kWarning,
                            "邮件主题中没有“跨省异地就医备案”字样"});
    out.confidence -= kMissingPurposePenalty;
  }
  if (!has_name || !has_id) {
    out.confidence =
        std::min(out.confidence - kMissingPartPenalty, kMaxWithMissingPart);
  }
  if (!has_name && !has_id) out.confidence = 0;
  out.confidence = std::clamp(out.confidence, 0.0, 1.0);
}

}  // namespace

SubjectParse ParseSubject(std::string_view subject) {
  SubjectParse out;
  out.confidence = 1.0;
  SubjectText text(subject);
  NotePreparation(text, out);

  const Span purpose = text.ClaimPurposes();
  text.ClaimNoise();
  const internal::IdFind id = text.ClaimIdNumber();
  const internal::NameFind name = text.FindName();
  TakePurpose(text, purpose, out);
  TakeIdNumber(id, out);
  TakeName(name, out);

  std::vector<Part> parts;
  if (!name.span.empty()) parts.push_back({name.span, 0});
  if (!id.span.empty()) parts.push_back({id.span, 1});
  if (!purpose.empty()) parts.push_back({purpose, 2});
  NoteLayout(text, std::move(parts), out);
  AddProblems(out);
  return out;
}

}  // namespace beian
