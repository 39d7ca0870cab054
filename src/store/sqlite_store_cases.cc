// SqliteStore: applying a processed mail to its case, and the review half.
#include <charconv>

#include "beian/base/china_time.h"
#include "sqlite_store_impl.h"

namespace beian {

using internal::Db;
using internal::Stmt;
using internal::Transaction;

namespace {

StatusOr<int64_t> NextCaseSequence(Db& db, const std::string& region,
                                   const std::string& day) {
  StatusOr<Stmt> up = db.Prepare(
      "INSERT INTO case_counters (region, day, last) VALUES (?, ?, 1) "
      "ON CONFLICT (region, day) DO UPDATE SET last = last + 1 RETURNING last");
  if (!up.ok()) return up.status();
  up->Bind(1, region).Bind(2, day);
  StatusOr<bool> row = up->Step();
  if (!row.ok()) return row.status();
  const int64_t last = up->Int(0);
  BEIAN_RETURN_IF_ERROR(up->Run());
  return last;
}

StatusOr<int64_t> OpenCase(Db& db, const CaseUpdate& u) {
  // Case numbers use the agency's calendar day.
  const std::string day = FormatCompactDate(ChinaDay(u.at));
  StatusOr<int64_t> seq = NextCaseSequence(db, u.region, day);
  if (!seq.ok()) return seq.status();
  char num[8];
  std::snprintf(num, sizeof num, "%04lld", static_cast<long long>(*seq));
  const std::string number = u.region + "-" + day + "-" + num;
  StatusOr<Stmt> s = db.Prepare(
      "INSERT INTO cases (number, region, status, applicant_name, id_number, "
      "citizen_address, opened_at, updated_at) "
      "VALUES (?, ?, 'needs_review', ?, ?, ?, ?, ?)");
  if (!s.ok()) return s.status();
  s->Bind(1, number).Bind(2, u.region).Bind(3, u.applicant_name)
      .Bind(4, u.id_number).Bind(5, u.citizen_address).Bind(6, FormatUtc(u.at))
      .Bind(7, FormatUtc(u.at));
  BEIAN_RETURN_IF_ERROR(s->Run());
  const int64_t id = db.LastInsertId();
  BEIAN_RETURN_IF_ERROR(internal::AddAudit(db, u.at, "beian", id, "case_opened",
                                           "case " + number));
  return id;
}

Status TouchCase(Db& db, int64_t case_id, const CaseUpdate& u) {
  StatusOr<Stmt> s = db.Prepare(
      "UPDATE cases SET updated_at = ?, "
      "due_at = CASE WHEN status = 'correction_requested' THEN NULL ELSE due_at END, "
      "status = CASE WHEN status = 'correction_requested' THEN 'needs_review' "
      "ELSE status END, "
      "applicant_name = CASE WHEN ? = '' THEN applicant_name ELSE ? END, "
      "id_number = CASE WHEN ? = '' THEN id_number ELSE ? END, "
      "citizen_address = CASE WHEN ? = '' THEN citizen_address ELSE ? END "
      "WHERE id = ?");
  if (!s.ok()) return s.status();
  return s->Bind(1, FormatUtc(u.at)).Bind(2, u.applicant_name)
      .Bind(3, u.applicant_name).Bind(4, u.id_number).Bind(5, u.id_number)
      .Bind(6, u.citizen_address).Bind(7, u.citizen_address).Bind(8, case_id)
      .Run();
}

Status InsertAttachments(Db& db, int64_t case_id, const CaseUpdate& u) {
  for (const AttachmentRecord& a : u.attachments) {
    StatusOr<Stmt> s = db.Prepare(
        "INSERT INTO attachments (mail_id, case_id, position, filename, "
        "content_type, size, sha256, path, in_forwarded, content_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!s.ok()) return s.status();
    BEIAN_RETURN_IF_ERROR(
        s->Bind(1, u.mail_id).Bind(2, case_id)
            .Bind(3, static_cast<int64_t>(a.position)).Bind(4, a.filename)
            .Bind(5, a.content_type).Bind(6, a.size).Bind(7, a.sha256)
            .Bind(8, a.path).Bind(9, static_cast<int64_t>(a.in_forwarded))
            .Bind(10, a.content_id).Run());
    const int64_t attachment_id = db.LastInsertId();
    for (const StoredPage& p : a.pages) {
      StatusOr<Stmt> ps = db.Prepare(
          "INSERT INTO page_readings (attachment_id, page_index, kind, reading) "
          "VALUES (?, ?, ?, ?)");
      if (!ps.ok()) return ps.status();
      BEIAN_RETURN_IF_ERROR(ps->Bind(1, attachment_id)
                                .Bind(2, static_cast<int64_t>(p.page_index))
                                .Bind(3, p.kind).Bind(4, p.reading).Run());
    }
  }
  return Status::Ok();
}

Status UpsertFields(Db& db, int64_t case_id, const CaseUpdate& u) {
  for (const DraftField& f : u.fields) {
    StatusOr<Stmt> s = db.Prepare(
        "INSERT INTO draft_fields (case_id, name, source, value, confidence, "
        "mail_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (case_id, name, source) DO UPDATE SET "
        "value = excluded.value, confidence = excluded.confidence, "
        "mail_id = excluded.mail_id, updated_at = excluded.updated_at");
    if (!s.ok()) return s.status();
    BEIAN_RETURN_IF_ERROR(s->Bind(1, case_id).Bind(2, f.name).Bind(3, f.source)
                              .Bind(4, f.value).Bind(5, f.confidence)
                              .Bind(6, f.mail_id).Bind(7, FormatUtc(u.at)).Run());
  }
  return Status::Ok();
}

Status ReplaceProblems(Db& db, int64_t case_id, const CaseUpdate& u) {
  StatusOr<Stmt> r = db.Prepare(
      "UPDATE problems SET resolved_at = ? WHERE case_id = ? AND "
      "resolved_at IS NULL");
  if (!r.ok()) return r.status();
  BEIAN_RETURN_IF_ERROR(r->Bind(1, FormatUtc(u.at)).Bind(2, case_id).Run());
  for (const Problem& p : u.problems) {
    StatusOr<Stmt> s = db.Prepare(
        "INSERT INTO problems (case_id, mail_id, code, severity, detail, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)");
    if (!s.ok()) return s.status();
    BEIAN_RETURN_IF_ERROR(s->Bind(1, case_id).Bind(2, u.mail_id).Bind(3, p.code)
                              .Bind(4, SeverityName(p.severity))
                              .Bind(5, p.detail).Bind(6, FormatUtc(u.at)).Run());
  }
  return Status::Ok();
}

Status AddThreadIds(Db& db, int64_t case_id, const CaseUpdate& u) {
  for (const std::string& id : u.thread_ids) {
    if (id.empty()) continue;
    StatusOr<Stmt> s = db.Prepare(
        "INSERT INTO thread_ids (region, message_id, case_id) VALUES (?, ?, ?) "
        "ON CONFLICT DO NOTHING");
    if (!s.ok()) return s.status();
    BEIAN_RETURN_IF_ERROR(s->Bind(1, u.region).Bind(2, id).Bind(3, case_id).Run());
  }
  return Status::Ok();
}

Status MarkProcessed(Db& db, int64_t case_id, const CaseUpdate& u) {
  const MailHeaders& h = u.headers;
  StatusOr<Stmt> s = db.Prepare(
      "UPDATE mails SET state = 'processed', message_id = ?, subject = ?, "
      "from_address = ?, from_name = ?, reply_to = ?, in_reply_to = ?, "
      "refs = ?, mail_date = ?, case_id = ? WHERE id = ? AND state = 'stored'");
  if (!s.ok()) return s.status();
  BEIAN_RETURN_IF_ERROR(
      s->Bind(1, h.message_id).Bind(2, h.subject).Bind(3, h.from_address)
          .Bind(4, h.from_name).Bind(5, h.reply_to).Bind(6, h.in_reply_to)
          .Bind(7, h.references).Bind(8, h.date).Bind(9, case_id)
          .Bind(10, u.mail_id).Run());
  if (sqlite3_changes(db.handle()) != 1) {
    return FailedPrecondition("mail " + std::to_string(u.mail_id) +
                              " is not waiting to be processed");
  }
  return Status::Ok();
}

Severity ParseSeverity(const std::string& s) {
  return s == "info" ? Severity::kInfo
         : s == "warning" ? Severity::kWarning
                          : Severity::kBlocking;
}

// The rows of one table that belong to case `id` (the statement's one
// parameter), each made into a T by `read`.
template <typename T, typename Read>
StatusOr<std::vector<T>> ReadCaseRows(Db& db, const std::string& sql,
                                      int64_t id, Read read) {
  StatusOr<Stmt> s = db.Prepare(sql);
  if (!s.ok()) return s.status();
  s->Bind(1, id);
  return internal::ReadAll<T>(*s, read);
}

StatusOr<std::vector<DraftField>> LoadFields(Db& db, int64_t id) {
  return ReadCaseRows<DraftField>(
      db,
      "SELECT name, value, source, confidence, mail_id FROM draft_fields "
      "WHERE case_id = ? ORDER BY name, source",
      id, [](const Stmt& s) {
        return DraftField{s.Text(0), s.Text(1), s.Text(2), s.Real(3),
                          s.OptInt(4)};
      });
}

StatusOr<std::vector<CaseProblem>> LoadProblems(Db& db, int64_t id) {
  return ReadCaseRows<CaseProblem>(
      db,
      "SELECT code, severity, detail, mail_id, created_at FROM problems "
      "WHERE case_id = ? AND resolved_at IS NULL ORDER BY id",
      id, [](const Stmt& s) {
        return CaseProblem{
            Problem{s.Text(0), ParseSeverity(s.Text(1)), s.Text(2)},
            s.OptInt(3), internal::ReadTime(s.Text(4))};
      });
}

StatusOr<std::vector<AttachmentRecord>> LoadAttachments(Db& db, int64_t id) {
  return ReadCaseRows<AttachmentRecord>(
      db,
      "SELECT id, mail_id, position, filename, content_type, size, sha256, "
      "path, in_forwarded, content_id FROM attachments WHERE case_id = ? "
      "ORDER BY mail_id, position",
      id, [](const Stmt& s) {
        return AttachmentRecord{s.Int(0),  s.Int(1),       static_cast<int>(s.Int(2)),
                                s.Text(3), s.Text(4),      s.Int(5),
                                s.Text(6), s.Text(7),      s.Int(8) != 0,
                                s.Text(9), {}};
      });
}

StatusOr<std::vector<StoredPage>> LoadPages(Db& db, int64_t id) {
  return ReadCaseRows<StoredPage>(
      db,
      "SELECT p.attachment_id, p.page_index, p.kind, p.reading FROM "
      "page_readings p JOIN attachments a ON a.id = p.attachment_id WHERE "
      "a.case_id = ? ORDER BY a.id, p.page_index",
      id, [](const Stmt& s) {
        return StoredPage{s.Int(0), static_cast<int>(s.Int(1)), s.Text(2),
                          s.Text(3)};
      });
}

StatusOr<std::vector<MailRecord>> LoadMails(Db& db, int64_t id) {
  StatusOr<Stmt> m = db.Prepare(std::string("SELECT ") + internal::kMailColumns +
                                " FROM mails m WHERE case_id = ? ORDER BY id");
  if (!m.ok()) return m.status();
  m->Bind(1, id);
  return internal::QueryMails(std::move(*m));
}

StatusOr<std::vector<AuditEntry>> LoadAudit(Db& db, int64_t id) {
  return ReadCaseRows<AuditEntry>(
      db,
      "SELECT id, at, actor, case_id, action, detail, field, old_value, "
      "new_value FROM audit_log WHERE case_id = ? ORDER BY id",
      id, [](const Stmt& s) {
        return AuditEntry{s.Int(0),  internal::ReadTime(s.Text(1)),
                          s.Text(2), s.OptInt(3),
                          s.Text(4), s.Text(5),
                          s.Text(6), s.Text(7),
                          s.Text(8)};
      });
}

// Moves `rows` into `to`, or says why they could not be read.
template <typename T>
Status Take(StatusOr<std::vector<T>> rows, std::vector<T>& to) {
  if (!rows.ok()) return rows.status();
  to = std::move(*rows);
  return Status::Ok();
}

Status LoadChildren(Db& db, CaseDetail& d) {
  const int64_t id = d.record.id;
  BEIAN_RETURN_IF_ERROR(Take(LoadFields(db, id), d.fields));
  BEIAN_RETURN_IF_ERROR(Take(LoadProblems(db, id), d.problems));
  BEIAN_RETURN_IF_ERROR(Take(LoadAttachments(db, id), d.attachments));
  BEIAN_RETURN_IF_ERROR(Take(LoadPages(db, id), d.pages));
  BEIAN_RETURN_IF_ERROR(Take(LoadMails(db, id), d.mails));
  return Take(LoadAudit(db, id), d.audit);
}

}  // namespace

namespace internal {

StatusOr<CaseRecord> LoadCaseRecord(Db& db, std::string_view where,
                                    std::string_view key,
                                    const std::string& shown) {
  StatusOr<Stmt> s = db.Prepare(std::string("SELECT ") + internal::kCaseColumns +
                                " FROM cases c WHERE " + std::string(where));
  if (!s.ok()) return s.status();
  s->Bind(1, key);
  StatusOr<bool> row = s->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return NotFound("no case " + shown +
                    "; run `beian cases list` to see case numbers");
  }
  return internal::ReadCase(*s);
}

StatusOr<CaseDetail> LoadCase(Db& db, std::string_view where,
                              std::string_view key, const std::string& shown) {
  StatusOr<CaseRecord> record = LoadCaseRecord(db, where, key, shown);
  if (!record.ok()) return record.status();
  CaseDetail d;
  d.record = std::move(*record);
  BEIAN_RETURN_IF_ERROR(LoadChildren(db, d));
  return d;
}

StatusOr<CaseDetail> LoadCaseByIdOrNumber(Db& db, std::string_view id) {
  int64_t n = 0;
  auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
  const bool numeric = ec == std::errc() && p == id.data() + id.size();
  return LoadCase(db, numeric ? "c.id = ?" : "c.number = ?", id, std::string(id));
}

}  // namespace internal

StatusOr<CaseRecord> SqliteStore::ApplyCaseUpdate(const CaseUpdate& u) {
  std::lock_guard lock(impl_->mu);
  Db& db = impl_->db;
  StatusOr<std::unique_ptr<Transaction>> tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  int64_t case_id;
  if (u.case_id) {
    case_id = *u.case_id;
    BEIAN_RETURN_IF_ERROR(TouchCase(db, case_id, u));
    BEIAN_RETURN_IF_ERROR(internal::AddAudit(
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
  StatusOr<CaseRecord> record = internal::LoadCaseRecord(
      db, "c.id = ?", std::to_string(case_id), std::to_string(case_id));
  if (!record.ok()) return record.status();
  BEIAN_RETURN_IF_ERROR((*tx)->Commit());
  return record;
}

Status SqliteStore::SetAttachmentFile(int64_t attachment_id,
                                      std::string_view sha256,
                                      std::string_view path) {
  std::lock_guard lock(impl_->mu);
  Db& db = impl_->db;
  StatusOr<Stmt> s =
      db.Prepare("UPDATE attachments SET sha256 = ?, path = ? WHERE id = ?");
  if (!s.ok()) return s.status();
  BEIAN_RETURN_IF_ERROR(s->Bind(1, sha256).Bind(2, path).Bind(3, attachment_id).Run());
  if (sqlite3_changes(db.handle()) == 0) {
    return NotFound("no attachment with id " + std::to_string(attachment_id));
  }
  return Status::Ok();
}

StatusOr<CaseDetail> SqliteStore::GetCaseById(int64_t case_id) {
  std::lock_guard lock(impl_->mu);
  return internal::LoadCase(impl_->db, "c.id = ?", std::to_string(case_id),
                  std::to_string(case_id));
}

StatusOr<CaseDetail> SqliteStore::GetCase(std::string_view id) {
  std::lock_guard lock(impl_->mu);
  return internal::LoadCaseByIdOrNumber(impl_->db, id);
}

StatusOr<std::vector<CaseRecord>> SqliteStore::ListCases(const CaseFilter& filter) {
  std::lock_guard lock(impl_->mu);
  const std::string due =
      filter.due_before ? FormatUtc(*filter.due_before) : std::string();
  StatusOr<Stmt> s = impl_->db.Prepare(
      std::string("SELECT ") + internal::kCaseColumns +
      " FROM cases c WHERE (? = '' OR status = ?) AND (? = '' OR region = ?) "
      "AND (? = '' OR (c.due_at IS NOT NULL AND c.due_at < ? AND "
      "status = 'needs_review')) ORDER BY c.id");
  if (!s.ok()) return s.status();
  const std::string status =
      filter.status ? CaseStatusName(*filter.status) : "";
  s->Bind(1, status).Bind(2, status).Bind(3, filter.region)
      .Bind(4, filter.region).Bind(5, due).Bind(6, due);
  return internal::QueryCases(std::move(*s));
}

}  // namespace beian
