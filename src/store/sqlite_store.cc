// SqliteStore: opening, migrations and the ingest half.
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "beian/store/blob_store.h"
#include "read_claims.h"
#include "schema.h"
#include "sqlite_store_impl.h"

namespace beian {

using internal::Db;
using internal::Stmt;
using internal::Transaction;

namespace {

// "('needs_review', 'correction_requested')": the open statuses (IsOpen) as
// an SQL list.
std::string OpenStatusList() {
  std::string list;
  for (CaseStatus s : kCaseStatuses) {
    if (!IsOpen(s)) continue;
    list +=
        (list.empty() ? "('" : ", '") + std::string(CaseStatusName(s)) + "'";
  }
  return list + ")";
}

}  // namespace

namespace internal {

const char kMailColumns[] =
    "m.id, m.region, m.source, m.source_key, m.sha256, m.size, m.raw_path, "
    "m.received_at, m.state, m.message_id, m.subject, m.from_address, "
    "m.case_id, m.duplicate_of";

const char kCaseColumns[] =
    "c.id, c.number, c.region, c.status, c.applicant_name, c.id_number, "
    "c.citizen_address, c.opened_at, c.updated_at, "
    "(SELECT count(*) FROM mails WHERE case_id = c.id), "
    "(SELECT count(*) FROM problems WHERE case_id = c.id AND resolved_at IS "
    "NULL), "
    "c.registration_number, c.due_at, c.decided_at, c.purged_at";

TimePoint ReadTime(const std::string& s) {
  return ParseUtc(s).value_or(TimePoint{});
}

MailRecord ReadMail(const Stmt& s) {
  MailRecord m;
  m.id = s.Int(0);
  m.source = {s.Text(1), s.Text(2), s.Text(3)};
  m.sha256 = s.Text(4);
  m.size = s.Int(5);
  m.raw_path = s.Text(6);
  m.received_at = ReadTime(s.Text(7));
  const std::string state = s.Text(8);
  m.state = state == "processed"     ? MailState::kProcessed
            : state == "quarantined" ? MailState::kQuarantined
            : state == "duplicate"   ? MailState::kDuplicate
                                     : MailState::kStored;
  m.message_id = s.Text(9);
  m.subject = s.Text(10);
  m.from_address = s.Text(11);
  m.case_id = s.OptInt(12);
  m.duplicate_of = s.OptInt(13);
  return m;
}

CaseRecord ReadCase(const Stmt& s) {
  CaseRecord c;
  c.id = s.Int(0);
  c.number = s.Text(1);
  c.region = s.Text(2);
  // Only beian writes the column; a word it does not know stays in front of
  // a reviewer rather than out of sight.
  c.status = ParseCaseStatus(s.Text(3)).value_or(CaseStatus::kNeedsReview);
  c.applicant_name = s.Text(4);
  c.id_number = s.Text(5);
  c.citizen_address = s.Text(6);
  c.opened_at = ReadTime(s.Text(7));
  c.updated_at = ReadTime(s.Text(8));
  c.mail_count = static_cast<int>(s.Int(9));
  c.problem_count = static_cast<int>(s.Int(10));
  c.registration_number = s.Text(11);
  c.due_at = ParseUtc(s.Text(12));
  c.decided_at = ParseUtc(s.Text(13));
  c.purged_at = ParseUtc(s.Text(14));
  return c;
}

StatusOr<std::vector<MailRecord>> QueryMails(Stmt stmt) {
  return ReadAll<MailRecord>(stmt, ReadMail);
}

StatusOr<std::vector<CaseRecord>> QueryCases(Stmt stmt) {
  return ReadAll<CaseRecord>(stmt, ReadCase);
}

Status AddAudit(Db& db, TimePoint at, std::string_view actor,
                std::optional<int64_t> case_id, std::string_view action,
                std::string_view detail) {
  StatusOr<Stmt> s = db.Prepare(
      "INSERT INTO audit_log (at, actor, case_id, action, detail) "
      "VALUES (?, ?, ?, ?, ?)");
  if (!s.ok()) return s.status();
  return s->Bind(1, FormatUtc(at))
      .Bind(2, actor)
      .Bind(3, case_id)
      .Bind(4, action)
      .Bind(5, detail)
      .Run();
}

Status AddFieldAudit(Db& db, TimePoint at, std::string_view actor,
                     int64_t case_id, std::string_view action,
                     std::string_view field, std::string_view old_value,
                     std::string_view new_value, std::string_view detail) {
  StatusOr<Stmt> s = db.Prepare(
      "INSERT INTO audit_log (at, actor, case_id, action, detail, field, "
      "old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!s.ok()) return s.status();
  return s->Bind(1, FormatUtc(at))
      .Bind(2, actor)
      .Bind(3, case_id)
      .Bind(4, action)
      .Bind(5, detail)
      .Bind(6, field)
      .Bind(7, old_value)
      .Bind(8, new_value)
      .Run();
}

}  // namespace internal

namespace {

template <typename T>
StatusOr<std::optional<T>> First(StatusOr<std::vector<T>> rows) {
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<T>();
  return std::optional<T>(std::move(rows->front()));
}

StatusOr<int> ReadVersion(Db& db) {
  // Finished before migrating: a pending statement blocks DROP INDEX.
  StatusOr<Stmt> v = db.Prepare("PRAGMA user_version");
  if (!v.ok()) return v.status();
  StatusOr<bool> row = v->Step();
  if (!row.ok()) return row.status();
  return static_cast<int>(v->Int(0));
}

Status CheckKnown(const Db& db, int version, size_t known) {
  if (version <= static_cast<int>(known)) return Status::Ok();
  return FailedPrecondition("database " + db.path() + " has schema version " +
                            std::to_string(version) +
                            " but this beian knows only up to " +
                            std::to_string(known) + "; upgrade beian");
}

// Each step holds the write lock (BEGIN IMMEDIATE) and reads the version
// again under it: processes opening a new file together each wait their
// turn, and a step another one applied meanwhile is not applied twice.
Status Migrate(Db& db, int& version) {
  const auto& migrations = internal::Migrations();
  StatusOr<int> read = ReadVersion(db);
  if (!read.ok()) return read.status();
  version = *read;
  BEIAN_RETURN_IF_ERROR(CheckKnown(db, version, migrations.size()));
  while (version < static_cast<int>(migrations.size())) {
    StatusOr<std::unique_ptr<Transaction>> tx = Transaction::Begin(db);
    if (!tx.ok()) return tx.status();
    read = ReadVersion(db);
    if (!read.ok()) return read.status();
    version = *read;
    BEIAN_RETURN_IF_ERROR(CheckKnown(db, version, migrations.size()));
    if (version == static_cast<int>(migrations.size())) break;
    BEIAN_RETURN_IF_ERROR(db.Exec(migrations[version]));
    BEIAN_RETURN_IF_ERROR(
        db.Exec("PRAGMA user_version = " + std::to_string(version + 1)));
    BEIAN_RETURN_IF_ERROR((*tx)->Commit());
    ++version;
  }
  return Status::Ok();
}

// Switching a new file to WAL takes the whole file for a moment. SQLite
// refuses a process that opens the file at that moment at once, without
// waiting (its rule against deadlocks), so it tries again, for about the
// busy timeout.
Status UseWal(Db& db) {
  for (int tries = 1;; ++tries) {
    Status s = db.Exec("PRAGMA journal_mode = WAL");
    if (s.ok() || tries == 100 || sqlite3_errcode(db.handle()) != SQLITE_BUSY) {
      return s;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

Status PrepareFile(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path parent = fs::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty() && !fs::exists(parent)) {
    fs::create_directories(parent, ec);
    if (ec) {
      return IoError("cannot create folder " + parent.string() + ": " +
                     ec.message());
    }
    ::chmod(parent.c_str(), 0700);
  }
  return Status::Ok();
}

}  // namespace

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() = default;

StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(
    const std::string& path) {
  BEIAN_RETURN_IF_ERROR(PrepareFile(path));
  const mode_t old_mask = ::umask(077);
  StatusOr<Db> db = Db::Open(path);
  ::umask(old_mask);
  if (!db.ok()) return db.status();
  BEIAN_RETURN_IF_ERROR(UseWal(*db));
  BEIAN_RETURN_IF_ERROR(db->Exec("PRAGMA foreign_keys = ON"));
  BEIAN_RETURN_IF_ERROR(db->Exec("PRAGMA synchronous = FULL"));
  auto impl = std::make_unique<Impl>(std::move(*db));
  impl->path = path;
  BEIAN_RETURN_IF_ERROR(Migrate(impl->db, impl->version));
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(impl)));
}

int SqliteStore::SchemaVersion() const { return impl_->version; }

int64_t SqliteStore::FullScanSteps() const {
  return impl_->db.full_scan_steps();
}

Status SqliteStore::SetDeferredSync(bool defer) {
  std::lock_guard lock(impl_->mu);
  BEIAN_RETURN_IF_ERROR(impl_->db.Exec(defer ? "PRAGMA synchronous = NORMAL"
                                             : "PRAGMA synchronous = FULL"));
  return impl_->db.Exec(defer ? "PRAGMA wal_autocheckpoint = 8000"
                              : "PRAGMA wal_autocheckpoint = 1000");
}

Status SqliteStore::BeginBatch() {
  std::lock_guard lock(impl_->mu);
  if (impl_->db.in_batch()) return Status::Ok();
  BEIAN_RETURN_IF_ERROR(impl_->db.Exec("BEGIN IMMEDIATE"));
  impl_->db.set_in_batch(true);
  return Status::Ok();
}

Status SqliteStore::CommitBatch() {
  std::lock_guard lock(impl_->mu);
  if (!impl_->db.in_batch()) return Status::Ok();
  impl_->db.set_in_batch(false);
  Status s = impl_->db.Exec("COMMIT");
  if (!s.ok()) (void)impl_->db.Exec("ROLLBACK");
  return s;
}

Status SqliteStore::SyncToDisk() {
  // No lock: the path never changes, and the poller's mover calls this while
  // the pipeline goes on committing.
  const std::string dir =
      std::filesystem::path(impl_->path).parent_path().string();
  return SyncFileSystemOf(dir.empty() ? "." : dir);
}

StatusOr<std::optional<MailRecord>> SqliteStore::FindMailBySource(
    const SourceKey& source) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(
      std::string("SELECT ") + internal::kMailColumns +
      " FROM mails m WHERE region = ? AND source = ? AND source_key = ?");
  if (!s.ok()) return s.status();
  s->Bind(1, source.region).Bind(2, source.source).Bind(3, source.key);
  return First(internal::QueryMails(std::move(*s)));
}

StatusOr<std::optional<MailRecord>> SqliteStore::FindMailBySha256(
    std::string_view region, std::string_view sha256) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s =
      impl_->db.Prepare(std::string("SELECT ") + internal::kMailColumns +
                        " FROM mails m WHERE region = ? AND sha256 = ?");
  if (!s.ok()) return s.status();
  s->Bind(1, region).Bind(2, sha256);
  return First(internal::QueryMails(std::move(*s)));
}

