// PostgresStore: applying a processed mail to its case, and reading cases.
#include <charconv>

#include "beian/base/china_time.h"
#include "postgres_store_impl.h"

namespace beian {

using internal::InPgTransaction;
using internal::PgConnection;
using internal::PgParams;
using internal::PgResult;

namespace {

// "0001": the day's sequence as case numbers show it.
std::string FourDigits(int64_t n) {
  std::string s = std::to_string(n);
  return s.size() >= 4 ? s : std::string(4 - s.size(), '0') + s;
}

// A new case numbered from the region's counter for the day in China; the
// counter row is locked until the transaction ends, so numbers never repeat.
StatusOr<int64_t> OpenCase(PgConnection& db, const CaseUpdate& u) {
  const std::string day = FormatCompactDate(ChinaDay(u.at));
  StatusOr<PgResult> seq = db.Query(
      "INSERT INTO case_counters (region, day, last) VALUES ($1, $2, 1) "
      "ON CONFLICT (region, day) DO UPDATE SET last = case_counters.last + 1 "
      "RETURNING last",
      PgParams().Add(u.region).Add(day));
  if (!seq.ok()) return seq.status();
  const std::string number =
      u.region + "-" + day + "-" + FourDigits(seq->Int(0, 0));
  StatusOr<PgResult> c = db.Query(
      "INSERT INTO cases (number, region, status, applicant_name, id_number, "
      "citizen_address, opened_at, updated_at) "
      "VALUES ($1, $2, 'needs_review', $3, $4, $5, $6, $6) RETURNING id",
      PgParams()
          .Add(number)
          .Add(u.region)
          .Add(u.applicant_name)
          .Add(u.id_number)
          .Add(u.citizen_address)
          .Add(u.at));
  if (!c.ok()) return c.status();
  const int64_t id = c->Int(0, 0);
  BEIAN_RETURN_IF_ERROR(internal::PgAddAudit(db, u.at, "beian", id,
                                             "case_opened", "case " + number));
  return id;
}

Status TouchCase(PgConnection& db, int64_t case_id, const CaseUpdate& u) {
  return db
      .Query(
          "UPDATE cases SET updated_at = $1, "
          "due_at = CASE WHEN status = 'correction_requested' THEN NULL "
          "ELSE due_at END, "
          "status = CASE WHEN status = 'correction_requested' "
          "THEN 'needs_review' ELSE status END, "
          "applicant_name = CASE WHEN $2 = '' THEN applicant_name ELSE $2 END, "
          "id_number = CASE WHEN $3 = '' THEN id_number ELSE $3 END, "
          "citizen_address = CASE WHEN $4 = '' THEN citizen_address ELSE $4 "
          "END WHERE id = $5",
          PgParams()
              .Add(u.at)
              .Add(u.applicant_name)
              .Add(u.id_number)
              .Add(u.citizen_address)
              .Add(case_id))
      .status();
}

Status InsertAttachments(PgConnection& db, int64_t case_id,
                         const CaseUpdate& u) {
  for (const AttachmentRecord& a : u.attachments) {
    StatusOr<PgResult> r = db.Query(
        "INSERT INTO attachments (mail_id, case_id, position, filename, "
        "content_type, size, sha256, path, in_forwarded, content_id) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        PgParams()
            .Add(u.mail_id)
            .Add(case_id)
            .Add(a.position)
            .Add(a.filename)
            .Add(a.content_type)
            .Add(a.size)
            .Add(a.sha256)
            .Add(a.path)
            .Add(a.in_forwarded ? "true" : "false")
            .Add(a.content_id));
    if (!r.ok()) return r.status();
    const int64_t attachment_id = r->Int(0, 0);
    for (const StoredPage& p : a.pages) {
      BEIAN_RETURN_IF_ERROR(
          db.Query("INSERT INTO page_readings (attachment_id, page_index, "
                   "kind, reading) VALUES ($1, $2, $3, $4)",
                   PgParams()
                       .Add(attachment_id)
                       .Add(p.page_index)
                       .Add(p.kind)
                       .Add(p.reading))
              .status());
    }
  }
  return Status::Ok();
}

Status UpsertFields(PgConnection& db, int64_t case_id, const CaseUpdate& u) {
  for (const DraftField& f : u.fields) {
    BEIAN_RETURN_IF_ERROR(
        db.Query("INSERT INTO draft_fields (case_id, name, source, value, "
                 "confidence, mail_id, updated_at) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7) "
                 "ON CONFLICT (case_id, name, source) DO UPDATE SET "
                 "value = excluded.value, confidence = excluded.confidence, "
                 "mail_id = excluded.mail_id, updated_at = excluded.updated_at",
                 PgParams()
                     .Add(case_id)
                     .Add(f.name)
                     .Add(f.source)
                     .Add(f.value)
                     .Add(f.confidence)
                     .Add(f.mail_id)
                     .Add(u.at))
            .status());
  }
  return Status::Ok();
}

Status ReplaceProblems(PgConnection& db, int64_t case_id, const CaseUpdate& u) {
  BEIAN_RETURN_IF_ERROR(
      db.Query("UPDATE problems SET resolved_at = $1 WHERE case_id = $2 AND "
               "resolved_at IS NULL",
               PgParams().Add(u.at).Add(case_id))
          .status());
  for (const Problem& p : u.problems) {
    BEIAN_RETURN_IF_ERROR(
        db.Query("INSERT INTO problems (case_id, mail_id, code, severity, "
                 "detail, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                 PgParams()
                     .Add(case_id)
                     .Add(u.mail_id)
                     .Add(p.code)
                     .Add(SeverityName(p.severity))
                     .Add(p.detail)
                     .Add(u.at))
            .status());
  }
  return Status::Ok();
}

Status AddThreadIds(PgConnection& db, int64_t case_id, const CaseUpdate& u) {
  for (const std::string& id : u.thread_ids) {
    if (id.empty()) continue;
    BEIAN_RETURN_IF_ERROR(
        db.Query("INSERT INTO thread_ids (region, message_id, case_id) "
                 "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                 PgParams().Add(u.region).Add(id).Add(case_id))
            .status());
  }
  return Status::Ok();
}

// Only a mail still waiting is processed: of two processes applying the
// same mail, the second finds it processed (its row lock waits for the
// first's commit) and its whole update rolls back.
Status MarkProcessed(PgConnection& db, int64_t case_id, const CaseUpdate& u) {
  const MailHeaders& h = u.headers;
  StatusOr<PgResult> r = db.Query(
      "UPDATE mails SET state = 'processed', message_id = $1, subject = $2, "
      "from_address = $3, from_name = $4, reply_to = $5, in_reply_to = $6, "
      "refs = $7, mail_date = $8, case_id = $9 "
      "WHERE id = $10 AND state = 'stored'",
      PgParams()
          .Add(h.message_id)
          .Add(h.subject)
          .Add(h.from_address)
          .Add(h.from_name)
          .Add(h.reply_to)
          .Add(h.in_reply_to)
          .Add(h.references)
          .Add(h.date)
          .Add(case_id)
          .Add(u.mail_id));
  if (!r.ok()) return r.status();
  if (r->affected() != 1) {
    return FailedPrecondition("mail " + std::to_string(u.mail_id) +
                              " is not waiting to be processed");
  }
  return Status::Ok();
}

Severity ParseSeverity(const std::string& s) {
  return s == "info"      ? Severity::kInfo
         : s == "warning" ? Severity::kWarning
                          : Severity::kBlocking;
}

// Each row of `sql` (one parameter: the case id) made into a T by `read`.
template <typename T, typename Read>
StatusOr<std::vector<T>> CaseRows(PgConnection& db, std::string_view sql,
                                  int64_t id, Read read) {
  StatusOr<PgResult> r = db.Query(sql, PgParams().Add(id));
  if (!r.ok()) return r.status();
  std::vector<T> out;
  for (int i = 0; i < r->rows(); ++i) out.push_back(read(*r, i));
  return out;
}

template <typename T>
Status Take(StatusOr<std::vector<T>> rows, std::vector<T>& to) {
  if (!rows.ok()) return rows.status();
  to = std::move(*rows);
  return Status::Ok();
}

Status LoadFieldsAndProblems(PgConnection& db, CaseDetail& d) {
  const int64_t id = d.record.id;
  BEIAN_RETURN_IF_ERROR(Take(
      CaseRows<DraftField>(
          db,
          "SELECT name, value, source, confidence, mail_id FROM draft_fields "
          "WHERE case_id = $1 ORDER BY name, source",
          id,
          [](const PgResult& r, int i) {
            return DraftField{r.Text(i, 0), r.Text(i, 1), r.Text(i, 2),
                              r.Real(i, 3), r.OptInt(i, 4)};
          }),
      d.fields));
  return Take(CaseRows<CaseProblem>(
                  db,
                  "SELECT code, severity, detail, mail_id, created_at FROM "
                  "problems WHERE case_id = $1 AND resolved_at IS NULL "
                  "ORDER BY id",
                  id,
                  [](const PgResult& r, int i) {
                    return CaseProblem{
                        Problem{r.Text(i, 0), ParseSeverity(r.Text(i, 1)),
                                r.Text(i, 2)},
                        r.OptInt(i, 3), r.Time(i, 4)};
                  }),
              d.problems);
}

Status LoadFilesAndPages(PgConnection& db, CaseDetail& d) {
  const int64_t id = d.record.id;
  BEIAN_RETURN_IF_ERROR(
      Take(CaseRows<AttachmentRecord>(
               db,
               "SELECT id, mail_id, position, filename, content_type, size, "
               "sha256, path, in_forwarded, content_id FROM attachments "
               "WHERE case_id = $1 ORDER BY mail_id, position",
               id,
               [](const PgResult& r, int i) {
                 return AttachmentRecord{r.Int(i, 0),
                                         r.Int(i, 1),
                                         static_cast<int>(r.Int(i, 2)),
                                         r.Text(i, 3),
                                         r.Text(i, 4),
                                         r.Int(i, 5),
                                         r.Text(i, 6),
                                         r.Text(i, 7),
                                         r.Bool(i, 8),
                                         r.Text(i, 9),
                                         {}};
               }),
           d.attachments));
  return Take(CaseRows<StoredPage>(
                  db,
                  "SELECT p.attachment_id, p.page_index, p.kind, p.reading "
                  "FROM page_readings p JOIN attachments a ON a.id = "
                  "p.attachment_id WHERE a.case_id = $1 "
                  "ORDER BY a.id, p.page_index",
                  id,
                  [](const PgResult& r, int i) {
                    return StoredPage{r.Int(i, 0),
                                      static_cast<int>(r.Int(i, 1)),
                                      r.Text(i, 2), r.Text(i, 3)};
                  }),
              d.pages);
}

Status LoadMailsAndAudit(PgConnection& db, CaseDetail& d) {
  const int64_t id = d.record.id;
  BEIAN_RETURN_IF_ERROR(Take(
      CaseRows<MailRecord>(
          db,
          std::string("SELECT ") + internal::kPgMailColumns +
              " FROM mails m WHERE case_id = $1 "
              "ORDER BY id",
          id,
          [](const PgResult& r, int i) { return internal::ReadPgMail(r, i); }),
      d.mails));
  return Take(CaseRows<AuditEntry>(
                  db,
                  "SELECT id, at, actor, case_id, action, detail, field, "
                  "old_value, new_value FROM audit_log WHERE case_id = $1 "
                  "ORDER BY id",
                  id,
                  [](const PgResult& r, int i) {
                    return AuditEntry{
                        r.Int(i, 0),    r.Time(i, 1), r.Text(i, 2),
                        r.OptInt(i, 3), r.Text(i, 4), r.Text(i, 5),
                        r.Text(i, 6),   r.Text(i, 7), r.Text(i, 8)};
                  }),
              d.audit);
}

std::string NoCase(std::string_view shown) {
  return "no case " + std::string(shown) +
         "; run `beian cases list` to see case numbers";
}

}  // namespace

namespace internal {

StatusOr<CaseRecord> PgLoadCaseRecord(PgConnection& db, int64_t id,
                                      const std::string& shown) {
  StatusOr<PgResult> r = db.Query(
      std::string("SELECT ") + kPgCaseColumns + " FROM cases c WHERE c.id = $1",
      PgParams().Add(id));
  if (!r.ok()) return r.status();
  if (r->rows() == 0) return NotFound(NoCase(shown));
  return ReadPgCase(*r, 0);
}

StatusOr<CaseDetail> PgLoadCase(PgConnection& db, int64_t id,
                                const std::string& shown) {
  StatusOr<CaseRecord> record = PgLoadCaseRecord(db, id, shown);
  if (!record.ok()) return record.status();
  CaseDetail d;
  d.record = std::move(*record);
  BEIAN_RETURN_IF_ERROR(LoadFieldsAndProblems(db, d));
  BEIAN_RETURN_IF_ERROR(LoadFilesAndPages(db, d));
  BEIAN_RETURN_IF_ERROR(LoadMailsAndAudit(db, d));
  return d;
}

StatusOr<int64_t> PgFindCaseId(PgConnection& db, std::string_view id,
                               bool lock) {
  int64_t n = 0;
  auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
  const bool numeric = ec == std::errc() && p == id.data() + id.size();
  const std::string sql = std::string("SELECT id FROM cases WHERE ") +
                          (numeric ? "id = $1::bigint" : "number = $1") +
                          (lock ? " FOR UPDATE" : "");
  StatusOr<PgResult> r = db.Query(sql, PgParams().Add(id));
  if (!r.ok()) return r.status();
  if (r->rows() == 0) return NotFound(NoCase(id));
  return r->Int(0, 0);
}

}  // namespace internal

StatusOr<CaseRecord> PostgresStore::ApplyCaseUpdate(const CaseUpdate& u) {
  std::lock_guard lock(impl_->mu);
  PgConnection& db = impl_->db;
  return InPgTransaction(db, [&]() -> StatusOr<CaseRecord> {
    int64_t case_id;
    if (u.case_id) {
      case_id = *u.case_id;
      BEIAN_RETURN_IF_ERROR(TouchCase(db, case_id, u));
      BEIAN_RETURN_IF_ERROR(internal::PgAddAudit(
          db, u.at, "beian", case_id, "mail_attached",
          "mail " + std::to_string(u.mail_id) + " " + u.headers.subject));
    } else {
      StatusOr<int64_t> opened = OpenCase(db, u);
      if (!opened.ok()) return opened.status();
      case_id = *opened;
    }
    BEIAN_RETURN_IF_ERROR(MarkProcessed(db, case_id, u));
    BEIAN_RETURN_IF_ERROR(InsertAttachments(db, case_id, u));
    BEIAN_RETURN_IF_ERROR(UpsertFields(db, case_id, u));
    BEIAN_RETURN_IF_ERROR(ReplaceProblems(db, case_id, u));
    BEIAN_RETURN_IF_ERROR(AddThreadIds(db, case_id, u));
    return internal::PgLoadCaseRecord(db, case_id, std::to_string(case_id));
  });
}

Status PostgresStore::SetAttachmentFile(int64_t attachment_id,
                                        std::string_view sha256,
                                        std::string_view path) {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r = internal::PgWrite(
      impl_->db, "UPDATE attachments SET sha256 = $1, path = $2 WHERE id = $3",
      PgParams().Add(sha256).Add(path).Add(attachment_id));
  if (!r.ok()) return r.status();
  if (r->affected() == 0) {
    return NotFound("no attachment with id " + std::to_string(attachment_id));
  }
  return Status::Ok();
}

StatusOr<CaseDetail> PostgresStore::GetCaseById(int64_t case_id) {
  std::lock_guard lock(impl_->mu);
  return internal::PgLoadCase(impl_->db, case_id, std::to_string(case_id));
}

StatusOr<CaseDetail> PostgresStore::GetCase(std::string_view id) {
  std::lock_guard lock(impl_->mu);
  StatusOr<int64_t> row = internal::PgFindCaseId(impl_->db, id, false);
  if (!row.ok()) return row.status();
  return internal::PgLoadCase(impl_->db, *row, std::string(id));
}

StatusOr<std::vector<CaseRecord>> PostgresStore::ListCases(
    const CaseFilter& filter) {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r = impl_->db.Query(
      std::string("SELECT ") + internal::kPgCaseColumns +
          " FROM cases c WHERE ($1 = '' OR status = $1) AND "
          "($2 = '' OR region = $2) AND ($3::timestamptz IS NULL OR "
          "(c.due_at < $3 AND status = 'needs_review')) ORDER BY c.id",
      PgParams()
          .Add(filter.status ? CaseStatusName(*filter.status) : "")
          .Add(filter.region)
          .Add(filter.due_before));
  if (!r.ok()) return r.status();
  std::vector<CaseRecord> out;
  for (int i = 0; i < r->rows(); ++i)
    out.push_back(internal::ReadPgCase(*r, i));
  return out;
}

}  // namespace beian
