// SqliteStore: quarantine and summary queries for reviewers and operators.
#include <algorithm>

#include "sqlite_store_impl.h"

namespace beian {

using internal::Db;
using internal::Stmt;
using internal::Transaction;

namespace {

const std::string kQuarantineSelect =
    std::string(
        "SELECT q.id, q.reason, q.created_at, q.retries, "
        "q.released_at IS NOT NULL, ") +
    internal::kMailColumns +
    " FROM quarantine q JOIN mails m ON m.id = q.mail_id";

QuarantineRecord ReadQuarantine(const Stmt& s) {
  QuarantineRecord q;
  q.id = s.Int(0);
  q.reason = s.Text(1);
  q.created_at = internal::ReadTime(s.Text(2));
  q.retries = static_cast<int>(s.Int(3));
  q.released = s.Int(4) != 0;
  // The mail columns follow at offset 5: read them through a shifted view.
  MailRecord& m = q.mail;
  m.id = s.Int(5);
  m.source = {s.Text(6), s.Text(7), s.Text(8)};
  m.sha256 = s.Text(9);
  m.size = s.Int(10);
  m.raw_path = s.Text(11);
  m.received_at = internal::ReadTime(s.Text(12));
  m.state = MailState::kQuarantined;
  m.message_id = s.Text(14);
  m.subject = s.Text(15);
  m.from_address = s.Text(16);
  return q;
}

StatusOr<std::vector<std::pair<std::string, int>>> Counts(Db& db,
                                                          const char* sql) {
  StatusOr<Stmt> s = db.Prepare(sql);
  if (!s.ok()) return s.status();
  return internal::ReadAll<std::pair<std::string, int>>(*s, [](const Stmt& r) {
    return std::make_pair(r.Text(0), static_cast<int>(r.Int(1)));
  });
}

int CountOf(const std::vector<std::pair<std::string, int>>& counts,
            std::string_view key) {
  for (const auto& [k, n] : counts) {
    if (k == key) return n;
  }
  return 0;
}

}  // namespace

StatusOr<std::vector<QuarantineRecord>> SqliteStore::ListQuarantine(
    bool include_released) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(
      kQuarantineSelect +
      (include_released ? "" : " WHERE q.released_at IS NULL") +
      " ORDER BY q.id");
  if (!s.ok()) return s.status();
  return internal::ReadAll<QuarantineRecord>(*s, ReadQuarantine);
}

StatusOr<QuarantineRecord> SqliteStore::GetQuarantine(int64_t id) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(kQuarantineSelect + " WHERE q.id = ?");
  if (!s.ok()) return s.status();
  s->Bind(1, id);
  StatusOr<bool> row = s->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return NotFound("no quarantine entry " + std::to_string(id) +
                    "; run `beian quarantine list` to see them");
  }
  return ReadQuarantine(*s);
}

Status SqliteStore::ReleaseQuarantine(int64_t id, std::string_view actor,
                                      TimePoint at) {
  std::lock_guard lock(impl_->mu);
  Db& db = impl_->db;
  StatusOr<std::unique_ptr<Transaction>> tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  StatusOr<Stmt> q = db.Prepare(
      "UPDATE quarantine SET released_at = ?, retries = retries + 1 "
      "WHERE id = ? AND released_at IS NULL RETURNING mail_id");
  if (!q.ok()) return q.status();
  q->Bind(1, FormatUtc(at)).Bind(2, id);
  StatusOr<bool> row = q->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return NotFound("no quarantined mail with entry " + std::to_string(id) +
                    " (already released?); see `beian quarantine list`");
  }
  const int64_t mail_id = q->Int(0);
  BEIAN_RETURN_IF_ERROR(q->Run());
  StatusOr<Stmt> m = db.Prepare(
      "UPDATE mails SET state = 'stored', read_until = NULL WHERE id = ?");
  if (!m.ok()) return m.status();
  BEIAN_RETURN_IF_ERROR(m->Bind(1, mail_id).Run());
  // A mail quarantined for crashing beian gets its tries back.
  StatusOr<Stmt> c = db.Prepare(
      "DELETE FROM intake_crashes WHERE (region, sha256) = "
      "(SELECT region, sha256 FROM mails WHERE id = ?)");
  if (!c.ok()) return c.status();
  BEIAN_RETURN_IF_ERROR(c->Bind(1, mail_id).Run());
  BEIAN_RETURN_IF_ERROR(internal::AddAudit(
      db, at, actor, std::nullopt, "quarantine_released",
      "entry " + std::to_string(id) + ", mail " + std::to_string(mail_id)));
  return (*tx)->Commit();
}

