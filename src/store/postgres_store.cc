// PostgresStore: opening, migrations and the ingest half.
#include "beian/store/postgres_store.h"

#include "postgres_schema.h"
#include "postgres_store_impl.h"
#include "read_claims.h"

namespace beian {

using internal::InPgTransaction;
using internal::PgConnection;
using internal::PgParams;
using internal::PgResult;

namespace internal {

const char kPgMailColumns[] =
    "m.id, m.region, m.source, m.source_key, m.sha256, m.size, m.raw_path, "
    "m.received_at, m.state, m.message_id, m.subject, m.from_address, "
    "m.case_id, m.duplicate_of";

const char kPgCaseColumns[] =
    "c.id, c.number, c.region, c.status, c.applicant_name, c.id_number, "
    "c.citizen_address, c.opened_at, c.updated_at, "
    "(SELECT count(*) FROM mails WHERE case_id = c.id), "
    "(SELECT count(*) FROM problems WHERE case_id = c.id AND resolved_at IS "
    "NULL), "
    "c.registration_number, c.due_at, c.decided_at, c.purged_at";

MailRecord ReadPgMail(const PgResult& r, int row, int first_col) {
  auto col = [&](int i) { return first_col + i; };
  MailRecord m;
  m.id = r.Int(row, col(0));
  m.source = {r.Text(row, col(1)), r.Text(row, col(2)), r.Text(row, col(3))};
  m.sha256 = r.Text(row, col(4));
  m.size = r.Int(row, col(5));
  m.raw_path = r.Text(row, col(6));
  m.received_at = r.Time(row, col(7));
  const std::string state = r.Text(row, col(8));
  m.state = state == "processed"     ? MailState::kProcessed
            : state == "quarantined" ? MailState::kQuarantined
            : state == "duplicate"   ? MailState::kDuplicate
                                     : MailState::kStored;
  m.message_id = r.Text(row, col(9));
  m.subject = r.Text(row, col(10));
  m.from_address = r.Text(row, col(11));
  m.case_id = r.OptInt(row, col(12));
  m.duplicate_of = r.OptInt(row, col(13));
  return m;
}

CaseRecord ReadPgCase(const PgResult& r, int row) {
  CaseRecord c;
  c.id = r.Int(row, 0);
  c.number = r.Text(row, 1);
  c.region = r.Text(row, 2);
  // A CHECK keeps the column to the statuses.
  c.status = ParseCaseStatus(r.Text(row, 3)).value_or(CaseStatus::kNeedsReview);
  c.applicant_name = r.Text(row, 4);
  c.id_number = r.Text(row, 5);
  c.citizen_address = r.Text(row, 6);
  c.opened_at = r.Time(row, 7);
  c.updated_at = r.Time(row, 8);
  c.mail_count = static_cast<int>(r.Int(row, 9));
  c.problem_count = static_cast<int>(r.Int(row, 10));
  c.registration_number = r.Text(row, 11);
  c.due_at = r.OptTime(row, 12);
  c.decided_at = r.OptTime(row, 13);
  c.purged_at = r.OptTime(row, 14);
  return c;
}

std::string PgOpenStatusList() {
  std::string list;
  for (CaseStatus s : kCaseStatuses) {
    if (!IsOpen(s)) continue;
    list +=
        (list.empty() ? "('" : ", '") + std::string(CaseStatusName(s)) + "'";
  }
  return list + ")";
}

StatusOr<PgResult> PgWrite(PgConnection& db, std::string_view sql,
                           const PgParams& params) {
  if (db.depth() == 0) return db.Query(sql, params);
  return InPgTransaction(db, [&] { return db.Query(sql, params); });
}

Status PgAddAudit(PgConnection& db, TimePoint at, std::string_view actor,
                  std::optional<int64_t> case_id, std::string_view action,
                  std::string_view detail) {
  return db
      .Query(
          "INSERT INTO audit_log (at, actor, case_id, action, detail) "
          "VALUES ($1, $2, $3, $4, $5)",
          PgParams().Add(at).Add(actor).Add(case_id).Add(action).Add(detail))
      .status();
}

Status PgAddFieldAudit(PgConnection& db, TimePoint at, std::string_view actor,
                       int64_t case_id, std::string_view action,
                       std::string_view field, std::string_view old_value,
                       std::string_view new_value, std::string_view detail) {
  return db
      .Query(
          "INSERT INTO audit_log (at, actor, case_id, action, detail, field, "
          "old_value, new_value) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          PgParams()
              .Add(at)
              .Add(actor)
              .Add(case_id)
              .Add(action)
              .Add(detail)
              .Add(field)
              .Add(old_value)
              .Add(new_value))
      .status();
}

}  // namespace internal

namespace {

StatusOr<std::vector<MailRecord>> Mails(StatusOr<PgResult> r) {
  if (!r.ok()) return r.status();
  std::vector<MailRecord> out;
  for (int i = 0; i < r->rows(); ++i)
    out.push_back(internal::ReadPgMail(*r, i));
  return out;
}

template <typename T>
StatusOr<std::optional<T>> First(StatusOr<std::vector<T>> rows) {
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<T>();
  return std::optional<T>(std::move(rows->front()));
}

StatusOr<std::optional<CaseRecord>> FirstCase(StatusOr<PgResult> r) {
  if (!r.ok()) return r.status();
  if (r->rows() == 0) return std::optional<CaseRecord>();
  return std::optional<CaseRecord>(internal::ReadPgCase(*r, 0));
}

std::string SelectMails(std::string_view where) {
  return std::string("SELECT ") + internal::kPgMailColumns +
         " FROM mails m WHERE " + std::string(where);
}

}  // namespace

PostgresStore::PostgresStore(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
PostgresStore::~PostgresStore() = default;

StatusOr<std::unique_ptr<PostgresStore>> PostgresStore::Open(
    const PostgresStoreOptions& options) {
  StatusOr<PgConnection> db =
      PgConnection::Connect({options.url, options.password});
  if (!db.ok()) return db.status();
  auto impl = std::make_unique<Impl>(std::move(*db));
  BEIAN_RETURN_IF_ERROR(
      internal::PgMigrate(impl->db, internal::PgMigrations(), impl->version));
  return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(impl)));
}

