#include "beian/review/evaluate.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

ReviewRules Rules() {
  StatusOr<ReviewRules> r =
      LoadReviewRules(std::string(BEIAN_SOURCE_DIR) + "/config/rules", "510682");
  EXPECT_TRUE(r.ok());
  return r.ok() ? *r : ReviewRules{};
}

DraftView View(std::vector<DraftField> fields, std::set<std::string> kinds,
               Problems problems) {
  CaseDetail d;
  d.fields = std::move(fields);
  for (Problem& p : problems) d.problems.push_back({p, std::nullopt, {}});
  return MakeDraftView(d, std::move(kinds));
}

struct Row {
  std::string label;
  std::vector<DraftField> fields;
  std::set<std::string> kinds;
  Problems problems;
  Suggestion want;
  bool want_auto;
  std::vector<std::string> want_blocking;
};

const DraftField kId{"id_number", "11010519491231002X", "subject", 1, {}};
const DraftField kReferral{"filing_type", "异地转诊人员", "form", 0.9, {}};
const DraftField kRetired{"filing_type", "异地安置退休人员", "form", 0.9, {}};
const Problem kNoAtt{"no_attachments", Severity::kBlocking, ""};
const Problem kUnparseable{"subject_unparseable", Severity::kBlocking, ""};
const Problem kCheck{"id_check_digit", Severity::kBlocking, ""};
const Problem kDivision{"id_unknown_division", Severity::kWarning, ""};
const Problem kPurpose{"subject_missing_purpose", Severity::kBlocking, ""};

TEST(EvaluateDraftTest, Table) {
  const ReviewRules rules = Rules();
  const std::set<std::string> card_form = {"id_front", "id_back", "form"};
  std::set<std::string> with_referral = card_form;
  with_referral.insert("referral");
  std::set<std::string> with_commitment = card_form;
  with_commitment.insert("commitment");
  const std::vector<Row> rows = {
      {"clean", {kId}, card_form, {}, Suggestion::kConfirm, false, {}},
      {"warning only", {kId}, card_form, {kDivision}, Suggestion::kReview, false, {}},
      {"override to warning", {kId}, {}, {kPurpose}, Suggestion::kReview, false, {}},
      {"no attachments is certain", {kId}, {}, {kNoAtt}, Suggestion::kCorrect, true,
       {"no_attachments"}},
      {"unparseable, no id anywhere", {}, {}, {kUnparseable}, Suggestion::kCorrect,
       true, {"subject_unparseable"}},
      {"unparseable but card has id", {{"id_number", "X", "ocr", 0.9, {}}}, {},
       {kUnparseable}, Suggestion::kCorrect, false, {"subject_unparseable"}},
      {"check digit needs a human", {kId}, card_form, {kCheck}, Suggestion::kCorrect,
       false, {"id_check_digit"}},
      {"referral without proof", {kId, kReferral}, card_form, {},
       Suggestion::kCorrect, false, {"missing_proof"}},
      {"referral with proof", {kId, kReferral}, with_referral, {},
       Suggestion::kConfirm, false, {}},
      {"retired with commitment", {kId, kRetired}, with_commitment, {},
       Suggestion::kConfirm, false, {}},
      {"referral: commitment does not replace", {kId, kReferral}, with_commitment,
       {}, Suggestion::kCorrect, false, {"missing_proof"}},
      {"all blocking listed once", {kId}, {}, {kNoAtt, kCheck, kNoAtt},
       Suggestion::kCorrect, true, {"no_attachments", "id_check_digit"}},
  };
  for (const Row& row : rows) {
    Evaluation e = EvaluateDraft(View(row.fields, row.kinds, row.problems), rules);
    EXPECT_EQ(e.suggestion, row.want) << row.label;
    EXPECT_EQ(e.auto_correct, row.want_auto) << row.label;
    EXPECT_EQ(e.blocking_codes, row.want_blocking) << row.label;
  }
}

TEST(EvaluateDraftTest, ReviewerValueWins) {
  CaseDetail d;
  d.fields = {{"name", "张三", "subject", 1, {}}, {"name", "张叁", "ocr", 0.8, {}},
              {"name", "张三丰", "reviewer", 1, {}}, {"name", "张山", "form", 0.9, {}}};
  EXPECT_EQ(MakeDraftView(d).best.at("name").value, "张三丰");
  d.fields.pop_back();
  d.fields.erase(d.fields.begin() + 2);
  EXPECT_EQ(MakeDraftView(d).best.at("name").value, "张叁");
}

TEST(EvaluateDraftTest, AutoCorrectionCanBeSwitchedOff) {
  ReviewRules rules = Rules();
  rules.auto_correction = false;
  Evaluation e = EvaluateDraft(View({kId}, {}, {kNoAtt}), rules);
  EXPECT_FALSE(e.auto_correct);
  EXPECT_EQ(e.suggestion, Suggestion::kCorrect);
}

}  // namespace
}  // namespace beian
