// ImapMailSource over a recording fake client: what is fetched, moved and
// skipped, and how failures surface.
#include "beian/mail/imap_source.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>
#include <utility>

#include "beian/base/sha256.h"

namespace beian {
namespace {

class FakeImapClient final : public ImapClient {
 public:
  std::map<uint32_t, std::string> inbox;
  uint32_t uidvalidity = 100;
  uint32_t fail_fetch_uid = 0;
  std::chrono::milliseconds fetch_delay{0};  // a slow server
  bool fail_every_fetch = false;
  bool fail_status = false;
  std::set<uint32_t> hidden;  // listed by STATUS but not by SEARCH
  bool hidden_once = false;   // ...in the first full listing only
  std::vector<std::string> calls;
  bool batches = false;     // several UIDs per command, like the real one
  std::set<uint32_t> gone;  // listed, then removed by another client
  std::vector<size_t> batch_sizes;
  std::function<void()> on_move;  // called in each Move
  std::string refuse_folder;      // CREATE and MOVE to it fail (QQ)

  StatusOr<MailboxStatus> Status(const std::string& f) override {
    calls.push_back("STATUS " + f);
    if (fail_status) return FailedPrecondition("login refused");
    const uint32_t next = inbox.empty() ? 1 : inbox.rbegin()->first + 1;
    return MailboxStatus{uidvalidity, next,
                         static_cast<uint32_t>(inbox.size())};
  }
  StatusOr<std::vector<uint32_t>> ListUids(const std::string&, uint32_t first,
                                           uint32_t last) override {
    calls.push_back("LIST " + std::to_string(first) + ":" +
                    std::to_string(last));
    std::vector<uint32_t> uids;
    for (const auto& [uid, m] : inbox) {
      if (uid >= first && uid <= last && !hidden.contains(uid))
        uids.push_back(uid);
    }
    if (hidden_once && !inbox.empty() && last >= inbox.rbegin()->first)
      hidden.clear();
    return uids;
  }
  StatusOr<std::string> Fetch(const std::string&, uint32_t v,
                              uint32_t uid) override {
    calls.push_back("FETCH " + std::to_string(v) + ":" + std::to_string(uid));
    std::this_thread::sleep_for(fetch_delay);
    if (uid == fail_fetch_uid || fail_every_fetch)
      return IoError("connection dropped");
    if (gone.contains(uid)) return NotFound("not in the folder");
    return inbox.at(uid);
  }
  beian::Status FetchEach(const std::string& f, uint32_t v,
                          const std::vector<uint32_t>& uids,
                          const OnFetched& on_mail) override {
    if (!batches) return ImapClient::FetchEach(f, v, uids, on_mail);
    calls.push_back("FETCH " + std::to_string(v) + ":" + Set(uids));
    batch_sizes.push_back(uids.size());
    std::this_thread::sleep_for(fetch_delay);
    for (uint32_t uid : uids) {
      if (uid == fail_fetch_uid) return IoError("connection dropped");
      if (!gone.contains(uid)) on_mail(uid, inbox.at(uid));
    }
    return beian::Status::Ok();
  }
  beian::Status Move(const std::string&, const std::vector<uint32_t>& uids,
                     const std::string& to) override {
    calls.push_back("MOVE " + Set(uids) + " " + to);
    if (on_move) on_move();
    if (to == refuse_folder)
      return IoError("IMAP move: server said no [TRYCREATE] Folder not exist");
    for (uint32_t u : uids) inbox.erase(u);
    return beian::Status::Ok();
  }
  beian::Status Flag(const std::string&,
                     const std::vector<uint32_t>& uids) override {
    calls.push_back("FLAG " + Set(uids));
    return beian::Status::Ok();
  }
  static std::string Set(const std::vector<uint32_t>& uids) {
    std::string s;
    for (uint32_t u : uids) s += (s.empty() ? "" : ",") + std::to_string(u);
    return s;
  }
  beian::Status CreateFolder(const std::string& f) override {
    calls.push_back("CREATE " + f);
    if (f == refuse_folder)
      return IoError("IMAP CREATE: server said no Create folder failed");
    return beian::Status::Ok();
  }
};

ImapAccount Account() {
  ImapAccount a;
  a.region = "510682";
  a.url = "imaps://127.0.0.1:993/INBOX";
  a.user = "beian@x.cn";
  return a;
}

// One name for the account's mails and its saved state: host and port
// without the scheme, then the folder (INBOX when the url names none).
TEST(ImapMailSourceTest, TheSourceNameIsUserHostAndFolder) {
  EXPECT_EQ(ImapSourceName("beian@x.cn", "imaps://127.0.0.1:993/INBOX"),
            "imap://beian@x.cn@127.0.0.1:993/INBOX");
  EXPECT_EQ(ImapSourceName("b", "imaps://imap.qq.com:993"),
            "imap://b@imap.qq.com:993/INBOX");
  EXPECT_EQ(ImapSourceName("b", "imap://mail.example.cn:143/其他文件夹/备案"),
            "imap://b@mail.example.cn:143/其他文件夹/备案");
  FakeImapClient client;
  ImapMailSource src(Account(), client, nullptr);
  EXPECT_EQ(src.source_name(), ImapSourceName(Account().user, Account().url));
}

TEST(ImapMailSourceTest, FetchesEachAndMovesOnlyAcknowledgedOnesInOneCommand) {
  FakeImapClient client;
  client.inbox = {{3, "A"}, {7, "B"}, {9, "C"}};
  ImapMailSource src(Account(), client, nullptr);
  std::vector<RawMail> got;
  for (;;) {
    auto next = src.Next();
    ASSERT_TRUE(next.ok());
    if (!*next) break;
    EXPECT_EQ(client.inbox.size(), 3u);  // nothing moved before the commit
    if ((*next)->bytes != "B") {
      ASSERT_TRUE(src.Acknowledge((*next)->source).ok());
    }
    got.push_back(**next);
  }
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].source.key, "100:3");
  EXPECT_EQ(got[0].source.source, "imap://beian@x.cn@127.0.0.1:993/INBOX");
  EXPECT_EQ(client.calls.back(), "MOVE 3,9 Processed");
  EXPECT_EQ(client.inbox.size(), 1u);  // B was not committed: it stays
  EXPECT_EQ(src.moved(), 2);
}