int PostgresStore::SchemaVersion() const { return impl_->version; }

Status PostgresStore::BeginBatch() {
  std::lock_guard lock(impl_->mu);
  if (impl_->batch) return Status::Ok();
  StatusOr<std::unique_ptr<internal::PgTransaction>> tx =
      internal::PgTransaction::Begin(impl_->db);
  if (!tx.ok()) return tx.status();
  impl_->batch = std::move(*tx);
  return Status::Ok();
}

Status PostgresStore::CommitBatch() {
  std::lock_guard lock(impl_->mu);
  if (!impl_->batch) return Status::Ok();
  Status s = impl_->batch->Commit();
  impl_->batch.reset();  // rolls back what a failed commit left
  return s;
}

StatusOr<std::optional<MailRecord>> PostgresStore::FindMailBySource(
    const SourceKey& source) {
  std::lock_guard lock(impl_->mu);
  return First(Mails(impl_->db.Query(
      SelectMails("region = $1 AND source = $2 AND source_key = $3"),
      PgParams().Add(source.region).Add(source.source).Add(source.key))));
}

StatusOr<std::optional<MailRecord>> PostgresStore::FindMailBySha256(
    std::string_view region, std::string_view sha256) {
  std::lock_guard lock(impl_->mu);
  return First(Mails(impl_->db.Query(SelectMails("region = $1 AND sha256 = $2"),
                                     PgParams().Add(region).Add(sha256))));
}

