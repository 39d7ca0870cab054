// The outbox against a real SQLite file: retries, permanent failures, and
// a kill between every step never sends a reply twice (one that may have
// reached the server waits, unconfirmed, for a reviewer).
#include "beian/service/outbox_sender.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "beian/store/store.h"
#include "test_dir.h"

namespace beian {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

class OutboxSenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = beian::testing::FreshTestDir("beian-outbox");
    Reopen();
    StatusOr<int64_t> mail = store_->AddRawMail(
        {{"510682", "maildir:/t", "k1"}, "sha", 1, "raw/sha", clock_.Now()});
    ASSERT_TRUE(mail.ok());
    CaseUpdate u;
    u.mail_id = *mail;
    u.region = "510682";
    u.at = clock_.Now();
    auto c = store_->ApplyCaseUpdate(u);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    case_id_ = c->id;
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Reopen() {
    store_.reset();
    auto s = SqliteStore::Open((dir_ / "beian.db").string());
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
  }
  void Queue(const std::string& key) {
    NewReply r{"acknowledgement", "z3@qq.com", "ack-" + key + "@beian", "Re: x",
               "Subject: Re: x\r\n\r\nhello\r\n"};
    auto added = store_->EnqueueReply(case_id_, key, r, clock_.Now());
    ASSERT_TRUE(added.ok());
  }
  int Files() {
    int n = 0;
    if (!fs::exists(dir_ / "outbox")) return 0;
    for (const auto& e : fs::directory_iterator(dir_ / "outbox"))
      n += e.is_regular_file();
    return n;
  }
  std::string State(int64_t id) {
    auto all = store_->ListOutbox(std::nullopt);
    for (const OutboxEntry& e : *all) {
      if (e.id == id) return OutboxStateName(e.state);
    }
    return "";
  }

  // In a forked child: opens the file and sends for `rounds` rounds to a
  // server recording into sent-<n>.txt. The exit status: 0, or 1 when
  // opening or a round failed.
  int SendFromOwnProcess(int n, int rounds);
  // The Message-IDs process `n` handed to its server, in order.
  std::vector<std::string> SentBy(int n) const {
    std::ifstream in(dir_ / ("sent-" + std::to_string(n) + ".txt"));
    std::vector<std::string> sent;
    for (std::string line; std::getline(in, line);) sent.push_back(line);
    return sent;
  }

  fs::path dir_;
  std::unique_ptr<SqliteStore> store_;
  FakeClock clock_{sys_days{2026y / 11 / 23} + 2h};
  RecordingLogger log_;
  int64_t case_id_ = 0;
};

TEST_F(OutboxSenderTest, SameDecisionKeyQueuesOnce) {
  Queue("1:1:acknowledgement");
  NewReply again{"acknowledgement", "z3@qq.com", "other@beian", "s", "b"};
  auto added = store_->EnqueueReply(case_id_, "1:1:acknowledgement", again,
                                    clock_.Now());
  ASSERT_TRUE(added.ok());
  EXPECT_FALSE(*added);
  EXPECT_EQ(store_->ListOutbox(std::nullopt)->size(), 1u);
}

TEST_F(OutboxSenderTest, TemporaryFailureBacksOffThenSends) {
  Queue("k");
  RecordingMailSender sender;
  sender.FailCall(1, IoError("451 try later"));
  OutboxSender out(*store_, sender, clock_, log_, "beian@x.cn");
  auto st = out.SendDue();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->retried, 1);
  EXPECT_EQ(State(1), "queued");
  st = out.SendDue();  // not due yet
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->sent, 0);
  clock_.Advance(BackoffDelay({}, 1));
  st = out.SendDue();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->sent, 1);
  ASSERT_EQ(sender.sent_.size(), 1u);
  EXPECT_EQ(sender.sent_[0].to, "z3@qq.com");
  EXPECT_EQ(State(1), "sent");
}

TEST_F(OutboxSenderTest, PermanentFailureIsShownNotRetried) {
  Queue("k");
  RecordingMailSender sender;
  sender.FailCall(1, InvalidArgument("550 no such user"));
  OutboxSender out(*store_, sender, clock_, log_, "beian@x.cn");
  auto st = out.SendDue();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->failed, 1);
  clock_.Advance(hours(24));
  st = out.SendDue();
  EXPECT_EQ(st->sent, 0);
  auto failed = store_->ListOutbox(OutboxState::kFailed);
  ASSERT_EQ(failed->size(), 1u);
  EXPECT_EQ((*failed)[0].last_error, "550 no such user");
}

