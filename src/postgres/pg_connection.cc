#include "pg_connection.h"

#include <libpq-fe.h>

#include <charconv>
#include <utility>

#include "beian/base/text.h"

namespace beian::internal {

void PgConnDeleter::operator()(pg_conn* c) const { PQfinish(c); }
void PgResultDeleter::operator()(pg_result* r) const { PQclear(r); }

namespace {

// The value of `keyword` in parsed connection options, or "".
std::string OptionValue(const PQconninfoOption* options,
                        std::string_view keyword) {
  for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (keyword == o->keyword && o->val != nullptr) return o->val;
  }
  return "";
}

// `url` without the password of "scheme://user:password@host".
std::string WithoutPassword(std::string_view url) {
  const size_t scheme = url.find("://");
  const size_t at = url.find('@');
  if (scheme == std::string_view::npos || at == std::string_view::npos) {
    return std::string(url);
  }
  const size_t colon = url.find(':', scheme + 3);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon)) + std::string(url.substr(at));
}

// Every session: times read back in UTC (ParsePgTime), and no NOTICE lines
// on stderr ("relation ... already exists, skipping").
constexpr char kSessionSetup[] =
    "SET TimeZone = 'UTC'; SET client_min_messages = warning";

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// What to check for a connection error, from libpq's words.
std::string ConnectHint(std::string_view m) {
  if (Contains(m, "password") || Contains(m, "authentication")) {
    return "check the password ([store] password_env or password_file, "
           "PGPASSFILE or ~/.pgpass) and the server's pg_hba.conf";
  }
  if (Contains(m, "does not exist")) {
    return "create the database and user (createuser, createdb) or fix "
           "their names in the url";
  }
  if (Contains(m, "SSL") || Contains(m, "certificate") ||
      Contains(m, "sslmode")) {
    return "check sslmode and sslrootcert in the url: sslmode=verify-full "
           "needs the server's CA file in sslrootcert and a host name the "
           "server's certificate names";
  }
  return "check that PostgreSQL runs there and accepts connections on that "
         "address and port (listen_addresses, firewall), and the url in "
         "[store] url or --db";
}

}  // namespace

std::string DescribePgUrl(std::string_view url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(std::string(url).c_str(), &error);
  if (options == nullptr) {
    PQfreemem(error);
    return WithoutPassword(url);
  }
  std::string host = OptionValue(options, "host");
  if (host.empty()) host = OptionValue(options, "hostaddr");
  std::string port = OptionValue(options, "port");
  std::string db = OptionValue(options, "dbname");
  std::string user = OptionValue(options, "user");
  PQconninfoFree(options);
  std::string out = host.empty() ? "the local socket" : host;
  out += ":" + (port.empty() ? std::string("5432") : port);
  if (!db.empty()) out += "/" + db;
  if (!user.empty()) out += " as " + user;
  return out;
}

Status PgConnectError(const std::string& target,
                      std::string_view libpq_message) {
  const std::string message(TrimSpace(libpq_message));
  return IoError("cannot connect to PostgreSQL at " + target + ": " + message +
                 "; " + ConnectHint(message));
}

PgParams& PgParams::Add(std::string_view v) {
  values_.emplace_back(v);
  null_.push_back(false);
  formats_.push_back(0);
  return *this;
}

PgParams& PgParams::Add(int64_t v) { return Add(std::to_string(v)); }

PgParams& PgParams::Add(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return Add(std::string_view(buf, ec == std::errc() ? end - buf : 0));
}

PgParams& PgParams::Add(std::optional<int64_t> v) {
  return v ? Add(*v) : AddNull();
}

PgParams& PgParams::Add(TimePoint t) { return Add(FormatUtc(t)); }

PgParams& PgParams::Add(std::optional<TimePoint> t) {
  return t ? Add(*t) : AddNull();
}

PgParams& PgParams::AddBytes(std::string_view v) {
  Add(v);
  formats_.back() = 1;
  return *this;
}