StatusOr<int64_t> PostgresStore::AddRawMail(const NewRawMail& mail) {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r = internal::PgWrite(
      impl_->db,
      "INSERT INTO mails (region, source, source_key, sha256, size, raw_path, "
      "received_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      PgParams()
          .Add(mail.source.region)
          .Add(mail.source.source)
          .Add(mail.source.key)
          .Add(mail.sha256)
          .Add(mail.size)
          .Add(mail.raw_path)
          .Add(mail.received_at));
  if (!r.ok()) return r.status();
  return r->Int(0, 0);
}

StatusOr<std::vector<MailRecord>> PostgresStore::PendingMails() {
  std::lock_guard lock(impl_->mu);
  return Mails(impl_->db.Query(SelectMails("state = 'stored' ORDER BY id")));
}

// One statement: the inner SELECT locks the oldest free pending row and
// skips rows another reader is claiming this instant, so concurrent readers
// get different mails without waiting.
StatusOr<std::optional<MailRecord>> PostgresStore::ClaimPendingMail(
    std::string_view holder, TimePoint now, TimePoint until) {
  std::lock_guard lock(impl_->mu);
  return First(Mails(internal::PgWrite(
      impl_->db,
      std::string("UPDATE mails AS m SET read_by = $1, read_until = $3 "
                  "WHERE m.id = (SELECT id FROM mails WHERE state = 'stored' "
                  "AND (read_until IS NULL OR read_until < $2) ORDER BY id "
                  "LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING ") +
          internal::kPgMailColumns,
      PgParams().Add(holder).Add(now).Add(until))));
}

// Only the holder's row changes; when none did, the row says why.
Status PostgresStore::RenewReadClaim(int64_t mail_id, std::string_view holder,
                                     TimePoint until) {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> renewed = internal::PgWrite(
      impl_->db,
      "UPDATE mails SET read_until = $1 WHERE id = $2 AND state = 'stored' "
      "AND read_by = $3",
      PgParams().Add(until).Add(mail_id).Add(holder));
  if (!renewed.ok()) return renewed.status();
  if (renewed->affected() == 1) return Status::Ok();
  StatusOr<PgResult> r =
      impl_->db.Query("SELECT state, read_by FROM mails WHERE id = $1",
                      PgParams().Add(mail_id));
  if (!r.ok()) return r.status();
  if (r->rows() == 0)
    return internal::ReadClaimLost(mail_id, holder, std::nullopt);
  const std::string state = r->Text(0, 0), read_by = r->Text(0, 1);
  return internal::ReadClaimLost(mail_id, holder,
                                 internal::ClaimedMail{state, read_by});
}

StatusOr<std::optional<MailRecord>> PostgresStore::FindMailByMessageId(
    std::string_view region, std::string_view message_id) {
  std::lock_guard lock(impl_->mu);
  return First(Mails(impl_->db.Query(
      SelectMails("region = $1 AND message_id = $2 AND state = 'processed' "
                  "ORDER BY id LIMIT 1"),
      PgParams().Add(region).Add(message_id))));
}

Status PostgresStore::MarkDuplicate(int64_t mail_id, int64_t of_mail_id,
                                    const MailHeaders& h) {
  std::lock_guard lock(impl_->mu);
  return internal::PgWrite(
             impl_->db,
             "UPDATE mails SET state = 'duplicate', message_id = $1, "
             "subject = $2, from_address = $3, from_name = $4, reply_to = $5, "
             "in_reply_to = $6, refs = $7, mail_date = $8, case_id = NULL, "
             "duplicate_of = $9 WHERE id = $10",
             PgParams()
                 .Add(h.message_id)
                 .Add(h.subject)
                 .Add(h.from_address)
                 .Add(h.from_name)
                 .Add(h.reply_to)
                 .Add(h.in_reply_to)
                 .Add(h.references)
                 .Add(h.date)
                 .Add(of_mail_id)
                 .Add(mail_id))
      .status();
}

