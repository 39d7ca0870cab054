// What a reviewer should decide, as a pure function of the draft and the
// region's rules.
//
//   DraftView v = MakeDraftView(case_detail);
//   Evaluation e = EvaluateDraft(v, rules);
//   if (e.auto_correct) QueueCorrection(e.blocking_codes);
#ifndef BEIAN_REVIEW_EVALUATE_H_
#define BEIAN_REVIEW_EVALUATE_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "beian/base/problem.h"
#include "beian/review/rules.h"
#include "beian/case/records.h"

namespace beian {

struct DraftView {
  // Per field, the value of the most trusted source:
  // reviewer > form > ocr > subject.
  std::map<std::string, DraftField> best;
  // Page kinds seen in the case's attachments ("id_front", "hukou", ...);
  // empty when no attachment was read.
  std::set<std::string> page_kinds;
  Problems problems;  // open problems recorded so far
};

DraftView MakeDraftView(const CaseDetail& detail,
                        std::set<std::string> page_kinds = {});

enum class Suggestion { kConfirm, kCorrect, kReview };
const char* SuggestionName(Suggestion s);  // "confirm", "correct", "review"

struct Evaluation {
  Problems problems;  // with the region's severities, plus materials checks
  std::vector<std::string> blocking_codes;
  Suggestion suggestion = Suggestion::kReview;
  // True when rules allow it and at least one blocking problem is certain
  // (no attachments, no identity anywhere, unretrievable files): a
  // correction request listing every blocking problem may go out at once.
  bool auto_correct = false;
};

Evaluation EvaluateDraft(const DraftView& draft, const ReviewRules& rules);

}  // namespace beian

#endif  // BEIAN_REVIEW_EVALUATE_H_
