// A reader renews its claim on a stored mail while it reads it
// (internal::ReadClaim in IntakePipeline::ProcessPending): a read longer
// than the lease keeps its mail from other readers, and a reader whose
// claim was taken over all the same does not write the mail. Two store
// handles on one real SQLite file in a temp dir, a FakeClock moved by the
// test while the reader waits for a document the test holds.
#include "service/read_claim.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>

#include "beian/service/intake_pipeline.h"
#include "beian/store/forwarding_ingest_store.h"
#include "test_dir.h"

namespace beian {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

// Counts the renewals it forwards.
class RenewalCountingStore final : public ForwardingIngestStore {
 public:
  using ForwardingIngestStore::ForwardingIngestStore;
  Status RenewReadClaim(int64_t mail_id, std::string_view holder,
                        TimePoint until) override {
    Status s = ForwardingIngestStore::RenewReadClaim(mail_id, holder, until);
    ++renewals_;
    return s;
  }
  std::atomic<int> renewals_ = 0;
};

// Every document's read ends when the test calls Finish(), with one page.
class HeldQueue final : public DocumentQueue {
 public:
  std::shared_future<ReadOutcome> Submit(ReadRequest) override {
    ++submitted_;
    return result_;
  }
  void Finish() {
    DocumentReading d;
    d.pages.push_back(PageReading{});
    ReadOutcome o;
    o.reading = d;
    finish_.set_value(std::move(o));
  }
  std::atomic<int> submitted_ = 0;

 private:
  std::promise<ReadOutcome> finish_;
  std::shared_future<ReadOutcome> result_ = finish_.get_future().share();
};

// True once `done` holds, false after 5 s.
template <class F>
bool WaitFor(F done) {
  const auto give_up = steady_clock::now() + seconds(5);
  while (!done()) {
    if (steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(milliseconds(1));
  }
  return true;
}

const char kMail[] =
    "From: citizen1@qq.com\r\nTo: beian@ybj.example.cn\r\n"
    "Subject: 张三+11010519491231002X+跨省异地就医备案\r\n"
    "Message-ID: <1@qq.com>\r\nContent-Type: multipart/mixed; boundary=B\r\n"
    "\r\n--B\r\nContent-Type: image/jpeg; name=card.jpg\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\n/9j/4Ep1\r\n--B--\r\n";

class ReadClaimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = beian::testing::FreshTestDir("beian-read-claim");
    blobs_ = FileBlobStore((dir_ / "data").string());
    for (auto* s : {&store_, &other_store_}) {
      auto opened = SqliteStore::Open((dir_ / "beian.db").string());
      ASSERT_TRUE(opened.ok()) << opened.status().ToString();
      *s = std::move(*opened);
    }
    // A poller without the read role leaves the mail to readers.
    FakeMailSource src;
    src.Add({{"510682", "maildir:/test", "k1"}, kMail});
    IntakePipeline poller(*store_, blobs_, clock_, nullptr, poller_log_);
    poller.set_reading(false);
    ASSERT_TRUE(poller.Run(src).ok());
  }
  void TearDown() override {
    if (reading_.joinable()) {
      queue_.Finish();
      reading_.join();
    }
    fs::remove_all(dir_);
  }
  // Reader a:1 on store_ in a thread of its own, waiting in its document.
  void StartReading(IntakePipeline& a) {
    a.set_document_queue(&queue_);
    reading_ = std::thread([this, &a] { read_ = a.ReadPending(); });
    ASSERT_TRUE(WaitFor([this] { return queue_.submitted_ > 0; }));
  }
  void FinishReading() {
    queue_.Finish();
    reading_.join();
    ASSERT_TRUE(read_.ok()) << read_.status().ToString();
  }
  int CountCases() {
    auto cases = store_->ListCases({});
    return cases.ok() ? static_cast<int>(cases->size()) : -1;
  }
  static int Count(const RecordingLogger& log, std::string_view event) {
    return static_cast<int>(std::count_if(
        log.lines_.begin(), log.lines_.end(), [&](const std::string& l) {
          return l.find(event) != std::string::npos;
        }));
  }

