// SqliteStore on real SQLite files in a temp dir.
#include "beian/store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "test_dir.h"

namespace beian {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = beian::testing::FreshTestDir("beian-store");
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
    u.attachments = {{0, 0, 1, "a.jpg", "image/jpeg", 3, "abc", "att/ab/abc", false, "", {}}};
    u.at = now_;
    return u;
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<SqliteStore> store_;
  TimePoint now_ = sys_days{2026y / 11 / 23} + 20h;  // 04:00 next day in China
};

TEST_F(SqliteStoreTest, CreatesPrivateWalDatabaseAtCurrentVersion) {
  EXPECT_EQ(store_->SchemaVersion(), 7);
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

TEST_F(SqliteStoreTest, RefusesNewerSchema) {
  store_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto s = SqliteStore::Open(path_);
  EXPECT_EQ(s.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.status().message().find("upgrade beian"), std::string::npos);
}

TEST_F(SqliteStoreTest, DedupBySourceKeyAndSha) {
  AddMail("k1", "sha1");
  NewRawMail same_key{{"510682", "maildir:/x", "k1"}, "sha2", 1, "p", now_};
  EXPECT_EQ(store_->AddRawMail(same_key).status().code(), StatusCode::kAlreadyExists);
  NewRawMail same_sha{{"510682", "maildir:/x", "k9"}, "sha1", 1, "p", now_};
  EXPECT_EQ(store_->AddRawMail(same_sha).status().code(), StatusCode::kAlreadyExists);
  auto found = store_->FindMailBySha256("510682", "sha1");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->source.key, "k1");
}

TEST_F(SqliteStoreTest, ApplyOpensCaseWithEverythingInOneGo) {
  const int64_t m = AddMail("k1", "sha1");
  auto c = store_->ApplyCaseUpdate(Update(m, "11010519491231002X"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->number, "510682-20261124-0001");  // China date
  EXPECT_EQ(c->status, CaseStatus::kNeedsReview);
  auto d = store_->GetCase(c->number);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->fields.size(), 1u);
  EXPECT_EQ(d->problems.size(), 1u);
  EXPECT_EQ(d->attachments.size(), 1u);
  EXPECT_EQ(d->mails.size(), 1u);
  EXPECT_EQ(d->mails[0].state, MailState::kProcessed);
  ASSERT_FALSE(d->audit.empty());
  EXPECT_EQ(d->audit[0].action, "case_opened");
  // Applying the same mail twice is refused and changes nothing.
  EXPECT_FALSE(store_->ApplyCaseUpdate(Update(m, "11010519491231002X")).ok());
  auto list = store_->ListCases({});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 1u);
}

TEST_F(SqliteStoreTest, ThreadAndIdNumberLookups) {
  const int64_t m1 = AddMail("k1", "sha1");
  auto c = store_->ApplyCaseUpdate(Update(m1, "11010519491231002X"));
  ASSERT_TRUE(c.ok());
  auto by_thread = store_->FindCaseByThread("510682", {"zz@x", "m1@qq.com"});
  ASSERT_TRUE(by_thread.ok());
  ASSERT_TRUE(by_thread->has_value());
  EXPECT_EQ((*by_thread)->id, c->id);
  auto other_region = store_->FindCaseByThread("110105", {"m1@qq.com"});
  ASSERT_TRUE(other_region.ok());
  EXPECT_FALSE(other_region->has_value());
  auto by_id = store_->FindOpenCaseByIdNumber("510682", "11010519491231002X");
  ASSERT_TRUE(by_id.ok());
  EXPECT_TRUE(by_id->has_value());

  // A follow-up replaces the open problems and adds its attachment.
  const int64_t m2 = AddMail("k2", "sha2");
  CaseUpdate u = Update(m2, "");
  u.case_id = c->id;
  u.problems.clear();
  ASSERT_TRUE(store_->ApplyCaseUpdate(u).ok());
  auto d = store_->GetCaseById(c->id);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->problems.empty());
  EXPECT_EQ(d->attachments.size(), 2u);
  EXPECT_EQ(d->record.id_number, "11010519491231002X");  // kept
  EXPECT_EQ(d->record.mail_count, 2);
}

