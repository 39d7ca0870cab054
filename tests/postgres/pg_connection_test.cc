// The libpq adapter on a real PostgreSQL 15 started by the test.
#include "postgres/pg_connection.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include "postgres_server.h"

namespace beian::internal {
namespace {

using beian::testing::PostgresServer;
using beian::testing::SharedPostgresServer;

class PgConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StatusOr<PostgresServer*> server = SharedPostgresServer();
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = *server;
    std::string name = "pg_";
    for (char c : std::string(
             ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    database_ = name;
    StatusOr<std::string> url = server_->CreateDatabase(database_);
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    url_ = *url;
  }
  void TearDown() override {
    (void)server_->Psql(
        "postgres", "DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
  }
  PgConnection Connect() {
    StatusOr<PgConnection> db =
        PgConnection::Connect({url_, server_->password()});
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return std::move(*db);
  }

  PostgresServer* server_ = nullptr;
  std::string database_;
  std::string url_;
};

TEST_F(PgConnectionTest, ParametersRoundTripAsTheyWereGiven) {
  PgConnection db = Connect();
  const TimePoint t = *ParseUtc("2026-11-23T18:10:03Z");
  const std::string bytes("\xd5\xc5\0\x01 quote ' and \\", 16);
  StatusOr<PgResult> r = db.Query(
      "SELECT $1::text, $2::bigint, $3::double precision, $4::bigint, "
      "$5::timestamptz, $6::bytea, $7::text IS NULL",
      PgParams()
          .Add("张三'; DROP TABLE x; --")
          .Add(int64_t{-42})
          .Add(0.875)
          .Add(std::optional<int64_t>())
          .Add(t)
          .AddBytes(bytes)
          .AddNull());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows(), 1);
  EXPECT_EQ(r->Text(0, 0), "张三'; DROP TABLE x; --");
  EXPECT_EQ(r->Int(0, 1), -42);
  EXPECT_DOUBLE_EQ(r->Real(0, 2), 0.875);
  EXPECT_FALSE(r->OptInt(0, 3).has_value());
  EXPECT_EQ(r->Time(0, 4), t);
  EXPECT_EQ(r->Bytes(0, 5), bytes);
  EXPECT_TRUE(r->Bool(0, 6));
}

TEST_F(PgConnectionTest, TransactionsRollBackUnlessCommitted) {
  PgConnection db = Connect();
  ASSERT_TRUE(db.Exec("CREATE TABLE t (k text PRIMARY KEY)").ok());
  {
    auto tx = PgTransaction::Begin(db);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(
        db.Query("INSERT INTO t VALUES ($1)", PgParams().Add("a")).ok());
    {
      auto inner = PgTransaction::Begin(db);  // a savepoint
      ASSERT_TRUE(inner.ok());
      ASSERT_TRUE(
          db.Query("INSERT INTO t VALUES ($1)", PgParams().Add("b")).ok());
      // A unique violation is AlreadyExists and spoils only the savepoint.
      StatusOr<PgResult> dup =
          db.Query("INSERT INTO t VALUES ($1)", PgParams().Add("a"));
      EXPECT_EQ(dup.status().code(), StatusCode::kAlreadyExists);
      EXPECT_FALSE((*inner)->Commit().ok());
    }
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  {
    auto tx = PgTransaction::Begin(db);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(
        db.Query("INSERT INTO t VALUES ($1)", PgParams().Add("c")).ok());
  }  // not committed
  StatusOr<PgResult> r =
      db.Query("SELECT string_agg(k, ',' ORDER BY k) FROM t");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Text(0, 0), "a");
  EXPECT_EQ(db.depth(), 0);
}

TEST_F(PgConnectionTest, MigrationsRunOnceAndRefuseANewerDatabase) {
  PgConnection db = Connect();
  const std::vector<std::string_view> v2 = {"CREATE TABLE a (x int)",
                                            "ALTER TABLE a ADD COLUMN y int"};
  int version = 0;
  ASSERT_TRUE(PgMigrate(db, {v2[0]}, version).ok());
  EXPECT_EQ(version, 1);
  ASSERT_TRUE(PgMigrate(db, v2, version).ok());
  EXPECT_EQ(version, 2);
  ASSERT_TRUE(PgMigrate(db, v2, version).ok());  // nothing left to do
  EXPECT_EQ(version, 2);
  // A failed migration leaves the version where it was.
  const std::vector<std::string_view> broken = {v2[0], v2[1], "NOT SQL"};
  Status s = PgMigrate(db, broken, version);
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.message().find("NOT SQL"), std::string::npos) << s.ToString();
  StatusOr<PgResult> r = db.Query("SELECT max(version) FROM schema_version");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Int(0, 0), 2);
  s = PgMigrate(db, {v2[0]}, version);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("upgrade beian"), std::string::npos);
}

// The server ended the session (a restart, an admin): the statement that
// finds out fails and says so; the next one reconnects.
TEST_F(PgConnectionTest, ALostConnectionIsReportedThenReopened) {
  PgConnection db = Connect();
  StatusOr<PgResult> pid = db.Query("SELECT pg_backend_pid()");
  ASSERT_TRUE(pid.ok());
  ASSERT_TRUE(server_
                  ->Psql("postgres",
                         "SELECT pg_terminate_backend(" + pid->Text(0, 0) + ")")
                  .ok());
  StatusOr<PgResult> lost = db.Query("SELECT 1");
  ASSERT_FALSE(lost.ok());
  EXPECT_NE(lost.status().message().find("PostgreSQL at 127.0.0.1:" +
                                         std::to_string(server_->port())),
            std::string::npos)
      << lost.status().ToString();
  StatusOr<PgResult> again = db.Query("SELECT $1::int + 1", PgParams().Add(1));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->Int(0, 0), 2);
}

// The password from PGPASSFILE when the store gives none.
TEST_F(PgConnectionTest, ThePasswordMayComeFromPgpassfile) {
  const std::string file = server_->dir() + "/pgpass-test";
  {
    std::ofstream out(file);
    out << "127.0.0.1:" << server_->port() << ":*:beian:" << server_->password()
        << "\n";
  }
  chmod(file.c_str(), 0600);
  ::setenv("PGPASSFILE", file.c_str(), 1);
  StatusOr<PgConnection> db = PgConnection::Connect({url_, ""});
  ::unsetenv("PGPASSFILE");
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  StatusOr<PgConnection> none = PgConnection::Connect({url_, ""});
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("PGPASSFILE"), std::string::npos)
      << none.status().ToString();
}

// sslmode and sslrootcert pass through to libpq: verify-full connects with
// the CA that signed the server's certificate and refuses another.
TEST_F(PgConnectionTest, VerifyFullChecksTheServersCertificate) {
  const std::string base =
      "postgresql://beian@localhost:" + std::to_string(server_->port()) + "/" +
      database_ + "?sslmode=verify-full&sslrootcert=";
  StatusOr<PgConnection> db =
      PgConnection::Connect({base + server_->ca_file(), server_->password()});
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  StatusOr<PgResult> ssl =
      db->Query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
  ASSERT_TRUE(ssl.ok());
  EXPECT_TRUE(ssl->Bool(0, 0));
  StatusOr<PgConnection> wrong = PgConnection::Connect(
      {base + server_->wrong_ca_file(), server_->password()});
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("sslrootcert"), std::string::npos)
      << wrong.status().ToString();
}

}  // namespace
}  // namespace beian::internal
