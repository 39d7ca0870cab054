#include "sqlite_db.h"

#include <utility>

namespace beian::internal {

StmtCache::~StmtCache() {
  for (auto& [sql, stmt] : kept_) sqlite3_finalize(stmt);
}

sqlite3_stmt* StmtCache::Take(const std::string& sql) {
  std::lock_guard lock(mu_);
  auto it = kept_.find(sql);
  if (it == kept_.end()) return nullptr;
  sqlite3_stmt* stmt = it->second;
  kept_.erase(it);
  return stmt;
}

void StmtCache::Return(std::string sql, sqlite3_stmt* stmt) {
  full_scan_steps_ +=
      sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_FULLSCAN_STEP, /*reset=*/1);
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  std::lock_guard lock(mu_);
  if (kept_.size() >= kMaxKept) {
    sqlite3_finalize(stmt);
    return;
  }
  kept_.emplace(std::move(sql), stmt);
}

Stmt::Stmt(sqlite3* db, sqlite3_stmt* stmt, StmtCache* cache, std::string sql)
    : db_(db), stmt_(stmt), cache_(cache), sql_(std::move(sql)) {}

Stmt::Stmt(Stmt&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      cache_(other.cache_),
      sql_(std::move(other.sql_)) {}

Stmt& Stmt::operator=(Stmt&& other) noexcept {
  if (this != &other) {
    Release();
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
    cache_ = other.cache_;
    sql_ = std::move(other.sql_);
  }
  return *this;
}

Stmt::~Stmt() { Release(); }

void Stmt::Release() {
  if (stmt_ == nullptr) return;
  if (cache_ != nullptr) {
    cache_->Return(std::move(sql_), stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
  stmt_ = nullptr;
}

Stmt& Stmt::Bind(int i, std::string_view v) {
  sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Stmt& Stmt::Bind(int i, int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}

Stmt& Stmt::Bind(int i, double v) {
  sqlite3_bind_double(stmt_, i, v);
  return *this;
}

Stmt& Stmt::Bind(int i, std::optional<int64_t> v) {
  return v ? Bind(i, *v) : BindNull(i);
}

Stmt& Stmt::BindNull(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

StatusOr<bool> Stmt::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  if (rc == SQLITE_CONSTRAINT) {
    return AlreadyExists(std::string("constraint failed: ") +
                         sqlite3_errmsg(db_));
  }
  return IoError(std::string("database step failed: ") + sqlite3_errmsg(db_));
}

Status Stmt::Run() {
  StatusOr<bool> r = Step();
  while (r.ok() && *r) r = Step();
  return r.ok() ? Status::Ok() : r.status();
}

std::string Stmt::Text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) return "";
  return std::string(reinterpret_cast<const char*>(p),
                     sqlite3_column_bytes(stmt_, col));
}

int64_t Stmt::Int(int col) const { return sqlite3_column_int64(stmt_, col); }

bool Stmt::IsNull(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

double Stmt::Real(int col) const { return sqlite3_column_double(stmt_, col); }

std::optional<int64_t> Stmt::OptInt(int col) const {
  if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
  return Int(col);
}

StatusOr<Db> Db::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &raw,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
      nullptr);
  Db db;
  db.db_.reset(raw);
  db.path_ = path;
  if (rc != SQLITE_OK) {
    return IoError("cannot open database " + path + ": " +
                   (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)) +
                   "; check that the folder exists and is writable");
  }
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

StatusOr<Stmt> Db::Prepare(std::string_view sql) {
  std::string key(sql);
  if (sqlite3_stmt* kept = cache_->Take(key)) {
    return Stmt(db_.get(), kept, cache_.get(), std::move(key));
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()),
                         &stmt, nullptr) != SQLITE_OK) {
    return Error("prepare");
  }
  return Stmt(db_.get(), stmt, cache_.get(), std::move(key));
}

Status Db::Exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  if (sqlite3_exec(db_.get(), s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return IoError("database " + path_ + ": " + msg);
  }
  return Status::Ok();
}

int64_t Db::LastInsertId() const {
  return sqlite3_last_insert_rowid(db_.get());
}

Status Db::Error(std::string_view what) const {
  return IoError("database " + path_ + ": " + std::string(what) + ": " +
                 sqlite3_errmsg(db_.get()));
}

StatusOr<std::unique_ptr<Transaction>> Transaction::Begin(Db& db) {
  const bool savepoint = db.in_batch();
  BEIAN_RETURN_IF_ERROR(
      db.Exec(savepoint ? "SAVEPOINT step" : "BEGIN IMMEDIATE"));
  return std::unique_ptr<Transaction>(new Transaction(db, savepoint));
}

Transaction::~Transaction() {
  if (done_) return;
  (void)db_.Exec(savepoint_ ? "ROLLBACK TO step; RELEASE step" : "ROLLBACK");
}

Status Transaction::Commit() {
  BEIAN_RETURN_IF_ERROR(db_.Exec(savepoint_ ? "RELEASE step" : "COMMIT"));
  done_ = true;
  return Status::Ok();
}

}  // namespace beian::internal