// Every lookup the intake path makes goes through an index: with whole-table
// scans, each new mail costs time in proportion to the mails already stored.
TEST_F(SqliteStoreTest, IntakeLookupsScanNoWholeTable) {
  for (int i = 1; i <= 5; ++i) {
    const int64_t m = AddMail("k" + std::to_string(i), "sha" + std::to_string(i));
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

TEST_F(SqliteStoreTest, QuarantineReleaseAndSummary) {
  const int64_t m = AddMail("k1", "sha1");
  ASSERT_TRUE(store_->QuarantineMail(m, "not a mail", now_).ok());
  auto q = store_->ListQuarantine(false);
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 1u);
  EXPECT_EQ((*q)[0].reason, "not a mail");
  EXPECT_EQ((*q)[0].mail.source.key, "k1");
  auto pending = store_->PendingMails();
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(pending->empty());
  ASSERT_TRUE(store_->ReleaseQuarantine((*q)[0].id, "reviewer", now_).ok());
  EXPECT_EQ(store_->ReleaseQuarantine((*q)[0].id, "reviewer", now_).code(),
            StatusCode::kNotFound);
  pending = store_->PendingMails();
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->size(), 1u);
  auto sum = store_->Summarize();
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->mails, 1);
  EXPECT_EQ(sum->quarantined, 0);
  EXPECT_EQ(store_->GetCase("510682-00000000-0000").status().code(),
            StatusCode::kNotFound);
}

// A batch is committed whole or not at all: closed without CommitBatch (a
// kill), none of its mails is there; committed, all of them are.
TEST_F(SqliteStoreTest, ABatchIsCommittedWholeOrNotAtAll) {
  ASSERT_TRUE(store_->BeginBatch().ok());
  AddMail("k1", "sha1");
  AddMail("k2", "sha2");
  store_.reset();  // the process dies before the batch's commit
  auto reopened = SqliteStore::Open(path_);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  store_ = std::move(*reopened);
  EXPECT_FALSE(*store_->FindMailBySource({"510682", "maildir:/x", "k1"}));
  EXPECT_FALSE(*store_->FindMailBySource({"510682", "maildir:/x", "k2"}));

  ASSERT_TRUE(store_->BeginBatch().ok());
  AddMail("k1", "sha1");
  AddMail("k2", "sha2");
  ASSERT_TRUE(store_->CommitBatch().ok());
  store_.reset();
  reopened = SqliteStore::Open(path_);
  ASSERT_TRUE(reopened.ok());
  store_ = std::move(*reopened);
  EXPECT_TRUE(*store_->FindMailBySource({"510682", "maildir:/x", "k1"}));
  EXPECT_TRUE(*store_->FindMailBySource({"510682", "maildir:/x", "k2"}));
}

// A crash is counted once per attempt, whoever records it how often.
TEST_F(SqliteStoreTest, CrashesAreCountedOncePerAttempt) {
  ASSERT_TRUE(store_->RecordCrash("510682", "aa", "1", "k", now_).ok());
  ASSERT_TRUE(store_->RecordCrash("510682", "aa", "1", "k", now_).ok());
  ASSERT_TRUE(store_->RecordCrash("510682", "bb", "7", "k2", now_).ok());
  auto twice = store_->CrashedMails(2);
  ASSERT_TRUE(twice.ok());
  EXPECT_TRUE(twice->empty());
  ASSERT_TRUE(store_->RecordCrash("510682", "aa", "2", "k", now_).ok());
  twice = store_->CrashedMails(2);
  ASSERT_TRUE(twice.ok());
  ASSERT_EQ(twice->size(), 1u);
  EXPECT_EQ((*twice)[0], std::make_pair(std::string("510682"), std::string("aa")));
  auto once = store_->CrashedMails(1);
  ASSERT_TRUE(once.ok());
  EXPECT_EQ(once->size(), 2u);
}

}  // namespace
}  // namespace beian
