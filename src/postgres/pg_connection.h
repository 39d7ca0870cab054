// The libpq adapter: one connection to PostgreSQL, prepared statements with
// text parameters, results, transactions and versioned migrations. libpq's
// own header stays in this folder; callers see only these types.
//
//   StatusOr<PgConnection> db = PgConnection::Connect(
//       {"postgresql://beian@db.example.cn/beian", password});
//   StatusOr<PgResult> r = db->Query(
//       "SELECT id FROM mails WHERE region = $1 AND sha256 = $2",
//       PgParams().Add(region).Add(sha256));
//   if (r.ok() && r->rows() == 1) id = r->Int(0, 0);
//
// Every statement with values goes through PQprepare/PQexecPrepared (a
// statement is prepared once per connection, by its text); Exec() is for
// constant SQL only (BEGIN, SET, migrations). Errors are IoError naming the
// server (host:port/database, never the password) and saying what to check,
// except a unique or exclusion violation, which is AlreadyExists.
#ifndef BEIAN_POSTGRES_PG_CONNECTION_H_
#define BEIAN_POSTGRES_PG_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "beian/base/clock.h"
#include "beian/base/status.h"

// libpq's handle types (libpq-fe.h: typedef struct pg_conn PGconn, ...).
struct pg_conn;
struct pg_result;

namespace beian::internal {

struct PgConnDeleter {
  void operator()(pg_conn* c) const;
};
struct PgResultDeleter {
  void operator()(pg_result* r) const;
};

struct PgConnectOptions {
  // "postgresql://user@host:port/db?sslmode=verify-full&sslrootcert=..."
  // or "host=... dbname=..."; anything libpq accepts, sslmode included.
  std::string url;
  // "" = libpq finds it: the url, PGPASSWORD, PGPASSFILE or ~/.pgpass.
  std::string password;
  // Seconds to wait for the server when the url does not say.
  int connect_timeout = 10;
};

// "host:port/database as user" from a url, without its password; the url
// itself (password removed) when libpq cannot parse it.
std::string DescribePgUrl(std::string_view url);

// The person-readable error for a failed connection attempt: what failed
// (`libpq_message`, trimmed) and what to check, naming `target`.
Status PgConnectError(const std::string& target,
                      std::string_view libpq_message);

// Parameters for one statement, all sent as text except AddBytes (bytea).
class PgParams {
 public:
  PgParams& Add(std::string_view v);
  PgParams& Add(const char* v) { return Add(std::string_view(v)); }
  PgParams& Add(int64_t v);
  PgParams& Add(int v) { return Add(static_cast<int64_t>(v)); }
  PgParams& Add(double v);
  PgParams& Add(std::optional<int64_t> v);
  PgParams& Add(TimePoint t);  // timestamptz
  PgParams& Add(std::optional<TimePoint> t);
  PgParams& AddBytes(std::string_view v);
  PgParams& AddNull();
  int size() const { return static_cast<int>(values_.size()); }

 private:
  friend class PgConnection;
  std::vector<std::string> values_;
  std::vector<bool> null_;
  std::vector<int> formats_;  // 0 text, 1 binary
};

// A statement's result. Columns are read as text; timestamps need the
// session's time zone UTC (PgConnection sets it).
class PgResult {
 public:
  explicit PgResult(pg_result* r) : r_(r) {}
  int rows() const;
  // Rows the statement inserted, updated or deleted.
  int64_t affected() const;
  bool IsNull(int row, int col) const;
  std::string Text(int row, int col) const;  // "" for NULL
  int64_t Int(int row, int col) const;       // 0 for NULL
  double Real(int row, int col) const;
  bool Bool(int row, int col) const;
  std::optional<int64_t> OptInt(int row, int col) const;
  std::optional<TimePoint> OptTime(int row, int col) const;
  TimePoint Time(int row, int col) const;     // epoch for NULL
  std::string Bytes(int row, int col) const;  // a bytea column

 private:
  std::unique_ptr<pg_result, PgResultDeleter> r_;
};

// "2026-11-23 18:10:03+00" (timestamptz in UTC, as PostgreSQL prints it)
// to a TimePoint; nullopt for anything else.
std::optional<TimePoint> ParsePgTime(std::string_view s);

class PgConnection {
 public:
  // Connects, sets the session's time zone to UTC and client encoding to
  // UTF8. IoError (PgConnectError) when the server cannot be reached or
  // refuses the login.
  static StatusOr<PgConnection> Connect(const PgConnectOptions& options);
  PgConnection(PgConnection&&) noexcept;
  PgConnection& operator=(PgConnection&&) noexcept;
  ~PgConnection();

  // Prepares `sql` (once per connection) and runs it with `params`.
  StatusOr<PgResult> Query(std::string_view sql, const PgParams& params = {});
  // Runs constant SQL (one or more statements) with the simple protocol.
  Status Exec(std::string_view sql);

  // "host:port/database as user" for messages.
  const std::string& target() const { return target_; }
  // Open transactions and savepoints (PgTransaction keeps it).
  int depth() const { return depth_; }
  // A statement failed in the open transaction: only a rollback is left.
  bool InFailedTransaction() const;

 private:
  friend class PgTransaction;
  PgConnection() = default;
  // The result of a finished command, or the error it carried.
  StatusOr<PgResult> Check(pg_result* r, std::string_view sql);
  // Reconnects a connection the server dropped while no transaction was
  // open (prepared statements are prepared again).
  Status ReconnectIfLost();

  std::unique_ptr<pg_conn, PgConnDeleter> conn_;
  std::string target_;
  std::unordered_map<std::string, std::string> prepared_;  // sql -> name
  int depth_ = 0;
};

// BEGIN (or SAVEPOINT when one is open already) on Begin(); ROLLBACK (TO
// SAVEPOINT) in the destructor unless Commit() succeeded.
class PgTransaction {
 public:
  static StatusOr<std::unique_ptr<PgTransaction>> Begin(PgConnection& db);
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;
  ~PgTransaction();
  Status Commit();

 private:
  PgTransaction(PgConnection& db, int level) : db_(db), level_(level) {}
  PgConnection& db_;
  int level_;  // 1 = the transaction, 2.. = savepoints
  bool done_ = false;
};

// Brings the database to migrations.size(): migration N (1-based) moves the
// schema_version table from N-1 to N, each in its own transaction, under an
// advisory lock so that processes starting together migrate once.
// FailedPrecondition when the database is newer than this program.
// `version` is set to the version reached.
Status PgMigrate(PgConnection& db,
                 const std::vector<std::string_view>& migrations, int& version);

}  // namespace beian::internal

#endif  // BEIAN_POSTGRES_PG_CONNECTION_H_
