// ImapMailSource over a recording fake client: what is fetched, moved and
// skipped, and how failures surface.
#include "beian/mail/imap_source.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace beian {
namespace {

class FakeImapClient final : public ImapClient {
 public:
  std::map<uint32_t, std::string> inbox;
  uint32_t uidvalidity = 100;
  uint32_t fail_fetch_uid = 0;
  bool fail_status = false;
  std::vector<std::string> calls;

  StatusOr<MailboxStatus> Status(const std::string& f) override {
    calls.push_back("STATUS " + f);
    if (fail_status) return FailedPrecondition("login refused");
    return MailboxStatus{uidvalidity, 0, static_cast<uint32_t>(inbox.size())};
  }
  StatusOr<std::vector<uint32_t>> ListUids(const std::string&) override {
    std::vector<uint32_t> uids;
    for (const auto& [uid, m] : inbox) uids.push_back(uid);
    return uids;
  }
  StatusOr<std::string> Fetch(const std::string&, uint32_t v, uint32_t uid) override {
    calls.push_back("FETCH " + std::to_string(v) + ":" + std::to_string(uid));
    if (uid == fail_fetch_uid) return IoError("connection dropped");
    return inbox.at(uid);
  }
  beian::Status Move(const std::string&, uint32_t uid, const std::string& to) override {
    calls.push_back("MOVE " + std::to_string(uid) + " " + to);
    inbox.erase(uid);
    return beian::Status::Ok();
  }
  beian::Status Flag(const std::string&, uint32_t uid) override {
    calls.push_back("FLAG " + std::to_string(uid));
    return beian::Status::Ok();
  }
  beian::Status CreateFolder(const std::string& f) override {
    calls.push_back("CREATE " + f);
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

TEST(ImapMailSourceTest, FetchesEachAndMovesOnlyWhenAcknowledged) {
  FakeImapClient client;
  client.inbox = {{3, "A"}, {7, "B"}};
  ImapMailSource src(Account(), client, nullptr);
  auto first = src.Next();
  ASSERT_TRUE(first.ok() && *first);
  EXPECT_EQ((*first)->source.key, "100:3");
  EXPECT_EQ((*first)->source.source, "imap://beian@x.cn@127.0.0.1:993/INBOX");
  EXPECT_EQ((*first)->bytes, "A");
  EXPECT_EQ(client.inbox.size(), 2u);  // not moved before the commit
  ASSERT_TRUE(src.Acknowledge((*first)->source).ok());
  EXPECT_EQ(client.inbox.size(), 1u);
  auto second = src.Next();
  ASSERT_TRUE(second.ok() && *second);
  EXPECT_EQ((*second)->bytes, "B");
  auto done = src.Next();
  ASSERT_TRUE(done.ok());
  EXPECT_FALSE(*done);
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
  EXPECT_EQ(std::count(client.calls.begin(), client.calls.end(), "FETCH 100:3"), 0);
  EXPECT_EQ(std::count(client.calls.begin(), client.calls.end(), "MOVE 3 Processed"), 1);
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
  EXPECT_EQ(std::count(client.calls.begin(), client.calls.end(), "STATUS INBOX"), 1);
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
  EXPECT_EQ(client.inbox.size(), 1u);
  EXPECT_EQ(client.calls.back(), "FLAG 5");
}

}  // namespace
}  // namespace beian
