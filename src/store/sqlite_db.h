// Thin RAII over the SQLite C API: a connection, prepared statements with
// typed binds, and a transaction that rolls back unless committed. Prepared
// statements are kept for reuse by their SQL (reset and unbound when a Stmt
// goes away), so the per-mail inserts and lookups are parsed once.
#ifndef BEIAN_STORE_SQLITE_DB_H_
#define BEIAN_STORE_SQLITE_DB_H_

#include <sqlite3.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "beian/base/status.h"

namespace beian::internal {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

// Statements that finished, by SQL, ready to bind and step again.
class StmtCache {
 public:
  StmtCache() = default;
  StmtCache(const StmtCache&) = delete;
  StmtCache& operator=(const StmtCache&) = delete;
  ~StmtCache();
  // A kept statement for `sql`, or nullptr.
  sqlite3_stmt* Take(const std::string& sql);
  // Resets `stmt` and keeps it (finalizes it when the cache is full).
  void Return(std::string sql, sqlite3_stmt* stmt);
  // Rows stepped through in whole-table scans by the statements returned so
  // far (SQLITE_STMTSTATUS_FULLSCAN_STEP): a lookup without an index shows
  // here.
  int64_t full_scan_steps() const { return full_scan_steps_.load(); }

 private:
  static constexpr size_t kMaxKept = 64;
  std::atomic<int64_t> full_scan_steps_ = 0;
  std::mutex mu_;
  std::unordered_multimap<std::string, sqlite3_stmt*> kept_;
};

class Stmt {
 public:
  // `cache` (may be null) takes the statement back on destruction.
  Stmt(sqlite3* db, sqlite3_stmt* stmt, StmtCache* cache = nullptr,
       std::string sql = "");
  Stmt(Stmt&& other) noexcept;
  Stmt& operator=(Stmt&& other) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  Stmt& Bind(int i, std::string_view v);
  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, double v);
  Stmt& Bind(int i, std::optional<int64_t> v);
  Stmt& BindNull(int i);

  // True when a row is ready, false when done; IoError on failure.
  StatusOr<bool> Step();
  // Runs to completion.
  Status Run();

  std::string Text(int col) const;
  int64_t Int(int col) const;
  double Real(int col) const;
  std::optional<int64_t> OptInt(int col) const;
  bool IsNull(int col) const;

 private:
  void Release();

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  StmtCache* cache_;
  std::string sql_;
};

class Db {
 public:
  // Opens (creating) the file; busy timeout 5 s so concurrent writers wait.
  static StatusOr<Db> Open(const std::string& path);

  StatusOr<Stmt> Prepare(std::string_view sql);
  Status Exec(std::string_view sql);  // for schema and pragmas only
  int64_t LastInsertId() const;
  sqlite3* handle() const { return db_.get(); }
  const std::string& path() const { return path_; }
  int64_t full_scan_steps() const { return cache_->full_scan_steps(); }
  Status Error(std::string_view what) const;
  // An open intake batch (SqliteStore::BeginBatch): transactions become
  // savepoints inside it.
  bool in_batch() const { return in_batch_; }
  void set_in_batch(bool open) { in_batch_ = open; }

 private:
  std::unique_ptr<sqlite3, SqliteCloser> db_;
  // After db_: its statements are finalized before the connection closes.
  std::unique_ptr<StmtCache> cache_ = std::make_unique<StmtCache>();
  bool in_batch_ = false;
  std::string path_;
};

// BEGIN IMMEDIATE on construction; ROLLBACK in the destructor unless
// Commit() succeeded.
// Inside an open batch it is a savepoint: Commit() releases it into the
// batch, and without Commit() only its own changes are undone.
class Transaction {
 public:
  static StatusOr<std::unique_ptr<Transaction>> Begin(Db& db);
  ~Transaction();
  Status Commit();

 private:
  Transaction(Db& db, bool savepoint) : db_(db), savepoint_(savepoint) {}
  Db& db_;
  bool savepoint_;
  bool done_ = false;
};

}  // namespace beian::internal

#endif  // BEIAN_STORE_SQLITE_DB_H_
