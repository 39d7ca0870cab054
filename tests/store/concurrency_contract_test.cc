// The store contract between processes: several stores open on the same
// location at once (a second connection stands for a second beian process)
// keep numbers, dedup and decisions exact.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <set>
#include <thread>

#include "store_contract.h"

namespace beian::testing {
namespace {

// `count` more stores on the test's location.
std::vector<std::unique_ptr<Store>> OpenMore(StoreBackend& backend, int count) {
  std::vector<std::unique_ptr<Store>> out;
  for (int i = 0; i < count; ++i) {
    auto s = backend.Open();
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    if (s.ok()) out.push_back(std::move(*s));
  }
  return out;
}

TEST_P(StoreContractTest, TwoReviewersConfirmingAtOnceIssueOneNumber) {
  const CaseRecord c = OpenCase(1);
  std::vector<std::unique_ptr<Store>> stores = OpenMore(*backend_, 2);
  ASSERT_EQ(stores.size(), 2u);
  std::atomic<int> ok = 0, refused = 0;
  std::latch start(2);  // both decide at the same moment
  std::vector<std::thread> reviewers;
  for (auto& store : stores) {
    reviewers.emplace_back([&, s = store.get()] {
      start.arrive_and_wait();
      ConfirmRequest r;
      r.decision = {"reviewer", now_, ""};
      r.format = [](const std::string&, std::chrono::year_month_day,
                    int64_t seq) -> StatusOr<std::string> {
        return "N" + std::to_string(seq);
      };
      auto done = s->Confirm(
          c.number, r, [](const CaseDetail& d) -> StatusOr<NewReply> {
            return NewReply{"registration", "z3@qq.com",
                            d.record.registration_number + "@beian.test", "s",
                            "b"};
          });
      if (done.ok()) ++ok;
      if (done.status().code() == StatusCode::kFailedPrecondition) ++refused;
    });
  }
  for (std::thread& t : reviewers) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(refused.load(), 1);
  auto outbox = store_->ListOutbox(std::nullopt);
  ASSERT_TRUE(outbox.ok());
  EXPECT_EQ(outbox->size(), 1u);
  auto d = store_->GetCase(c.number);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->record.registration_number, "N1");
}

TEST_P(StoreContractTest, TwoProcessesTakingTheSameMailStoreItOnce) {
  std::vector<std::unique_ptr<Store>> stores = OpenMore(*backend_, 2);
  ASSERT_EQ(stores.size(), 2u);
  std::atomic<int> added = 0, known = 0, applied = 0, not_waiting = 0;
  std::latch fetched(2), read(2);
  std::vector<std::thread> pollers;
  for (auto& store : stores) {
    pollers.emplace_back([&, s = store.get()] {
      fetched.arrive_and_wait();
      NewRawMail m{
          {"510682", "imap://u@h/INBOX", "7:42"}, "sha", 1, "raw/sha", now_};
      auto id = s->AddRawMail(m);
      if (id.ok()) ++added;
      if (id.status().code() == StatusCode::kAlreadyExists) ++known;
    });
  }
  for (std::thread& t : pollers) t.join();
  EXPECT_EQ(added.load(), 1);
  EXPECT_EQ(known.load(), 1);
  auto mail = store_->FindMailBySource({"510682", "imap://u@h/INBOX", "7:42"});
  ASSERT_TRUE(mail.ok() && mail->has_value());
  const int64_t mail_id = (*mail)->id;
  std::vector<std::thread> readers;
  for (auto& store : stores) {
    readers.emplace_back([&, s = store.get()] {
      read.arrive_and_wait();
      auto c = s->ApplyCaseUpdate(Update(mail_id, "11010519491231002X"));
      if (c.ok()) ++applied;
      if (c.status().code() == StatusCode::kFailedPrecondition) ++not_waiting;
    });
  }
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(applied.load(), 1);
  EXPECT_EQ(not_waiting.load(), 1);
  auto cases = store_->ListCases({});
  ASSERT_TRUE(cases.ok());
  EXPECT_EQ(cases->size(), 1u);
}

// Four processes answering one address at once: the daily cap holds
// exactly, not once per process.
TEST_P(StoreContractTest, TheReplyCapHoldsBetweenProcesses) {
  constexpr int kProcesses = 4, kRepliesEach = 3, kCap = 5;
  const CaseRecord c = OpenCase(1);
  std::vector<std::unique_ptr<Store>> stores = OpenMore(*backend_, kProcesses);
  ASSERT_EQ(stores.size(), static_cast<size_t>(kProcesses));
  std::atomic<int> queued = 0, held = 0;
  std::latch start(kProcesses);
  std::vector<std::thread> senders;
  for (int p = 0; p < kProcesses; ++p) {
    senders.emplace_back([&, p, s = stores[p].get()] {
      start.arrive_and_wait();
      for (int i = 0; i < kRepliesEach; ++i) {
        const std::string key = std::to_string(p) + "-" + std::to_string(i);
        NewReply r = Reply("acknowledgement", key);
        r.cap = ReplyCap{kCap, now_ - std::chrono::hours(24)};
        auto done = s->EnqueueReply(c.id, key, r, now_);
        if (done.ok() && *done) ++queued;
        if (done.status().code() == StatusCode::kResourceExhausted) ++held;
      }
    });
  }
  for (std::thread& t : senders) t.join();
  EXPECT_EQ(queued.load(), kCap);
  EXPECT_EQ(held.load(), kProcesses * kRepliesEach - kCap);
  auto count = store_->RepliesTo("z3@qq.com", now_);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, kCap);
}

