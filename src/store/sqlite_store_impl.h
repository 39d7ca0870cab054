// Shared between the ingest and review halves of SqliteStore.
#ifndef BEIAN_STORE_SQLITE_STORE_IMPL_H_
#define BEIAN_STORE_SQLITE_STORE_IMPL_H_

#include <memory>
#include <mutex>

#include "beian/store/store.h"
#include "sqlite_claim_lock.h"
#include "sqlite_db.h"

namespace beian {

class SqliteStore::Impl {
 public:
  explicit Impl(internal::Db db) : db(std::move(db)) {}
  internal::Db db;
  int version = 0;
  std::string path;
  std::mutex mu;  // one statement sequence at a time per connection
  // This handle's claim on the replies it sends (taken by the first
  // ClaimReplies), destroyed after the connection.
  std::unique_ptr<internal::ClaimLock> claim_lock;
  // <path>.claims: every sending handle's ClaimLock file.
  std::string ClaimDir() const { return path + ".claims"; }
};

namespace internal {

// Column lists and row readers used by both halves.
extern const char kMailColumns[];
extern const char kCaseColumns[];
MailRecord ReadMail(const Stmt& s);
CaseRecord ReadCase(const Stmt& s);
TimePoint ReadTime(const std::string& s);
// Steps `s` to the end, turning each row into a T with `read`.
template <typename T, typename Reader>
StatusOr<std::vector<T>> ReadAll(Stmt& s, Reader read) {
  std::vector<T> out;
  for (;;) {
    StatusOr<bool> row = s.Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.push_back(read(s));
  }
}

StatusOr<std::vector<MailRecord>> QueryMails(Stmt stmt);
StatusOr<std::vector<CaseRecord>> QueryCases(Stmt stmt);
StatusOr<CaseRecord> LoadCaseRecord(Db& db, std::string_view where,
                                    std::string_view key,
                                    const std::string& shown);
StatusOr<CaseDetail> LoadCase(Db& db, std::string_view where,
                              std::string_view key, const std::string& shown);
StatusOr<CaseDetail> LoadCaseByIdOrNumber(Db& db, std::string_view id);
Status AddFieldAudit(Db& db, TimePoint at, std::string_view actor,
                     int64_t case_id, std::string_view action,
                     std::string_view field, std::string_view old_value,
                     std::string_view new_value, std::string_view detail);
// ResourceExhausted when `r.cap` is set and reached (call inside the
// transaction that queues the reply: BEGIN IMMEDIATE keeps other writers
// out until it ends).
Status CheckReplyCap(Db& db, const NewReply& r);
Status AddAudit(Db& db, TimePoint at, std::string_view actor,
                std::optional<int64_t> case_id, std::string_view action,
                std::string_view detail);

}  // namespace internal
}  // namespace beian

#endif  // BEIAN_STORE_SQLITE_STORE_IMPL_H_
