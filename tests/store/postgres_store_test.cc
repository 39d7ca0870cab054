// PostgresStore on a real PostgreSQL 15 that the test starts itself
// (tests/integration/postgres_server.h): the store contract
// (store_contract.h) and what only PostgreSQL has.
#include "beian/store/postgres_store.h"

#include <gtest/gtest.h>

#include <thread>

#include "blob_prune_contract.h"
#include "postgres_server.h"
#include "store_contract.h"

namespace beian::testing {
namespace {

// One database per test on the process's shared server.
class PostgresBackend final : public StoreBackend {
 public:
  Status Fresh(const std::string& test) override { return db_.Create(test); }
  StatusOr<std::unique_ptr<Store>> Open() override {
    auto s = PostgresStore::Open({db_.url(), db_.server().password()});
    if (!s.ok()) return s.status();
    return std::unique_ptr<Store>(std::move(*s));
  }
  Status MakeSchemaNewer() override {
    return db_.server()
        .Psql(db_.name(), "INSERT INTO schema_version (version) VALUES (99)")
        .status();
  }
  void Remove() override { db_.Drop(); }
  const std::string& url() const { return db_.url(); }
  PostgresServer& server() { return db_.server(); }

 private:
  TestDatabase db_;
};

BackendParam Postgres() {
  return {"Postgres", [] { return std::make_unique<PostgresBackend>(); }};
}

INSTANTIATE_TEST_SUITE_P(Postgres, StoreContractTest,
                         ::testing::Values(Postgres()), BackendName);
INSTANTIATE_TEST_SUITE_P(
    Postgres, PruneBlobsTest,
    ::testing::Values(PruneParam{"PostgresFiles", Postgres(), FileBlobs()},
                      PruneParam{"PostgresDatabase", Postgres(),
                                 PostgresBlobs()}),
    PruneName);

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Status fresh = backend_.Fresh(
        "pg_" +
        std::string(
            ::testing::UnitTest::GetInstance()->current_test_info()->name()));
    ASSERT_TRUE(fresh.ok()) << fresh.ToString();
  }
  void TearDown() override { backend_.Remove(); }
  // Rows of a one-column query, one per line.
  std::string Sql(const std::string& sql) {
    StatusOr<std::string> out = backend_.server().Psql(
        backend_.url().substr(backend_.url().rfind('/') + 1), sql);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? *out : "";
  }
  PostgresBackend backend_;
};

// Processes starting together on an empty database: each opens, the schema
// is built once.
TEST_F(PostgresStoreTest, ProcessesStartingTogetherMigrateOnce) {
  constexpr int kProcesses = 4;
  std::vector<StatusOr<std::unique_ptr<PostgresStore>>> opened;
  for (int i = 0; i < kProcesses; ++i)
    opened.emplace_back(Internal("not opened"));
  std::vector<std::thread> starting;
  for (int i = 0; i < kProcesses; ++i) {
    starting.emplace_back([&, i] {
      opened[i] =
          PostgresStore::Open({backend_.url(), backend_.server().password()});
    });
  }
  for (std::thread& t : starting) t.join();
  for (auto& s : opened) {
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_EQ((*s)->SchemaVersion(), 5);
  }
  EXPECT_EQ(Sql("SELECT count(*) FROM schema_version"), "5\n");
}

TEST_F(PostgresStoreTest, TimesAreTimestampsInTheDatabase) {
  auto s = PostgresStore::Open({backend_.url(), backend_.server().password()});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const TimePoint at = std::chrono::sys_days{std::chrono::year(2026) /
                                             std::chrono::November / 23} +
                       std::chrono::hours(20) + std::chrono::seconds(7);
  ASSERT_TRUE(
      (*s)->AddRawMail({{"510682", "maildir:/x", "k"}, "sha", 1, "raw", at})
          .ok());
  // An operator's query reads them as dates; beian reads them back exactly.
  EXPECT_EQ(Sql("SELECT received_at AT TIME ZONE 'Asia/Shanghai' FROM mails"),
            "2026-11-24 04:00:07\n");
  auto mail = (*s)->FindMailBySource({"510682", "maildir:/x", "k"});
  ASSERT_TRUE(mail.ok() && mail->has_value());
  EXPECT_EQ((*mail)->received_at, at);
}

TEST_F(PostgresStoreTest, AWrongPasswordSaysWhatToCheck) {
  auto s = PostgresStore::Open({backend_.url(), "not-the-password"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kIoError);
  const std::string& m = s.status().message();
  EXPECT_NE(m.find("127.0.0.1:" + std::to_string(backend_.server().port())),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("password authentication failed"), std::string::npos) << m;
  EXPECT_NE(m.find("password_env"), std::string::npos) << m;
  EXPECT_EQ(m.find("not-the-password"), std::string::npos) << m;
}

}  // namespace
}  // namespace beian::testing
