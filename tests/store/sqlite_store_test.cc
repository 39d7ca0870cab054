// SqliteStore on real SQLite files in a temp dir: the store contract
// (store_contract.h) and what only SQLite has.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <latch>
#include <thread>

#include "beian/store/store.h"
#include "blob_prune_contract.h"
#include "store_contract.h"
#include "test_dir.h"

namespace beian::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

class SqliteBackend final : public StoreBackend {
 public:
  Status Fresh(const std::string& test) override {
    dir_ = fs::temp_directory_path() /
           ("beian-store-" + std::to_string(::getpid()) + "-" + test);
    std::error_code ec;
    fs::remove_all(dir_, ec);
    fs::create_directories(dir_, ec);
    if (ec) return IoError("cannot create " + dir_.string());
    path_ = (dir_ / "beian.db").string();
    return Status::Ok();
  }
  StatusOr<std::unique_ptr<Store>> Open() override {
    auto s = SqliteStore::Open(path_);
    if (!s.ok()) return s.status();
    return std::unique_ptr<Store>(std::move(*s));
  }
  Status MakeSchemaNewer() override {
    sqlite3* db = nullptr;
    if (sqlite3_open(path_.c_str(), &db) != SQLITE_OK) {
      sqlite3_close(db);
      return IoError("cannot open " + path_);
    }
    const int rc =
        sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc == SQLITE_OK ? Status::Ok() : IoError("cannot set user_version");
  }
  void Remove() override { fs::remove_all(dir_); }

 private:
  fs::path dir_;
  std::string path_;
};

BackendParam Sqlite() {
  return {"Sqlite", [] { return std::make_unique<SqliteBackend>(); }};
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest, ::testing::Values(Sqlite()),
                         BackendName);
INSTANTIATE_TEST_SUITE_P(Sqlite, PruneBlobsTest,
                         ::testing::Values(PruneParam{"SqliteFiles", Sqlite(),
                                                      FileBlobs()}),
                         PruneName);

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir("beian-store");
    path_ = (dir_ / "sub" / "beian.db").string();
    auto s = SqliteStore::Open(path_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }
  void TearDown() override { fs::remove_all(dir_); }

  int64_t AddMail(const std::string& key, const std::string& sha) {
    NewRawMail m{{"510682", "maildir:/x", key}, sha, 10, "raw/" + sha, now_};
    StatusOr<int64_t> id = store_->AddRawMail(m);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  CaseUpdate Update(int64_t mail_id, const std::string& id_number) {
    CaseUpdate u;
    u.mail_id = mail_id;
    u.region = "510682";
    u.applicant_name = "张三";
    u.id_number = id_number;
    u.headers.message_id = "m" + std::to_string(mail_id) + "@qq.com";
    u.thread_ids = {u.headers.message_id};
    u.fields = {{"name", "张三", "subject", 0.9, mail_id}};
    u.problems = {{"id_check_digit", Severity::kBlocking, "bad"}};
    u.attachments = {{0,
                      0,
                      1,
                      "a.jpg",
                      "image/jpeg",
                      3,
                      "abc",
                      "att/ab/abc",
                      false,
                      "",
                      {}}};
    u.at = now_;
    return u;
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<SqliteStore> store_;
  TimePoint now_ = sys_days{2026y / 11 / 23} + 20h;  // 04:00 next day in China
};

TEST_F(SqliteStoreTest, CreatesPrivateWalDatabaseAtCurrentVersion) {
  EXPECT_EQ(store_->SchemaVersion(), 11);
  EXPECT_EQ(fs::status(path_).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, nullptr);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), "wal");
  sqlite3_finalize(s);
  sqlite3_close(db);
}

// Processes starting together on a file nobody created yet: each opens it,
// the schema is built once (each migration takes the write lock, then looks
// again at the version another may have reached meanwhile).
TEST_F(SqliteStoreTest, ProcessesOpeningANewFileTogetherMigrateOnce) {
  constexpr int kProcesses = 8, kRounds = 5;
  for (int round = 0; round < kRounds; ++round) {
    const std::string path =
        (dir_ / ("fresh-" + std::to_string(round) + ".db")).string();
    std::vector<Status> opened(kProcesses, Internal("not opened"));
    std::latch start(kProcesses);
    std::vector<std::thread> starting;
    for (int i = 0; i < kProcesses; ++i) {
      starting.emplace_back([&, i] {
        start.arrive_and_wait();
        auto s = SqliteStore::Open(path);
        opened[i] =
            s.ok() ? ((*s)->SchemaVersion() == 11
                          ? Status::Ok()
                          : Internal("schema version " +
                                     std::to_string((*s)->SchemaVersion())))
                   : s.status();
      });
    }
    for (std::thread& t : starting) t.join();
    for (const Status& s : opened)
      EXPECT_TRUE(s.ok()) << "round " << round << ": " << s.ToString();
  }
}

// Every lookup the intake path makes goes through an index: with whole-table
// scans, each new mail costs time in proportion to the mails already stored.
TEST_F(SqliteStoreTest, IntakeLookupsScanNoWholeTable) {
  for (int i = 1; i <= 5; ++i) {
    const int64_t m =
        AddMail("k" + std::to_string(i), "sha" + std::to_string(i));
    ASSERT_TRUE(store_->ApplyCaseUpdate(Update(m, "11010519491231002X")).ok());
  }
  const int64_t before = store_->FullScanSteps();
  const int64_t m6 = AddMail("k6", "sha6");
  ASSERT_TRUE(store_->FindMailBySource({"510682", "maildir:/x", "k6"}).ok());
  ASSERT_TRUE(store_->FindMailBySha256("510682", "sha3").ok());
  ASSERT_TRUE(store_->FindMailByMessageId("510682", "m2@qq.com").ok());
  auto by_thread = store_->FindCaseByThread("510682", {"m4@qq.com"});
  ASSERT_TRUE(by_thread.ok() && by_thread->has_value());
  auto by_id = store_->FindOpenCaseByIdNumber("510682", "11010519491231002X");
  ASSERT_TRUE(by_id.ok() && by_id->has_value());
  CaseUpdate follow_up = Update(m6, "");
  follow_up.case_id = (*by_id)->id;
  auto updated = store_->ApplyCaseUpdate(follow_up);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->mail_count, 2);
  auto shown = store_->GetCase(updated->number);
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(shown->mails.size(), 2u);
  EXPECT_EQ(store_->FullScanSteps(), before);
  // The counter does see a scan.
  ASSERT_TRUE(store_->ListCases({}).ok());
  EXPECT_GT(store_->FullScanSteps(), before);
}

}  // namespace
}  // namespace beian::testing
