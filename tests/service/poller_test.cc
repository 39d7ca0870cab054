// The poller's saved account states: found by the same name as the account's
// mails, also in a database written before schema 7 named them otherwise;
// and its mailbox leases: held elsewhere, renewed, lost.
#include "beian/service/poller.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>

#include "store/schema.h"
#include "store/sqlite_db.h"
#include "test_dir.h"

namespace beian {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

// A mailbox with nothing in it; counts the connections made to it.
class EmptyMailbox : public ImapClient {
 public:
  StatusOr<MailboxStatus> Status(const std::string&) override {
    return MailboxStatus{7, 1, 0};
  }
  StatusOr<std::vector<uint32_t>> ListUids(const std::string&, uint32_t,
                                           uint32_t) override {
    return std::vector<uint32_t>{};
  }
  StatusOr<std::string> Fetch(const std::string&, uint32_t, uint32_t) override {
    return NotFound("empty");
  }
  beian::Status Move(const std::string&, const std::vector<uint32_t>&,
                     const std::string&) override {
    return beian::Status::Ok();
  }
  beian::Status Flag(const std::string&,
                     const std::vector<uint32_t>&) override {
    return beian::Status::Ok();
  }
  beian::Status CreateFolder(const std::string&) override {
    return beian::Status::Ok();
  }
};

// A mailbox holding mails 1..count (moving and flagging do nothing).
class FullMailbox final : public EmptyMailbox {
 public:
  explicit FullMailbox(uint32_t count) : count_(count) {}
  StatusOr<MailboxStatus> Status(const std::string&) override {
    return MailboxStatus{7, count_ + 1, count_};
  }
  StatusOr<std::vector<uint32_t>> ListUids(const std::string&, uint32_t first,
                                           uint32_t last) override {
    std::vector<uint32_t> uids;
    for (uint32_t u = std::max(first, 1u); u <= std::min(last, count_); ++u)
      uids.push_back(u);
    return uids;
  }
  StatusOr<std::string> Fetch(const std::string&, uint32_t,
                              uint32_t uid) override {
    return "From: a" + std::to_string(uid) +
           "@qq.com\r\nSubject: hello\r\nMessage-ID: <m" + std::to_string(uid) +
           "@qq.com>\r\n\r\nmail " + std::to_string(uid) + "\r\n";
  }

 private:
  uint32_t count_;
};

class PollerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = beian::testing::FreshTestDir("beian-poller");
    blobs_ = FileBlobStore((dir_ / "data").string());
    config_.data_dir = (dir_ / "data").string();  // its locks/
    std::ofstream(dir_ / "pw") << "secret\n";
    config_.regions = {
        Region("510682", "beian@x.cn", "imaps://127.0.0.1:993"),
        Region("510683", "b", "imap://mail.example.cn:143/备案")};
  }
  void TearDown() override { fs::remove_all(dir_); }

  RegionConfig Region(std::string code, std::string user, std::string url) {
    RegionConfig r;
    r.code = std::move(code);
    r.imap_user = std::move(user);
    r.imap_url = std::move(url);
    r.imap_password.file = (dir_ / "pw").string();
    return r;
  }
  std::string DbPath() const { return (dir_ / "beian.db").string(); }
  // A database as beian wrote it before schema 7: migrations 1 to 6 and
  // `sql` (rows in the old form).
  void WriteSchema6Database(const std::string& sql) {
    StatusOr<internal::Db> db = internal::Db::Open(DbPath());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    for (int v = 0; v < 6; ++v)
      ASSERT_TRUE(db->Exec(internal::Migrations()[v]).ok());
    ASSERT_TRUE(db->Exec("PRAGMA user_version = 6").ok());
    ASSERT_TRUE(db->Exec(sql).ok());
  }
  void OpenStore() {
    auto s = SqliteStore::Open(DbPath());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }
  StatusOr<PollReport> Poll(bool only_due) {
    Poller poller(config_, *store_, blobs_, clock_, nullptr, log_,
                  [this](const ImapAccount&) {
                    ++connections_;
                    return std::make_unique<EmptyMailbox>();
                  });
    return poller.PollOnce(only_due);
  }
  // Polls the first region's mailbox of `count` mails; `after_mail` runs
  // after each mail, once the poller has seen to its lease.
  StatusOr<PollReport> PollFull(uint32_t count,
                                std::function<void()> after_mail) {
    config_.regions.resize(1);
    Poller poller(config_, *store_, blobs_, clock_, nullptr, log_,
                  [count](const ImapAccount&) {
                    return std::make_unique<FullMailbox>(count);
                  });
    poller.set_progress([&](const IntakeProgress&) { after_mail(); });
    return poller.PollOnce(false);
  }

  fs::path dir_;
  ServiceConfig config_;
  std::unique_ptr<SqliteStore> store_;
  FileBlobStore blobs_{""};
  FakeClock clock_{sys_days{2026y / 11 / 23} + 1h};
  RecordingLogger log_;
  int connections_ = 0;
};

TEST_F(PollerTest, AStateIsSavedUnderTheNameOfTheAccountsMails) {
  OpenStore();
  StatusOr<PollReport> report = Poll(/*only_due=*/false);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->errors(), 0);
  EmptyMailbox client;
  ImapMailSource source(ImapAccountOf(config_.regions[0], "secret"), client,
                        nullptr);
  StatusOr<std::vector<AccountState>> states = store_->ListAccounts();
  ASSERT_TRUE(states.ok());
  ASSERT_EQ(states->size(), 2u);
  EXPECT_EQ((*states)[0].source, source.source_name());
  EXPECT_EQ((*states)[0].source, "imap://beian@x.cn@127.0.0.1:993/INBOX");
  EXPECT_EQ((*states)[1].source, "imap://b@mail.example.cn:143/备案");
  EXPECT_TRUE((*states)[0].next_poll_at.has_value());
}

