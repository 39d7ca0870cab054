#include "json_view.h"

#include <filesystem>

#include "beian/base/sha256.h"
#include "beian/identity/id_number.h"

namespace beian::cli {

using nlohmann::json;

json ProblemJson(const Problem& p) {
  return {{"code", p.code},
          {"severity", SeverityName(p.severity)},
          {"detail", p.detail}};
}

json ParseJson(const ParsedMail& mail, const MailAnalysis& analysis) {
  json atts = json::array();
  for (const Attachment& a : mail.attachments) {
    atts.push_back({{"filename", a.filename},
                    {"content_type", a.content_type},
                    {"size", a.data.size()},
                    {"sha256", Sha256Hex(a.data)},
                    {"in_forwarded", a.in_forwarded},
                    {"content_id", a.content_id}});
  }
  json problems = json::array();
  for (const Problem& p : analysis.problems) problems.push_back(ProblemJson(p));
  const SubjectClaim& c = analysis.subject.claim;
  return {
      {"subject", mail.subject},
      {"from", {{"address", mail.from.address}, {"name", mail.from.name}}},
      {"reply_to", mail.reply_to ? json(*mail.reply_to) : json(nullptr)},
      {"message_id", mail.message_id},
      {"in_reply_to",
       mail.in_reply_to.empty() ? json(nullptr) : json(mail.in_reply_to)},
      {"references", mail.references},
      {"date", mail.date},
      {"text", mail.text},
      {"text_from_html", mail.text_from_html},
      {"attachments", atts},
      {"large_attachment_links", mail.large_attachment_links},
      {"claim",
       {{"name", c.name}, {"id_number", c.id_number}, {"purpose", c.purpose}}},
      {"claim_notes", analysis.subject.notes},
      {"claim_confidence", analysis.subject.confidence},
      {"problems", problems},
      {"warnings", mail.warnings},
  };
}

json CaseJson(const CaseRecord& c, bool mask_id) {
  return {{"id", c.id},
          {"number", c.number},
          {"region", c.region},
          {"status", CaseStatusName(c.status)},
          {"applicant_name", c.applicant_name},
          {"id_number", mask_id ? MaskIdNumber(c.id_number) : c.id_number},
          {"citizen_address", c.citizen_address},
          {"opened_at", FormatUtc(c.opened_at)},
          {"updated_at", FormatUtc(c.updated_at)},
          {"mails", c.mail_count},
          {"problems", c.problem_count},
          {"registration_number", c.registration_number},
          {"due_at", c.due_at ? json(FormatUtc(*c.due_at)) : json(nullptr)},
          {"decided_at",
           c.decided_at ? json(FormatUtc(*c.decided_at)) : json(nullptr)}};
}

namespace {

json FileOf(const BlobStore& blobs, const std::string& name) {
  if (name.empty()) return nullptr;
  std::optional<std::string> file = blobs.FilePath(name);
  return file ? json(*file) : json(nullptr);
}

}  // namespace

json CaseDetailJson(const CaseDetail& d, const BlobStore& blobs) {
  json j = CaseJson(d.record, false);
  json fields = json::array();
  for (const DraftField& f : d.fields) {
    fields.push_back(
        {{"name", f.name},
         {"value", f.value},
         {"source", f.source},
         {"confidence", f.confidence},
         {"mail_id", f.mail_id ? json(*f.mail_id) : json(nullptr)}});
  }
  json problems = json::array();
  for (const CaseProblem& p : d.problems) {
    json pj = ProblemJson(p.problem);
    pj["mail_id"] = p.mail_id ? json(*p.mail_id) : json(nullptr);
    problems.push_back(pj);
  }
  json atts = json::array();
  for (const AttachmentRecord& a : d.attachments) {
    atts.push_back(
        {{"mail_id", a.mail_id},
         {"position", a.position},
         {"filename", a.filename},
         {"content_type", a.content_type},
         {"size", a.size},
         // null until written out (cases show writes it)
         {"sha256", a.sha256.empty() ? json(nullptr) : json(a.sha256)},
         {"path", FileOf(blobs, a.path)},
         {"blob", a.path.empty() ? json(nullptr) : json(a.path)},
         {"in_forwarded", a.in_forwarded}});
  }
  json mails = json::array();
  for (const MailRecord& m : d.mails) {
    mails.push_back({{"id", m.id},
                     {"subject", m.subject},
                     {"from", m.from_address},
                     {"message_id", m.message_id},
                     {"received_at", FormatUtc(m.received_at)},
                     {"source", m.source.source},
                     {"source_key", m.source.key},
                     {"raw_path", FileOf(blobs, m.raw_path)},
                     {"raw_blob", m.raw_path}});
  }
  json audit = json::array();
  for (const AuditEntry& a : d.audit) {
    audit.push_back({{"at", FormatUtc(a.at)},
                     {"actor", a.actor},
                     {"action", a.action},
                     {"detail", a.detail},
                     {"field", a.field},
                     {"old", a.old_value},
                     {"new", a.new_value}});
  }
  j["fields"] = fields;
  j["problem_list"] = problems;
  j["attachments"] = atts;
  j["mail_list"] = mails;
  j["audit"] = audit;
  return j;
}

json QuarantineJson(const QuarantineRecord& q) {
  return {{"id", q.id},
          {"mail_id", q.mail.id},
          {"reason", q.reason},
          {"created_at", FormatUtc(q.created_at)},
          {"retries", q.retries},
          {"released", q.released},
          {"region", q.mail.source.region},
          {"source", q.mail.source.source},
          {"source_key", q.mail.source.key},
          {"sha256", q.mail.sha256},
          {"size", q.mail.size},
          {"raw_path", q.mail.raw_path}};
}

const char* StatusLabel(CaseStatus status) {
  switch (status) {
    case CaseStatus::kNeedsReview:
      return "待审核";
    case CaseStatus::kCorrectionRequested:
      return "待补正";
    case CaseStatus::kConfirmed:
      return "已备案";
    case CaseStatus::kClosed:
      return "已关闭";
  }
  return "未知";
}

json SummaryJson(const StoreSummary& s) {
  json by_status = json::object();
  for (const auto& [k, n] : s.cases_by_status) by_status[k] = n;
  json by_code = json::object();
  for (const auto& [k, n] : s.problems_by_code) by_code[k] = n;
  return {{"mails", s.mails},
          {"quarantined", s.quarantined},
          {"duplicates", s.duplicates},
          {"cases_by_status", by_status},
          {"problems_by_code", by_code}};
}

}  // namespace beian::cli