StatusOr<int64_t> SqliteStore::AddRawMail(const NewRawMail& mail) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(
      "INSERT INTO mails (region, source, source_key, sha256, size, raw_path, "
      "received_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!s.ok()) return s.status();
  s->Bind(1, mail.source.region)
      .Bind(2, mail.source.source)
      .Bind(3, mail.source.key)
      .Bind(4, mail.sha256)
      .Bind(5, mail.size)
      .Bind(6, mail.raw_path)
      .Bind(7, FormatUtc(mail.received_at));
  BEIAN_RETURN_IF_ERROR(s->Run());
  return impl_->db.LastInsertId();
}

StatusOr<std::vector<MailRecord>> SqliteStore::PendingMails() {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s =
      impl_->db.Prepare(std::string("SELECT ") + internal::kMailColumns +
                        " FROM mails m WHERE state = 'stored' ORDER BY id");
  if (!s.ok()) return s.status();
  return internal::QueryMails(std::move(*s));
}

// One writer at a time on the file: the transaction is the claim's lock.
// FormatUtc's fixed-width text orders as the times do.
StatusOr<std::optional<MailRecord>> SqliteStore::ClaimPendingMail(
    std::string_view holder, TimePoint now, TimePoint until) {
  std::lock_guard lock(impl_->mu);
  Db& db = impl_->db;
  StatusOr<std::unique_ptr<Transaction>> tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  StatusOr<Stmt> s = db.Prepare(
      std::string("SELECT ") + internal::kMailColumns +
      " FROM mails m WHERE state = 'stored' AND (read_until IS NULL OR "
      "read_until < ?) ORDER BY id LIMIT 1");
  if (!s.ok()) return s.status();
  s->Bind(1, FormatUtc(now));
  StatusOr<std::optional<MailRecord>> mail =
      First(internal::QueryMails(std::move(*s)));
  if (!mail.ok() || !*mail) return mail;
  StatusOr<Stmt> claim =
      db.Prepare("UPDATE mails SET read_by = ?, read_until = ? WHERE id = ?");
  if (!claim.ok()) return claim.status();
  BEIAN_RETURN_IF_ERROR(claim->Bind(1, holder)
                            .Bind(2, FormatUtc(until))
                            .Bind(3, (*mail)->id)
                            .Run());
  BEIAN_RETURN_IF_ERROR((*tx)->Commit());
  return mail;
}

