// JSON shapes printed by --json (stable: scripts depend on them).
#ifndef BEIAN_CLI_JSON_VIEW_H_
#define BEIAN_CLI_JSON_VIEW_H_

#include <nlohmann/json.hpp>

#include "beian/case/records.h"
#include "beian/mime/parsed_mail.h"
#include "beian/service/mail_analysis.h"
#include "beian/store/blob_store.h"

namespace beian::cli {

nlohmann::json ParseJson(const ParsedMail& mail, const MailAnalysis& analysis);
nlohmann::json ProblemJson(const Problem& p);
// `mask_id` masks the identity number (list views).
nlohmann::json CaseJson(const CaseRecord& c, bool mask_id);
// Each attachment's and mail's "path" is its file (null for an attachment
// not written out yet, and for every blob kept in the database); "blob" is
// its name in `blobs`.
nlohmann::json CaseDetailJson(const CaseDetail& d, const BlobStore& blobs);
nlohmann::json QuarantineJson(const QuarantineRecord& q);
nlohmann::json SummaryJson(const StoreSummary& s);

// The reviewer's word for a case status: "待审核", "待补正", "已备案",
// "已关闭".
const char* StatusLabel(CaseStatus status);

}  // namespace beian::cli

#endif  // BEIAN_CLI_JSON_VIEW_H_