// A fake folder of `n` mails "m1".."mn" for `first` and a copy for `second`,
// each fetch taking a millisecond so that both connections get work.
void FillBoth(uint32_t n, FakeImapClient& first, FakeImapClient& second) {
  for (uint32_t u = 1; u <= n; ++u) first.inbox[u] = "m" + std::to_string(u);
  second.inbox = first.inbox;
  first.fetch_delay = second.fetch_delay = std::chrono::milliseconds(1);
}

// Next() until the end or an error, acknowledging each mail; the bodies in
// the order delivered and the status that ended it.
std::pair<std::vector<std::string>, Status> Drain(ImapMailSource& src) {
  std::vector<std::string> got;
  for (;;) {
    auto next = src.Next();
    if (!next.ok()) return {got, next.status()};
    if (!*next) return {got, Status::Ok()};
    got.push_back((*next)->bytes);
    Status ack = src.Acknowledge((*next)->source);
    if (!ack.ok()) return {got, ack};
  }
}

int Fetches(const FakeImapClient& c) {
  return static_cast<int>(std::count_if(
      c.calls.begin(), c.calls.end(),
      [](const std::string& s) { return s.starts_with("FETCH"); }));
}

TEST(ImapMailSourceTest, ASecondConnectionFetchesAlongAndOrderHolds) {
  FakeImapClient first, second;
  FillBoth(40, first, second);
  {
    ImapMailSource src(Account(), first, nullptr, /*prefetch=*/4);
    src.add_fetch_client(second);
    const auto [got, end] = Drain(src);
    ASSERT_TRUE(end.ok()) << end.ToString();
    ASSERT_EQ(got.size(), 40u);
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i], "m" + std::to_string(i + 1));  // UID order
    }
  }
  EXPECT_EQ(Fetches(first) + Fetches(second), 40);  // each UID once
  EXPECT_GT(Fetches(second), 0);
  EXPECT_EQ(
      std::count_if(second.calls.begin(), second.calls.end(),
                    [](const std::string& s) { return s.starts_with("MOVE"); }),
      0);  // moves only on the account's own connection
  EXPECT_TRUE(first.inbox.empty());
}