TEST_F(OutboxSenderTest, KillBetweenEveryStepSendsExactlyOnce) {
  FileMailSender files((dir_ / "outbox").string());
  // Killed after queueing: the next run sends it.
  Queue("a");
  Reopen();
  OutboxSender(*store_, files, clock_, log_, "b@x").SendDue().status().ok();
  EXPECT_EQ(Files(), 1);
  // Killed after claiming (state "sending"), before the transport: resent.
  Queue("b");
  ASSERT_EQ(store_->ClaimReplies(clock_.Now(), 10)->size(), 1u);
  Reopen();
  auto st = OutboxSender(*store_, files, clock_, log_, "b@x").SendDue();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->sent, 1);
  EXPECT_EQ(Files(), 2);
  // Killed after the transport accepted it, before "sent" was committed:
  // sent again under the same Message-ID, which is the same file.
  Queue("c");
  auto claimed = store_->ClaimReplies(clock_.Now(), 10);
  ASSERT_EQ(claimed->size(), 1u);
  const OutboxEntry& e = (*claimed)[0];
  ASSERT_TRUE(
      files.Send({e.message_id, "b@x", e.to_address, e.bytes, "510682"}).ok());
  Reopen();
  st = OutboxSender(*store_, files, clock_, log_, "b@x").SendDue();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(Files(), 3);
  EXPECT_EQ(store_->ListOutbox(OutboxState::kSent)->size(), 3u);
  // A further run sends nothing.
  st = OutboxSender(*store_, files, clock_, log_, "b@x").SendDue();
  EXPECT_EQ(st->sent, 0);
  EXPECT_EQ(Files(), 3);
  EXPECT_EQ(fs::status(dir_ / "outbox" / "ack-a@beian.eml").permissions() &
                fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
}

// SMTP cannot say whether a server that got the whole message and then
// went silent kept it: such a reply is never sent again on its own.
TEST_F(OutboxSenderTest, AKillAfterTheHandOverLeavesItUnconfirmedNeverTwice) {
  Queue("d");
  Queue("e");
  auto claimed = store_->ClaimReplies(clock_.Now(), 10);
  ASSERT_EQ(claimed->size(), 2u);
  for (const OutboxEntry& e : *claimed) {
    ASSERT_TRUE(store_->MarkReplyHandedOver(e.id, clock_.Now()).ok());
  }
  Reopen();  // killed before the server's answer
  RecordingMailSender sender;
  clock_.Advance(hours(24));
  auto st = OutboxSender(*store_, sender, clock_, log_, "b@x").SendDue();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->sent, 0);
  EXPECT_TRUE(sender.sent_.empty());
  ASSERT_EQ(store_->ListOutbox(OutboxState::kUnconfirmed)->size(), 2u);
  // The reviewer checked: the first arrived, the second did not.
  const int64_t first = (*claimed)[0].id, second = (*claimed)[1].id;
  ASSERT_TRUE(store_->ResolveUnconfirmedReply(first, true, clock_.Now()).ok());
  ASSERT_TRUE(
      store_->ResolveUnconfirmedReply(second, false, clock_.Now()).ok());
  EXPECT_EQ(State(first), "sent");
  EXPECT_EQ(State(second), "queued");
  EXPECT_EQ(store_->ResolveUnconfirmedReply(first, false, clock_.Now()).code(),
            StatusCode::kFailedPrecondition);
  st = OutboxSender(*store_, sender, clock_, log_, "b@x").SendDue();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->sent, 1);
  ASSERT_EQ(sender.sent_.size(), 1u);
  EXPECT_EQ(sender.sent_[0].message_id, (*claimed)[1].message_id);
}

TEST_F(OutboxSenderTest, NoAnswerAfterTheHandOverIsUnconfirmedAndShown) {
  Queue("f");
  RecordingMailSender sender;
  sender.FailCall(1, OutcomeUnknown("no answer after the data"));
  OutboxSender out(*store_, sender, clock_, log_, "beian@x.cn");
  auto st = out.SendDue();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->unconfirmed, 1);
  EXPECT_EQ(State(1), "unconfirmed");
  EXPECT_EQ(store_->ListOutbox(OutboxState::kUnconfirmed)->at(0).last_error,
            "no answer after the data");
  clock_.Advance(hours(24));
  st = out.SendDue();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->sent, 0);
  EXPECT_TRUE(sender.sent_.empty());
}

// A server that answered (451 after the data) did not keep the message: the
// hand-over mark goes and the reply is due again.
TEST_F(OutboxSenderTest, AnAnsweredFailureAfterTheHandOverIsRetried) {
  Queue("g");
  auto claimed = store_->ClaimReplies(clock_.Now(), 10);
  ASSERT_EQ(claimed->size(), 1u);
  const int64_t id = (*claimed)[0].id;
  ASSERT_TRUE(store_->MarkReplyHandedOver(id, clock_.Now()).ok());
  ASSERT_TRUE(
      store_->MarkReplyFailed(id, "451 queue full", clock_.Now() + minutes(1))
          .ok());
  EXPECT_EQ(State(id), "queued");
  clock_.Advance(minutes(2));
  EXPECT_EQ(store_->ClaimReplies(clock_.Now(), 10)->size(), 1u);
}

