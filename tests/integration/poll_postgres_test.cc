// `beian poll --once` on a real PostgreSQL (started by the test) and the
// loopback Dovecot: a mailbox whose lease another process holds is left
// alone with a message saying who polls it, and two polls started at once
// store every mail exactly once.
#include <gtest/gtest.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <latch>
#include <set>
#include <thread>

#include "beian/base/clock.h"
#include "beian/identity/id_number.h"
#include "beian/mail/imap_source.h"
#include "beian/store/postgres_store.h"
#include "mail_servers.h"
#include "postgres_server.h"
#include "subprocess.h"

namespace beian {
namespace {

namespace fs = std::filesystem;
using testing::MailServers;

const char kRegion[] = "beian510682@ybj.example.cn";

std::string Mail(int n) {
  char seq[8];
  std::snprintf(seq, sizeof seq, "%03u", static_cast<unsigned>(n) % 1000u);
  const std::string first17 = std::string("51068219750505") + seq;
  const std::string id = first17 + ComputeCheckCharacter(first17);
  return "From: citizen" + std::to_string(n) + "@qq.com\r\nTo: " + kRegion +
         "\r\nSubject: =?UTF-8?B?5byg5LiJ?=+" + id +
         "+=?UTF-8?B?6Leo55yB5byC5Zyw5bCx5Yy75aSH5qGI?=\r\nMessage-ID: <p" +
         std::to_string(n) + "@qq.com>\r\nMIME-Version: 1.0\r\n" +
         "Content-Type: text/plain\r\n\r\nhi " + std::to_string(n) + "\r\n";
}

class PollPostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StatusOr<testing::PostgresServer*> pg = testing::SharedPostgresServer();
    ASSERT_TRUE(pg.ok()) << pg.status().ToString();
    const std::string name =
        ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::string database = "poll_";
    for (char c : name) database += static_cast<char>(std::tolower(c));
    StatusOr<std::string> url = (*pg)->CreateDatabase(database);
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    url_ = *url;
    password_ = (*pg)->password();
    MailServers::Options o;
    o.users = {{kRegion, "pw"}};
    o.smtp = false;
    auto servers = MailServers::Start(o);
    ASSERT_TRUE(servers.ok()) << servers.status().ToString();
    servers_ = std::move(*servers);
    dir_ = fs::path(servers_->dir()) / "beian";
    fs::create_directories(dir_);
    imap_url_ = "imaps://127.0.0.1:" + std::to_string(servers_->imaps_port()) +
                "/INBOX";
    config_ = WriteConfig("a");
    ::setenv("BEIAN_POLL_PG_PASSWORD", password_.c_str(), 1);
    ::setenv("BEIAN_POLL_PW", "pw", 1);
  }

  // The config of machine `m`: the shared database, a data dir of its own
  // (so that only the lease, not a lock file, keeps two pollers apart).
  std::string WriteConfig(const std::string& m) {
    const std::string path = (dir_ / ("beian-" + m + ".toml")).string();
    std::ofstream(path)
        << "[store]\nurl = \"" << url_
        << "\"\npassword_env = \"BEIAN_POLL_PG_PASSWORD\"\ndata_dir = \""
        << (dir_ / ("data-" + m)).string() << "\"\noutbox_dir = \""
        << (dir_ / ("outbox-" + m)).string()
        << "\"\n[[regions]]\ncode = \"510682\"\nname = \"什邡市\"\n"
        << "imap_url = \"" << imap_url_ << "\"\nimap_user = \"" << kRegion
        << "\"\nimap_password_env = \"BEIAN_POLL_PW\"\nca_file = \""
        << servers_->ca_file() << "\"\n";
    return path;
  }