// Only the holder's row changes; when none did, the row says why.
Status SqliteStore::RenewReadClaim(int64_t mail_id, std::string_view holder,
                                   TimePoint until) {
  std::lock_guard lock(impl_->mu);
  Db& db = impl_->db;
  StatusOr<Stmt> renew = db.Prepare(
      "UPDATE mails SET read_until = ? WHERE id = ? AND state = 'stored' AND "
      "read_by = ?");
  if (!renew.ok()) return renew.status();
  BEIAN_RETURN_IF_ERROR(
      renew->Bind(1, FormatUtc(until)).Bind(2, mail_id).Bind(3, holder).Run());
  if (sqlite3_changes(db.handle()) == 1) return Status::Ok();
  StatusOr<Stmt> s =
      db.Prepare("SELECT state, read_by FROM mails WHERE id = ?");
  if (!s.ok()) return s.status();
  s->Bind(1, mail_id);
  StatusOr<bool> row = s->Step();
  if (!row.ok()) return row.status();
  if (!*row) return internal::ReadClaimLost(mail_id, holder, std::nullopt);
  const std::string state = s->Text(0), read_by = s->Text(1);
  return internal::ReadClaimLost(mail_id, holder,
                                 internal::ClaimedMail{state, read_by});
}

StatusOr<std::optional<MailRecord>> SqliteStore::FindMailByMessageId(
    std::string_view region, std::string_view message_id) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(
      std::string("SELECT ") + internal::kMailColumns +
      " FROM mails m WHERE region = ? AND message_id = ? AND state = "
      "'processed' ORDER BY id LIMIT 1");
  if (!s.ok()) return s.status();
  s->Bind(1, region).Bind(2, message_id);
  return First(internal::QueryMails(std::move(*s)));
}