StatusOr<StoreSummary> SqliteStore::Summarize() {
  std::lock_guard lock(impl_->mu);
  Db& db = impl_->db;
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

StatusOr<ReadBacklog> SqliteStore::CountReads(TimePoint now) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(
      "SELECT count(*), coalesce(sum(read_until IS NOT NULL AND read_until "
      ">= ?), 0) FROM mails WHERE state = 'stored'");
  if (!s.ok()) return s.status();
  s->Bind(1, FormatUtc(now));
  const auto read = [](const Stmt& r) {
    return ReadBacklog{static_cast<int>(r.Int(0)), static_cast<int>(r.Int(1))};
  };
  StatusOr<std::vector<ReadBacklog>> rows =
      internal::ReadAll<ReadBacklog>(*s, read);
  if (!rows.ok()) return rows.status();
  return rows->empty() ? ReadBacklog{} : rows->front();
}

StatusOr<std::vector<std::string>> SqliteStore::NamedBlobs() {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(
      "SELECT raw_path FROM mails UNION SELECT path FROM attachments WHERE "
      "path != ''");
  if (!s.ok()) return s.status();
  auto names = internal::ReadAll<std::string>(
      *s, [](const Stmt& r) { return r.Text(0); });
  if (names.ok()) std::sort(names->begin(), names->end());
  return names;
}

}  // namespace beian

namespace beian {

Status SqliteStore::SaveAccount(const AccountState& a) {
  std::lock_guard lock(impl_->mu);
  auto opt = [](const std::optional<TimePoint>& t) {
    return t ? FormatUtc(*t) : std::string();
  };
  StatusOr<Stmt> s = impl_->db.Prepare(
      "INSERT INTO accounts (region, source, last_success_at, last_error, "
      "last_error_at, failures, next_poll_at, backlog) VALUES "
      "(?1, ?2, NULLIF(?3, ''), ?4, NULLIF(?5, ''), ?6, NULLIF(?7, ''), ?8) "
      "ON CONFLICT (region, source) DO UPDATE SET "
      "last_success_at = excluded.last_success_at, last_error = "
      "excluded.last_error, "
      "last_error_at = excluded.last_error_at, failures = excluded.failures, "
      "next_poll_at = excluded.next_poll_at, backlog = excluded.backlog");
  if (!s.ok()) return s.status();
  return s->Bind(1, a.region)
      .Bind(2, a.source)
      .Bind(3, opt(a.last_success_at))
      .Bind(4, a.last_error)
      .Bind(5, opt(a.last_error_at))
      .Bind(6, static_cast<int64_t>(a.failures))
      .Bind(7, opt(a.next_poll_at))
      .Bind(8, static_cast<int64_t>(a.backlog))
      .Run();
}

StatusOr<std::vector<AccountState>> SqliteStore::ListAccounts() {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(
      "SELECT region, source, last_success_at, last_error, last_error_at, "
      "failures, next_poll_at, backlog FROM accounts ORDER BY region, source");
  if (!s.ok()) return s.status();
  return internal::ReadAll<AccountState>(*s, [](const Stmt& r) {
    AccountState a;
    a.region = r.Text(0);
    a.source = r.Text(1);
    a.last_success_at = ParseUtc(r.Text(2));
    a.last_error = r.Text(3);
    a.last_error_at = ParseUtc(r.Text(4));
    a.failures = static_cast<int>(r.Int(5));
    a.next_poll_at = ParseUtc(r.Text(6));
    a.backlog = static_cast<int>(r.Int(7));
    return a;
  });
}

}  // namespace beian

namespace beian {

Status SqliteStore::RecordCrash(std::string_view region,
                                std::string_view sha256,
                                std::string_view attempt,
                                std::string_view source_key, TimePoint at) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(
      "INSERT INTO intake_crashes (region, sha256, crashes, last_attempt, "
      "last_source_key, last_crash_at) VALUES (?, ?, 1, ?, ?, ?) "
      "ON CONFLICT (region, sha256) DO UPDATE SET crashes = crashes + 1, "
      "last_attempt = excluded.last_attempt, "
      "last_source_key = excluded.last_source_key, "
      "last_crash_at = excluded.last_crash_at "
      "WHERE last_attempt != excluded.last_attempt");
  if (!s.ok()) return s.status();
  return s->Bind(1, region)
      .Bind(2, sha256)
      .Bind(3, attempt)
      .Bind(4, source_key)
      .Bind(5, FormatUtc(at))
      .Run();
}

StatusOr<std::vector<std::pair<std::string, std::string>>>
SqliteStore::CrashedMails(int times) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(
      "SELECT region, sha256 FROM intake_crashes WHERE crashes >= ?");
  if (!s.ok()) return s.status();
  s->Bind(1, static_cast<int64_t>(times));
  std::vector<std::pair<std::string, std::string>> out;
  for (;;) {
    StatusOr<bool> row = s->Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.emplace_back(s->Text(0), s->Text(1));
  }
}

}  // namespace beian