  void Inject(int count) {
    for (int i = 0; i < count; ++i)
      ASSERT_TRUE(servers_->InjectMail(kRegion, "INBOX", Mail(i)).ok());
  }
  // beian with machine a's config, or `config`.
  testing::CommandResult Beian(const std::vector<std::string>& args,
                               const std::string& config = "") {
    std::vector<std::string> argv = {
        BEIAN_BINARY,   "--config", config.empty() ? config_ : config,
        "--config-dir", kConfigDir, "--templates-dir",
        kTemplatesDir,  "--no-ocr"};
    argv.insert(argv.end(), args.begin(), args.end());
    StatusOr<testing::CommandResult> r = testing::RunCommand(argv);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : testing::CommandResult{};
  }
  std::unique_ptr<PostgresStore> OpenStore() {
    auto s = PostgresStore::Open({url_, password_});
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(*s) : nullptr;
  }
  // Every stored mail is a case of its own and nothing is stored twice.
  void ExpectEachMailOnce(int count) {
    std::unique_ptr<PostgresStore> store = OpenStore();
    ASSERT_NE(store, nullptr);
    StatusOr<StoreSummary> sum = store->Summarize();
    ASSERT_TRUE(sum.ok());
    EXPECT_EQ(sum->mails, count);
    EXPECT_EQ(sum->duplicates, 0);
    StatusOr<std::vector<CaseRecord>> cases = store->ListCases({});
    ASSERT_TRUE(cases.ok());
    EXPECT_EQ(cases->size(), static_cast<size_t>(count));
    std::set<std::string> ids;
    for (const CaseRecord& c : *cases) ids.insert(c.id_number);
    EXPECT_EQ(ids.size(), static_cast<size_t>(count));
    EXPECT_EQ(servers_->ListMailbox(kRegion, "INBOX")->size(), 0u);
    EXPECT_EQ(servers_->ListMailbox(kRegion, "Processed")->size(),
              static_cast<size_t>(count));
  }

  static constexpr char kConfigDir[] = BEIAN_SOURCE_DIR "/config";
  static constexpr char kTemplatesDir[] = BEIAN_SOURCE_DIR "/templates";
  std::unique_ptr<MailServers> servers_;
  std::string url_, password_, imap_url_, config_;
  fs::path dir_;
};

TEST_F(PollPostgresTest, AMailboxLeasedElsewhereIsLeftAloneAndSaysByWhom) {
  Inject(5);
  std::unique_ptr<PostgresStore> store = OpenStore();
  ASSERT_NE(store, nullptr);
  const std::string box = ImapSourceName(kRegion, imap_url_);
  const TimePoint now = SystemClock().Now();
  // 10:00 in China tomorrow: the message shows HH:MM.
  const TimePoint until = std::chrono::floor<std::chrono::days>(now) +
                          std::chrono::days(1) + std::chrono::hours(2);
  auto held =
      store->TryAcquireLease({box, "othermachine:4242", "t", until}, now);
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  ASSERT_EQ(held->token, "t");

  testing::CommandResult r = Beian({"poll", "--once"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("mailbox " + box +
                          " is being polled by othermachine:4242 until "
                          "10:00; nothing done"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(store->Summarize()->mails, 0);
  EXPECT_EQ(servers_->ListMailbox(kRegion, "INBOX")->size(), 5u);

  testing::CommandResult status = Beian({"status"});
  EXPECT_EQ(status.exit_code, 0) << status.output;
  EXPECT_NE(status.output.find(box), std::string::npos) << status.output;
  EXPECT_NE(status.output.find("othermachine:4242"), std::string::npos)
      << status.output;

  ASSERT_TRUE(store->ReleaseLease(box, "t").ok());
  r = Beian({"poll", "--once"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  ExpectEachMailOnce(5);
  // The poll gave its lease back.
  EXPECT_TRUE(store->ListLeases()->empty());
}

TEST_F(PollPostgresTest, TwoPollsStartedAtOnceStoreEachMailOnce) {
  constexpr int kMails = 40;
  Inject(kMails);
  const std::string configs[2] = {config_, WriteConfig("b")};
  testing::CommandResult results[2];
  std::latch start(2);
  std::vector<std::thread> polls;
  for (int i = 0; i < 2; ++i) {
    polls.emplace_back([&, i] {
      start.arrive_and_wait();
      results[i] = Beian({"poll", "--once"}, configs[i]);
    });
  }
  for (std::thread& t : polls) t.join();
  int held = 0, read = 0;
  for (const auto& r : results) {
    EXPECT_EQ(r.exit_code, 0) << r.output;
    held += r.output.find("is being polled by") != std::string::npos;
    // "510682: ok, read 40, new 40"
    if (size_t at = r.output.find("ok, read "); at != std::string::npos) {
      int n = 0;
      const char* digits = r.output.data() + at + 9;
      std::from_chars(digits, r.output.data() + r.output.size(), n);
      read += n;
    }
  }
  // No mail was fetched by both: the one that polled read them all, the
  // other found the lease held or, coming after, nothing left.
  EXPECT_EQ(read, kMails) << results[0].output << results[1].output;
  // Usually one finds the other polling; when one finished before the other
  // asked, the second found nothing left. Either way, nothing twice.
  EXPECT_LE(held, 1) << results[0].output << results[1].output;
  std::cout << "polls that found the mailbox leased: " << held << "\n";
  ExpectEachMailOnce(kMails);
}

}  // namespace
}  // namespace beian