TEST(ImapMailSourceTest, ARefusedExtraConnectionFallsBackToTheAccountsOwn) {
  FakeImapClient first, refused;
  FillBoth(30, first, refused);
  refused.fail_every_fetch = true;  // e.g. one connection per account
  std::vector<std::string> got;
  {
    ImapMailSource src(Account(), first, nullptr, /*prefetch=*/4);
    src.add_fetch_client(refused);
    Status end;
    std::tie(got, end) = Drain(src);
    ASSERT_TRUE(end.ok()) << end.ToString();
  }
  ASSERT_EQ(got.size(), 30u);
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i], "m" + std::to_string(i + 1));
  }
  EXPECT_LE(Fetches(refused), 1);  // tried once, then never again
  EXPECT_TRUE(first.inbox.empty());
}

TEST(ImapMailSourceTest, AFailedFetchOnEitherConnectionEndsThePollInOrder) {
  FakeImapClient first, second;
  FillBoth(40, first, second);
  first.fail_fetch_uid = second.fail_fetch_uid = 20;
  std::vector<std::string> got;
  {
    ImapMailSource src(Account(), first, nullptr, /*prefetch=*/4);
    src.add_fetch_client(second);
    Status end;
    std::tie(got, end) = Drain(src);
    EXPECT_FALSE(end.ok()) << "the poll ended without the error";
  }
  ASSERT_EQ(got.size(), 19u);  // every mail before UID 20, none after
  EXPECT_EQ(got.back(), "m19");
  EXPECT_EQ(first.inbox.size(), 21u);  // 20..40 stay for the next poll
  EXPECT_TRUE(first.inbox.contains(20));
}

TEST(ImapMailSourceTest, OneCommandFetchesHalfTheWindowOrMoreInUidOrder) {
  FakeImapClient client;
  for (uint32_t u = 1; u <= 50; ++u) client.inbox[u] = "m" + std::to_string(u);
  client.batches = true;
  std::vector<std::string> got;
  {
    ImapMailSource src(Account(), client, nullptr, /*prefetch=*/8);
    Status end;
    std::tie(got, end) = Drain(src);
    ASSERT_TRUE(end.ok()) << end.ToString();
  }
  ASSERT_EQ(got.size(), 50u);
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i], "m" + std::to_string(i + 1));
  }
  size_t fetched = 0;
  for (size_t i = 0; i < client.batch_sizes.size(); ++i) {
    fetched += client.batch_sizes[i];
    EXPECT_LE(client.batch_sizes[i], 8u);
    if (i + 1 < client.batch_sizes.size()) {
      EXPECT_GE(client.batch_sizes[i], 4u);
    }
  }
  EXPECT_EQ(fetched, 50u);  // each UID asked for once
  EXPECT_TRUE(client.inbox.empty());
}

TEST(ImapMailSourceTest, TheWorkerHashesEachMailForThePipeline) {
  FakeImapClient client;
  client.inbox = {{1, "first"}, {2, "second"}};
  client.batches = true;
  ImapMailSource src(Account(), client, nullptr, /*prefetch=*/8);
  for (const char* body : {"first", "second"}) {
    auto next = src.Next();
    ASSERT_TRUE(next.ok() && *next);
    EXPECT_EQ((*next)->bytes, body);
    EXPECT_EQ((*next)->sha256, Sha256Hex(body));
  }
}

