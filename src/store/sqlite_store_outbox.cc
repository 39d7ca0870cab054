// SqliteStore: the outbox (queued -> sending -> sent | failed, and
// "unconfirmed": sending, handed over, no answer), retention, and exports.
#include "sqlite_store_impl.h"

namespace beian {

using internal::Db;
using internal::Stmt;
using internal::Transaction;

namespace {

// "unconfirmed" is a sending reply the server was handed whole.
const char kStateColumn[] =
    "CASE WHEN o.state = 'sending' AND o.handed_over_at IS NOT NULL "
    "THEN 'unconfirmed' ELSE o.state END";

const std::string kOutboxColumns =
    "o.id, o.case_id, c.number, o.kind, o.decision_key, o.to_address, "
    "o.message_id, o.subject, o.bytes, " +
    std::string(kStateColumn) +
    ", o.attempts, o.next_attempt_at, "
    "o.last_error, o.created_at, o.sent_at FROM outbox o JOIN cases c ON "
    "c.id = o.case_id";

OutboxEntry ReadOutbox(const Stmt& s) {
  OutboxEntry e;
  e.id = s.Int(0);
  e.case_id = s.Int(1);
  e.case_number = s.Text(2);
  e.kind = s.Text(3);
  e.decision_key = s.Text(4);
  e.to_address = s.Text(5);
  e.message_id = s.Text(6);
  e.subject = s.Text(7);
  e.bytes = s.Text(8);
  // Only beian writes the column (a CHECK keeps it to the stored words).
  e.state = ParseOutboxState(s.Text(9)).value_or(OutboxState::kFailed);
  e.attempts = static_cast<int>(s.Int(10));
  e.next_attempt_at = internal::ReadTime(s.Text(11));
  e.last_error = s.Text(12);
  e.created_at = internal::ReadTime(s.Text(13));
  e.sent_at = ParseUtc(s.Text(14));
  return e;
}

}  // namespace

namespace internal {

Status CheckReplyCap(Db& db, const NewReply& r) {
  if (!r.cap) return Status::Ok();
  StatusOr<Stmt> s = db.Prepare(
      "SELECT count(*) FROM outbox WHERE to_address = ? COLLATE NOCASE AND "
      "created_at >= ? AND state != 'failed'");
  if (!s.ok()) return s.status();
  s->Bind(1, r.to_address).Bind(2, FormatUtc(r.cap->since));
  StatusOr<bool> row = s->Step();
  if (!row.ok()) return row.status();
  if (s->Int(0) < r.cap->max) return Status::Ok();
  return ResourceExhausted("the cap of " + std::to_string(r.cap->max) +
                           " replies to " + r.to_address +
                           " is reached; the reply is held");
}

}  // namespace internal

StatusOr<bool> SqliteStore::EnqueueReply(int64_t case_id,
                                         std::string_view decision_key,
                                         const NewReply& r, TimePoint at) {
  std::lock_guard lock(impl_->mu);
  StatusOr<std::unique_ptr<Transaction>> tx = Transaction::Begin(impl_->db);
  if (!tx.ok()) return tx.status();
  BEIAN_RETURN_IF_ERROR(internal::CheckReplyCap(impl_->db, r));
  StatusOr<Stmt> s = impl_->db.Prepare(
      "INSERT INTO outbox (case_id, kind, decision_key, to_address, "
      "message_id, "
      "subject, bytes, next_attempt_at, created_at) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (decision_key) DO NOTHING");
  if (!s.ok()) return s.status();
  BEIAN_RETURN_IF_ERROR(s->Bind(1, case_id)
                            .Bind(2, r.kind)
                            .Bind(3, decision_key)
                            .Bind(4, r.to_address)
                            .Bind(5, r.message_id)
                            .Bind(6, r.subject)
                            .Bind(7, r.bytes)
                            .Bind(8, FormatUtc(at))
                            .Bind(9, FormatUtc(at))
                            .Run());
  const bool queued = sqlite3_changes(impl_->db.handle()) == 1;
  BEIAN_RETURN_IF_ERROR((*tx)->Commit());
  return queued;
}

StatusOr<bool> SqliteStore::HasReply(std::string_view decision_key) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s =
      impl_->db.Prepare("SELECT count(*) FROM outbox WHERE decision_key = ?");
  if (!s.ok()) return s.status();
  s->Bind(1, decision_key);
  StatusOr<bool> row = s->Step();
  if (!row.ok()) return row.status();
  return s->Int(0) > 0;
}

namespace {

struct Candidate {
  int64_t id = 0;
  bool sending = false;
  std::string claimed_by;
};

// Due replies and those left "sending" before being handed over, in order.
StatusOr<std::vector<Candidate>> ClaimCandidates(Db& db, TimePoint now) {
  StatusOr<Stmt> s = db.Prepare(
      "SELECT id, state = 'sending', claimed_by FROM outbox WHERE "
      "(state = 'sending' AND handed_over_at IS NULL) OR "
      "(state = 'queued' AND next_attempt_at <= ?) ORDER BY id");
  if (!s.ok()) return s.status();
  s->Bind(1, FormatUtc(now));
  return internal::ReadAll<Candidate>(*s, [](const Stmt& r) {
    return Candidate{r.Int(0), r.Int(1) != 0, r.Text(2)};
  });
}

}  // namespace

