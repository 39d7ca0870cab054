// The store on PostgreSQL, for a province's many beian processes on many
// machines sharing one database.
//
//   StatusOr<std::unique_ptr<PostgresStore>> store = PostgresStore::Open(
//       {"postgresql://beian@db.example.cn:5432/beian", password});
//   Store& s = **store;  // the same interfaces as SqliteStore
//
// Same contract as SqliteStore (store.h, review_store.h): every method is
// one transaction. What must stay exact between processes is kept by the
// database, not by this process: the source key and (region, sha256) of a
// mail, case numbers and registration numbers (counter rows updated inside
// the transaction, unique constraints), one reply per decision key, and a
// decision taken on a case row locked FOR UPDATE. Raw mails and attachments
// stay files under the data dir (a shared folder when several machines
// run beian); only their paths are stored here.
//
// Errors are IoError naming the server (host:port/database, never the
// password) and saying what to check; AlreadyExists for a unique value
// that exists.
#ifndef BEIAN_STORE_POSTGRES_STORE_H_
#define BEIAN_STORE_POSTGRES_STORE_H_

#include <memory>
#include <string>

#include "beian/store/store.h"

namespace beian {

struct PostgresStoreOptions {
  // A libpq URL or conninfo ("postgresql://user@host:port/db?sslmode=...").
  std::string url;
  // "" = libpq finds it (the url, PGPASSWORD, PGPASSFILE, ~/.pgpass).
  std::string password;
};

class PostgresStore final : public Store {
 public:
  // Connects and migrates the schema to the current version (under an
  // advisory lock, so processes starting together migrate once).
  // FailedPrecondition when the database's schema is newer than this
  // program.
  static StatusOr<std::unique_ptr<PostgresStore>> Open(
      const PostgresStoreOptions& options);
  ~PostgresStore() override;

  int SchemaVersion() const;

  StatusOr<std::optional<MailRecord>> FindMailBySource(
      const SourceKey& source) override;
  StatusOr<std::optional<MailRecord>> FindMailBySha256(
      std::string_view region, std::string_view sha256) override;
  StatusOr<int64_t> AddRawMail(const NewRawMail& mail) override;
  StatusOr<std::vector<MailRecord>> PendingMails() override;
  StatusOr<std::optional<MailRecord>> ClaimPendingMail(
      std::string_view holder, TimePoint now, TimePoint until) override;
  Status RenewReadClaim(int64_t mail_id, std::string_view holder,
                        TimePoint until) override;
  StatusOr<std::optional<MailRecord>> FindMailByMessageId(
      std::string_view region, std::string_view message_id) override;
  Status MarkDuplicate(int64_t mail_id, int64_t of_mail_id,
                       const MailHeaders& headers) override;
  Status QuarantineMail(int64_t mail_id, std::string_view reason,
                        TimePoint at) override;
  StatusOr<std::optional<CaseRecord>> FindCaseByThread(
      std::string_view region, const std::vector<std::string>& ids) override;
  StatusOr<std::optional<CaseRecord>> FindOpenCaseByIdNumber(
      std::string_view region, std::string_view id_number) override;
  StatusOr<CaseDetail> GetCaseById(int64_t case_id) override;
  StatusOr<CaseRecord> ApplyCaseUpdate(const CaseUpdate& update) override;
  Status RecordCrash(std::string_view region, std::string_view sha256,
                     std::string_view attempt, std::string_view source_key,
                     TimePoint at) override;
  StatusOr<std::vector<std::pair<std::string, std::string>>> CrashedMails(
      int times) override;
  // One transaction for the batch; each call inside is a savepoint, so a
  // failed call (a duplicate) undoes only itself. Closing the store or
  // losing the connection before CommitBatch() rolls the batch back.
  Status BeginBatch() override;
  Status CommitBatch() override;

  StatusOr<std::vector<CaseRecord>> ListCases(
      const CaseFilter& filter) override;
  StatusOr<CaseDetail> GetCase(std::string_view id) override;
  StatusOr<std::vector<QuarantineRecord>> ListQuarantine(
      bool include_released) override;
  StatusOr<QuarantineRecord> GetQuarantine(int64_t id) override;
  Status ReleaseQuarantine(int64_t id, std::string_view actor,
                           TimePoint at) override;
  StatusOr<StoreSummary> Summarize() override;
  StatusOr<ReadBacklog> CountReads(TimePoint now) override;
  Status SetAttachmentFile(int64_t attachment_id, std::string_view sha256,
                           std::string_view path) override;
  StatusOr<std::vector<std::string>> NamedBlobs() override;

