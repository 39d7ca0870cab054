// `beian serve` against real Dovecot and Postfix, killed with SIGKILL at
// random points over 20 runs: every mail becomes exactly one case and every
// decision exactly one reply in the citizen's mailbox.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include "beian/identity/id_number.h"
#include "beian/store/store.h"
#include "mail_servers.h"
#include "subprocess.h"

namespace beian {
namespace {

namespace fs = std::filesystem;
using testing::Child;
using testing::MailServers;

const char kRegion[] = "beian510682@ybj.example.cn";
constexpr int kMails = 20;
constexpr int kRuns = 20;

std::string Mail(int n) {
  char seq[8];
  std::snprintf(seq, sizeof seq, "%03u", static_cast<unsigned>(n) % 1000u);
  const std::string first17 = std::string("51068219750505") + seq;
  const std::string id = first17 + ComputeCheckCharacter(first17);
  return "From: citizen" + std::to_string(n) + "@qq.com\r\nTo: " + kRegion +
         "\r\nSubject: =?UTF-8?B?5byg5LiJ?=+" + id +
         "+=?UTF-8?B?6Leo55yB5byC5Zyw5bCx5Yy75aSH5qGI?=\r\nMessage-ID: <k" +
         std::to_string(n) +
         "@qq.com>\r\nMIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n"
         "Content-Type: text/plain\r\n\r\nhi\r\n--B\r\nContent-Type: "
         "image/jpeg; "
         "name=a.jpg\r\nContent-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ" +
         std::to_string(5000 + n) + "\r\n--B--\r\n";
}

std::string Config(const MailServers& s, const fs::path& dir) {
  const std::string port = std::to_string(s.imaps_port());
  return "[store]\npath = \"" + (dir / "beian.db").string() +
         "\"\ndata_dir = \"" + (dir / "data").string() + "\"\noutbox_dir = \"" +
         (dir / "outbox").string() +
         "\"\n[service]\nidle_sleep = \"1s\"\n[[regions]]\ncode = \"510682\"\n"
         "name = \"什邡市\"\nimap_url = \"imaps://127.0.0.1:" +
         port + "/INBOX\"\nimap_user = \"" + kRegion +
         "\"\nimap_password_env = \"BEIAN_KILL_PW\"\npoll_interval = \"1s\"\n"
         "smtp_url = \"smtp://127.0.0.1:" +
         std::to_string(s.smtp_port()) + "\"\nsmtp_user = \"" + kRegion +
         "\"\nsmtp_password_env = \"BEIAN_KILL_PW\"\n"
         "from = \"什邡市医保事务中心 <" +
         kRegion + ">\"\nca_file = \"" + s.ca_file() + "\"\n";
}

constexpr char kConfigDir[] = BEIAN_SOURCE_DIR "/config";
constexpr char kTemplatesDir[] = BEIAN_SOURCE_DIR "/templates";

TEST(ServeKillTest, RandomSigkillsNeverLoseOrDuplicate) {
  MailServers::Options o;
  o.users = {{kRegion, "pw"}};
  for (int i = 0; i < kMails; ++i)
    o.users["citizen" + std::to_string(i) + "@qq.com"] = "x";
  auto servers = MailServers::Start(o);
  ASSERT_TRUE(servers.ok()) << servers.status().ToString();
  MailServers& s = **servers;
  const fs::path dir = fs::path(s.dir()) / "beian";
  fs::create_directories(dir);
  const std::string cfg = (dir / "beian.toml").string();
  std::ofstream(cfg) << Config(s, dir);
  ::setenv("BEIAN_KILL_PW", "pw", 1);
  for (int i = 0; i < kMails; ++i)
    ASSERT_TRUE(s.InjectMail(kRegion, "INBOX", Mail(i)).ok());

  const std::vector<std::string> serve = {
      BEIAN_BINARY, "--config",      cfg, "--config-dir", kConfigDir,
      "--templates-dir", kTemplatesDir, "--no-ocr", "serve"};
  std::mt19937 rng(20261123);
  std::uniform_int_distribution<int> delay_ms(30, 900);
  for (int run = 0; run < kRuns; ++run) {
    auto child = Child::Spawn(
        serve, (dir / ("serve-" + std::to_string(run) + ".log")).string());
    ASSERT_TRUE(child.ok()) << child.status().ToString();
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    child->Signal(SIGKILL);
    child->Stop();
  }
  // A last clean round finishes whatever the kills interrupted.
  for (int i = 0; i < 2; ++i) {
    auto r = testing::RunCommand(
        {BEIAN_BINARY, "--config", cfg, "--config-dir", kConfigDir,
         "--templates-dir", kTemplatesDir, "--no-ocr", "poll", "--once"});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->exit_code, 0) << r->output;
  }

  auto store = SqliteStore::Open((dir / "beian.db").string());
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->ListCases({})->size(), static_cast<size_t>(kMails));
  EXPECT_EQ((*store)->Summarize()->mails, kMails);
  // A kill after the whole reply went to Postfix and before its answer
  // leaves that reply "unconfirmed" (SMTP cannot tell whether Postfix kept
  // it): never sent again on its own, so the citizen has it at most once.
  std::map<int64_t, int> acks;
  std::map<std::string, std::string> state_of;  // citizen -> reply state
  const std::vector<OutboxEntry> outbox = (*store)->ListOutbox(std::nullopt).value();
  for (const OutboxEntry& e : outbox) {
    EXPECT_TRUE(e.state == OutboxState::kSent ||
                e.state == OutboxState::kUnconfirmed)
        << e.case_number << " " << OutboxStateName(e.state) << " "
        << e.last_error;
    ++acks[e.case_id];
    state_of[e.to_address] = OutboxStateName(e.state);
  }
  EXPECT_EQ(acks.size(), static_cast<size_t>(kMails));
  for (const auto& [c, n] : acks) EXPECT_EQ(n, 1) << "case " << c;
  EXPECT_EQ(s.ListMailbox(kRegion, "INBOX")->size(), 0u);
  EXPECT_EQ(s.ListMailbox(kRegion, "Processed")->size(),
            static_cast<size_t>(kMails));
  // Delivery may lag a moment behind Postfix's acceptance.
  int delivered = 0;
  for (int wait = 0; wait < 50; ++wait) {
    delivered = 0;
    for (int i = 0; i < kMails; ++i) {
      delivered += static_cast<int>(
          s.ListMailbox("citizen" + std::to_string(i) + "@qq.com", "INBOX")
              ->size());
    }
    if (delivered >= static_cast<int>(std::count_if(
                         state_of.begin(), state_of.end(),
                         [](const auto& c) { return c.second == "sent"; })))
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  for (int i = 0; i < kMails; ++i) {
    const std::string citizen = "citizen" + std::to_string(i) + "@qq.com";
    const size_t got = s.ListMailbox(citizen, "INBOX")->size();
    EXPECT_LE(got, 1u) << citizen << " got an acknowledgement twice";
    if (state_of[citizen] == "sent") {
      EXPECT_EQ(got, 1u) << citizen << " must get exactly one acknowledgement";
    }
  }
}

}  // namespace
}  // namespace beian
