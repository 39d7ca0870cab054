#include "beian/review/evaluate.h"

#include <algorithm>

namespace beian {
namespace {

int SourceRank(const std::string& source) {
  if (source == "reviewer") return 4;
  if (source == "form") return 3;
  if (source == "ocr") return 2;
  return 1;  // subject
}

std::string FieldValue(const DraftView& d, const std::string& name) {
  auto it = d.best.find(name);
  return it == d.best.end() ? "" : it->second.value;
}

bool HasAny(const std::set<std::string>& kinds,
            const std::vector<std::string>& wanted) {
  return std::any_of(wanted.begin(), wanted.end(),
                     [&](const std::string& k) { return kinds.contains(k); });
}

// missing_proof / missing_commitment for the draft's 备案类型.
void CheckMaterials(const DraftView& d, const ReviewRules& rules,
                    Problems& out) {
  const std::string type = FieldValue(d, "filing_type");
  if (type.empty() || d.page_kinds.empty()) return;  // nothing to check yet
  auto it = rules.materials.find(type);
  if (it == rules.materials.end() || it->second.empty()) return;
  if (HasAny(d.page_kinds, it->second)) return;
  const bool commitment_ok =
      rules.accept_commitment && rules.commitment_replaces.contains(type);
  if (commitment_ok && d.page_kinds.contains("commitment")) return;
  std::string wanted;
  for (const std::string& k : it->second) wanted += (wanted.empty() ? "" : "/") + k;
  out.push_back({"missing_proof", Severity::kBlocking,
                 type + " 需要 " + wanted +
                     (commitment_ok ? "（或个人承诺书）" : "") + "，未见"});
}

Severity Adjusted(const Problem& p, const ReviewRules& rules) {
  if (rules.blocking.contains(p.code)) return Severity::kBlocking;
  if (rules.warnings.contains(p.code)) return Severity::kWarning;
  return p.severity;
}

bool IsCertain(const Problem& p, const DraftView& d, const ReviewRules& rules) {
  if (!rules.certain.contains(p.code)) return false;
  // "No identity anywhere": the subject failed and nothing else has a number.
  if (p.code == "subject_unparseable") return FieldValue(d, "id_number").empty();
  return true;
}

}  // namespace

const char* SuggestionName(Suggestion s) {
  switch (s) {
    case Suggestion::kConfirm:
      return "confirm";
    case Suggestion::kCorrect:
      return "correct";
    case Suggestion::kReview:
      return "review";
  }
  return "review";
}

DraftView MakeDraftView(const CaseDetail& detail,
                        std::set<std::string> page_kinds) {
  DraftView v;
  for (const DraftField& f : detail.fields) {
    auto it = v.best.find(f.name);
    if (it == v.best.end() || SourceRank(f.source) > SourceRank(it->second.source)) {
      v.best[f.name] = f;
    }
  }
  v.page_kinds = std::move(page_kinds);
  for (const CaseProblem& p : detail.problems) v.problems.push_back(p.problem);
  return v;
}

Evaluation EvaluateDraft(const DraftView& draft, const ReviewRules& rules) {
  Evaluation e;
  Problems all = draft.problems;
  CheckMaterials(draft, rules, all);
  bool any_certain = false;
  bool any_warning = false;
  for (Problem p : all) {
    if (HasProblem(e.problems, p.code)) continue;
    p.severity = Adjusted(p, rules);
    if (p.severity == Severity::kBlocking) {
      e.blocking_codes.push_back(p.code);
      any_certain = any_certain || IsCertain(p, draft, rules);
    } else if (p.severity == Severity::kWarning) {
      any_warning = true;
    }
    e.problems.push_back(std::move(p));
  }
  if (!e.blocking_codes.empty()) {
    e.suggestion = Suggestion::kCorrect;
  } else {
    e.suggestion = any_warning ? Suggestion::kReview : Suggestion::kConfirm;
  }
  e.auto_correct = rules.auto_correction && any_certain;
  return e;
}

}  // namespace beian
