// OCR in the intake pipeline: page readings to and from their stored JSON,
// and the draft fields and problems of a case from all its pages.
//
//   DraftCheckInput draft = DraftInputOf(update, existing, mail_date);
//   for (size_t i = 0; i < update.attachments.size(); ++i)
//     AddReading(outcomes[i], update.attachments[i], draft, update.problems);
//   AddDraftCheck(draft, update);
#ifndef BEIAN_SERVICE_OCR_DRAFT_H_
#define BEIAN_SERVICE_OCR_DRAFT_H_

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "beian/base/problem.h"
#include "beian/case/records.h"
#include "beian/ocr/document_queue.h"
#include "beian/ocr/document_reader.h"
#include "beian/ocr/draft_checks.h"
#include "beian/store/store.h"

namespace beian {

std::string PageReadingToJson(const PageReading& page);
// nullopt when `json` is not a stored page reading.
std::optional<PageReading> PageReadingFromJson(std::string_view json);

// Page kinds present in a case ("id_both" counts as id_front and id_back).
std::set<std::string> PageKinds(const CaseDetail& detail);

// What the draft check starts from for a mail that updates a case: the
// identity the mail's subject states (update.applicant_name, id_number),
// else the case's (`existing`), the pages the case holds already, and the
// mail's date. The mail's own pages are added by AddReading.
DraftCheckInput DraftInputOf(const CaseUpdate& update,
                             const std::optional<CaseDetail>& existing,
                             std::chrono::year_month_day mail_date);

// Adds one attachment's reading: its pages to `attachment` and to `draft`,
// its problems to `problems` (a code already there is not added again). An
// attachment whose reader was lost (outcome.lost) gets document_not_read
// and no pages; one whose reading failed gets nothing (the caller logs
// why). Returns the number of pages added.
int AddReading(const ReadOutcome& outcome, AttachmentRecord& attachment,
               DraftCheckInput& draft, Problems& problems);

// Checks the draft over all the case's pages (CheckDraft) and adds its
// fields, as this mail's, and its problems (each code once) to `update`.
void AddDraftCheck(const DraftCheckInput& draft, CaseUpdate& update);

}  // namespace beian

#endif  // BEIAN_SERVICE_OCR_DRAFT_H_
