// The store: raw mails first, then what was made of them.
//
//   StatusOr<std::unique_ptr<SqliteStore>> store =
//       SqliteStore::Open("var/beian.db");
//   IngestStore& ingest = **store;  // what the pipeline needs
//   CaseStore& cases = **store;     // what reviewers read
//
// Every method is one transaction: either all of it is committed or none.
// Errors are IoError (the database failed; the message names the file and
// says what SQLite said) unless stated otherwise.
#ifndef BEIAN_STORE_STORE_H_
#define BEIAN_STORE_STORE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "beian/base/status.h"
#include "beian/case/records.h"
#include "beian/store/lease_store.h"
#include "beian/store/process_store.h"
#include "beian/store/review_store.h"
#include "beian/store/store_copy.h"

namespace beian {

struct NewRawMail {
  SourceKey source;
  std::string sha256;
  int64_t size = 0;
  std::string raw_path;
  TimePoint received_at;
};

// Headers kept with a processed mail.
struct MailHeaders {
  std::string message_id;
  std::string subject;
  std::string from_address;
  std::string from_name;
  std::string reply_to;
  std::string in_reply_to;
  std::string references;  // space-separated ids
  std::string date;
};

// Mails waiting to be read (IngestStore::ClaimPendingMail).
struct ReadBacklog {
  int waiting = 0;  // "stored": not yet applied to a case, claimed included
  int claimed = 0;  // of those, held by a reader whose claim runs now
};

// Everything one processed mail changes, applied in one transaction.
struct CaseUpdate {
  int64_t mail_id = 0;
  std::optional<int64_t> case_id;  // attach here; nullopt opens a new case
  std::string region;
  std::string applicant_name;  // "" keeps the case's value
  std::string id_number;       // "" keeps the case's value
  std::string citizen_address;
  MailHeaders headers;
  std::vector<AttachmentRecord> attachments;  // ids and mail_id are filled in
  std::vector<DraftField> fields;             // replace same name+source
  Problems problems;  // the case's problems now: replace unresolved ones
  std::vector<std::string> thread_ids;  // message ids that lead to the case
  TimePoint at;
};

class IngestStore {
 public:
  virtual ~IngestStore() = default;