// One BEGIN IMMEDIATE transaction: processes claiming at once take turns, and
// a "sending" reply is taken only from this handle itself or from a holder
// whose ClaimLock is free (its handle closed or its process died).
StatusOr<std::vector<OutboxEntry>> SqliteStore::ClaimReplies(TimePoint now,
                                                             int limit) {
  std::lock_guard lock(impl_->mu);
  Db& db = impl_->db;
  if (!impl_->claim_lock) {
    StatusOr<std::unique_ptr<internal::ClaimLock>> mine =
        internal::ClaimLock::Take(impl_->ClaimDir());
    if (!mine.ok()) return mine.status();
    impl_->claim_lock = std::move(*mine);
  }
  const std::string& me = impl_->claim_lock->token();
  StatusOr<std::unique_ptr<Transaction>> tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  StatusOr<std::vector<Candidate>> candidates = ClaimCandidates(db, now);
  if (!candidates.ok()) return candidates.status();
  std::vector<OutboxEntry> claimed;
  for (const Candidate& c : *candidates) {
    if (static_cast<int>(claimed.size()) >= limit) break;
    if (c.sending && c.claimed_by != me &&
        internal::ClaimLock::HolderAlive(impl_->ClaimDir(), c.claimed_by)) {
      continue;  // another live sender has it
    }
    StatusOr<Stmt> u = db.Prepare(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1, "
        "claimed_by = ? WHERE id = ?");
    if (!u.ok()) return u.status();
    BEIAN_RETURN_IF_ERROR(u->Bind(1, me).Bind(2, c.id).Run());
    StatusOr<Stmt> s =
        db.Prepare(std::string("SELECT ") + kOutboxColumns + " WHERE o.id = ?");
    if (!s.ok()) return s.status();
    s->Bind(1, c.id);
    auto one = internal::ReadAll<OutboxEntry>(*s, ReadOutbox);
    if (!one.ok()) return one.status();
    for (OutboxEntry& e : *one) claimed.push_back(std::move(e));
  }
  BEIAN_RETURN_IF_ERROR((*tx)->Commit());
  return claimed;
}

Status SqliteStore::UpdateReply(std::string_view sql, std::string_view value,
                                int64_t id) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(sql);
  if (!s.ok()) return s.status();
  return s->Bind(1, value).Bind(2, id).Run();
}

Status SqliteStore::MarkReplySent(int64_t id, TimePoint at) {
  return UpdateReply(
      "UPDATE outbox SET state = 'sent', sent_at = ?1, last_error = '' "
      "WHERE id = ?2 AND state = 'sending'",
      FormatUtc(at), id);
}

// Only while this handle still holds the claim: a sender that another one
// took over from must not hand the reply over too.
Status SqliteStore::MarkReplyHandedOver(int64_t id, TimePoint at) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(
      "UPDATE outbox SET handed_over_at = ?1 WHERE id = ?2 AND state = "
      "'sending' AND claimed_by = ?3 AND ?3 != ''");
  if (!s.ok()) return s.status();
  const std::string me =
      impl_->claim_lock ? impl_->claim_lock->token() : std::string();
  BEIAN_RETURN_IF_ERROR(
      s->Bind(1, FormatUtc(at)).Bind(2, id).Bind(3, me).Run());
  if (sqlite3_changes(impl_->db.handle()) == 1) return Status::Ok();
  return FailedPrecondition(
      "reply " + std::to_string(id) +
      " is no longer claimed by this sender (another beian took it over "
      "after this one looked dead, or it was sent); it was not handed over");
}

Status SqliteStore::MarkReplyUnconfirmed(int64_t id, std::string_view error) {
  return UpdateReply(
      "UPDATE outbox SET last_error = ?1 WHERE id = ?2 AND state = 'sending' "
      "AND handed_over_at IS NOT NULL",
      error, id);
}

Status SqliteStore::ResolveUnconfirmedReply(int64_t id, bool delivered,
                                            TimePoint at) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(
      delivered ? "UPDATE outbox SET state = 'sent', sent_at = ?1, "
                  "last_error = '' WHERE id = ?2 AND state = 'sending' AND "
                  "handed_over_at IS NOT NULL"
                : "UPDATE outbox SET state = 'queued', handed_over_at = NULL, "
                  "next_attempt_at = ?1 WHERE id = ?2 AND state = 'sending' "
                  "AND handed_over_at IS NOT NULL");
  if (!s.ok()) return s.status();
  BEIAN_RETURN_IF_ERROR(s->Bind(1, FormatUtc(at)).Bind(2, id).Run());
  if (sqlite3_changes(impl_->db.handle()) == 1) return Status::Ok();
  return FailedPrecondition("reply " + std::to_string(id) +
                            " is not unconfirmed; `beian outbox list "
                            "--state unconfirmed` shows those that are");
}

