#include "case_update_builder.h"

#include "beian/base/china_time.h"

namespace beian::internal {
namespace {

bool IsIdentityProblem(const std::string& code) {
  return code.starts_with("subject_") || code.starts_with("id_");
}

std::vector<DraftField> SubjectFields(const MailAnalysis& a, int64_t mail_id) {
  std::vector<DraftField> f;
  const double conf = a.subject.confidence;
  const SubjectClaim& c = a.subject.claim;
  if (!c.name.empty()) f.push_back({"name", c.name, "subject", conf, mail_id});
  if (a.id) {
    f.push_back({"id_number", a.id->normalized, "subject", conf, mail_id});
    f.push_back({"sex", a.id->sex == Sex::kMale ? "男" : "女", "subject", conf,
                 mail_id});
    f.push_back(
        {"birth_date", FormatDate(a.id->birth_date), "subject", conf, mail_id});
    f.push_back(
        {"id_kind", IdDocumentKindName(a.id->kind), "subject", conf, mail_id});
    if (!a.id->division_name.empty()) {
      f.push_back(
          {"id_division", a.id->division_name, "subject", conf, mail_id});
    }
  } else if (!c.id_number.empty()) {
    f.push_back({"id_number", c.id_number, "subject", conf * 0.5, mail_id});
  }
  if (!c.purpose.empty()) {
    f.push_back({"purpose", c.purpose, "subject", conf, mail_id});
  }
  return f;
}

Problems CaseProblems(const MailAnalysis& a,
                      const std::optional<CaseDetail>& existing) {
  const bool states_identity = !a.subject.claim.id_number.empty();
  Problems out;
  for (const Problem& p : a.problems) {
    if (p.code == "no_attachments" && existing &&
        !existing->attachments.empty()) {
      continue;  // the case has material from earlier mails
    }
    if (IsIdentityProblem(p.code) && existing && !states_identity &&
        !existing->record.id_number.empty()) {
      continue;  // a follow-up need not repeat the subject
    }
    out.push_back(p);
  }
  if (existing && !states_identity) {
    for (const CaseProblem& old : existing->problems) {
      if (IsIdentityProblem(old.problem.code) &&
          !HasProblem(out, old.problem.code)) {
        out.push_back(old.problem);
      }
    }
  }
  return out;
}

// Intake keeps the raw mail only: an attachment gets its own file when a
// reviewer first shows the case (WriteAttachmentFiles), decoded again from
// the raw mail. Writing and hashing every attachment here took about a
// fifth of a poll's CPU.
std::vector<AttachmentRecord> AttachmentsOf(const ParsedMail& mail) {
  std::vector<AttachmentRecord> records;
  int position = 0;
  for (const Attachment& a : mail.attachments) {
    AttachmentRecord r;
    r.position = ++position;
    r.filename = a.filename;
    r.content_type = a.content_type;
    r.size = static_cast<int64_t>(a.data.size());
    r.in_forwarded = a.in_forwarded;
    r.content_id = a.content_id;
    records.push_back(std::move(r));
  }
  return records;
}

}  // namespace

MailHeaders HeadersOf(const ParsedMail& mail) {
  MailHeaders h;
  h.message_id = mail.message_id;
  h.subject = mail.subject;
  h.from_address = mail.from.address;
  h.from_name = mail.from.name;
  h.reply_to = mail.reply_to.value_or("");
  h.in_reply_to = mail.in_reply_to;
  for (const std::string& r : mail.references) {
    if (!h.references.empty()) h.references += ' ';
    h.references += r;
  }
  h.date = mail.date;
  return h;
}

std::vector<std::string> ThreadIdsOf(const ParsedMail& mail) {
  std::vector<std::string> ids = mail.references;
  if (!mail.in_reply_to.empty()) ids.push_back(mail.in_reply_to);
  return ids;
}

CaseUpdate BuildCaseUpdate(const MailRecord& record, const ParsedMail& mail,
                           const MailAnalysis& analysis,
                           const std::optional<CaseDetail>& existing,
                           TimePoint now) {
  CaseUpdate u;
  u.mail_id = record.id;
  if (existing) u.case_id = existing->record.id;
  u.region = record.source.region;
  u.applicant_name = analysis.subject.claim.name;
  if (analysis.id) u.id_number = analysis.id->normalized;
  u.citizen_address = mail.reply_to.value_or(mail.from.address);
  u.headers = HeadersOf(mail);
  u.attachments = AttachmentsOf(mail);
  u.fields = SubjectFields(analysis, record.id);
  u.problems = CaseProblems(analysis, existing);
  if (!mail.message_id.empty()) u.thread_ids.push_back(mail.message_id);
  u.at = now;
  return u;
}

}  // namespace beian::internal