  virtual StatusOr<std::optional<MailRecord>> FindMailBySource(
      const SourceKey& source) = 0;
  virtual StatusOr<std::optional<MailRecord>> FindMailBySha256(
      std::string_view region, std::string_view sha256) = 0;
  // AlreadyExists when the source key or (region, sha256) is known.
  virtual StatusOr<int64_t> AddRawMail(const NewRawMail& mail) = 0;
  // Mails stored but not yet processed (after a crash, or released from
  // quarantine), oldest first.
  virtual StatusOr<std::vector<MailRecord>> PendingMails() = 0;
  // Reading a stored mail is a job any process on the store may take:
  // claims the oldest mail still "stored" that no reader holds (never
  // claimed, or its claim ran out before `now`: its reader died) for
  // `holder` until `until`, and returns it; nullopt when none is left.
  // PostgreSQL claims with FOR UPDATE SKIP LOCKED, so readers never wait
  // for one another. The claim ends when the mail leaves "stored"; of two
  // readers that both read it (the first outlived its claim), the first to
  // apply it wins and the other's ApplyCaseUpdate is FailedPrecondition.
  virtual StatusOr<std::optional<MailRecord>> ClaimPendingMail(
      std::string_view holder, TimePoint now, TimePoint until) = 0;
  // The reader `holder` is still reading the mail it claimed: its claim now
  // lasts until `until`. Only the holder renews, so a slow read keeps its
  // mail while a killed reader's claim runs out. A claim that ran out but
  // that no other reader took yet is still the holder's. FailedPrecondition
  // when the mail is no longer this holder's (the message says who holds it
  // now, or that it is no longer waiting to be read): the reader must not
  // write it.
  virtual Status RenewReadClaim(int64_t mail_id, std::string_view holder,
                                TimePoint until) = 0;
  // The first processed mail with this Message-ID in the region, if any.
  virtual StatusOr<std::optional<MailRecord>> FindMailByMessageId(
      std::string_view region, std::string_view message_id) = 0;
  virtual Status MarkDuplicate(int64_t mail_id, int64_t of_mail_id,
                               const MailHeaders& headers) = 0;
  virtual Status QuarantineMail(int64_t mail_id, std::string_view reason,
                                TimePoint at) = 0;
  // The case a thread (Message-ID, In-Reply-To, References) belongs to.
  virtual StatusOr<std::optional<CaseRecord>> FindCaseByThread(
      std::string_view region, const std::vector<std::string>& ids) = 0;
  virtual StatusOr<std::optional<CaseRecord>> FindOpenCaseByIdNumber(
      std::string_view region, std::string_view id_number) = 0;
  virtual StatusOr<CaseDetail> GetCaseById(int64_t case_id) = 0;
  // Opens or updates the case and marks the mail processed.
  virtual StatusOr<CaseRecord> ApplyCaseUpdate(const CaseUpdate& update) = 0;
  // Counts a crash of beian while it read the mail with this hash (once per
  // `attempt`, so recording the same crash again changes nothing).
  virtual Status RecordCrash(std::string_view region, std::string_view sha256,
                             std::string_view attempt,
                             std::string_view source_key, TimePoint at) = 0;
  // Mails (region, sha256) that crashed beian at least `times` times.
  virtual StatusOr<std::vector<std::pair<std::string, std::string>>>
  CrashedMails(int times) = 0;
  // Batched intake: what the calls between BeginBatch() and CommitBatch()
  // write becomes visible and durable together, each call still all or
  // nothing on its own. A store that does not batch commits every call.
  virtual Status BeginBatch() { return Status::Ok(); }
  virtual Status CommitBatch() { return Status::Ok(); }
  // Group commit (the poller): while deferred, a commit may return before it
  // is on disk; SyncToDisk() makes everything committed so far durable. A
  // store whose commits are always durable (PostgreSQL) does nothing.
  virtual Status SetDeferredSync(bool /*defer*/) { return Status::Ok(); }
  virtual Status SyncToDisk() { return Status::Ok(); }
};

class CaseStore {
 public:
  virtual ~CaseStore() = default;
  virtual StatusOr<std::vector<CaseRecord>> ListCases(
      const CaseFilter& filter) = 0;
  // `id` is a case number ("510682-20261123-0001") or a row id ("7").
  // NotFound names the id.
  virtual StatusOr<CaseDetail> GetCase(std::string_view id) = 0;
  virtual StatusOr<std::vector<QuarantineRecord>> ListQuarantine(
      bool include_released) = 0;
  virtual StatusOr<QuarantineRecord> GetQuarantine(int64_t id) = 0;
  // Puts the mail back into the pending state so the next run retries it.
  virtual Status ReleaseQuarantine(int64_t id, std::string_view actor,
                                   TimePoint at) = 0;
  virtual StatusOr<StoreSummary> Summarize() = 0;
  // Mails waiting to be read, and how many of them a reader holds at `now`.
  virtual StatusOr<ReadBacklog> CountReads(TimePoint now) = 0;
  // Records the file an attachment was written to (see AttachmentRecord):
  // its sha256 and its path under the data dir. NotFound names the id.
  virtual Status SetAttachmentFile(int64_t attachment_id,
                                   std::string_view sha256,
                                   std::string_view path) = 0;
  // Every blob name a row holds (mails.raw_path, attachments.path), each
  // once, sorted (byte order): what `beian store prune-blobs` must keep.
  virtual StatusOr<std::vector<std::string>> NamedBlobs() = 0;
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;
  // Upserts the state of (region, source).
  virtual Status SaveAccount(const AccountState& state) = 0;
  virtual StatusOr<std::vector<AccountState>> ListAccounts() = 0;
};

// Everything a beian process asks of its store, whichever the backend:
// SqliteStore (one machine) or PostgresStore (beian/store/postgres_store.h,
// many processes on many machines). OpenStore (store_factory.h) picks one.
// TableExport reads whole tables for `beian store copy` (store_copy.h).
class Store : public IngestStore,
              public CaseStore,
              public ReviewStore,
              public AccountStore,
              public TableExport,
              public LeaseStore,
              public ProcessStore {};

class SqliteStore final : public Store {
 public:
  // Creates the file (mode 0600) and its folder if missing, enables WAL and
  // foreign keys, and migrates the schema to the current version. Fails with
  // FailedPrecondition when the file's schema is newer than this program.
  static StatusOr<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  ~SqliteStore() override;

  int SchemaVersion() const;
  // Rows SQLite stepped through in whole-table scans since Open: a lookup
  // that lacks an index. The intake path keeps this at zero (tests, bench).
  int64_t FullScanSteps() const;

  // Group commit (the poller): while deferred, commits do not wait for the
  // disk (synchronous=NORMAL; a power cut may lose the newest commits, never
  // corrupt the file); SyncToDisk() makes everything committed so far
  // durable. Back to synchronous=FULL with SetDeferredSync(false).
  Status SetDeferredSync(bool defer) override;
  Status SyncToDisk() override;

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
  // One write transaction for the batch (other writers wait: keep batches
  // to a fraction of the 5 s busy timeout). A failed commit rolls the whole
  // batch back.
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
  StatusOr<std::vector<OutboxEntry>> ClaimReplies(TimePoint now,
                                                  int limit) override;
  Status MarkReplySent(int64_t id, TimePoint at) override;
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

  // One read transaction: a consistent snapshot while beian may still write
  // (it waits for nothing). FailedPrecondition during an intake batch.
  Status ExportTables(const std::vector<StoreTable>& tables,
                      const TableSink& sink) override;

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
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  // One outbox row: `sql` binds ?1 to `value` and ?2 to the reply's id.
  Status UpdateReply(std::string_view sql, std::string_view value, int64_t id);
  std::unique_ptr<Impl> impl_;
};

}  // namespace beian

#endif  // BEIAN_STORE_STORE_H_
