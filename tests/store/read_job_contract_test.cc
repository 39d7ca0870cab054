// The read-job contract (IngestStore::ClaimPendingMail, RenewReadClaim,
// CaseStore::CountReads) on every backend: a stored mail is claimed by one
// reader at a time, oldest first; only its holder renews the claim; a claim
// that ran out (its reader died) is taken over; a mail leaves the queue once
// applied, and only one of two readers that both read it applies it.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <mutex>
#include <set>
#include <thread>

#include "store_contract.h"

namespace beian::testing {
namespace {

using std::chrono::minutes;

// The id of the mail `holder` claims at `now` for 10 minutes; 0 when none.
int64_t Claim(IngestStore& store, const std::string& holder, TimePoint now) {
  auto m = store.ClaimPendingMail(holder, now, now + minutes(10));
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return m.ok() && m->has_value() ? (*m)->id : 0;
}

TEST_P(StoreContractTest, StoredMailsAreClaimedOnceEachOldestFirst) {
  const int64_t first = AddMail("k1", "s1");
  const int64_t second = AddMail("k2", "s2");
  auto claimed = store_->ClaimPendingMail("a:1", now_, now_ + minutes(10));
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  ASSERT_TRUE(claimed->has_value());
  EXPECT_EQ((*claimed)->id, first);
  EXPECT_EQ((*claimed)->source.key, "k1");
  EXPECT_EQ((*claimed)->sha256, "s1");
  EXPECT_EQ((*claimed)->state, MailState::kStored);
  EXPECT_EQ(Claim(*store_, "b:2", now_), second);
  EXPECT_EQ(Claim(*store_, "c:3", now_ + minutes(9)), 0);  // both held
  auto backlog = store_->CountReads(now_ + minutes(1));
  ASSERT_TRUE(backlog.ok()) << backlog.status().ToString();
  EXPECT_EQ(backlog->waiting, 2);
  EXPECT_EQ(backlog->claimed, 2);
}

TEST_P(StoreContractTest, AClaimThatRanOutIsTakenOver) {
  const int64_t id = AddMail("k1", "s1");
  ASSERT_EQ(Claim(*store_, "a:1", now_), id);
  // a died: at 10 minutes and one second its claim has run out.
  const TimePoint later = now_ + minutes(10) + std::chrono::seconds(1);
  auto backlog = store_->CountReads(later);
  ASSERT_TRUE(backlog.ok());
  EXPECT_EQ(backlog->waiting, 1);
  EXPECT_EQ(backlog->claimed, 0);  // a's claim no longer counts
  EXPECT_EQ(Claim(*store_, "b:2", later), id);
  EXPECT_EQ(Claim(*store_, "c:3", later), 0);  // b holds it now
  // A claim survives the store being closed and opened again (it is in
  // the row, not in the connection).
  Reopen();
  EXPECT_EQ(Claim(*store_, "c:3", later + minutes(9)), 0);
  EXPECT_EQ(Claim(*store_, "c:3", later + minutes(11)), id);
}

TEST_P(StoreContractTest, AnAppliedMailIsNoLongerAReadJob) {
  const int64_t id = AddMail("k1", "s1");
  const int64_t dup = AddMail("k2", "s2");
  const int64_t bad = AddMail("k3", "s3");
  ASSERT_EQ(Claim(*store_, "a:1", now_), id);
  ASSERT_TRUE(store_->ApplyCaseUpdate(Update(id, "11010519491231002X")).ok());
  ASSERT_TRUE(store_->MarkDuplicate(dup, id, MailHeaders{}).ok());
  ASSERT_TRUE(store_->QuarantineMail(bad, "unreadable", now_).ok());
  const TimePoint much_later = now_ + std::chrono::hours(24);
  EXPECT_EQ(Claim(*store_, "b:2", much_later), 0);
  auto backlog = store_->CountReads(much_later);
  ASSERT_TRUE(backlog.ok());
  EXPECT_EQ(backlog->waiting, 0);
  EXPECT_EQ(backlog->claimed, 0);
}

// a read for longer than its claim: b took the mail over and read it too.
// Whichever applies it first drafts the case; the other is refused, and
// the case is drafted once.
TEST_P(StoreContractTest, OfTwoReadersOfOneMailOnlyTheFirstApplies) {
  const int64_t id = AddMail("k1", "s1");
  ASSERT_EQ(Claim(*store_, "a:1", now_), id);
  ASSERT_EQ(Claim(*store_, "b:2", now_ + minutes(11)), id);
  ASSERT_TRUE(store_->ApplyCaseUpdate(Update(id, "11010519491231002X")).ok());
  auto late = store_->ApplyCaseUpdate(Update(id, "11010519491231002X"));
  EXPECT_EQ(late.status().code(), StatusCode::kFailedPrecondition);
  auto cases = store_->ListCases({});
  ASSERT_TRUE(cases.ok());
  EXPECT_EQ(cases->size(), 1u);
}

// A reader still reading renews its claim; only the holder can, and a
// holder whose mail was taken over is told so.
TEST_P(StoreContractTest, OnlyTheHolderRenewsItsClaim) {
  const int64_t id = AddMail("k1", "s1");
  ASSERT_EQ(Claim(*store_, "a:1", now_), id);
  // Another reader's renewal neither extends nor takes the claim.
  Status other = store_->RenewReadClaim(id, "b:2", now_ + minutes(30));
  EXPECT_EQ(other.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(other.message().find("a:1 holds it"), std::string::npos)
      << other.message();
  // The holder's does: at 9 minutes, for 10 more.
  Status renewed = store_->RenewReadClaim(id, "a:1", now_ + minutes(19));
  ASSERT_TRUE(renewed.ok()) << renewed.ToString();
  EXPECT_EQ(Claim(*store_, "b:2", now_ + minutes(15)), 0);  // still a's
  auto backlog = store_->CountReads(now_ + minutes(15));
  ASSERT_TRUE(backlog.ok());
  EXPECT_EQ(backlog->claimed, 1);
  // Not renewed again: it runs out, and b takes it over.
  EXPECT_EQ(Claim(*store_, "b:2", now_ + minutes(20)), id);
  Status late = store_->RenewReadClaim(id, "a:1", now_ + minutes(30));
  EXPECT_EQ(late.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(late.message().find("b:2 holds it"), std::string::npos)
      << late.message();
  EXPECT_EQ(Claim(*store_, "c:3", now_ + minutes(29)), 0);  // b's 10 minutes
  // Once applied, the mail is no one's to renew.
  ASSERT_TRUE(store_->ApplyCaseUpdate(Update(id, "11010519491231002X")).ok());
  Status applied = store_->RenewReadClaim(id, "b:2", now_ + minutes(40));
  EXPECT_EQ(applied.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(applied.message().find("no longer waiting"), std::string::npos)
      << applied.message();
}

// A claim that ran out while no other reader wanted the mail is still
// the holder's: renewing it keeps the mail from the next reader.
TEST_P(StoreContractTest, AHolderRenewsAClaimThatRanOutButWasNotTaken) {
  const int64_t id = AddMail("k1", "s1");
  ASSERT_EQ(Claim(*store_, "a:1", now_), id);
  Status renewed = store_->RenewReadClaim(id, "a:1", now_ + minutes(21));
  ASSERT_TRUE(renewed.ok()) << renewed.ToString();
  EXPECT_EQ(Claim(*store_, "b:2", now_ + minutes(20)), 0);
  EXPECT_EQ(Claim(*store_, "b:2", now_ + minutes(22)), id);
}

TEST_P(StoreContractTest, AMailReleasedFromQuarantineCanBeClaimedAtOnce) {
  const int64_t id = AddMail("k1", "s1");
  ASSERT_EQ(Claim(*store_, "a:1", now_), id);
  ASSERT_TRUE(store_->QuarantineMail(id, "unreadable", now_).ok());
  auto q = store_->ListQuarantine(false);
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 1u);
  ASSERT_TRUE(store_->ReleaseQuarantine((*q)[0].id, "reviewer", now_).ok());
  // Within a's old claim: the release ended it.
  EXPECT_EQ(Claim(*store_, "b:2", now_ + minutes(1)), id);
}

// Readers in several processes claiming at once each get their own mails,
// and together every mail exactly once.
TEST_P(StoreContractTest, ReadersClaimingAtOnceGetEachMailOnce) {
  constexpr int kReaders = 4, kMails = 24;
  std::set<int64_t> stored;
  for (int i = 0; i < kMails; ++i)
    stored.insert(AddMail("k" + std::to_string(i), "s" + std::to_string(i)));
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < kReaders; ++i) {
    auto s = backend_->Open();
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    stores.push_back(std::move(*s));
  }
  std::mutex mu;
  std::multiset<int64_t> claimed;
  std::atomic<int> failed = 0;
  std::latch start(kReaders);
  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&, r, s = stores[r].get()] {
      start.arrive_and_wait();
      const std::string holder = "r:" + std::to_string(r);
      for (;;) {
        auto m = s->ClaimPendingMail(holder, now_, now_ + minutes(10));
        if (!m.ok()) {
          // SQLite busy under contention: try again, within reason.
          if (++failed > 1000) return;
          continue;
        }
        if (!m->has_value()) return;
        std::lock_guard lock(mu);
        claimed.insert((*m)->id);
      }
    });
  }
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(claimed.size(), static_cast<size_t>(kMails)) << failed.load();
  EXPECT_EQ(std::set<int64_t>(claimed.begin(), claimed.end()), stored);
}

}  // namespace
}  // namespace beian::testing
