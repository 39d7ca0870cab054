// PostgresStore: the outbox (queued -> sending -> sent | failed, and
// "unconfirmed": sending, handed over, no answer), retention and exports.
#include <algorithm>

#include "postgres_store_impl.h"

namespace beian {

using internal::InPgTransaction;
using internal::PgConnection;
using internal::PgParams;
using internal::PgResult;

namespace {

// "unconfirmed" is a sending reply the server was handed whole.
const char kStateColumn[] =
    "CASE WHEN o.state = 'sending' AND o.handed_over_at IS NOT NULL "
    "THEN 'unconfirmed' ELSE o.state END";

const std::string kOutboxColumns =
    "o.id, o.case_id, c.number, o.kind, o.decision_key, o.to_address, "
    "o.message_id, o.subject, o.bytes, " +
    std::string(kStateColumn) +
    ", o.attempts, o.next_attempt_at, o.last_error, o.created_at, o.sent_at";

const std::string kOutboxSelect = "SELECT " + kOutboxColumns +
                                  " FROM outbox o JOIN cases c ON "
                                  "c.id = o.case_id";

OutboxEntry ReadOutbox(const PgResult& r, int i) {
  OutboxEntry e;
  e.id = r.Int(i, 0);
  e.case_id = r.Int(i, 1);
  e.case_number = r.Text(i, 2);
  e.kind = r.Text(i, 3);
  e.decision_key = r.Text(i, 4);
  e.to_address = r.Text(i, 5);
  e.message_id = r.Text(i, 6);
  e.subject = r.Text(i, 7);
  e.bytes = r.Bytes(i, 8);
  e.state = ParseOutboxState(r.Text(i, 9)).value_or(OutboxState::kFailed);
  e.attempts = static_cast<int>(r.Int(i, 10));
  e.next_attempt_at = r.Time(i, 11);
  e.last_error = r.Text(i, 12);
  e.created_at = r.Time(i, 13);
  e.sent_at = r.OptTime(i, 14);
  return e;
}

StatusOr<std::vector<OutboxEntry>> Entries(StatusOr<PgResult> r) {
  if (!r.ok()) return r.status();
  std::vector<OutboxEntry> out;
  for (int i = 0; i < r->rows(); ++i) out.push_back(ReadOutbox(*r, i));
  return out;
}

StatusOr<std::vector<int64_t>> Ids(StatusOr<PgResult> r) {
  if (!r.ok()) return r.status();
  std::vector<int64_t> out;
  for (int i = 0; i < r->rows(); ++i) out.push_back(r->Int(i, 0));
  return out;
}

}  // namespace

namespace internal {

Status PgCheckReplyCap(PgConnection& db, const NewReply& r) {
  if (!r.cap) return Status::Ok();
  // Lock class 1: reply addresses (the two-key form, apart from the
  // migrations' one-key lock).
  BEIAN_RETURN_IF_ERROR(
      db.Query("SELECT pg_advisory_xact_lock(1, hashtext(lower($1)))",
               PgParams().Add(r.to_address))
          .status());
  StatusOr<PgResult> n = db.Query(
      "SELECT count(*) FROM outbox WHERE lower(to_address) = lower($1) AND "
      "created_at >= $2 AND state <> 'failed'",
      PgParams().Add(r.to_address).Add(r.cap->since));
  if (!n.ok()) return n.status();
  if (n->Int(0, 0) < r.cap->max) return Status::Ok();
  return ResourceExhausted("the cap of " + std::to_string(r.cap->max) +
                           " replies to " + r.to_address +
                           " is reached; the reply is held");
}

}  // namespace internal

StatusOr<bool> PostgresStore::EnqueueReply(int64_t case_id,
                                           std::string_view decision_key,
                                           const NewReply& r, TimePoint at) {
  std::lock_guard lock(impl_->mu);
  PgConnection& db = impl_->db;
  StatusOr<PgResult> w = InPgTransaction(db, [&]() -> StatusOr<PgResult> {
    BEIAN_RETURN_IF_ERROR(internal::PgCheckReplyCap(db, r));
    return db.Query(
        "INSERT INTO outbox (case_id, kind, decision_key, to_address, "
        "message_id, subject, bytes, next_attempt_at, created_at) VALUES "
        "($1, $2, $3, $4, $5, $6, $7, $8, $8) "
        "ON CONFLICT (decision_key) DO NOTHING",
        PgParams()
            .Add(case_id)
            .Add(r.kind)
            .Add(decision_key)
            .Add(r.to_address)
            .Add(r.message_id)
            .Add(r.subject)
            .AddBytes(r.bytes)
            .Add(at));
  });
  if (!w.ok()) return w.status();
  return w->affected() == 1;
}

StatusOr<bool> PostgresStore::HasReply(std::string_view decision_key) {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r =
      impl_->db.Query("SELECT count(*) FROM outbox WHERE decision_key = $1",
                      PgParams().Add(decision_key));
  if (!r.ok()) return r.status();
  return r->Int(0, 0) > 0;
}

namespace {

// Lock class 2: a reply claimed by a process, held by its connection (a
// session lock) until the reply leaves the "sending" state it was claimed
// into. A process that dies loses its connection and with it its claims,
// so another takes those replies over at once; while it lives, nobody else
// sends them. Outbox ids are folded into the lock's 32-bit key.
constexpr char kClaimKey[] = "2, ($1::int8 % 2147483647)::int4";

// Replies due at `now`, or left "sending" before the hand-over by a process
// whose claim lock is gone, that nobody's claim lock seems to hold.
StatusOr<std::vector<int64_t>> ClaimCandidates(PgConnection& db, TimePoint now,
                                               int limit) {
  return Ids(db.Query(
      "SELECT o.id FROM outbox o WHERE ((o.state = 'sending' AND "
      "o.handed_over_at IS NULL) OR (o.state = 'queued' AND "
      "o.next_attempt_at <= $1)) AND (o.id % 2147483647) NOT IN (SELECT "
      "l.objid::int8 FROM pg_locks l WHERE l.locktype = 'advisory' AND "
      "l.classid::int8 = 2 AND l.objsubid = 2 AND l.granted AND "
      "l.pid <> pg_backend_pid()) ORDER BY o.id LIMIT $2",
      PgParams().Add(now).Add(limit)));
}

// Takes reply `id`'s claim lock; false when another process holds it.
StatusOr<bool> LockClaim(PgConnection& db, int64_t id) {
  StatusOr<PgResult> r =
      db.Query(std::string("SELECT pg_try_advisory_lock(") + kClaimKey + ")",
               PgParams().Add(id));
  if (!r.ok()) return r.status();
  return r->Bool(0, 0);
}

Status UnlockClaim(PgConnection& db, int64_t id) {
  return db
      .Query(std::string("SELECT pg_advisory_unlock(") + kClaimKey + ")",
             PgParams().Add(id))
      .status();
}

}  // namespace

// Each candidate is claimed only under its lock, and only if it is still
// due once the lock is ours (another process may have sent it meanwhile).
StatusOr<std::vector<OutboxEntry>> PostgresStore::ClaimReplies(TimePoint now,
                                                               int limit) {
  std::lock_guard lock(impl_->mu);
  PgConnection& db = impl_->db;
  StatusOr<std::vector<int64_t>> candidates = ClaimCandidates(db, now, limit);
  if (!candidates.ok()) return candidates.status();
  std::vector<OutboxEntry> claimed;
  for (int64_t id : *candidates) {
    const bool ours_already = impl_->claimed.contains(id);
    if (!ours_already) {
      StatusOr<bool> locked = LockClaim(db, id);
      if (!locked.ok()) return locked.status();
      if (!*locked) continue;
    }
    StatusOr<std::vector<OutboxEntry>> one = Entries(internal::PgWrite(
        db,
        "UPDATE outbox o SET state = 'sending', attempts = o.attempts + 1 "
        "FROM cases c WHERE o.id = $1 AND c.id = o.case_id AND "
        "((o.state = 'sending' AND o.handed_over_at IS NULL) OR "
        "(o.state = 'queued' AND o.next_attempt_at <= $2)) RETURNING " +
            kOutboxColumns,
        PgParams().Add(id).Add(now)));
    if (!one.ok() || one->empty()) {
      if (!ours_already) (void)UnlockClaim(db, id);
      if (!one.ok()) return one.status();
      continue;
    }
    impl_->claimed.insert(id);
    claimed.push_back(std::move(one->front()));
  }
  return claimed;
}

void PostgresStore::ReleaseClaim(int64_t id) {
  if (impl_->claimed.erase(id) == 1) (void)UnlockClaim(impl_->db, id);
}

Status PostgresStore::Released(int64_t id, Status s) {
  ReleaseClaim(id);
  return s;
}

Status PostgresStore::MarkReplySent(int64_t id, TimePoint at) {
  std::lock_guard lock(impl_->mu);
  return Released(
      id, internal::PgWrite(impl_->db,
                            "UPDATE outbox SET state = 'sent', sent_at = $1, "
                            "last_error = '' WHERE id = $2 AND state = "
                            "'sending'",
                            PgParams().Add(at).Add(id))
              .status());
}

// Only while this connection still holds the claim: after a lost
// connection another process may have taken the reply over.
Status PostgresStore::MarkReplyHandedOver(int64_t id, TimePoint at) {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r = internal::PgWrite(
      impl_->db,
      "UPDATE outbox SET handed_over_at = $1 WHERE id = $2 AND state = "
      "'sending' AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = "
      "'advisory' AND l.classid::int8 = 2 AND l.objsubid = 2 AND "
      "l.objid::int8 = $2 % 2147483647 AND l.granted AND "
      "l.pid = pg_backend_pid())",
      PgParams().Add(at).Add(id));
  if (!r.ok()) return r.status();
  if (r->affected() == 1) return Status::Ok();
  ReleaseClaim(id);
  return FailedPrecondition("reply " + std::to_string(id) +
                            " is no longer this process's to send (its "
                            "claim was lost; another process sends it)");
}

Status PostgresStore::MarkReplyUnconfirmed(int64_t id, std::string_view error) {
  std::lock_guard lock(impl_->mu);
  return Released(
      id, internal::PgWrite(impl_->db,
                            "UPDATE outbox SET last_error = $1 WHERE id = $2 "
                            "AND state = 'sending' AND handed_over_at IS NOT "
                            "NULL",
                            PgParams().Add(error).Add(id))
              .status());
}

Status PostgresStore::ResolveUnconfirmedReply(int64_t id, bool delivered,
                                              TimePoint at) {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r = internal::PgWrite(
      impl_->db,
      delivered ? "UPDATE outbox SET state = 'sent', sent_at = $1, "
                  "last_error = '' WHERE id = $2 AND state = 'sending' AND "
                  "handed_over_at IS NOT NULL"
                : "UPDATE outbox SET state = 'queued', handed_over_at = NULL, "
                  "next_attempt_at = $1 WHERE id = $2 AND state = 'sending' "
                  "AND handed_over_at IS NOT NULL",
      PgParams().Add(at).Add(id));
  if (!r.ok()) return r.status();
  if (r->affected() == 1) return Status::Ok();
  return FailedPrecondition("reply " + std::to_string(id) +
                            " is not unconfirmed; `beian outbox list "
                            "--state unconfirmed` shows those that are");
}

Status PostgresStore::MarkReplyFailed(int64_t id, std::string_view error,
                                      std::optional<TimePoint> retry_at) {
  std::lock_guard lock(impl_->mu);
  // The server answered: whatever was handed over, it did not take it.
  Status s =
      internal::PgWrite(
          impl_->db,
          "UPDATE outbox SET state = $1, last_error = $2, next_attempt_at "
          "= coalesce($3::timestamptz, next_attempt_at), handed_over_at = "
          "NULL WHERE id = $4",
          PgParams()
              .Add(retry_at ? "queued" : "failed")
              .Add(error)
              .Add(retry_at)
              .Add(id))
          .status();
  ReleaseClaim(id);
  return s;
}

StatusOr<int> PostgresStore::RepliesTo(std::string_view address,
                                       TimePoint since) {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r = impl_->db.Query(
      "SELECT count(*) FROM outbox WHERE lower(to_address) = lower($1) AND "
      "created_at >= $2 AND state <> 'failed'",
      PgParams().Add(address).Add(since));
  if (!r.ok()) return r.status();
  return static_cast<int>(r->Int(0, 0));
}

StatusOr<std::vector<OutboxEntry>> PostgresStore::ListOutbox(
    std::optional<OutboxState> state) {
  std::lock_guard lock(impl_->mu);
  return Entries(
      impl_->db.Query(kOutboxSelect + " WHERE $1 = '' OR " + kStateColumn +
                          " = $1 ORDER BY o.id",
                      PgParams().Add(state ? OutboxStateName(*state) : "")));
}

StatusOr<std::vector<CaseDetail>> PostgresStore::ConfirmedSince(
    TimePoint since) {
  std::lock_guard lock(impl_->mu);
  StatusOr<std::vector<int64_t>> ids = Ids(impl_->db.Query(
      "SELECT id FROM cases WHERE status = 'confirmed' AND decided_at >= $1 "
      "ORDER BY decided_at, id",
      PgParams().Add(since)));
  if (!ids.ok()) return ids.status();
  std::vector<CaseDetail> out;
  for (int64_t id : *ids) {
    StatusOr<CaseDetail> d =
        internal::PgLoadCase(impl_->db, id, std::to_string(id));
    if (!d.ok()) return d.status();
    out.push_back(std::move(*d));
  }
  return out;
}

StatusOr<std::vector<std::string>> PostgresStore::PurgeDecidedBefore(
    TimePoint before, const Decision& d) {
  std::lock_guard lock(impl_->mu);
  PgConnection& db = impl_->db;
  return InPgTransaction(db, [&]() -> StatusOr<std::vector<std::string>> {
    // Cases another process is purging are skipped: it purges them.
    StatusOr<std::vector<int64_t>> ids = Ids(db.Query(
        "SELECT id FROM cases WHERE status IN ('confirmed', 'closed') AND "
        "purged_at IS NULL AND decided_at < $1 ORDER BY id "
        "FOR UPDATE SKIP LOCKED",
        PgParams().Add(before)));
    if (!ids.ok()) return ids.status();
    std::vector<std::string> paths;
    for (int64_t id : *ids) {
      // A file another case still keeps stays.
      StatusOr<PgResult> files = db.Query(
          "SELECT raw_path FROM mails WHERE case_id = $1 AND raw_path NOT IN "
          "(SELECT m.raw_path FROM mails m LEFT JOIN cases c ON "
          "c.id = m.case_id WHERE m.case_id IS DISTINCT FROM $1 AND "
          "c.purged_at IS NULL) "
          "UNION SELECT path FROM attachments WHERE case_id = $1 AND "
          "path <> '' AND path NOT IN (SELECT a.path FROM attachments a "
          "JOIN cases c ON c.id = a.case_id WHERE a.case_id <> $1 AND "
          "c.purged_at IS NULL)",
          PgParams().Add(id));
      if (!files.ok()) return files.status();
      for (int i = 0; i < files->rows(); ++i)
        paths.push_back(files->Text(i, 0));
      BEIAN_RETURN_IF_ERROR(
          db.Query("UPDATE cases SET purged_at = $1 WHERE id = $2",
                   PgParams().Add(d.at).Add(id))
              .status());
      BEIAN_RETURN_IF_ERROR(
          internal::PgAddAudit(db, d.at, d.actor, id, "files_purged",
                               std::to_string(files->rows()) + " files"));
    }
    return paths;
  });
}

}  // namespace beian