PgParams& PgParams::AddNull() {
  Add(std::string_view());
  null_.back() = true;
  return *this;
}

std::optional<TimePoint> ParsePgTime(std::string_view s) {
  // "YYYY-MM-DD HH:MM:SS+00"
  if (s.size() != 22 || s[10] != ' ' || s.substr(19) != "+00") {
    return std::nullopt;
  }
  std::string iso(s.substr(0, 19));
  iso[10] = 'T';
  return ParseUtc(iso + "Z");
}

int PgResult::rows() const { return PQntuples(r_.get()); }

int64_t PgResult::affected() const {
  const char* n = PQcmdTuples(r_.get());
  int64_t v = 0;
  std::from_chars(n, n + std::char_traits<char>::length(n), v);
  return v;
}

bool PgResult::IsNull(int row, int col) const {
  return PQgetisnull(r_.get(), row, col) != 0;
}

std::string PgResult::Text(int row, int col) const {
  return std::string(PQgetvalue(r_.get(), row, col),
                     PQgetlength(r_.get(), row, col));
}

int64_t PgResult::Int(int row, int col) const {
  const char* v = PQgetvalue(r_.get(), row, col);
  int64_t n = 0;
  std::from_chars(v, v + PQgetlength(r_.get(), row, col), n);
  return n;
}

double PgResult::Real(int row, int col) const {
  const char* v = PQgetvalue(r_.get(), row, col);
  double d = 0;
  std::from_chars(v, v + PQgetlength(r_.get(), row, col), d);
  return d;
}

bool PgResult::Bool(int row, int col) const { return Text(row, col) == "t"; }

std::optional<int64_t> PgResult::OptInt(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Int(row, col);
}

std::optional<TimePoint> PgResult::OptTime(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return ParsePgTime(Text(row, col));
}

TimePoint PgResult::Time(int row, int col) const {
  return OptTime(row, col).value_or(TimePoint{});
}

std::string PgResult::Bytes(int row, int col) const {
  size_t size = 0;
  unsigned char* bytes = PQunescapeBytea(
      reinterpret_cast<const unsigned char*>(PQgetvalue(r_.get(), row, col)),
      &size);
  if (bytes == nullptr) return "";
  std::string out(reinterpret_cast<const char*>(bytes), size);
  PQfreemem(bytes);
  return out;
}