// Schema 7 renames "imap://user@imaps://host:993" states; the folder, which
// the old name left out, comes from the account's mails (else INBOX).
TEST_F(PollerTest, AStateSavedUnderTheOldNameIsFoundAfterTheUpgrade) {
  const std::string later = FormatUtc(clock_.Now() + 10min);
  const auto state = [&](const std::string& region, const std::string& source,
                         int failures) {
    return "INSERT INTO accounts (region, source, failures, next_poll_at) "
           "VALUES ('" +
           region + "', '" + source + "', " + std::to_string(failures) + ", '" +
           later + "');";
  };
  WriteSchema6Database(
      state("510682", "imap://beian@x.cn@imaps://127.0.0.1:993", 2) +
      // The same host by imap://: its new name is taken, so it keeps its old.
      state("510682", "imap://beian@x.cn@imap://127.0.0.1:993", 5) +
      state("510683", "imap://b@imap://mail.example.cn:143", 0) +
      "INSERT INTO mails (region, source, source_key, sha256, size, raw_path, "
      "received_at) VALUES ('510683', 'imap://b@mail.example.cn:143/备案', "
      "'7:1', 'ab', 1, 'raw/ab.eml', '" +
      later + "');");
  OpenStore();
  EXPECT_EQ(store_->SchemaVersion(), 11);
  StatusOr<std::vector<AccountState>> states = store_->ListAccounts();
  ASSERT_TRUE(states.ok());
  ASSERT_EQ(states->size(), 3u);
  EXPECT_EQ((*states)[0].source, "imap://beian@x.cn@127.0.0.1:993/INBOX");
  EXPECT_EQ((*states)[0].failures, 2);
  EXPECT_EQ((*states)[1].source, "imap://beian@x.cn@imap://127.0.0.1:993");
  EXPECT_EQ((*states)[2].source, "imap://b@mail.example.cn:143/备案");

  StatusOr<PollReport> report = Poll(/*only_due=*/true);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->accounts.size(), 2u);
  EXPECT_EQ(report->accounts[0].skipped_because, "not due");
  EXPECT_EQ(report->accounts[1].skipped_because, "not due");
  EXPECT_EQ(connections_, 0);
}

// A mailbox another process holds the lease of is not touched; an expired
// lease (its holder died) is taken over; every poll gives its lease back.
TEST_F(PollerTest, AMailboxLeasedByAnotherProcessIsSkippedUntilItsLeaseEnds) {
  OpenStore();
  const std::string box = "imap://beian@x.cn@127.0.0.1:993/INBOX";
  // 10:30 in China.
  const TimePoint until = clock_.Now() + 90min;
  ASSERT_TRUE(
      store_->TryAcquireLease({box, "host-b:77", "theirs", until}, clock_.Now())
          .ok());
  StatusOr<PollReport> report = Poll(/*only_due=*/false);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->accounts.size(), 2u);
  EXPECT_FALSE(report->accounts[0].polled);
  EXPECT_EQ(report->accounts[0].skipped_because,
            "mailbox " + box +
                " is being polled by host-b:77 until 10:30; nothing done");
  EXPECT_TRUE(report->accounts[1].polled);
  EXPECT_EQ(connections_, 1);  // the other region's mailbox only

  clock_.Advance(91min);  // host-b died without releasing it
  report = Poll(/*only_due=*/false);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->accounts[0].polled);
  EXPECT_EQ(connections_, 3);
  StatusOr<std::vector<Lease>> leases = store_->ListLeases();
  ASSERT_TRUE(leases.ok());
  EXPECT_TRUE(leases->empty());
}

// A poll longer than its lease keeps renewing it, so no other process
// finds it expired while the poll goes on.
TEST_F(PollerTest, ALongPollRenewsItsLease) {
  OpenStore();
  int checked = 0;
  StatusOr<PollReport> report = PollFull(6, [&] {
    StatusOr<std::vector<Lease>> leases = store_->ListLeases();
    ASSERT_TRUE(leases.ok());
    ASSERT_EQ(leases->size(), 1u);
    EXPECT_GT((*leases)[0].expires_at, clock_.Now()) << "mail " << checked;
    ++checked;
    clock_.Advance(4min);  // 6 mails: 24 min, over twice Poller::kLeaseTime
  });
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(checked, 6);
  EXPECT_EQ(report->accounts[0].stats.read, 6);
  EXPECT_TRUE(store_->ListLeases()->empty());
}

// A poller that stalled past its lease and finds it taken stops at once:
// the mailbox is the new holder's.
TEST_F(PollerTest, APollThatLostItsLeaseStops) {
  OpenStore();
  int mails = 0;
  StatusOr<PollReport> report = PollFull(6, [&] {
    if (++mails != 2) return;
    clock_.Advance(Poller::kLeaseTime + 1min);
    StatusOr<Lease> taken =
        store_->TryAcquireLease({"imap://beian@x.cn@127.0.0.1:993/INBOX",
                                 "host-b:77", "theirs", clock_.Now() + 10min},
                                clock_.Now());
    ASSERT_TRUE(taken.ok());
    ASSERT_EQ(taken->token, "theirs");
  });
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_LT(report->accounts[0].stats.read, 6);
  bool logged = false;
  for (const std::string& line : log_.lines_)
    logged = logged || line.find("lease_lost") != std::string::npos;
  EXPECT_TRUE(logged);
  StatusOr<std::vector<Lease>> leases = store_->ListLeases();
  ASSERT_TRUE(leases.ok());
  ASSERT_EQ(leases->size(), 1u);  // theirs, not released by the loser
  EXPECT_EQ((*leases)[0].token, "theirs");
}

}  // namespace
}  // namespace beian
