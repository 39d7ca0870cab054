// Turns one analysed mail into the CaseUpdate the store applies.
#ifndef BEIAN_SERVICE_CASE_UPDATE_BUILDER_H_
#define BEIAN_SERVICE_CASE_UPDATE_BUILDER_H_

#include <optional>

#include "beian/service/mail_analysis.h"
#include "beian/store/store.h"

namespace beian::internal {

MailHeaders HeadersOf(const ParsedMail& mail);

// The message ids that may lead to an existing case: References and
// In-Reply-To, oldest first.
std::vector<std::string> ThreadIdsOf(const ParsedMail& mail);

// `existing` is the case the mail attaches to, if any. The mail's attachments
// are listed in mail order (positions from 1), without their bytes and not
// yet read (AddReading in ocr_draft.h adds their pages). Problems are those of
// the case after this mail: subject and identity problems are carried over
// from `existing` when this mail states no identity number of its own, and
// no_attachments counts the case's earlier attachments.
CaseUpdate BuildCaseUpdate(const MailRecord& record, const ParsedMail& mail,
                           const MailAnalysis& analysis,
                           const std::optional<CaseDetail>& existing,
                           TimePoint now);

}  // namespace beian::internal

#endif  // BEIAN_SERVICE_CASE_UPDATE_BUILDER_H_