namespace {

Status WriteHeaders(internal::Db& db, int64_t mail_id, const MailHeaders& h,
                    std::string_view state, std::optional<int64_t> case_id,
                    std::optional<int64_t> duplicate_of) {
  StatusOr<Stmt> s = db.Prepare(
      "UPDATE mails SET state = ?, message_id = ?, subject = ?, "
      "from_address = ?, from_name = ?, reply_to = ?, in_reply_to = ?, "
      "refs = ?, mail_date = ?, case_id = ?, duplicate_of = ? WHERE id = ?");
  if (!s.ok()) return s.status();
  return s->Bind(1, state)
      .Bind(2, h.message_id)
      .Bind(3, h.subject)
      .Bind(4, h.from_address)
      .Bind(5, h.from_name)
      .Bind(6, h.reply_to)
      .Bind(7, h.in_reply_to)
      .Bind(8, h.references)
      .Bind(9, h.date)
      .Bind(10, case_id)
      .Bind(11, duplicate_of)
      .Bind(12, mail_id)
      .Run();
}

}  // namespace

Status SqliteStore::MarkDuplicate(int64_t mail_id, int64_t of_mail_id,
                                  const MailHeaders& headers) {
  std::lock_guard lock(impl_->mu);
  return WriteHeaders(impl_->db, mail_id, headers, "duplicate", std::nullopt,
                      of_mail_id);
}