TEST(ImapMailSourceTest, AMailGoneFromTheFolderIsSkippedAndNothingElseIs) {
  FakeImapClient client;
  for (uint32_t u = 1; u <= 12; ++u) client.inbox[u] = "m" + std::to_string(u);
  client.batches = true;
  client.gone = {3, 4, 12};
  std::vector<std::string> got;
  for (size_t prefetch : {0u, 8u}) {
    client.calls.clear();
    ImapMailSource src(Account(), client, nullptr, prefetch);
    Status end;
    std::tie(got, end) = Drain(src);
    ASSERT_TRUE(end.ok()) << end.ToString();
    EXPECT_EQ(got, (std::vector<std::string>{"m1", "m2", "m5", "m6", "m7", "m8",
                                             "m9", "m10", "m11"}))
        << "prefetch " << prefetch;
    for (uint32_t u = 1; u <= 12; ++u)
      client.inbox[u] = "m" + std::to_string(u);
  }
}

TEST(ImapMailSourceTest, ADropInsideOneCommandKeepsTheMailsBeforeIt) {
  FakeImapClient client;
  for (uint32_t u = 1; u <= 20; ++u) client.inbox[u] = "m" + std::to_string(u);
  client.batches = true;
  client.fail_fetch_uid = 6;
  std::vector<std::string> got;
  {
    ImapMailSource src(Account(), client, nullptr, /*prefetch=*/8);
    Status end;
    std::tie(got, end) = Drain(src);
    EXPECT_EQ(end.code(), StatusCode::kIoError) << end.ToString();
  }
  EXPECT_EQ(got, (std::vector<std::string>{"m1", "m2", "m3", "m4", "m5"}));
  EXPECT_EQ(client.inbox.size(), 15u);  // 6..20 wait for the next poll
  EXPECT_TRUE(client.inbox.contains(6));
}

TEST(ImapMailSourceTest, ListsInChunksAndRefusesAShortList) {
  FakeImapClient client;
  for (uint32_t u = 1; u <= 1200; ++u) client.inbox[u] = "m";
  {
    ImapMailSource src(Account(), client, nullptr, /*prefetch=*/0);
    ASSERT_TRUE(src.Next().ok());
    EXPECT_EQ(src.listed(), 1200u);
    EXPECT_EQ(
        std::count(client.calls.begin(), client.calls.end(), "LIST 501:1000"),
        1);
    EXPECT_EQ(
        std::count(client.calls.begin(), client.calls.end(), "LIST 1001:1200"),
        1);
  }
  client.hidden = {600, 601};  // the server's SEARCH reply lost two UIDs
  {
    ImapMailSource src(Account(), client, nullptr);
    auto r = src.Next();
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find("listed 1198 of 1200"),
              std::string::npos);
  }
  // Once only (another client moving mails meanwhile): the second look.
  client.hidden = {600, 601};
  client.hidden_once = true;
  client.calls.clear();
  ImapMailSource src(Account(), client, nullptr, /*prefetch=*/0);
  auto r = src.Next();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(src.listed(), 1200u);
  EXPECT_EQ(
      std::count(client.calls.begin(), client.calls.end(), "STATUS INBOX"), 2);
}

TEST(ImapMailSourceTest, KnownUidsAreMovedWithoutFetching) {
  FakeImapClient client;
  client.inbox = {{3, "A"}, {7, "B"}};
  std::set<std::string> known = {"100:3"};
  ImapMailSource src(Account(), client,
                     [&](const SourceKey& k) { return known.contains(k.key); });
  auto next = src.Next();
  ASSERT_TRUE(next.ok() && *next);
  EXPECT_EQ((*next)->bytes, "B");
  ASSERT_TRUE(src.Next().ok());  // end of the folder: the batch goes out
  EXPECT_EQ(std::count(client.calls.begin(), client.calls.end(), "FETCH 100:3"),
            0);
  EXPECT_EQ(
      std::count(client.calls.begin(), client.calls.end(), "MOVE 3 Processed"),
      1);
}

