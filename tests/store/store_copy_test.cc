// store copy's parts without PostgreSQL: checksums, their comparison,
// SQLite's export, and CopyStore into an in-memory import.
#include "beian/store/store_copy.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <map>

#include "beian/store/store.h"
#include "beian/store/store_factory.h"
#include "test_dir.h"

namespace beian::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

TableSum Sum(const std::vector<StoreRow>& rows) {
  TableChecksum c("t");
  for (const StoreRow& r : rows) c.Add(r);
  return c.Finish();
}

TEST(TableChecksumTest, SameRowsSameSumAndAnyChangeShows) {
  const std::vector<StoreRow> rows = {{"1", "a", std::nullopt},
                                      {"2", "b", "x"}};
  EXPECT_EQ(Sum(rows), Sum(rows));
  EXPECT_EQ(Sum(rows).rows, 2);
  EXPECT_EQ(Sum(rows).sha256.size(), 64u);
  // Order, NULL against "", text moved between columns, one byte.
  EXPECT_NE(Sum(rows).sha256, Sum({rows[1], rows[0]}).sha256);
  EXPECT_NE(Sum({{"1", "a", std::nullopt}}).sha256,
            Sum({{"1", "a", ""}}).sha256);
  EXPECT_NE(Sum({{"ab", "c"}}).sha256, Sum({{"a", "bc"}}).sha256);
  EXPECT_NE(Sum({{"1:a"}}).sha256, Sum({{"1", "a"}}).sha256);
  EXPECT_NE(Sum({{"x"}}).sha256, Sum({{"y"}}).sha256);
  // Rows are apart too: one row of four values is not two of two.
  EXPECT_NE(Sum({{"a", "b", "c", "d"}}).sha256,
            Sum({{"a", "b"}, {"c", "d"}}).sha256);
  EXPECT_EQ(Sum({}).rows, 0);
}

TEST(CompareSumsTest, NamesEveryTableThatDiffers) {
  const std::vector<TableSum> source = {{"cases", 3, "aaaaaaaaaaaaaaaa"},
                                        {"mails", 5, "bbbbbbbbbbbbbbbb"},
                                        {"outbox", 1, "cccccccccccccccc"},
                                        {"audit_log", 2, "dddddddddddddddd"}};
  EXPECT_TRUE(CompareSums(source, source).empty());
  std::vector<TableSum> copy = source;
  copy[0].rows = 2;
  copy[1].sha256 = "eeeeeeeeeeeeeeee";
  copy.erase(copy.begin() + 2);
  copy.push_back({"extra", 0, "ffff"});
  const std::vector<std::string> d = CompareSums(source, copy);
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0], "cases: 3 rows in the source, 2 in the copy");
  EXPECT_EQ(d[1],
            "mails: 5 rows on both sides but their checksums differ "
            "(bbbbbbbbbbbb in the source, eeeeeeeeeeee in the copy)");
  EXPECT_EQ(d[2], "outbox: missing in the copy");
  EXPECT_EQ(d[3], "extra: only in the copy");
}

TEST(CanonicalRealTest, ShortestTextThatReadsBack) {
  EXPECT_EQ(CanonicalReal(0.1), "0.1");
  EXPECT_EQ(CanonicalReal(0.95), "0.95");
  EXPECT_EQ(CanonicalReal(1), "1");
  // PostgreSQL prints float8 its own way; the same number, the same text.
  EXPECT_EQ(CanonicalRealText("0.1"), "0.1");
  EXPECT_EQ(CanonicalRealText("1e-05"), CanonicalReal(0.00001));
  EXPECT_EQ(CanonicalRealText("0.30000000000000004"), CanonicalReal(0.1 + 0.2));
  EXPECT_NE(CanonicalReal(0.1 + 0.2), CanonicalReal(0.3));
  EXPECT_EQ(CanonicalRealText("0.1x"), std::nullopt);
  EXPECT_EQ(CanonicalRealText(""), std::nullopt);
}