StatusOr<PgConnection> PgConnection::Connect(const PgConnectOptions& o) {
  const std::string timeout = std::to_string(o.connect_timeout);
  // Keywords before dbname are defaults the url may override; the password
  // after it overrides the url's.
  std::vector<const char*> keys = {"connect_timeout", "client_encoding",
                                   "fallback_application_name", "dbname"};
  std::vector<const char*> values = {timeout.c_str(), "UTF8", "beian",
                                     o.url.c_str()};
  if (!o.password.empty()) {
    keys.push_back("password");
    values.push_back(o.password.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PgConnection db;
  db.target_ = DescribePgUrl(o.url);
  db.conn_.reset(PQconnectdbParams(keys.data(), values.data(), 1));
  if (!db.conn_) return IoError("out of memory connecting to " + db.target_);
  if (PQstatus(db.conn_.get()) != CONNECTION_OK) {
    return PgConnectError(db.target_, PQerrorMessage(db.conn_.get()));
  }
  BEIAN_RETURN_IF_ERROR(db.Exec(kSessionSetup));
  return db;
}

PgConnection::PgConnection(PgConnection&&) noexcept = default;
PgConnection& PgConnection::operator=(PgConnection&&) noexcept = default;
PgConnection::~PgConnection() = default;

StatusOr<PgResult> PgConnection::Check(pg_result* raw, std::string_view sql) {
  PgResult r(raw);
  const ExecStatusType status = PQresultStatus(raw);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return r;
  const char* state = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
  const std::string code = state ? state : "";
  const char* primary =
      raw ? PQresultErrorField(raw, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const std::string message =
      primary ? primary : std::string(TrimSpace(PQerrorMessage(conn_.get())));
  if (code == "23505" || code == "23P01") {
    return AlreadyExists("PostgreSQL " + target_ + ": " + message);
  }
  if (PQstatus(conn_.get()) == CONNECTION_BAD) {
    return IoError("lost the connection to PostgreSQL at " + target_ + ": " +
                   message + "; check that the server is running");
  }
  std::string statement(sql.substr(0, 120));
  return IoError("PostgreSQL " + target_ + ": " + message +
                 (code.empty() ? "" : " (SQLSTATE " + code + ")") + " in `" +
                 statement + (sql.size() > 120 ? "...`" : "`"));
}

Status PgConnection::ReconnectIfLost() {
  if (PQstatus(conn_.get()) == CONNECTION_OK || depth_ > 0) return Status::Ok();
  PQreset(conn_.get());
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    return PgConnectError(target_, PQerrorMessage(conn_.get()));
  }
  prepared_.clear();
  return Exec(kSessionSetup);
}

StatusOr<PgResult> PgConnection::Query(std::string_view sql,
                                       const PgParams& params) {
  BEIAN_RETURN_IF_ERROR(ReconnectIfLost());
  std::string key(sql);
  auto it = prepared_.find(key);
  if (it == prepared_.end()) {
    const std::string name = "beian_" + std::to_string(prepared_.size() + 1);
    StatusOr<PgResult> prepared = Check(
        PQprepare(conn_.get(), name.c_str(), key.c_str(), 0, nullptr), sql);
    if (!prepared.ok()) return prepared.status();
    it = prepared_.emplace(std::move(key), name).first;
  }
  std::vector<const char*> values;
  std::vector<int> lengths;
  for (size_t i = 0; i < params.values_.size(); ++i) {
    values.push_back(params.null_[i] ? nullptr : params.values_[i].data());
    lengths.push_back(static_cast<int>(params.values_[i].size()));
  }
  return Check(
      PQexecPrepared(conn_.get(), it->second.c_str(), params.size(),
                     values.data(), lengths.data(), params.formats_.data(), 0),
      sql);
}

Status PgConnection::Exec(std::string_view sql) {
  if (depth_ == 0) BEIAN_RETURN_IF_ERROR(ReconnectIfLost());
  return Check(PQexec(conn_.get(), std::string(sql).c_str()), sql).status();
}

StatusOr<std::unique_ptr<PgTransaction>> PgTransaction::Begin(
    PgConnection& db) {
  const int level = db.depth_ + 1;
  BEIAN_RETURN_IF_ERROR(
      db.Exec(level == 1 ? std::string("BEGIN")
                         : "SAVEPOINT beian_" + std::to_string(level)));
  db.depth_ = level;
  return std::unique_ptr<PgTransaction>(new PgTransaction(db, level));
}

PgTransaction::~PgTransaction() {
  if (done_) return;
  const std::string sp = "beian_" + std::to_string(level_);
  (void)db_.Exec(level_ == 1 ? "ROLLBACK"
                             : "ROLLBACK TO SAVEPOINT " + sp +
                                   "; RELEASE SAVEPOINT " + sp);
  db_.depth_ = level_ - 1;
}

bool PgConnection::InFailedTransaction() const {
  return PQtransactionStatus(conn_.get()) == PQTRANS_INERROR;
}

Status PgTransaction::Commit() {
  if (db_.InFailedTransaction()) {
    return IoError("PostgreSQL " + db_.target() +
                   ": a statement of this transaction failed; rolled back");
  }
  const Status s = db_.Exec(level_ == 1 ? std::string("COMMIT")
                                        : "RELEASE SAVEPOINT beian_" +
                                              std::to_string(level_));
  if (!s.ok()) return s;  // the destructor rolls back
  done_ = true;
  db_.depth_ = level_ - 1;
  return Status::Ok();
}

}  // namespace beian::internal
