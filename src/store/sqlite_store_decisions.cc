// SqliteStore: reviewer decisions. Each decision and its reply are one
// transaction, so a crash leaves either both or neither.
#include <chrono>
#include <cstdio>

#include "beian/base/china_time.h"
#include "sqlite_store_impl.h"

namespace beian {

using internal::Db;
using internal::Stmt;
using internal::Transaction;

namespace {

StatusOr<int64_t> NextRegistrationSequence(Db& db, const std::string& region,
                                           const std::string& day) {
  StatusOr<Stmt> s = db.Prepare(
      "INSERT INTO registration_counters (region, day, last) VALUES (?, ?, 1) "
      "ON CONFLICT (region, day) DO UPDATE SET last = last + 1 RETURNING last");
  if (!s.ok()) return s.status();
  s->Bind(1, region).Bind(2, day);
  StatusOr<bool> row = s->Step();
  if (!row.ok()) return row.status();
  const int64_t last = s->Int(0);
  BEIAN_RETURN_IF_ERROR(s->Run());
  return last;
}

// Sets status (and the decision columns), bumps decision_seq, returns it.
StatusOr<int64_t> RecordDecision(Db& db, int64_t case_id,
                                 const std::string& status, TimePoint at,
                                 const std::string& registration_number) {
  StatusOr<Stmt> s = db.Prepare(
      "UPDATE cases SET status = ?, updated_at = ?, decided_at = ?, "
      "registration_number = CASE WHEN ? = '' THEN registration_number ELSE ? "
      "END, decision_seq = decision_seq + 1 WHERE id = ? RETURNING decision_seq");
  if (!s.ok()) return s.status();
  s->Bind(1, status).Bind(2, FormatUtc(at)).Bind(3, FormatUtc(at))
      .Bind(4, registration_number).Bind(5, registration_number).Bind(6, case_id);
  StatusOr<bool> row = s->Step();
  if (!row.ok()) return row.status();
  const int64_t seq = s->Int(0);
  BEIAN_RETURN_IF_ERROR(s->Run());
  return seq;
}

Status InsertReply(Db& db, int64_t case_id, std::string_view key,
                   const NewReply& r, TimePoint at) {
  BEIAN_RETURN_IF_ERROR(internal::CheckReplyCap(db, r));
  StatusOr<Stmt> s = db.Prepare(
      "INSERT INTO outbox (case_id, kind, decision_key, to_address, message_id, "
      "subject, bytes, next_attempt_at, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!s.ok()) return s.status();
  return s->Bind(1, case_id).Bind(2, r.kind).Bind(3, key).Bind(4, r.to_address)
      .Bind(5, r.message_id).Bind(6, r.subject).Bind(7, r.bytes)
      .Bind(8, FormatUtc(at)).Bind(9, FormatUtc(at)).Run();
}

// Runs a decision: checks the case is open, applies `status`, builds and
// queues the reply, audits; all in the caller's transaction.
StatusOr<CaseDetail> Decide(Db& db, std::string_view case_id,
                            CaseStatus status, const Decision& d,
                            const std::string& number, const std::string& action,
                            const std::string& detail, const ReplyBuilder& reply) {
  StatusOr<CaseDetail> before = internal::LoadCaseByIdOrNumber(db, case_id);
  if (!before.ok()) return before.status();
  if (!IsOpen(before->record.status)) {
    return FailedPrecondition("case " + before->record.number + " is " +
                              CaseStatusName(before->record.status) +
                              ", not open; reopen it first with `beian cases "
                              "reopen " + before->record.number + "`");
  }
  const int64_t id = before->record.id;
  StatusOr<int64_t> seq =
      RecordDecision(db, id, CaseStatusName(status), d.at, number);
  if (!seq.ok()) return seq.status();
  BEIAN_RETURN_IF_ERROR(internal::AddFieldAudit(
      db, d.at, d.actor, id, action, "status",
      CaseStatusName(before->record.status), CaseStatusName(status),
      detail + (d.note.empty() ? "" : "; note: " + d.note)));
  StatusOr<CaseDetail> after = internal::LoadCase(db, "c.id = ?", std::to_string(id),
                                                  std::to_string(id));
  if (!after.ok()) return after.status();
  if (reply) {
    StatusOr<NewReply> r = reply(*after);
    if (!r.ok()) return r.status();
    const std::string key = std::to_string(id) + ":" + std::to_string(*seq) + ":" + r->kind;
    BEIAN_RETURN_IF_ERROR(InsertReply(db, id, key, *r, d.at));
  }
  return after;
}

}  // namespace

Status SqliteStore::EditFields(
    std::string_view case_id,
    const std::vector<std::pair<std::string, std::string>>& edits,
    const Decision& d) {
  std::lock_guard lock(impl_->mu);
  Db& db = impl_->db;
  StatusOr<std::unique_ptr<Transaction>> tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  StatusOr<CaseDetail> c = internal::LoadCaseByIdOrNumber(db, case_id);
  if (!c.ok()) return c.status();
  for (const auto& [name, value] : edits) {
    std::string old;
    for (const DraftField& f : c->fields) {
      if (f.name == name && (old.empty() || f.source == "reviewer")) old = f.value;
    }
    StatusOr<Stmt> s = db.Prepare(
        "INSERT INTO draft_fields (case_id, name, source, value, confidence, "
        "updated_at) VALUES (?, ?, 'reviewer', ?, 1.0, ?) "
        "ON CONFLICT (case_id, name, source) DO UPDATE SET value = "
        "excluded.value, updated_at = excluded.updated_at");
    if (!s.ok()) return s.status();
    BEIAN_RETURN_IF_ERROR(s->Bind(1, c->record.id).Bind(2, name).Bind(3, value)
                              .Bind(4, FormatUtc(d.at)).Run());
    BEIAN_RETURN_IF_ERROR(internal::AddFieldAudit(db, d.at, d.actor, c->record.id,
                                                  "field_edited", name, old, value,
                                                  d.note));
  }
  return (*tx)->Commit();
}

StatusOr<CaseDetail> SqliteStore::Confirm(std::string_view case_id,
                                          const ConfirmRequest& r,
                                          const ReplyBuilder& reply) {
  std::lock_guard lock(impl_->mu);
  Db& db = impl_->db;
  StatusOr<std::unique_ptr<Transaction>> tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  StatusOr<CaseDetail> before = internal::LoadCaseByIdOrNumber(db, case_id);
  if (!before.ok()) return before.status();
  std::string number = r.number;
  if (number.empty() && IsOpen(before->record.status)) {
    const std::chrono::year_month_day day = ChinaDay(r.decision.at);
    StatusOr<int64_t> seq = NextRegistrationSequence(db, before->record.region,
                                                     FormatCompactDate(day));
    if (!seq.ok()) return seq.status();
    if (!r.format) return InvalidArgument("no registration number format given");
    StatusOr<std::string> formatted = r.format(before->record.region, day, *seq);
    if (!formatted.ok()) return formatted.status();
    number = *formatted;
  }
  const std::string detail = std::string(r.forced ? "forced " : "") +
                             "registration " + number +
                             (r.number.empty() ? " (issued)" : " (national platform)");
  StatusOr<CaseDetail> after = Decide(db, case_id, CaseStatus::kConfirmed, r.decision, number,
                                      "case_confirmed", detail, reply);
  if (!after.ok()) return after.status();
  BEIAN_RETURN_IF_ERROR((*tx)->Commit());
  return after;
}

StatusOr<CaseDetail> SqliteStore::RequestCorrection(std::string_view case_id,
                                                    const CorrectionRequest& r,
                                                    const ReplyBuilder& reply) {
  std::lock_guard lock(impl_->mu);
  Db& db = impl_->db;
  StatusOr<std::unique_ptr<Transaction>> tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  std::string reasons;
  for (const std::string& code : r.reasons) reasons += (reasons.empty() ? "" : ",") + code;
  StatusOr<CaseDetail> after =
      Decide(db, case_id, CaseStatus::kCorrectionRequested, r.decision, "",
             r.automatic ? "correction_automatic" : "correction_requested",
             "reasons " + reasons, reply);
  if (!after.ok()) return after.status();
  BEIAN_RETURN_IF_ERROR((*tx)->Commit());
  return after;
}

StatusOr<CaseDetail> SqliteStore::Reopen(std::string_view case_id,
                                         const Decision& d) {
  std::lock_guard lock(impl_->mu);
  Db& db = impl_->db;
  StatusOr<std::unique_ptr<Transaction>> tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  StatusOr<CaseDetail> c = internal::LoadCaseByIdOrNumber(db, case_id);
  if (!c.ok()) return c.status();
  if (c->record.status == CaseStatus::kNeedsReview) {
    return FailedPrecondition("case " + c->record.number + " is already open");
  }
  StatusOr<Stmt> s = db.Prepare(
      "UPDATE cases SET status = 'needs_review', updated_at = ? WHERE id = ?");
  if (!s.ok()) return s.status();
  BEIAN_RETURN_IF_ERROR(s->Bind(1, FormatUtc(d.at)).Bind(2, c->record.id).Run());
  BEIAN_RETURN_IF_ERROR(internal::AddFieldAudit(db, d.at, d.actor, c->record.id,
                                                "case_reopened", "status",
                                                CaseStatusName(c->record.status), "needs_review",
                                                d.note));
  StatusOr<CaseDetail> after = internal::LoadCase(
      db, "c.id = ?", std::to_string(c->record.id), c->record.number);
  if (!after.ok()) return after.status();
  BEIAN_RETURN_IF_ERROR((*tx)->Commit());
  return after;
}

Status SqliteStore::SetDueAt(int64_t case_id, TimePoint due) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare("UPDATE cases SET due_at = ? WHERE id = ?");
  if (!s.ok()) return s.status();
  return s->Bind(1, FormatUtc(due)).Bind(2, case_id).Run();
}

}  // namespace beian