Status PostgresStore::QuarantineMail(int64_t mail_id, std::string_view reason,
                                     TimePoint at) {
  std::lock_guard lock(impl_->mu);
  PgConnection& db = impl_->db;
  return InPgTransaction(db, [&]() -> Status {
    BEIAN_RETURN_IF_ERROR(
        db.Query("UPDATE mails SET state = 'quarantined' WHERE id = $1",
                 PgParams().Add(mail_id))
            .status());
    BEIAN_RETURN_IF_ERROR(
        db.Query("INSERT INTO quarantine (mail_id, reason, created_at) "
                 "VALUES ($1, $2, $3) ON CONFLICT (mail_id) DO UPDATE SET "
                 "reason = excluded.reason, created_at = excluded.created_at, "
                 "released_at = NULL",
                 PgParams().Add(mail_id).Add(reason).Add(at))
            .status());
    return internal::PgAddAudit(
        db, at, "beian", std::nullopt, "mail_quarantined",
        "mail " + std::to_string(mail_id) + ": " + std::string(reason));
  });
}

StatusOr<std::optional<CaseRecord>> PostgresStore::FindCaseByThread(
    std::string_view region, const std::vector<std::string>& ids) {
  std::lock_guard lock(impl_->mu);
  // Newest reference first: In-Reply-To is tried before older References.
  for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
    StatusOr<std::optional<CaseRecord>> c = FirstCase(impl_->db.Query(
        std::string("SELECT ") + internal::kPgCaseColumns +
            " FROM thread_ids t JOIN cases c ON c.id = t.case_id "
            "WHERE t.region = $1 AND t.message_id = $2",
        PgParams().Add(region).Add(*it)));
    if (!c.ok() || c->has_value()) return c;
  }
  return std::optional<CaseRecord>();
}

StatusOr<std::optional<CaseRecord>> PostgresStore::FindOpenCaseByIdNumber(
    std::string_view region, std::string_view id_number) {
  std::lock_guard lock(impl_->mu);
  return FirstCase(impl_->db.Query(
      std::string("SELECT ") + internal::kPgCaseColumns +
          " FROM cases c WHERE region = $1 AND id_number = $2 AND status IN " +
          internal::PgOpenStatusList() + " ORDER BY id DESC LIMIT 1",
      PgParams().Add(region).Add(id_number)));
}

Status PostgresStore::RecordCrash(std::string_view region,
                                  std::string_view sha256,
                                  std::string_view attempt,
                                  std::string_view source_key, TimePoint at) {
  std::lock_guard lock(impl_->mu);
  return internal::PgWrite(
             impl_->db,
             "INSERT INTO intake_crashes (region, sha256, crashes, "
             "last_attempt, last_source_key, last_crash_at) "
             "VALUES ($1, $2, 1, $3, $4, $5) "
             "ON CONFLICT (region, sha256) DO UPDATE SET "
             "crashes = intake_crashes.crashes + 1, "
             "last_attempt = excluded.last_attempt, "
             "last_source_key = excluded.last_source_key, "
             "last_crash_at = excluded.last_crash_at "
             "WHERE intake_crashes.last_attempt <> excluded.last_attempt",
             PgParams()
                 .Add(region)
                 .Add(sha256)
                 .Add(attempt)
                 .Add(source_key)
                 .Add(at))
      .status();
}

StatusOr<std::vector<std::pair<std::string, std::string>>>
PostgresStore::CrashedMails(int times) {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r = impl_->db.Query(
      "SELECT region, sha256 FROM intake_crashes WHERE crashes >= $1 "
      "ORDER BY region, sha256",
      PgParams().Add(times));
  if (!r.ok()) return r.status();
  std::vector<std::pair<std::string, std::string>> out;
  for (int i = 0; i < r->rows(); ++i)
    out.emplace_back(r->Text(i, 0), r->Text(i, 1));
  return out;
}

}  // namespace beian
