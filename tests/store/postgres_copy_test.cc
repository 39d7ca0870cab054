// store copy from SQLite into a real PostgreSQL (started by the test):
// every row, ids and numbers kept, counters continued, one transaction.
#include <gtest/gtest.h>

#include <cctype>
#include <map>

#include "beian/base/sha256.h"
#include "beian/store/blob_store.h"
#include "beian/store/postgres_store.h"
#include "beian/store/store.h"
#include "beian/store/store_copy.h"
#include "postgres_server.h"
#include "test_dir.h"

namespace beian::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

// Hands on the rows of another export and fails at `fail_at` (a crash
// half-way through a copy).
class FailingExport final : public TableExport {
 public:
  FailingExport(TableExport& inner, std::string fail_at)
      : inner_(inner), fail_at_(std::move(fail_at)) {}
  Status ExportTables(const std::vector<StoreTable>& tables,
                      const TableSink& sink) override {
    return inner_.ExportTables(
        tables, [&](const StoreTable& t, const std::vector<StoreRow>& rows) {
          if (t.name == fail_at_) return IoError("disk gone at " + fail_at_);
          return sink(t, rows);
        });
  }

 private:
  TableExport& inner_;
  std::string fail_at_;
};

class PostgresCopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StatusOr<PostgresServer*> server = SharedPostgresServer();
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    std::string name = "copy_";
    for (char c : std::string(
             ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    server_ = *server;
    database_ = name.substr(0, 60);
    StatusOr<std::string> url = (*server)->CreateDatabase(database_);
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    auto pg = PostgresStore::Open({*url, (*server)->password()});
    ASSERT_TRUE(pg.ok()) << pg.status().ToString();
    pg_ = std::move(*pg);
    dir_ = FreshTestDir("beian-pg-copy");
    auto lite = SqliteStore::Open((dir_ / "beian.db").string());
    ASSERT_TRUE(lite.ok()) << lite.status().ToString();
    lite_ = std::move(*lite);
    Fill(*lite_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  CaseRecord AddCase(Store& s, const std::string& key,
                     const std::string& id_number) {
    StatusOr<int64_t> mail = s.AddRawMail(
        {{"510682", "maildir:/x", key}, "sha-" + key, 10, "raw/" + key, now_});
    EXPECT_TRUE(mail.ok()) << mail.status().ToString();
    CaseUpdate u;
    u.mail_id = mail.ok() ? *mail : 0;
    u.region = "510682";
    u.applicant_name = "张三";
    u.id_number = id_number;
    u.citizen_address = "zhang@qq.com";
    u.headers.message_id = key + "@qq.com";
    u.thread_ids = {u.headers.message_id};
    u.fields = {{"name", "张三", "subject", 0.95, u.mail_id}};
    u.problems = {{"id_check_digit", Severity::kBlocking, "bad"}};
    u.attachments = {
        {0, 0, 1, "a.jpg", "image/jpeg", 3, "abc", "att/ab/abc", true, "", {}}};
    u.at = now_;
    StatusOr<CaseRecord> c = s.ApplyCaseUpdate(u);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? *c : CaseRecord{};
  }

  // Rows in every kind of table, and a duplicate that points forward.
  void Fill(Store& s) {
    AddCase(s, "k1", "11010519491231002X");
    AddCase(s, "k2", "440524188001010014");
    StatusOr<int64_t> later = s.AddRawMail(
        {{"510682", "maildir:/x", "k3"}, "sha-k3", 10, "raw/k3", now_});
    ASSERT_TRUE(later.ok());
    ASSERT_TRUE(s.MarkDuplicate(1, *later, {}).ok());  // 1 -> 3
    StatusOr<int64_t> bad = s.AddRawMail(
        {{"510682", "maildir:/x", "k4"}, "sha-k4", 10, "raw/k4", now_});
    ASSERT_TRUE(bad.ok());
    ASSERT_TRUE(s.QuarantineMail(*bad, "mime_unreadable", now_).ok());
    StatusOr<bool> queued =
        s.EnqueueReply(1, "ack:1",
                       {"acknowledgement", "zhang@qq.com", "r1@beian", "回执",
                        std::string("bytes\0with nul\r\n", 16)},
                       now_);
    ASSERT_TRUE(queued.ok()) << queued.status().ToString();
    AccountState a;
    a.region = "510682";
    a.source = "imap://u@h:993/INBOX";
    a.last_success_at = now_;
    a.failures = 2;
    ASSERT_TRUE(s.SaveAccount(a).ok());
    ASSERT_TRUE(s.RecordCrash("510682", "sha-k4", "a1", "k4", now_).ok());
    // A serve killed before it could leave the registry.
    ASSERT_TRUE(
        s.RegisterProcess({"host-a", 4711, "poll,read,send", now_, now_}).ok());
  }

  std::vector<TableSum> Sums(TableExport& store) {
    StatusOr<std::vector<TableSum>> sums = SumTables(store, StoreTables());
    EXPECT_TRUE(sums.ok()) << sums.status().ToString();
    return sums.ok() ? *sums : std::vector<TableSum>{};
  }

  PostgresServer* server_ = nullptr;
  std::string database_;
  fs::path dir_;
  std::unique_ptr<SqliteStore> lite_;
  std::unique_ptr<PostgresStore> pg_;
  TimePoint now_ = sys_days{2026y / 11 / 23} + 2h;
};

TEST_F(PostgresCopyTest, CopiesEveryRowAndNewRowsContinueAfterThem) {
  StatusOr<std::unique_ptr<StoreImport>> import = pg_->BeginImport();
  ASSERT_TRUE(import.ok()) << import.status().ToString();
  StatusOr<CopyReport> report = CopyStore(*lite_, **import);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE((*import)->Commit().ok());
  import->reset();

  // Read back by PostgreSQL's own export, after the commit.
  const std::vector<TableSum> lite = Sums(*lite_);
  EXPECT_EQ(Sums(*pg_), lite);
  EXPECT_EQ(report->sums, lite);
  std::map<std::string, int64_t> rows;
  for (const TableSum& s : lite) rows[s.table] = s.rows;
  EXPECT_EQ(rows["cases"], 2);
  EXPECT_EQ(rows["mails"], 4);
  EXPECT_EQ(rows["outbox"], 1);
  EXPECT_EQ(rows["accounts"], 1);
  EXPECT_EQ(rows["processes"], 1);
  StatusOr<std::vector<ProcessRecord>> processes = pg_->ListProcesses();
  ASSERT_TRUE(processes.ok()) << processes.status().ToString();
  ASSERT_EQ(processes->size(), 1u);
  EXPECT_EQ((*processes)[0].pid, 4711);
  EXPECT_EQ((*processes)[0].heartbeat_at, now_);
  StatusOr<CaseDetail> first = pg_->GetCase("1");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  StatusOr<CaseDetail> first_lite = lite_->GetCase("1");
  ASSERT_TRUE(first_lite.ok());
  EXPECT_EQ(first->record.number, first_lite->record.number);

  // New rows get the next ids and the next case number of the day.
  const CaseRecord next = AddCase(*pg_, "k5", "34052419800101001X");
  const CaseRecord next_lite = AddCase(*lite_, "k5", "34052419800101001X");
  EXPECT_EQ(next.id, 3);
  EXPECT_EQ(next.number, next_lite.number);
  EXPECT_TRUE(next.number.ends_with("-0003")) << next.number;
  StatusOr<bool> queued = pg_->EnqueueReply(
      next.id, "ack:3",
      {"acknowledgement", "li@qq.com", "r3@beian", "回执", "x"}, now_);
  ASSERT_TRUE(queued.ok()) << queued.status().ToString();
  StatusOr<std::vector<OutboxEntry>> outbox = pg_->ListOutbox(std::nullopt);
  ASSERT_TRUE(outbox.ok());
  ASSERT_EQ(outbox->size(), 2u);
  EXPECT_EQ(outbox->back().id, 2);
}

TEST_F(PostgresCopyTest, AStoreWithRowsIsRefusedAndKeptAsItIs) {
  AddCase(*pg_, "other", "11010519491231002X");
  const std::vector<TableSum> before = Sums(*pg_);
  StatusOr<std::unique_ptr<StoreImport>> import = pg_->BeginImport();
  ASSERT_FALSE(import.ok());
  EXPECT_EQ(import.status().code(), StatusCode::kFailedPrecondition);
  const std::string m = import.status().message();
  EXPECT_NE(
      m.find(
          "is not empty: cases (1 row), case_counters (1 row), mails (1 row)"),
      std::string::npos)
      << m;
  EXPECT_NE(m.find("copied nothing"), std::string::npos) << m;
  EXPECT_NE(m.find("createdb -O beian"), std::string::npos) << m;
  EXPECT_EQ(Sums(*pg_), before);
  // The store works on as before: the refusal ended its transaction.
  AddCase(*pg_, "other2", "440524188001010014");
}

TEST_F(PostgresCopyTest, ACopyThatFailsHalfWayLeavesNothingBehind) {
  {
    StatusOr<std::unique_ptr<StoreImport>> import = pg_->BeginImport();
    ASSERT_TRUE(import.ok()) << import.status().ToString();
    FailingExport failing(*lite_, "attachments");  // after cases and mails
    StatusOr<CopyReport> report = CopyStore(failing, **import);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.status().message(), "disk gone at attachments");
  }  // the import ends without Commit()
  for (const TableSum& s : Sums(*pg_)) EXPECT_EQ(s.rows, 0) << s.table;

  // So the copy can simply run again.
  StatusOr<std::unique_ptr<StoreImport>> again = pg_->BeginImport();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  StatusOr<CopyReport> report = CopyStore(*lite_, **again);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE((*again)->Commit().ok());
  EXPECT_EQ(Sums(*pg_), Sums(*lite_));
}

// store copy --blobs database: the blobs a copy puts are rolled back with
// its rows, so a failed copy leaves none that no row names.
TEST_F(PostgresCopyTest, BlobsACopyPutsGoWithItsRowsUnlessItCommits) {
  const std::string bytes = "From: a@b\r\n\r\nhi";
  const std::string name = BlobName("raw", Sha256Hex(bytes), ".eml");
  auto blobs_in_database = [&] {
    StatusOr<std::string> n =
        server_->Psql(database_, "SELECT count(*) FROM blobs");
    return n.ok() ? *n : n.status().ToString();
  };
  {
    StatusOr<std::unique_ptr<StoreImport>> import = pg_->BeginImport();
    ASSERT_TRUE(import.ok()) << import.status().ToString();
    ASSERT_TRUE(CopyStore(*lite_, **import).ok());
    StatusOr<bool> wrote = (*import)->PutBlob(name, bytes);
    ASSERT_TRUE(wrote.ok()) << wrote.status().ToString();
    EXPECT_TRUE(*wrote);
    StatusOr<std::string> sha = (*import)->StoredBlobSha256(name);
    ASSERT_TRUE(sha.ok()) << sha.status().ToString();
    EXPECT_EQ(*sha, Sha256Hex(bytes));
    EXPECT_EQ((*import)->StoredBlobSha256("raw/zz/none.eml").status().code(),
              StatusCode::kNotFound);
  }  // the copy failed: no Commit()
  EXPECT_EQ(blobs_in_database(), "0\n");

  StatusOr<std::unique_ptr<StoreImport>> again = pg_->BeginImport();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_TRUE(CopyStore(*lite_, **again).ok());
  StatusOr<bool> wrote = (*again)->PutBlob(name, bytes);
  ASSERT_TRUE(wrote.ok()) << wrote.status().ToString();
  EXPECT_TRUE(*wrote);
  wrote = (*again)->PutBlob(name, bytes);  // there already, whole
  ASSERT_TRUE(wrote.ok());
  EXPECT_FALSE(*wrote);
  ASSERT_TRUE((*again)->Commit().ok());
  EXPECT_EQ(blobs_in_database(), "1\n");
}

// A database with a table or column beian's copy does not know (a newer
// beian's, or someone's own) is not copied into: the copy could not be read
// back whole.
TEST_F(PostgresCopyTest, ATableOrColumnCopyDoesNotKnowIsRefused) {
  ASSERT_TRUE(server_->Psql(database_, "CREATE TABLE heartbeats (x int)").ok());
  StatusOr<std::unique_ptr<StoreImport>> import = pg_->BeginImport();
  ASSERT_FALSE(import.ok());
  EXPECT_NE(import.status().message().find(
                "table heartbeats is not one store copy knows in "),
            std::string::npos)
      << import.status().message();
  ASSERT_TRUE(server_
                  ->Psql(database_,
                         "DROP TABLE heartbeats; ALTER TABLE cases ADD COLUMN "
                         "office text")
                  .ok());
  import = pg_->BeginImport();
  ASSERT_FALSE(import.ok());
  EXPECT_NE(import.status().message().find(
                "column cases.office is not one store copy knows"),
            std::string::npos)
      << import.status().message();
  const Status exported = pg_->ExportTables(
      StoreTables(), [](const StoreTable&, const std::vector<StoreRow>&) {
        return Status::Ok();
      });
  EXPECT_EQ(exported.code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace beian::testing