Status SqliteStore::QuarantineMail(int64_t mail_id, std::string_view reason,
                                   TimePoint at) {
  std::lock_guard lock(impl_->mu);
  StatusOr<std::unique_ptr<Transaction>> tx = Transaction::Begin(impl_->db);
  if (!tx.ok()) return tx.status();
  StatusOr<Stmt> up =
      impl_->db.Prepare("UPDATE mails SET state = 'quarantined' WHERE id = ?");
  if (!up.ok()) return up.status();
  BEIAN_RETURN_IF_ERROR(up->Bind(1, mail_id).Run());
  StatusOr<Stmt> q = impl_->db.Prepare(
      "INSERT INTO quarantine (mail_id, reason, created_at) VALUES (?, ?, ?) "
      "ON CONFLICT (mail_id) DO UPDATE SET reason = excluded.reason, "
      "created_at = excluded.created_at, released_at = NULL");
  if (!q.ok()) return q.status();
  BEIAN_RETURN_IF_ERROR(
      q->Bind(1, mail_id).Bind(2, reason).Bind(3, FormatUtc(at)).Run());
  BEIAN_RETURN_IF_ERROR(internal::AddAudit(
      impl_->db, at, "beian", std::nullopt, "mail_quarantined",
      "mail " + std::to_string(mail_id) + ": " + std::string(reason)));
  return (*tx)->Commit();
}

StatusOr<std::optional<CaseRecord>> SqliteStore::FindCaseByThread(
    std::string_view region, const std::vector<std::string>& ids) {
  std::lock_guard lock(impl_->mu);
  // Newest reference first: In-Reply-To is tried before older References.
  for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
    StatusOr<Stmt> s =
        impl_->db.Prepare(std::string("SELECT ") + internal::kCaseColumns +
                          " FROM thread_ids t JOIN cases c ON c.id = t.case_id "
                          "WHERE t.region = ? AND t.message_id = ?");
    if (!s.ok()) return s.status();
    s->Bind(1, region).Bind(2, *it);
    StatusOr<std::optional<CaseRecord>> c =
        First(internal::QueryCases(std::move(*s)));
    if (!c.ok() || c->has_value()) return c;
  }
  return std::optional<CaseRecord>();
}

StatusOr<std::optional<CaseRecord>> SqliteStore::FindOpenCaseByIdNumber(
    std::string_view region, std::string_view id_number) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(
      std::string("SELECT ") + internal::kCaseColumns +
      " FROM cases c WHERE region = ? AND id_number = ? AND status IN " +
      OpenStatusList() + " ORDER BY id DESC LIMIT 1");
  if (!s.ok()) return s.status();
  s->Bind(1, region).Bind(2, id_number);
  return First(internal::QueryCases(std::move(*s)));
}

}  // namespace beian
