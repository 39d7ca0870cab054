// The lease contract (LeaseStore) on every backend: one holder at a time,
// an expired lease is taken over, only the holder renews or releases, and
// processes racing for a lease get one winner.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

#include "store_contract.h"

namespace beian::testing {
namespace {

using std::chrono::minutes;

constexpr char kBox[] = "imap://u@h/INBOX";

Lease Want(const std::string& holder, const std::string& token,
           TimePoint until) {
  return Lease{kBox, holder, token, until};
}

TEST_P(StoreContractTest, AFreeLeaseIsTakenAndAHeldOneIsNot) {
  auto a = store_->TryAcquireLease(Want("a:1", "ta", now_ + minutes(5)), now_);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->token, "ta");
  EXPECT_EQ(a->holder, "a:1");
  EXPECT_EQ(a->expires_at, now_ + minutes(5));
  auto b = store_->TryAcquireLease(Want("b:2", "tb", now_ + minutes(6)),
                                   now_ + minutes(1));
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->token, "ta");  // still a's: b learns who holds it
  EXPECT_EQ(b->holder, "a:1");
  EXPECT_EQ(b->expires_at, now_ + minutes(5));
  // The holder taking it again extends it.
  auto again =
      store_->TryAcquireLease(Want("a:1", "ta", now_ + minutes(9)), now_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->expires_at, now_ + minutes(9));
}

TEST_P(StoreContractTest, AnExpiredLeaseIsTakenOver) {
  ASSERT_TRUE(
      store_->TryAcquireLease(Want("a:1", "ta", now_ + minutes(5)), now_).ok());
  // a died: nobody renewed it.
  auto b = store_->TryAcquireLease(Want("b:2", "tb", now_ + minutes(11)),
                                   now_ + minutes(6));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->token, "tb");
  EXPECT_EQ(b->holder, "b:2");
  // a, back, has lost it: it cannot renew nor release b's lease.
  Status renew = store_->RenewLease(kBox, "ta", now_ + minutes(20));
  EXPECT_EQ(renew.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(renew.message().find(kBox), std::string::npos);
  ASSERT_TRUE(store_->ReleaseLease(kBox, "ta").ok());
  auto list = store_->ListLeases();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].name, kBox);
  EXPECT_EQ((*list)[0].token, "tb");
  EXPECT_EQ((*list)[0].expires_at, now_ + minutes(11));
}

TEST_P(StoreContractTest, RenewAndReleaseByTheHolder) {
  ASSERT_TRUE(
      store_->TryAcquireLease(Want("a:1", "ta", now_ + minutes(5)), now_).ok());
  ASSERT_TRUE(store_->RenewLease(kBox, "ta", now_ + minutes(15)).ok());
  // Renewed: still held at minute 10.
  auto b = store_->TryAcquireLease(Want("b:2", "tb", now_ + minutes(20)),
                                   now_ + minutes(10));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->token, "ta");
  ASSERT_TRUE(store_->ReleaseLease(kBox, "ta").ok());
  auto list = store_->ListLeases();
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
  // Released: free at once, long before it would have expired.
  auto c = store_->TryAcquireLease(Want("b:2", "tb", now_ + minutes(20)),
                                   now_ + minutes(10));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->token, "tb");
}

TEST_P(StoreContractTest, ProcessesRacingForALeaseGetOneWinner) {
  constexpr int kProcesses = 4;
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < kProcesses; ++i) {
    auto s = backend_->Open();
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    stores.push_back(std::move(*s));
  }
  std::atomic<int> won = 0, lost = 0;
  std::latch start(kProcesses);
  std::vector<std::thread> racers;
  for (int i = 0; i < kProcesses; ++i) {
    racers.emplace_back([&, i] {
      const std::string token = "t" + std::to_string(i);
      start.arrive_and_wait();
      auto got = stores[i]->TryAcquireLease(
          Want("p:" + std::to_string(i), token, now_ + minutes(5)), now_);
      if (!got.ok()) return;
      ++(got->token == token ? won : lost);
    });
  }
  for (std::thread& t : racers) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(lost.load(), kProcesses - 1);
}

}  // namespace
}  // namespace beian::testing