// A recording SMTP server that takes a while over each mail, so that two
// senders are both mid-send (claimed, not yet handed over) most of the time.
// With a `log` file it also appends each Message-ID there, a line each, for
// the process that forked the sender to read.
class SlowRecordingSender final : public MailSender {
 public:
  explicit SlowRecordingSender(milliseconds delay = milliseconds(3),
                               fs::path log = {})
      : delay_(delay), log_(std::move(log)) {}
  Status Send(const OutgoingMail& mail) override {
    std::this_thread::sleep_for(delay_);
    if (mail.before_end_of_data && !mail.before_end_of_data()) {
      return IoError("aborted before the end of the data");
    }
    std::lock_guard lock(mu_);
    sent_.push_back(mail.message_id);
    if (!log_.empty())
      std::ofstream(log_, std::ios::app) << mail.message_id << "\n";
    return Status::Ok();
  }
  std::vector<std::string> sent() {
    std::lock_guard lock(mu_);
    return sent_;
  }

 private:
  const milliseconds delay_;
  const fs::path log_;
  std::mutex mu_;
  std::vector<std::string> sent_;
};

int OutboxSenderTest::SendFromOwnProcess(int n, int rounds) {
  auto store = SqliteStore::Open((dir_ / "beian.db").string());
  if (!store.ok()) return 1;
  SlowRecordingSender server(milliseconds(10),
                             dir_ / ("sent-" + std::to_string(n) + ".txt"));
  RecordingLogger log;
  OutboxSender out(**store, server, clock_, log, "b@x");
  for (int round = 0; round < rounds; ++round) {
    if (!out.SendDue(2).ok()) return 1;
  }
  return 0;
}

// Two beian processes sending from one SQLite file (two store handles on
// the real file, each with its own sender): every reply reaches the server
// exactly once.
TEST_F(OutboxSenderTest, TwoSendersOnOneFileSendEachReplyOnce) {
  constexpr int kReplies = 40;
  for (int i = 0; i < kReplies; ++i) Queue("k" + std::to_string(i));
  auto other = SqliteStore::Open((dir_ / "beian.db").string());
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  std::vector<Store*> stores = {store_.get(), other->get()};
  SlowRecordingSender servers[2];
  std::atomic<int> errors = 0;
  std::vector<std::thread> senders;
  for (int i = 0; i < 2; ++i) {
    senders.emplace_back([&, i] {
      RecordingLogger log;  // one per thread: it keeps lines unlocked
      OutboxSender out(*stores[i], servers[i], clock_, log, "b@x");
      for (int round = 0; round < kReplies; ++round) {
        StatusOr<SendStats> st = out.SendDue(2);
        if (!st.ok()) ++errors;
      }
    });
  }
  for (std::thread& t : senders) t.join();
  EXPECT_EQ(errors.load(), 0);
  std::multiset<std::string> all;
  for (SlowRecordingSender& s : servers) {
    for (const std::string& id : s.sent()) all.insert(id);
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kReplies));
  for (const std::string& id : all) EXPECT_EQ(all.count(id), 1u) << id;
  EXPECT_FALSE(servers[0].sent().empty());  // both took part
  EXPECT_FALSE(servers[1].sent().empty());
  EXPECT_EQ(store_->ListOutbox(OutboxState::kSent)->size(),
            static_cast<size_t>(kReplies));
}

// The same with two real processes, each opening the file itself (its own
// connection, claim token and lock file) and sending to its own recording
// server; they start together on a pipe closed by the parent.
TEST_F(OutboxSenderTest, TwoProcessesOnOneFileSendEachReplyOnce) {
  constexpr int kReplies = 40;
  for (int i = 0; i < kReplies; ++i) Queue("k" + std::to_string(i));
  store_.reset();  // no connection of ours across fork()
  int start[2];
  ASSERT_EQ(::pipe(start), 0);
  std::vector<pid_t> children;
  for (int i = 0; i < 2; ++i) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(start[1]);
      char c;
      (void)::read(start[0], &c, 1);  // returns at EOF: the parent closed it
      ::_exit(SendFromOwnProcess(i, kReplies));
    }
    children.push_back(pid);
  }
  ::close(start[0]);
  ::close(start[1]);
  for (const pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "sender process " << pid << " failed: status " << status;
  }
  std::multiset<std::string> all;
  for (int i = 0; i < 2; ++i) {
    const std::vector<std::string> sent = SentBy(i);
    EXPECT_FALSE(sent.empty()) << "process " << i << " sent nothing";
    all.insert(sent.begin(), sent.end());
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kReplies));
  for (const std::string& id : all) EXPECT_EQ(all.count(id), 1u) << id;
  Reopen();
  EXPECT_EQ(store_->ListOutbox(OutboxState::kSent)->size(),
            static_cast<size_t>(kReplies));
}

TEST(BackoffTest, DoublesUpToTheCap) {
  RetryPolicy p;
  EXPECT_EQ(BackoffDelay(p, 1), seconds(60));
  EXPECT_EQ(BackoffDelay(p, 3), seconds(240));
  EXPECT_EQ(BackoffDelay(p, 30), hours(6));
}

}  // namespace
}  // namespace beian