  Status EditFields(
      std::string_view case_id,
      const std::vector<std::pair<std::string, std::string>>& edits,
      const Decision& decision) override;
  StatusOr<CaseDetail> Confirm(std::string_view case_id,
                               const ConfirmRequest& request,
                               const ReplyBuilder& reply) override;
  StatusOr<CaseDetail> RequestCorrection(std::string_view case_id,
                                         const CorrectionRequest& request,
                                         const ReplyBuilder& reply) override;
  StatusOr<CaseDetail> Reopen(std::string_view case_id,
                              const Decision& decision) override;
  StatusOr<bool> EnqueueReply(int64_t case_id, std::string_view decision_key,
                              const NewReply& reply, TimePoint at) override;
  StatusOr<bool> HasReply(std::string_view decision_key) override;
  // Each claimed reply is held by a session lock of this store's
  // connection until it is marked sent, failed or unconfirmed: two
  // processes claiming at once get different replies, a reply another live
  // process is sending is never claimed, and one whose process died (its
  // connection gone) is taken over by the next claim.
  StatusOr<std::vector<OutboxEntry>> ClaimReplies(TimePoint now,
                                                  int limit) override;
  Status MarkReplySent(int64_t id, TimePoint at) override;
  // FailedPrecondition (nothing written) when this connection no longer
  // holds the reply's claim: the reply must not be handed over.
  Status MarkReplyHandedOver(int64_t id, TimePoint at) override;
  Status MarkReplyUnconfirmed(int64_t id, std::string_view error) override;
  Status ResolveUnconfirmedReply(int64_t id, bool delivered,
                                 TimePoint at) override;
  Status MarkReplyFailed(int64_t id, std::string_view error,
                         std::optional<TimePoint> retry_at) override;
  StatusOr<int> RepliesTo(std::string_view address, TimePoint since) override;
  StatusOr<std::vector<OutboxEntry>> ListOutbox(
      std::optional<OutboxState> state) override;
  Status SetDueAt(int64_t case_id, TimePoint due) override;
  StatusOr<std::vector<CaseDetail>> ConfirmedSince(TimePoint since) override;
  StatusOr<std::vector<std::string>> PurgeDecidedBefore(
      TimePoint before, const Decision& decision) override;

  Status SaveAccount(const AccountState& state) override;
  StatusOr<std::vector<AccountState>> ListAccounts() override;

  // One REPEATABLE READ, READ ONLY transaction. FailedPrecondition during an
  // intake batch.
  Status ExportTables(const std::vector<StoreTable>& tables,
                      const TableSink& sink) override;
  // Starts filling this store from another (`beian store copy`): one
  // transaction that locks every table against writers (EXCLUSIVE: readers
  // go on) until the import is committed or destroyed; the store is not
  // usable otherwise meanwhile. FailedPrecondition when any table holds a
  // row (naming the tables and what to do: nothing is ever copied over
  // data) or when the database's tables are not StoreTables().
  StatusOr<std::unique_ptr<StoreImport>> BeginImport();

  StatusOr<Lease> TryAcquireLease(const Lease& want, TimePoint now) override;
  Status RenewLease(std::string_view name, std::string_view token,
                    TimePoint expires_at) override;
  Status ReleaseLease(std::string_view name, std::string_view token) override;
  StatusOr<std::vector<Lease>> ListLeases() override;

  Status RegisterProcess(const ProcessRecord& p) override;
  Status HeartbeatProcess(std::string_view host, int64_t pid,
                          TimePoint now) override;
  Status UnregisterProcess(std::string_view host, int64_t pid) override;
  StatusOr<std::vector<ProcessRecord>> ListProcesses() override;

 private:
  class Impl;
  explicit PostgresStore(std::unique_ptr<Impl> impl);
  // Gives up this connection's claim on reply `id`, if it holds one (the
  // caller holds impl_->mu).
  void ReleaseClaim(int64_t id);
  // `s`, the result of a write that ends the claim on reply `id`, once the
  // claim is given up (whatever the write returned).
  Status Released(int64_t id, Status s);
  std::unique_ptr<Impl> impl_;
};

}  // namespace beian

#endif  // BEIAN_STORE_POSTGRES_STORE_H_