TEST(ImapMailSourceTest, DroppedConnectionEndsThePollWithAnError) {
  FakeImapClient client;
  client.inbox = {{1, "A"}, {2, "B"}, {3, "C"}};
  client.fail_fetch_uid = 2;
  ImapMailSource src(Account(), client, nullptr);
  ASSERT_TRUE(src.Next().ok());
  auto failed = src.Next();
  EXPECT_FALSE(failed.ok());
  auto after = src.Next();
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(*after);  // nothing more this poll; UID 3 waits for the next
}

TEST(ImapMailSourceTest, FailedLoginIsReportedOnceAndEndsThePoll) {
  FakeImapClient client;
  client.inbox = {{1, "A"}};
  client.fail_status = true;
  ImapMailSource src(Account(), client, nullptr);
  EXPECT_FALSE(src.Next().ok());
  auto after = src.Next();
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(*after);
  EXPECT_EQ(
      std::count(client.calls.begin(), client.calls.end(), "STATUS INBOX"), 1);
}

TEST(ImapMailSourceTest, FlagModeNeverMoves) {
  FakeImapClient client;
  client.inbox = {{5, "A"}};
  ImapAccount a = Account();
  a.after_fetch = "flag";
  ImapMailSource src(a, client, nullptr);
  auto next = src.Next();
  ASSERT_TRUE(next.ok() && *next);
  ASSERT_TRUE(src.Acknowledge((*next)->source).ok());
  ASSERT_TRUE(src.Next().ok());
  EXPECT_EQ(client.inbox.size(), 1u);
  EXPECT_EQ(client.calls.back(), "FLAG 5");
}

TEST(ImapMailSourceTest, StoppingMidPollMovesOnlyWhatWasCommitted) {
  FakeImapClient client;
  for (uint32_t u = 1; u <= 10; ++u) client.inbox[u] = "m" + std::to_string(u);
  {
    ImapMailSource src(Account(), client, nullptr, /*prefetch=*/3);
    for (int i = 0; i < 2; ++i) {
      auto next = src.Next();
      ASSERT_TRUE(next.ok() && *next);
      EXPECT_EQ((*next)->bytes, "m" + std::to_string(i + 1));  // UID order
      ASSERT_TRUE(src.Acknowledge((*next)->source).ok());
    }
  }  // SIGTERM: the pipeline stops asking; fetched-ahead mails are dropped
  EXPECT_EQ(client.calls.back(), "MOVE 1,2 Processed");
  EXPECT_EQ(client.inbox.size(), 8u);
  const auto fetches = std::count_if(
      client.calls.begin(), client.calls.end(),
      [](const std::string& c) { return c.starts_with("FETCH"); });
  EXPECT_LE(fetches, 2 + 3 + 1);  // the consumed, the queue, one in flight
}

