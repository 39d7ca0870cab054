// Shared between the files of PostgresStore.
#ifndef BEIAN_STORE_POSTGRES_STORE_IMPL_H_
#define BEIAN_STORE_POSTGRES_STORE_IMPL_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <set>

#include "beian/store/postgres_store.h"
#include "postgres/pg_connection.h"

namespace beian {

class PostgresStore::Impl {
 public:
  explicit Impl(internal::PgConnection db) : db(std::move(db)) {}
  internal::PgConnection db;
  int version = 0;
  std::mutex mu;  // one statement sequence at a time on the connection
  // The open intake batch; destroyed (rolled back) before the connection.
  std::unique_ptr<internal::PgTransaction> batch;
  // Replies this connection claimed (ClaimReplies) and holds the session
  // lock of until they are sent, failed or unconfirmed.
  std::set<int64_t> claimed;
};

namespace internal {

// 14 columns of mails m, read by ReadPgMail.
extern const char kPgMailColumns[];
// 15 columns of cases c, read by ReadPgCase.
extern const char kPgCaseColumns[];
MailRecord ReadPgMail(const PgResult& r, int row, int first_col = 0);
CaseRecord ReadPgCase(const PgResult& r, int row);
// "('needs_review', 'correction_requested')": the open statuses.
std::string PgOpenStatusList();

// Runs `fn` (returning Status or StatusOr) in a transaction (a savepoint
// inside an open one) and commits when it succeeded.
template <typename Fn>
auto InPgTransaction(PgConnection& db, Fn fn) -> decltype(fn()) {
  StatusOr<std::unique_ptr<PgTransaction>> tx = PgTransaction::Begin(db);
  if (!tx.ok()) return tx.status();
  auto result = fn();
  if (!result.ok()) return result;
  Status committed = (*tx)->Commit();
  if (!committed.ok()) return committed;
  return result;
}

// One statement that writes: on its own outside a transaction, in a
// savepoint inside one (so that its failure does not abort the batch).
StatusOr<PgResult> PgWrite(PgConnection& db, std::string_view sql,
                           const PgParams& params);

// ResourceExhausted when `r.cap` is set and reached. Takes a transaction
// lock on the address first, so processes queuing to one address take
// turns (call inside the transaction that queues the reply).
Status PgCheckReplyCap(PgConnection& db, const NewReply& r);

Status PgAddAudit(PgConnection& db, TimePoint at, std::string_view actor,
                  std::optional<int64_t> case_id, std::string_view action,
                  std::string_view detail);
Status PgAddFieldAudit(PgConnection& db, TimePoint at, std::string_view actor,
                       int64_t case_id, std::string_view action,
                       std::string_view field, std::string_view old_value,
                       std::string_view new_value, std::string_view detail);

// The case with row id `id`, all of it. NotFound names `shown`.
StatusOr<CaseDetail> PgLoadCase(PgConnection& db, int64_t id,
                                const std::string& shown);
StatusOr<CaseRecord> PgLoadCaseRecord(PgConnection& db, int64_t id,
                                      const std::string& shown);
// The row id of case `id` (a case number or a row id), locked FOR UPDATE
// until the transaction ends when `lock`. NotFound names the id.
StatusOr<int64_t> PgFindCaseId(PgConnection& db, std::string_view id,
                               bool lock);

}  // namespace internal
}  // namespace beian

#endif  // BEIAN_STORE_POSTGRES_STORE_IMPL_H_
