// PostgresStore: reviewer decisions. Each decision and its reply are one
// transaction on the case row locked FOR UPDATE, so two reviewers (or
// processes) deciding at once take turns: the second sees the first's
// decision and is refused, never a second registration number.
#include <chrono>

#include "beian/base/china_time.h"
#include "postgres_store_impl.h"

namespace beian {

using internal::InPgTransaction;
using internal::PgConnection;
using internal::PgParams;
using internal::PgResult;

namespace {

StatusOr<int64_t> NextRegistrationSequence(PgConnection& db,
                                           const std::string& region,
                                           const std::string& day) {
  StatusOr<PgResult> r = db.Query(
      "INSERT INTO registration_counters (region, day, last) VALUES ($1, $2, "
      "1) ON CONFLICT (region, day) DO UPDATE SET "
      "last = registration_counters.last + 1 RETURNING last",
      PgParams().Add(region).Add(day));
  if (!r.ok()) return r.status();
  return r->Int(0, 0);
}

// Sets status (and the decision columns), bumps decision_seq, returns it.
StatusOr<int64_t> RecordDecision(PgConnection& db, int64_t case_id,
                                 CaseStatus status, TimePoint at,
                                 const std::string& registration_number) {
  StatusOr<PgResult> r = db.Query(
      "UPDATE cases SET status = $1, updated_at = $2, decided_at = $2, "
      "registration_number = CASE WHEN $3 = '' THEN registration_number "
      "ELSE $3 END, decision_seq = decision_seq + 1 WHERE id = $4 "
      "RETURNING decision_seq",
      PgParams()
          .Add(CaseStatusName(status))
          .Add(at)
          .Add(registration_number)
          .Add(case_id));
  if (!r.ok()) return r.status();
  return r->Int(0, 0);
}

Status InsertReply(PgConnection& db, int64_t case_id, std::string_view key,
                   const NewReply& r, TimePoint at) {
  BEIAN_RETURN_IF_ERROR(internal::PgCheckReplyCap(db, r));
  return db
      .Query(
          "INSERT INTO outbox (case_id, kind, decision_key, to_address, "
          "message_id, subject, bytes, next_attempt_at, created_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
          PgParams()
              .Add(case_id)
              .Add(r.kind)
              .Add(key)
              .Add(r.to_address)
              .Add(r.message_id)
              .Add(r.subject)
              .AddBytes(r.bytes)
              .Add(at))
      .status();
}

// Runs a decision on the locked case `before`: checks it is open, applies
// `status`, builds and queues the reply, audits; in the caller's
// transaction.
StatusOr<CaseDetail> Decide(PgConnection& db, const CaseDetail& before,
                            CaseStatus status, const Decision& d,
                            const std::string& number,
                            const std::string& action,
                            const std::string& detail,
                            const ReplyBuilder& reply) {
  if (!IsOpen(before.record.status)) {
    return FailedPrecondition(
        "case " + before.record.number + " is " +
        CaseStatusName(before.record.status) +
        ", not open; reopen it first with `beian cases reopen " +
        before.record.number + "`");
  }
  const int64_t id = before.record.id;
  StatusOr<int64_t> seq = RecordDecision(db, id, status, d.at, number);
  if (!seq.ok()) return seq.status();
  BEIAN_RETURN_IF_ERROR(internal::PgAddFieldAudit(
      db, d.at, d.actor, id, action, "status",
      CaseStatusName(before.record.status), CaseStatusName(status),
      detail + (d.note.empty() ? "" : "; note: " + d.note)));
  StatusOr<CaseDetail> after =
      internal::PgLoadCase(db, id, before.record.number);
  if (!after.ok()) return after.status();
  if (reply) {
    StatusOr<NewReply> r = reply(*after);
    if (!r.ok()) return r.status();
    const std::string key =
        std::to_string(id) + ":" + std::to_string(*seq) + ":" + r->kind;
    BEIAN_RETURN_IF_ERROR(InsertReply(db, id, key, *r, d.at));
  }
  return after;
}

// The case `case_id` names, locked for the rest of the transaction.
StatusOr<CaseDetail> LockAndLoad(PgConnection& db, std::string_view case_id) {
  StatusOr<int64_t> id = internal::PgFindCaseId(db, case_id, true);
  if (!id.ok()) return id.status();
  return internal::PgLoadCase(db, *id, std::string(case_id));
}

}  // namespace

Status PostgresStore::EditFields(
    std::string_view case_id,
    const std::vector<std::pair<std::string, std::string>>& edits,
    const Decision& d) {
  std::lock_guard lock(impl_->mu);
  PgConnection& db = impl_->db;
  return InPgTransaction(db, [&]() -> Status {
    StatusOr<CaseDetail> c = LockAndLoad(db, case_id);
    if (!c.ok()) return c.status();
    for (const auto& [name, value] : edits) {
      std::string old;
      for (const DraftField& f : c->fields) {
        if (f.name == name && (old.empty() || f.source == "reviewer")) {
          old = f.value;
        }
      }
      BEIAN_RETURN_IF_ERROR(
          db.Query("INSERT INTO draft_fields (case_id, name, source, value, "
                   "confidence, updated_at) VALUES ($1, $2, 'reviewer', $3, "
                   "1.0, $4) ON CONFLICT (case_id, name, source) DO UPDATE "
                   "SET value = excluded.value, updated_at = "
                   "excluded.updated_at",
                   PgParams().Add(c->record.id).Add(name).Add(value).Add(d.at))
              .status());
      BEIAN_RETURN_IF_ERROR(
          internal::PgAddFieldAudit(db, d.at, d.actor, c->record.id,
                                    "field_edited", name, old, value, d.note));
    }
    return Status::Ok();
  });
}

StatusOr<CaseDetail> PostgresStore::Confirm(std::string_view case_id,
                                            const ConfirmRequest& r,
                                            const ReplyBuilder& reply) {
  std::lock_guard lock(impl_->mu);
  PgConnection& db = impl_->db;
  return InPgTransaction(db, [&]() -> StatusOr<CaseDetail> {
    StatusOr<CaseDetail> before = LockAndLoad(db, case_id);
    if (!before.ok()) return before.status();
    std::string number = r.number;
    if (number.empty() && IsOpen(before->record.status)) {
      const std::chrono::year_month_day day = ChinaDay(r.decision.at);
      StatusOr<int64_t> seq = NextRegistrationSequence(
          db, before->record.region, FormatCompactDate(day));
      if (!seq.ok()) return seq.status();
      if (!r.format) {
        return InvalidArgument("no registration number format given");
      }
      StatusOr<std::string> formatted =
          r.format(before->record.region, day, *seq);
      if (!formatted.ok()) return formatted.status();
      number = *formatted;
    }
    const std::string detail =
        std::string(r.forced ? "forced " : "") + "registration " + number +
        (r.number.empty() ? " (issued)" : " (national platform)");
    return Decide(db, *before, CaseStatus::kConfirmed, r.decision, number,
                  "case_confirmed", detail, reply);
  });
}

StatusOr<CaseDetail> PostgresStore::RequestCorrection(
    std::string_view case_id, const CorrectionRequest& r,
    const ReplyBuilder& reply) {
  std::lock_guard lock(impl_->mu);
  PgConnection& db = impl_->db;
  return InPgTransaction(db, [&]() -> StatusOr<CaseDetail> {
    StatusOr<CaseDetail> before = LockAndLoad(db, case_id);
    if (!before.ok()) return before.status();
    std::string reasons;
    for (const std::string& code : r.reasons) {
      reasons += (reasons.empty() ? "" : ",") + code;
    }
    return Decide(db, *before, CaseStatus::kCorrectionRequested, r.decision, "",
                  r.automatic ? "correction_automatic" : "correction_requested",
                  "reasons " + reasons, reply);
  });
}

StatusOr<CaseDetail> PostgresStore::Reopen(std::string_view case_id,
                                           const Decision& d) {
  std::lock_guard lock(impl_->mu);
  PgConnection& db = impl_->db;
  return InPgTransaction(db, [&]() -> StatusOr<CaseDetail> {
    StatusOr<CaseDetail> c = LockAndLoad(db, case_id);
    if (!c.ok()) return c.status();
    if (c->record.status == CaseStatus::kNeedsReview) {
      return FailedPrecondition("case " + c->record.number +
                                " is already open");
    }
    BEIAN_RETURN_IF_ERROR(
        db.Query("UPDATE cases SET status = 'needs_review', updated_at = $1 "
                 "WHERE id = $2",
                 PgParams().Add(d.at).Add(c->record.id))
            .status());
    BEIAN_RETURN_IF_ERROR(internal::PgAddFieldAudit(
        db, d.at, d.actor, c->record.id, "case_reopened", "status",
        CaseStatusName(c->record.status), "needs_review", d.note));
    return internal::PgLoadCase(db, c->record.id, c->record.number);
  });
}

Status PostgresStore::SetDueAt(int64_t case_id, TimePoint due) {
  std::lock_guard lock(impl_->mu);
  return internal::PgWrite(impl_->db,
                           "UPDATE cases SET due_at = $1 WHERE id = $2",
                           PgParams().Add(due).Add(case_id))
      .status();
}

}  // namespace beian