  fs::path dir_;
  std::unique_ptr<SqliteStore> store_, other_store_;
  FileBlobStore blobs_{""};
  FakeClock clock_{sys_days{2026y / 11 / 23} + 1h};
  RecordingLogger poller_log_, a_log_, b_log_;
  HeldQueue queue_;
  std::thread reading_;
  StatusOr<IntakeStats> read_ = IntakeStats{};
};

// a reads for 12 minutes on a 10-minute lease, renewing as it waits: b,
// looking at 12 minutes, finds nothing to take, and the case is drafted
// once, by a.
TEST_F(ReadClaimTest, AReadLongerThanTheLeaseKeepsItsMail) {
  RenewalCountingStore a_store(*store_);
  IntakePipeline a(a_store, blobs_, clock_, nullptr, a_log_);
  a.set_read_claims("a:1", minutes(10), milliseconds(2));
  StartReading(a);
  bool renewing = true;
  for (int i = 0; i < 3; ++i) {
    clock_.Advance(minutes(4));
    const int seen = a_store.renewals_;
    // Two more: at least one of them read the clock after it moved.
    if (renewing && !WaitFor([&] { return a_store.renewals_ >= seen + 2; })) {
      ADD_FAILURE() << "a:1 did not renew its claim while it waited";
      renewing = false;
    }
  }
  IntakePipeline b(*other_store_, blobs_, clock_, nullptr, b_log_);
  b.set_read_claims("b:2", minutes(10));
  StatusOr<IntakeStats> taken = b.ReadPending();
  ASSERT_TRUE(taken.ok()) << taken.status().ToString();
  EXPECT_EQ(taken->repaired, 0);  // still a's
  auto backlog = other_store_->CountReads(clock_.Now());
  ASSERT_TRUE(backlog.ok());
  EXPECT_EQ(backlog->claimed, 1);

  FinishReading();
  EXPECT_EQ(read_->repaired, 1);
  EXPECT_EQ(read_->cases_opened, 1);
  clock_.Advance(minutes(30));
  taken = b.ReadPending();
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(taken->repaired, 0);
  EXPECT_EQ(CountCases(), 1);
  EXPECT_EQ(Count(a_log_, "read_taken_over"), 0);
  EXPECT_EQ(Count(a_log_, "read_claim_lost"), 0);
}

// a stopped renewing (its thread was held up: here, it waits longer than
// the lease before it looks) and b took the mail over. a's renewal says
// so, and a does not write the mail: b's claim stands.
TEST_F(ReadClaimTest, AReaderWhoseMailWasTakenOverDoesNotWriteIt) {
  RenewalCountingStore a_store(*store_);
  IntakePipeline a(a_store, blobs_, clock_, nullptr, a_log_);
  a.set_read_claims("a:1", minutes(10), hours(1));
  StartReading(a);
  clock_.Advance(minutes(11));
  auto b = other_store_->ClaimPendingMail("b:2", clock_.Now(),
                                          clock_.Now() + minutes(10));
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_TRUE(b->has_value());

  FinishReading();
  EXPECT_EQ(read_->cases_opened, 0);
  EXPECT_EQ(CountCases(), 0);
  EXPECT_EQ(Count(a_log_, "read_taken_over"), 1);
  EXPECT_EQ(Count(a_log_, "b:2 holds it"), 1);
  auto backlog = store_->CountReads(clock_.Now());
  ASSERT_TRUE(backlog.ok());
  EXPECT_EQ(backlog->waiting, 1);
  EXPECT_EQ(backlog->claimed, 1);  // b's, untouched
  // Lost is lost: asked again, the claim says so without the store.
  const int asked = a_store.renewals_;
  internal::ReadClaim claim(a_store, clock_, a_log_, (*b)->id, "a:1",
                            minutes(10), hours(1));
  EXPECT_EQ(claim.Renew().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(claim.Renew().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(a_store.renewals_, asked + 1);
}

}  // namespace
}  // namespace beian
