// JSON shapes printed by --json (stable: scripts depend on them).
#ifndef BEIAN_CLI_JSON_VIEW_H_
#define BEIAN_CLI_JSON_VIEW_H_

#include <nlohmann/json.hpp>

#include "beian/mime/parsed_mail.h"
#include "beian/service/mail_analysis.h"
#include "beian/case/records.h"

namespace beian::cli {

nlohmann::json ParseJson(const ParsedMail& mail, const MailAnalysis& analysis);
nlohmann::json ProblemJson(const Problem& p);
// `mask_id` masks the identity number (list views).
nlohmann::json CaseJson(const CaseRecord& c, bool mask_id);
nlohmann::json CaseDetailJson(const CaseDetail& d, const std::string& data_dir);
nlohmann::json QuarantineJson(const QuarantineRecord& q);
nlohmann::json SummaryJson(const StoreSummary& s);

// The reviewer's word for a case status: "待审核", "待补正", "已备案", "已关闭".
const char* StatusLabel(CaseStatus status);

}  // namespace beian::cli

#endif  // BEIAN_CLI_JSON_VIEW_H_
