// PostgresStore: quarantine, summary and account states for reviewers and
// operators.
#include <algorithm>

#include "postgres_store_impl.h"

namespace beian {

using internal::InPgTransaction;
using internal::PgConnection;
using internal::PgParams;
using internal::PgResult;

namespace {

const std::string kQuarantineSelect =
    std::string(
        "SELECT q.id, q.reason, q.created_at, q.retries, "
        "q.released_at IS NOT NULL, ") +
    internal::kPgMailColumns +
    " FROM quarantine q JOIN mails m ON m.id = q.mail_id";

QuarantineRecord ReadQuarantine(const PgResult& r, int i) {
  QuarantineRecord q;
  q.id = r.Int(i, 0);
  q.reason = r.Text(i, 1);
  q.created_at = r.Time(i, 2);
  q.retries = static_cast<int>(r.Int(i, 3));
  q.released = r.Bool(i, 4);
  q.mail = internal::ReadPgMail(r, i, 5);
  q.mail.state = MailState::kQuarantined;  // as SqliteStore reports it
  return q;
}

StatusOr<std::vector<std::pair<std::string, int>>> Counts(PgConnection& db,
                                                          const char* sql) {
  StatusOr<PgResult> r = db.Query(sql);
  if (!r.ok()) return r.status();
  std::vector<std::pair<std::string, int>> out;
  for (int i = 0; i < r->rows(); ++i) {
    out.emplace_back(r->Text(i, 0), static_cast<int>(r->Int(i, 1)));
  }
  return out;
}

int CountOf(const std::vector<std::pair<std::string, int>>& counts,
            std::string_view key) {
  for (const auto& [k, n] : counts) {
    if (k == key) return n;
  }
  return 0;
}

}  // namespace

StatusOr<std::vector<QuarantineRecord>> PostgresStore::ListQuarantine(
    bool include_released) {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r =
      impl_->db.Query(kQuarantineSelect +
                      (include_released ? "" : " WHERE q.released_at IS NULL") +
                      " ORDER BY q.id");
  if (!r.ok()) return r.status();
  std::vector<QuarantineRecord> out;
  for (int i = 0; i < r->rows(); ++i) out.push_back(ReadQuarantine(*r, i));
  return out;
}

StatusOr<QuarantineRecord> PostgresStore::GetQuarantine(int64_t id) {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r = impl_->db.Query(kQuarantineSelect + " WHERE q.id = $1",
                                         PgParams().Add(id));
  if (!r.ok()) return r.status();
  if (r->rows() == 0) {
    return NotFound("no quarantine entry " + std::to_string(id) +
                    "; run `beian quarantine list` to see them");
  }
  return ReadQuarantine(*r, 0);
}

Status PostgresStore::ReleaseQuarantine(int64_t id, std::string_view actor,
                                        TimePoint at) {
  std::lock_guard lock(impl_->mu);
  PgConnection& db = impl_->db;
  return InPgTransaction(db, [&]() -> Status {
    StatusOr<PgResult> q = db.Query(
        "UPDATE quarantine SET released_at = $1, retries = retries + 1 "
        "WHERE id = $2 AND released_at IS NULL RETURNING mail_id",
        PgParams().Add(at).Add(id));
    if (!q.ok()) return q.status();
    if (q->rows() == 0) {
      return NotFound("no quarantined mail with entry " + std::to_string(id) +
                      " (already released?); see `beian quarantine list`");
    }
    const int64_t mail_id = q->Int(0, 0);
    BEIAN_RETURN_IF_ERROR(
        db.Query("UPDATE mails SET state = 'stored', read_until = NULL "
                 "WHERE id = $1",
                 PgParams().Add(mail_id))
            .status());
    // A mail quarantined for crashing beian gets its tries back.
    BEIAN_RETURN_IF_ERROR(
        db.Query("DELETE FROM intake_crashes WHERE (region, sha256) = "
                 "(SELECT region, sha256 FROM mails WHERE id = $1)",
                 PgParams().Add(mail_id))
            .status());
    return internal::PgAddAudit(
        db, at, actor, std::nullopt, "quarantine_released",
        "entry " + std::to_string(id) + ", mail " + std::to_string(mail_id));
  });
}

StatusOr<StoreSummary> PostgresStore::Summarize() {
  std::lock_guard lock(impl_->mu);
  PgConnection& db = impl_->db;
  StoreSummary sum;
  auto by_status = Counts(
      db, "SELECT status, count(*) FROM cases GROUP BY status ORDER BY status");
  if (!by_status.ok()) return by_status.status();
  sum.cases_by_status = std::move(*by_status);
  auto by_code =
      Counts(db,
             "SELECT code, count(*) FROM problems WHERE resolved_at IS NULL "
             "GROUP BY code ORDER BY count(*) DESC, code");
  if (!by_code.ok()) return by_code.status();
  sum.problems_by_code = std::move(*by_code);
  auto mails = Counts(db, "SELECT state, count(*) FROM mails GROUP BY state");
  if (!mails.ok()) return mails.status();
  for (const auto& [state, n] : *mails) sum.mails += n;
  sum.quarantined = CountOf(*mails, "quarantined");
  sum.duplicates = CountOf(*mails, "duplicate");
  return sum;
}

StatusOr<ReadBacklog> PostgresStore::CountReads(TimePoint now) {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r = impl_->db.Query(
      "SELECT count(*), count(*) FILTER (WHERE read_until >= $1) FROM mails "
      "WHERE state = 'stored'",
      PgParams().Add(now));
  if (!r.ok()) return r.status();
  return ReadBacklog{static_cast<int>(r->Int(0, 0)),
                     static_cast<int>(r->Int(0, 1))};
}

StatusOr<std::vector<std::string>> PostgresStore::NamedBlobs() {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r = impl_->db.Query(
      "SELECT raw_path FROM mails UNION SELECT path FROM attachments WHERE "
      "path <> ''");
  if (!r.ok()) return r.status();
  std::vector<std::string> names;
  names.reserve(static_cast<size_t>(r->rows()));
  for (int i = 0; i < r->rows(); ++i) names.push_back(r->Text(i, 0));
  std::sort(names.begin(), names.end());  // bytes, not the collation
  return names;
}

Status PostgresStore::SaveAccount(const AccountState& a) {
  std::lock_guard lock(impl_->mu);
  return internal::PgWrite(
             impl_->db,
             "INSERT INTO accounts (region, source, last_success_at, "
             "last_error, last_error_at, failures, next_poll_at, backlog) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
             "ON CONFLICT (region, source) DO UPDATE SET "
             "last_success_at = excluded.last_success_at, "
             "last_error = excluded.last_error, "
             "last_error_at = excluded.last_error_at, "
             "failures = excluded.failures, "
             "next_poll_at = excluded.next_poll_at, "
             "backlog = excluded.backlog",
             PgParams()
                 .Add(a.region)
                 .Add(a.source)
                 .Add(a.last_success_at)
                 .Add(a.last_error)
                 .Add(a.last_error_at)
                 .Add(a.failures)
                 .Add(a.next_poll_at)
                 .Add(a.backlog))
      .status();
}

StatusOr<std::vector<AccountState>> PostgresStore::ListAccounts() {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r = impl_->db.Query(
      "SELECT region, source, last_success_at, last_error, last_error_at, "
      "failures, next_poll_at, backlog FROM accounts ORDER BY region, source");
  if (!r.ok()) return r.status();
  std::vector<AccountState> out;
  for (int i = 0; i < r->rows(); ++i) {
    AccountState a;
    a.region = r->Text(i, 0);
    a.source = r->Text(i, 1);
    a.last_success_at = r->OptTime(i, 2);
    a.last_error = r->Text(i, 3);
    a.last_error_at = r->OptTime(i, 4);
    a.failures = static_cast<int>(r->Int(i, 5));
    a.next_poll_at = r->OptTime(i, 6);
    a.backlog = static_cast<int>(r->Int(i, 7));
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace beian