TEST(StoreTablesTest, ParentsComeBeforeTheRowsThatReferToThem) {
  std::map<std::string, size_t> position;
  const std::vector<StoreTable>& tables = StoreTables();
  for (size_t i = 0; i < tables.size(); ++i) {
    position[std::string(tables[i].name)] = i;
  }
  EXPECT_LT(position.at("cases"), position.at("mails"));
  EXPECT_LT(position.at("mails"), position.at("attachments"));
  EXPECT_LT(position.at("attachments"), position.at("page_readings"));
  EXPECT_LT(position.at("mails"), position.at("quarantine"));
  EXPECT_LT(position.at("cases"), position.at("outbox"));
  for (const StoreTable& t : tables) {
    if (t.identity) {
      EXPECT_EQ(t.columns[0].name, "id") << t.name;
    }
  }
}

TEST(UrlWithoutPasswordTest, DropsThePasswordOnly) {
  EXPECT_EQ(UrlWithoutPassword("postgresql://beian@db.example.cn:5432/beian"),
            "postgresql://beian@db.example.cn:5432/beian");
  EXPECT_EQ(UrlWithoutPassword("postgresql://beian:s3cr@t@db:5432/beian"),
            "postgresql://beian@db:5432/beian");
  EXPECT_EQ(
      UrlWithoutPassword("postgres://u:p@db/b?password=x&sslmode=verify-full"),
      "postgres://u@db/b?sslmode=verify-full");
  EXPECT_EQ(UrlWithoutPassword("postgresql://db/b?password=x"),
            "postgresql://db/b");
  EXPECT_EQ(UrlWithoutPassword("postgresql://db:5432/b?sslmode=require"),
            "postgresql://db:5432/b?sslmode=require");
}

// An import that keeps the rows in memory; `change` alters a row as it is
// written (a copy that went wrong).
class MemoryImport final : public StoreImport {
 public:
  std::function<void(const StoreTable&, StoreRow&)> change;
  std::map<std::string, std::vector<StoreRow>> rows;
  bool finished = false;

  Status ExportTables(const std::vector<StoreTable>& tables,
                      const TableSink& sink) override {
    for (const StoreTable& t : tables) {
      BEIAN_RETURN_IF_ERROR(sink(t, rows[std::string(t.name)]));
    }
    return Status::Ok();
  }
  Status Write(const StoreTable& t, const std::vector<StoreRow>& in) override {
    for (StoreRow r : in) {
      if (change) change(t, r);
      rows[std::string(t.name)].push_back(std::move(r));
    }
    return Status::Ok();
  }
  Status Finish() override {
    finished = true;
    return Status::Ok();
  }
  Status Commit() override { return Status::Ok(); }
};

class SqliteExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir("beian-copy");
    path_ = (dir_ / "beian.db").string();
    auto s = SqliteStore::Open(path_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    for (int i = 1; i <= 3; ++i) {
      NewRawMail m{{"510682", "maildir:/x", "k" + std::to_string(i)},
                   "sha" + std::to_string(i),
                   10,
                   "raw/sh/sha" + std::to_string(i),
                   now_};
      StatusOr<int64_t> id = store_->AddRawMail(m);
      ASSERT_TRUE(id.ok()) << id.status().ToString();
      CaseUpdate u;
      u.mail_id = *id;
      u.region = "510682";
      u.applicant_name = "张三";
      u.id_number = "11010519491231002X";
      u.headers.message_id = "m" + std::to_string(i) + "@qq.com";
      u.thread_ids = {u.headers.message_id};
      u.fields = {{"name", "张三", "subject", 0.1, *id}};
      u.attachments = {
          {0, 0, 1, "a.jpg", "image/jpeg", 3, "", "", true, "", {}}};
      u.at = now_;
      ASSERT_TRUE(store_->ApplyCaseUpdate(u).ok());
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `sql` on the file with SQLite itself.
  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<SqliteStore> store_;
  TimePoint now_ = sys_days{2026y / 11 / 23} + 20h;
};

TEST_F(SqliteExportTest, RowsComeOutCanonicalInKeyOrder) {
  std::map<std::string, std::vector<StoreRow>> rows;
  ASSERT_TRUE(
      store_
          ->ExportTables(
              StoreTables(),
              [&](const StoreTable& t, const std::vector<StoreRow>& batch) {
                auto& all = rows[std::string(t.name)];
                all.insert(all.end(), batch.begin(), batch.end());
                return Status::Ok();
              })
          .ok());
  ASSERT_EQ(rows["mails"].size(), 3u);
  EXPECT_EQ(rows["mails"][0][0], "1");
  EXPECT_EQ(rows["mails"][2][0], "3");
  EXPECT_EQ(rows["mails"][0][7], "2026-11-23T20:00:00Z");  // received_at
  EXPECT_EQ(rows["mails"][0][18], std::nullopt);           // duplicate_of
  ASSERT_EQ(rows["attachments"].size(), 3u);
  EXPECT_EQ(rows["attachments"][0][9], "1");  // in_forwarded
  ASSERT_EQ(rows["draft_fields"].size(), 3u);
  EXPECT_EQ(rows["draft_fields"][0][4], "0.1");  // confidence
  ASSERT_EQ(rows["cases"].size(), 3u);           // each update opened a case
  ASSERT_EQ(rows["case_counters"].size(), 1u);
  EXPECT_EQ(rows["case_counters"][0][2], "3");
}

TEST_F(SqliteExportTest, CopyStoreVerifiesWhatItWrote) {
  MemoryImport to;
  StatusOr<CopyReport> r = CopyStore(*store_, to);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(to.finished);
  StatusOr<std::vector<TableSum>> source = SumTables(*store_, StoreTables());
  ASSERT_TRUE(source.ok());
  EXPECT_EQ(r->sums, *source);
  EXPECT_EQ(r->sums.size(), StoreTables().size());
  // The raw files; attachments not yet written out name none.
  EXPECT_EQ(r->blob_paths, (std::vector<std::string>{
                               "raw/sh/sha1", "raw/sh/sha2", "raw/sh/sha3"}));
}

TEST_F(SqliteExportTest, CopyStoreRefusesACopyThatDiffers) {
  MemoryImport to;
  to.change = [](const StoreTable& t, StoreRow& row) {
    if (t.name == "mails" && row[0] == "2") row[10] = "changed";
  };
  StatusOr<CopyReport> r = CopyStore(*store_, to);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("nothing was committed"),
            std::string::npos);
  EXPECT_NE(r.status().message().find(
                "mails: 3 rows on both sides but their checksums differ"),
            std::string::npos)
      << r.status().message();
  EXPECT_EQ(r.status().message().find("cases:"), std::string::npos);
}

TEST_F(SqliteExportTest, AColumnOrTableCopyDoesNotKnowStopsTheExport) {
  store_.reset();
  Sql("ALTER TABLE cases ADD COLUMN office TEXT");
  store_ = std::move(*SqliteStore::Open(path_));
  MemoryImport to;
  StatusOr<CopyReport> r = CopyStore(*store_, to);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("column cases.office of " + path_ +
                                      " is not one store copy knows"),
            std::string::npos)
      << r.status().message();
  EXPECT_TRUE(to.rows.empty());

  store_.reset();
  Sql("ALTER TABLE cases DROP COLUMN office; CREATE TABLE heartbeats (x)");
  store_ = std::move(*SqliteStore::Open(path_));
  r = CopyStore(*store_, to);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("table heartbeats of"), std::string::npos)
      << r.status().message();
}

TEST_F(SqliteExportTest, ATimeBeianDidNotWriteStopsTheExport) {
  store_.reset();
  Sql("UPDATE mails SET received_at = 'yesterday' WHERE id = 2");
  store_ = std::move(*SqliteStore::Open(path_));
  MemoryImport to;
  StatusOr<CopyReport> r = CopyStore(*store_, to);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(
                "mails.received_at of the row 2 holds \"yesterday\""),
            std::string::npos)
      << r.status().message();
}

}  // namespace
}  // namespace beian::testing
