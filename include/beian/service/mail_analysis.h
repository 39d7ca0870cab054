// What a decoded mail claims and what is wrong with it, before any case is
// touched. Pure: the same mail, tables and day give the same answer.
//
//   MailAnalysis a = AnalyzeMail(mail, &divisions, today);
//   a.subject.claim.name, a.id->normalized, a.problems
#ifndef BEIAN_SERVICE_MAIL_ANALYSIS_H_
#define BEIAN_SERVICE_MAIL_ANALYSIS_H_

#include <chrono>
#include <optional>

#include "beian/base/clock.h"
#include "beian/base/problem.h"
#include "beian/identity/id_number.h"
#include "beian/identity/subject_parser.h"
#include "beian/mime/parsed_mail.h"

namespace beian {

struct MailAnalysis {
  SubjectParse subject;
  std::optional<IdNumberInfo> id;  // from the subject's number, when usable
  // Subject and identity problems, plus no_attachments (blocking) and
  // qq_large_attachment (blocking: files on the provider's server).
  Problems problems;
};

MailAnalysis AnalyzeMail(const ParsedMail& mail, const DivisionTable* divisions,
                         std::chrono::year_month_day today);

}  // namespace beian

#endif  // BEIAN_SERVICE_MAIL_ANALYSIS_H_