TEST_P(StoreContractTest, CaseNumbersNeverRepeatBetweenProcesses) {
  constexpr int kProcesses = 4, kMailsEach = 10;
  std::vector<std::unique_ptr<Store>> stores = OpenMore(*backend_, kProcesses);
  ASSERT_EQ(stores.size(), static_cast<size_t>(kProcesses));
  std::vector<std::vector<std::string>> numbers(kProcesses);
  std::vector<std::thread> workers;
  for (int p = 0; p < kProcesses; ++p) {
    workers.emplace_back([&, p, s = stores[p].get()] {
      for (int i = 0; i < kMailsEach; ++i) {
        const std::string key = std::to_string(p) + "-" + std::to_string(i);
        auto id = s->AddRawMail({{"510682", "maildir:/x", key},
                                 "sha" + key,
                                 1,
                                 "raw/" + key,
                                 now_});
        if (!id.ok()) continue;
        auto c = s->ApplyCaseUpdate(Update(*id, ""));
        if (c.ok()) numbers[p].push_back(c->number);
      }
    });
  }
  for (std::thread& t : workers) t.join();
  std::set<std::string> all;
  size_t total = 0;
  for (const auto& mine : numbers) {
    total += mine.size();
    all.insert(mine.begin(), mine.end());
  }
  EXPECT_EQ(total, static_cast<size_t>(kProcesses * kMailsEach));
  EXPECT_EQ(all.size(), total);
  EXPECT_EQ(*all.rbegin(), "510682-20261124-0040");
}

}  // namespace
}  // namespace beian::testing

namespace beian::testing {
namespace {

// Replies claimed by one store (one process) are not claimed by another
// while it lives, even before it hands them over; only the holder hands a
// reply over; when the holder goes, its claims pass to the next store that
// asks (PostgreSQL: once the server has seen the connection end).
TEST_P(StoreContractTest, AReplyBeingSentIsClaimedByOneStoreAtATime) {
  const CaseRecord c = OpenCase(1);
  for (const char* key : {"r1", "r2"}) {
    ASSERT_TRUE(
        store_->EnqueueReply(c.id, key, Reply("acknowledgement", key), now_)
            .ok());
  }
  std::vector<std::unique_ptr<Store>> others = OpenMore(*backend_, 1);
  ASSERT_EQ(others.size(), 1u);
  auto by_a = store_->ClaimReplies(now_, 1);
  ASSERT_TRUE(by_a.ok()) << by_a.status().ToString();
  ASSERT_EQ(by_a->size(), 1u);
  const int64_t r1 = (*by_a)[0].id;
  // a is sending r1 (not handed over yet): b gets only r2.
  auto by_b = others[0]->ClaimReplies(now_, 10);
  ASSERT_TRUE(by_b.ok()) << by_b.status().ToString();
  ASSERT_EQ(by_b->size(), 1u);
  const int64_t r2 = (*by_b)[0].id;
  EXPECT_NE(r2, r1);
  EXPECT_EQ(store_->MarkReplyHandedOver(r2, now_).code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(store_->MarkReplyHandedOver(r1, now_).ok());
  ASSERT_TRUE(store_->MarkReplySent(r1, now_).ok());
  // b goes before handing r2 over: a takes it over.
  others.clear();
  std::vector<OutboxEntry> taken;
  for (int i = 0; i < 50 && taken.empty(); ++i) {
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto again = store_->ClaimReplies(now_, 10);
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    taken = *again;
  }
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].id, r2);
  EXPECT_EQ(taken[0].attempts, 2);
  ASSERT_TRUE(store_->MarkReplyHandedOver(r2, now_).ok());
  ASSERT_TRUE(store_->MarkReplySent(r2, now_).ok());
  auto sent = store_->ListOutbox(OutboxState::kSent);
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent->size(), 2u);
}

// Four senders claiming from one outbox at once: every reply is claimed,
// handed over and sent by exactly one of them.
TEST_P(StoreContractTest, SendersClaimingAtOnceSendEachReplyOnce) {
  constexpr int kReplies = 30;
  constexpr int kSenders = 4;
  const CaseRecord c = OpenCase(1);
  for (int i = 0; i < kReplies; ++i) {
    const std::string key = "r" + std::to_string(i);
    ASSERT_TRUE(
        store_->EnqueueReply(c.id, key, Reply("acknowledgement", key), now_)
            .ok());
  }
  std::vector<std::unique_ptr<Store>> stores = OpenMore(*backend_, kSenders);
  ASSERT_EQ(stores.size(), static_cast<size_t>(kSenders));
  std::vector<std::vector<int64_t>> handed(kSenders);
  std::atomic<int> errors = 0;
  std::latch start(kSenders);
  std::vector<std::thread> senders;
  for (int i = 0; i < kSenders; ++i) {
    senders.emplace_back([&, i] {
      Store& s = *stores[i];
      start.arrive_and_wait();
      for (int round = 0; round < 3 * kReplies; ++round) {
        auto claimed = s.ClaimReplies(now_, 2);
        if (!claimed.ok()) {
          ++errors;
          continue;
        }
        if (claimed->empty()) break;
        for (const OutboxEntry& e : *claimed) {
          if (!s.MarkReplyHandedOver(e.id, now_).ok()) continue;
          handed[i].push_back(e.id);
          if (!s.MarkReplySent(e.id, now_).ok()) ++errors;
        }
      }
    });
  }
  for (std::thread& t : senders) t.join();
  EXPECT_EQ(errors.load(), 0);
  std::multiset<int64_t> all;
  for (const auto& ids : handed) all.insert(ids.begin(), ids.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kReplies));
  for (int64_t id : all) EXPECT_EQ(all.count(id), 1u) << "reply " << id;
  auto sent = store_->ListOutbox(OutboxState::kSent);
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent->size(), static_cast<size_t>(kReplies));
}

}  // namespace
}  // namespace beian::testing