Status SqliteStore::MarkReplyFailed(int64_t id, std::string_view error,
                                    std::optional<TimePoint> retry_at) {
  std::lock_guard lock(impl_->mu);
  // The server answered: whatever was handed over, it did not take it.
  StatusOr<Stmt> s = impl_->db.Prepare(
      "UPDATE outbox SET state = ?, last_error = ?, next_attempt_at = "
      "COALESCE(?, next_attempt_at), handed_over_at = NULL WHERE id = ?");
  if (!s.ok()) return s.status();
  s->Bind(1, retry_at ? "queued" : "failed").Bind(2, error);
  if (retry_at) {
    s->Bind(3, FormatUtc(*retry_at));
  } else {
    s->BindNull(3);
  }
  return s->Bind(4, id).Run();
}

StatusOr<int> SqliteStore::RepliesTo(std::string_view address,
                                     TimePoint since) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(
      "SELECT count(*) FROM outbox WHERE to_address = ? COLLATE NOCASE AND "
      "created_at >= ? AND state != 'failed'");
  if (!s.ok()) return s.status();
  s->Bind(1, address).Bind(2, FormatUtc(since));
  StatusOr<bool> row = s->Step();
  if (!row.ok()) return row.status();
  return static_cast<int>(s->Int(0));
}

StatusOr<std::vector<OutboxEntry>> SqliteStore::ListOutbox(
    std::optional<OutboxState> state) {
  std::lock_guard lock(impl_->mu);
  const std::string word = state ? OutboxStateName(*state) : "";
  StatusOr<Stmt> s = impl_->db.Prepare(std::string("SELECT ") + kOutboxColumns +
                                       " WHERE ? = '' OR " + kStateColumn +
                                       " = ? ORDER BY o.id");
  if (!s.ok()) return s.status();
  s->Bind(1, word).Bind(2, word);
  return internal::ReadAll<OutboxEntry>(*s, ReadOutbox);
}

StatusOr<std::vector<CaseDetail>> SqliteStore::ConfirmedSince(TimePoint since) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(
      "SELECT id FROM cases WHERE status = 'confirmed' AND decided_at >= ? "
      "ORDER BY decided_at, id");
  if (!s.ok()) return s.status();
  s->Bind(1, FormatUtc(since));
  auto ids =
      internal::ReadAll<int64_t>(*s, [](const Stmt& r) { return r.Int(0); });
  if (!ids.ok()) return ids.status();
  std::vector<CaseDetail> out;
  for (int64_t id : *ids) {
    StatusOr<CaseDetail> d = internal::LoadCase(
        impl_->db, "c.id = ?", std::to_string(id), std::to_string(id));
    if (!d.ok()) return d.status();
    out.push_back(std::move(*d));
  }
  return out;
}

StatusOr<std::vector<std::string>> SqliteStore::PurgeDecidedBefore(
    TimePoint before, const Decision& d) {
  std::lock_guard lock(impl_->mu);
  Db& db = impl_->db;
  StatusOr<std::unique_ptr<Transaction>> tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  StatusOr<Stmt> s = db.Prepare(
      "SELECT id FROM cases WHERE status IN ('confirmed', 'closed') AND "
      "purged_at IS NULL AND decided_at < ?");
  if (!s.ok()) return s.status();
  s->Bind(1, FormatUtc(before));
  auto ids =
      internal::ReadAll<int64_t>(*s, [](const Stmt& r) { return r.Int(0); });
  if (!ids.ok()) return ids.status();
  std::vector<std::string> paths;
  for (int64_t id : *ids) {
    StatusOr<Stmt> p = db.Prepare(
        "SELECT raw_path FROM mails WHERE case_id = ?1 AND raw_path NOT IN "
        "(SELECT m.raw_path FROM mails m LEFT JOIN cases c ON c.id = m.case_id "
        " WHERE m.case_id IS NOT ?1 AND c.purged_at IS NULL) "
        "UNION SELECT path FROM attachments WHERE case_id = ?1 AND path != '' "
        "AND path NOT IN "
        "(SELECT a.path FROM attachments a JOIN cases c ON c.id = a.case_id "
        " WHERE a.case_id != ?1 AND c.purged_at IS NULL)");
    if (!p.ok()) return p.status();
    p->Bind(1, id);
    auto files = internal::ReadAll<std::string>(
        *p, [](const Stmt& r) { return r.Text(0); });
    if (!files.ok()) return files.status();
    paths.insert(paths.end(), files->begin(), files->end());
    StatusOr<Stmt> u =
        db.Prepare("UPDATE cases SET purged_at = ? WHERE id = ?");
    if (!u.ok()) return u.status();
    BEIAN_RETURN_IF_ERROR(u->Bind(1, FormatUtc(d.at)).Bind(2, id).Run());
    BEIAN_RETURN_IF_ERROR(
        internal::AddAudit(db, d.at, d.actor, id, "files_purged",
                           std::to_string(files->size()) + " files"));
  }
  BEIAN_RETURN_IF_ERROR((*tx)->Commit());
  return paths;
}

}  // namespace beian
