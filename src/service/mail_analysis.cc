#include "beian/service/mail_analysis.h"

namespace beian {

MailAnalysis AnalyzeMail(const ParsedMail& mail, const DivisionTable* divisions,
                         std::chrono::year_month_day today) {
  MailAnalysis a;
  a.subject = ParseSubject(mail.subject);
  a.problems = a.subject.problems;
  if (!a.subject.claim.id_number.empty()) {
    IdCheck check = ValidateIdNumber(a.subject.claim.id_number, divisions, today);
    a.id = std::move(check.info);
    a.problems.insert(a.problems.end(), check.problems.begin(),
                      check.problems.end());
  }
  if (!mail.large_attachment_links.empty()) {
    a.problems.push_back(
        {"qq_large_attachment", Severity::kBlocking,
         "材料以超大附件链接发送（" + mail.large_attachment_links.front() +
             "），本中心无法下载；请直接以附件形式发送"});
  }
  if (mail.attachments.empty()) {
    a.problems.push_back({"no_attachments", Severity::kBlocking,
                          "邮件没有附件：请附上身份证人像面、国徽面和备案表"});
  }
  return a;
}

}  // namespace beian
