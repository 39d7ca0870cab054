// Merging what the attachments say with the subject's claim: the draft
// fields of a case and every disagreement as a problem. Pure: no OCR, no
// clock (the mail's date is given).
//
//   DraftCheckInput in{"张三", "51068219800101001X", mail_date, pages};
//   DraftCheck c = CheckDraft(in);
//   for (const DraftField& f : c.fields) store.SaveDraftField(case_id, f);
//   for (const Problem& p : c.problems) Report(p);
//
// Problem codes (blocking unless noted): missing_id_front, missing_id_back,
// missing_form, name_mismatch, id_mismatch, id_expired, id_card_mismatch,
// form_incomplete, form_unsigned; the pages' own problems (field_unreadable,
// scan_*) are passed on once each.
#ifndef BEIAN_OCR_DRAFT_CHECKS_H_
#define BEIAN_OCR_DRAFT_CHECKS_H_

#include <chrono>
#include <string>
#include <vector>

#include "beian/base/problem.h"
#include "beian/case/records.h"
#include "beian/ocr/document_reader.h"

namespace beian {

struct DraftCheckInput {
  std::string subject_name;
  std::string subject_id_number;  // normalised 18 characters, or ""
  std::chrono::year_month_day mail_date;
  std::vector<PageReading> pages;  // every page of every attachment
};

struct DraftCheck {
  // The best reading per field: source "ocr" for the ID card, "form" for
  // the 备案表; mail_id left empty for the caller.
  std::vector<DraftField> fields;
  Problems problems;
};

DraftCheck CheckDraft(const DraftCheckInput& input);

}  // namespace beian

#endif  // BEIAN_OCR_DRAFT_CHECKS_H_