TEST(ImapMailSourceTest,
     EveryBatchOfMovesWaitsForTheBarrierAndItsFailureMovesNothing) {
  FakeImapClient client;
  for (uint32_t u = 1; u <= 250; ++u) client.inbox[u] = "m";
  std::set<std::string> known;
  for (uint32_t u = 1; u <= 250; ++u) known.insert("100:" + std::to_string(u));
  int barriers = 0;
  {
    ImapMailSource src(Account(), client, [&](const SourceKey& k) {
      return known.contains(k.key);
    });
    src.set_durability_barrier([&] {
      ++barriers;
      client.calls.push_back("SYNC");
      return Status::Ok();
    });
    auto end = src.Next();
    ASSERT_TRUE(end.ok());
    EXPECT_FALSE(*end);
  }
  EXPECT_EQ(barriers, 3);  // 100 + 100 + 50
  ASSERT_GE(client.calls.size(), 6u);
  for (size_t i = 0; i < client.calls.size(); ++i) {
    if (client.calls[i].starts_with("MOVE")) {
      EXPECT_EQ(client.calls[i - 1], "SYNC");
    }
  }
  EXPECT_TRUE(client.inbox.empty());

  for (uint32_t u = 1; u <= 5; ++u) client.inbox[u] = "m";
  ImapMailSource src(Account(), client,
                     [&](const SourceKey& k) { return known.contains(k.key); });
  src.set_durability_barrier([] { return IoError("disk full"); });
  auto failed = src.Next();
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("disk full"), std::string::npos);
  auto after = src.Next();  // the poll ends instead of retrying forever
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(*after);
  EXPECT_EQ(client.inbox.size(), 5u);  // not durable here: left on the server
}

// The disk sync before a batch of moves runs beside the pipeline: the
// caller gets and acknowledges every mail while the first sync still waits,
// and no mail is moved before a sync that covers it has returned.
TEST(ImapMailSourceTest, TheCallerGoesOnWhileTheMoverWaitsForTheDisk) {
  FakeImapClient client;
  client.batches = true;
  for (uint32_t u = 1; u <= 250; ++u) client.inbox[u] = "m" + std::to_string(u);
  std::mutex mu;
  std::condition_variable cv;
  bool released = false;
  std::atomic<int> barriers = 0, moves = 0, moves_before_barrier = 0;
  client.on_move = [&] {
    if (++moves > barriers) ++moves_before_barrier;
  };
  {
    ImapMailSource src(Account(), client, nullptr);
    src.set_durability_barrier([&] {
      std::unique_lock lock(mu);
      // Bounded, so a caller that waits for the sync fails instead of hanging.
      cv.wait_for(lock, std::chrono::seconds(10), [&] { return released; });
      ++barriers;
      return Status::Ok();
    });
    for (int i = 1; i <= 250; ++i) {
      auto next = src.Next();
      ASSERT_TRUE(next.ok() && *next) << i;
      ASSERT_TRUE(src.Acknowledge((*next)->source).ok());
    }
    EXPECT_EQ(moves.load(), 0);
    EXPECT_EQ(barriers.load(), 0);
    {
      std::lock_guard lock(mu);
      released = true;
    }
    cv.notify_all();
    auto end = src.Next();  // the folder's end waits for every batch
    ASSERT_TRUE(end.ok());
    EXPECT_FALSE(*end);
    EXPECT_EQ(src.moved(), 250);
  }
  EXPECT_EQ(barriers.load(), 3);  // 100 + 100 + 50
  EXPECT_EQ(moves.load(), 3);
  EXPECT_EQ(moves_before_barrier.load(), 0);
  EXPECT_TRUE(client.inbox.empty());
}

// QQ keeps user folders under 其他文件夹/ and may refuse to create one: the
// failed move says so, with the server's words, and what to do.
TEST(ImapMailSourceTest, AProcessedFolderTheServerWillNotCreateIsExplained) {
  FakeImapClient client;
  client.inbox = {{3, "A"}};
  ImapAccount a = Account();
  a.processed_folder = "其他文件夹/Processed";
  client.refuse_folder = a.processed_folder;
  ImapMailSource src(a, client, nullptr);
  auto next = src.Next();
  ASSERT_TRUE(next.ok() && *next);
  ASSERT_TRUE(src.Acknowledge((*next)->source).ok());
  auto end = src.Next();  // the folder's end waits for the moves
  ASSERT_FALSE(end.ok());
  const std::string& why = end.status().message();
  EXPECT_NE(why.find("Create folder failed"), std::string::npos) << why;
  EXPECT_NE(why.find("create the folder in the web mail first"),
            std::string::npos)
      << why;
}

}  // namespace
}  // namespace beian
