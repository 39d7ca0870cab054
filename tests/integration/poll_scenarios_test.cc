// beian against real Dovecot (IMAPS) and Postfix (submission, STARTTLS):
// the scenarios of the IMAP/SMTP issue, through the library with the real
// libcurl adapters and a real SQLite file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "beian/identity/id_number.h"
#include "beian/mail/account_check.h"
#include "beian/mail/smtp_sender.h"
#include "beian/reply/reply_composer.h"
#include "beian/service/decisions.h"
#include "beian/service/outbox_sender.h"
#include "beian/service/poller.h"
#include "beian/service/template_replies.h"
#include "loopback.h"
#include "mail_servers.h"

namespace beian {
namespace {

namespace fs = std::filesystem;
using testing::MailServers;

const char kA[] = "beian510682@ybj.example.cn";
const char kB[] = "beian110105@ybj.example.cn";

// A synthetic citizen's mail with a valid identity number.
std::string CitizenMail(int n, const std::string& to, std::string from = "") {
  if (from.empty()) from = "citizen" + std::to_string(n) + "@qq.com";
  char seq[8];
  std::snprintf(seq, sizeof seq, "%03u", static_cast<unsigned>(n) % 1000u);
  const std::string first17 = std::string("51068219800101") + seq;
  const std::string id = first17 + ComputeCheckCharacter(first17);
  return "From: " + from + "\r\nTo: " + to +
         "\r\nSubject: =?UTF-8?B?5byg5LiJ?=+" + id +
         "+=?UTF-8?B?6Leo55yB5byC5Zyw5bCx5Yy75aSH5qGI?=\r\n"
         "Message-ID: <m" +
         std::to_string(n) + "." + to +
         ">\r\n"
         "Date: Mon, 23 Nov 2026 09:00:00 +0800\r\nMIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n"
         "Content-Type: text/plain; charset=UTF-8\r\n\r\nsee "
         "attached\r\n--B\r\n"
         "Content-Type: image/jpeg; name=card.jpg\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ" +
         std::to_string(1000 + n) + "\r\n--B--\r\n";
}

class PollScenarioTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServers({}); }

  // `capability`: what Dovecot advertises ("" = its own); sessions are
  // recorded (MailServers::ImapCommandsSent).
  void StartServers(const std::string& capability) {
    servers_.reset();
    MailServers::Options o;
    o.users = {{kA, "pw-a"}, {kB, "pw-b"}};
    o.imap_capability = capability;
    o.rawlog = !capability.empty();
    auto s = MailServers::Start(o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    servers_ = std::move(*s);
    dir_ = fs::path(servers_->dir()) / "beian";
    fs::create_directories(dir_);
    ::setenv("BEIAN_TEST_PW_A", "pw-a", 1);
    ::setenv("BEIAN_TEST_PW_B", "pw-b", 1);
    config_.regions = {Region("510682", kA, "BEIAN_TEST_PW_A"),
                       Region("110105", kB, "BEIAN_TEST_PW_B")};
    auto store = SqliteStore::Open((dir_ / "beian.db").string());
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
    blobs_ = std::make_unique<FileBlobStore>((dir_ / "data").string());
    config_.data_dir = (dir_ / "data").string();  // its locks/
  }

  RegionConfig Region(const std::string& code, const std::string& user,
                      const std::string& env) {
    RegionConfig r;
    r.code = code;
    r.imap_url = "imaps://127.0.0.1:" + std::to_string(servers_->imaps_port()) +
                 "/INBOX";
    r.imap_user = user;
    r.imap_password = {env, "", "regions.imap_password"};
    r.ca_file = servers_->ca_file();
    r.from = "医保中心 <" + user + ">";
    return r;
  }

  StatusOr<PollReport> Poll(ImapClientFactory factory = NewCurlImapClient) {
    Poller p(config_, *store_, *blobs_, clock_, nullptr, log_,
             std::move(factory));
    return p.PollOnce(false);
  }

  // provider_proxy.py with `profile` in front of Dovecot's plain port; its
  // port (0 when it did not start). Client commands go to `log`.
  int StartProxy(const std::string& profile, const std::string& log,
                 bool refuse_id = false) {
    auto ports = testing::PickFreePorts(1);
    if (!ports.ok()) return 0;
    const int port = (*ports)[0];
    std::vector<std::string> argv = {
        "/usr/bin/python3",
        std::string(BEIAN_SOURCE_DIR) + "/tests/integration/provider_proxy.py",
        "--profile",
        profile,
        "--port",
        std::to_string(port),
        "--upstream-port",
        std::to_string(servers_->imap_port()),
        "--cert",
        servers_->cert_file(),
        "--key",
        servers_->key_file(),
        "--log",
        log};
    if (refuse_id) argv.push_back("--refuse-id");
    auto proxy =
        testing::Child::Spawn(argv, (dir_ / (profile + "-proxy.out")).string());
    if (!proxy.ok()) return 0;
    proxy_ = std::move(*proxy);
    for (int i = 0; i < 100 && !testing::PortAccepts(port); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return testing::PortAccepts(port) ? port : 0;
  }

  int Cases() { return static_cast<int>(store_->ListCases({})->size()); }
  int Mails() { return store_->Summarize()->mails; }
  size_t InFolder(const std::string& user, const std::string& folder) {
    auto m = servers_->ListMailbox(user, folder);
    return m.ok() ? m->size() : 9999;
  }

  std::unique_ptr<MailServers> servers_;
  testing::Child proxy_;  // stopped before the servers
  fs::path dir_;
  ServiceConfig config_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<FileBlobStore> blobs_;
  SystemClock clock_;
  RecordingLogger log_;
};

TEST_F(PollScenarioTest, FiftyMailsInTwoRegionsBecomeFiftyCasesAndAreMoved) {
  for (int i = 0; i < 30; ++i)
    ASSERT_TRUE(servers_->InjectMail(kA, "INBOX", CitizenMail(i, kA)).ok());
  for (int i = 30; i < 50; ++i)
    ASSERT_TRUE(servers_->InjectMail(kB, "INBOX", CitizenMail(i, kB)).ok());
  auto report = Poll();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->errors(), 0);
  EXPECT_EQ(Cases(), 50);
  EXPECT_EQ(store_->ListCases({std::nullopt, "510682", {}})->size(), 30u);
  EXPECT_EQ(InFolder(kA, "INBOX"), 0u);
  EXPECT_EQ(InFolder(kA, "Processed"), 30u);
  EXPECT_EQ(InFolder(kB, "Processed"), 20u);
  // A second poll finds nothing new.
  report = Poll();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(Cases(), 50);
  auto accounts = store_->ListAccounts();
  ASSERT_EQ(accounts->size(), 2u);
  EXPECT_TRUE((*accounts)[0].last_success_at.has_value());
}

// Stops the IMAP server after the Nth fetch, as if it went away mid-poll.
class DyingClient final : public ImapClient {
 public:
  DyingClient(std::unique_ptr<ImapClient> real, MailServers& s, int after)
      : real_(std::move(real)), servers_(s), after_(after) {}
  StatusOr<MailboxStatus> Status(const std::string& f) override {
    return real_->Status(f);
  }
  StatusOr<std::vector<uint32_t>> ListUids(const std::string& f, uint32_t a,
                                           uint32_t b) override {
    return real_->ListUids(f, a, b);
  }
  StatusOr<std::string> Fetch(const std::string& f, uint32_t v,
                              uint32_t uid) override {
    if (++fetches_ == after_) (void)servers_.StopImap();
    return real_->Fetch(f, v, uid);
  }
  // The server goes away in the middle of one FETCH command's mails.
  beian::Status FetchEach(const std::string& f, uint32_t v,
                          const std::vector<uint32_t>& uids,
                          const OnFetched& on_mail) override {
    return real_->FetchEach(f, v, uids, [&](uint32_t uid, std::string bytes) {
      on_mail(uid, std::move(bytes));
      if (++fetches_ == after_) (void)servers_.StopImap();
    });
  }
  beian::Status Move(const std::string& f, const std::vector<uint32_t>& uids,
                     const std::string& to) override {
    return real_->Move(f, uids, to);
  }
  beian::Status Flag(const std::string& f,
                     const std::vector<uint32_t>& uids) override {
    return real_->Flag(f, uids);
  }
  beian::Status CreateFolder(const std::string& f) override {
    return real_->CreateFolder(f);
  }

 private:
  std::unique_ptr<ImapClient> real_;
  MailServers& servers_;
  int after_;
  int fetches_ = 0;
};

TEST_F(PollScenarioTest, ServerGoneMidPollLosesNothingAndTheNextPollCatchesUp) {
  config_.regions.resize(1);
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(servers_->InjectMail(kA, "INBOX", CitizenMail(i, kA)).ok());
  auto report =
      Poll([this](const ImapAccount& a) -> std::unique_ptr<ImapClient> {
        return std::make_unique<DyingClient>(NewCurlImapClient(a), *servers_,
                                             4);
      });
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->errors(), 1);
  EXPECT_LT(Cases(), 10);
  EXPECT_FALSE(store_->ListAccounts()->at(0).last_error.empty());
  ASSERT_TRUE(servers_->StartImap().ok());
  report = Poll();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->errors(), 0);
  EXPECT_EQ(Cases(), 10);
  EXPECT_EQ(Mails(), 10);
  EXPECT_EQ(InFolder(kA, "INBOX"), 0u);
  EXPECT_EQ(InFolder(kA, "Processed"), 10u);
}

// STARTTLS on port 143, and a processed folder named in Chinese (sent in
// modified UTF-7). Mails are read with BODY.PEEK[]: they arrive unread.
TEST_F(PollScenarioTest, StartTlsAndAChineseProcessedFolder) {
  config_.regions.resize(1);
  config_.regions[0].imap_url =
      "imap://127.0.0.1:" + std::to_string(servers_->imap_port()) + "/INBOX";
  config_.regions[0].processed_folder = "已处理";
  for (int i = 0; i < 12; ++i)
    ASSERT_TRUE(servers_->InjectMail(kA, "INBOX", CitizenMail(i, kA)).ok());
  auto report = Poll();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->errors(), 0) << report->accounts[0].error;
  EXPECT_EQ(Cases(), 12);
  EXPECT_EQ(InFolder(kA, "INBOX"), 0u);
  EXPECT_EQ(InFolder(kA, "&XfJZBHQG-"), 12u);  // Dovecot's name on disk
  int files = 0;
  for (const char* sub : {"/cur", "/new"}) {
    const fs::path dir = servers_->maildir(kA) + "/.&XfJZBHQG-" + sub;
    for (const auto& e : fs::directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      const size_t info = name.find(":2,");
      EXPECT_TRUE(info == std::string::npos ||
                  name.find('S', info) == std::string::npos)
          << name << " was marked \\Seen";
      ++files;
    }
  }
  EXPECT_EQ(files, 12);
}

// An older server without MOVE (RFC 6851) but with UIDPLUS: beian copies,
// marks \Deleted and expunges exactly its own UIDs.
TEST_F(PollScenarioTest, WithoutMoveMailsAreCopiedThenTheirUidsExpunged) {
  StartServers("IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE UIDPLUS");
  config_.regions.resize(1);
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(servers_->InjectMail(kA, "INBOX", CitizenMail(i, kA)).ok());
  auto report = Poll();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->errors(), 0) << report->accounts[0].error;
  EXPECT_EQ(Cases(), 5);
  EXPECT_EQ(InFolder(kA, "INBOX"), 0u);
  EXPECT_EQ(InFolder(kA, "Processed"), 5u);
  const std::string sent = servers_->ImapCommandsSent();
  EXPECT_EQ(sent.find("UID MOVE"), std::string::npos) << sent;
  EXPECT_NE(sent.find("UID COPY 1:5 \"Processed\""), std::string::npos) << sent;
  EXPECT_NE(sent.find("UID STORE 1:5 +FLAGS.SILENT (\\Deleted)"),
            std::string::npos);
  EXPECT_NE(sent.find("UID EXPUNGE 1:5"), std::string::npos);
}

// With neither MOVE nor UIDPLUS a plain EXPUNGE would also remove mails
// somebody else marked \Deleted: the mails are committed, stay in the
// folder, and the error names the setting that works.
TEST_F(PollScenarioTest, WithoutMoveOrUidplusTheRegionIsToldToFlag) {
  StartServers("IMAP4rev1 LITERAL+ IDLE");
  config_.regions.resize(1);
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(servers_->InjectMail(kA, "INBOX", CitizenMail(i, kA)).ok());
  auto report = Poll();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->errors(), 1);
  EXPECT_NE(report->accounts[0].error.find("neither MOVE nor UIDPLUS"),
            std::string::npos)
      << report->accounts[0].error;
  EXPECT_NE(report->accounts[0].error.find("after_fetch = \"flag\""),
            std::string::npos);
  EXPECT_EQ(Cases(), 3);
  EXPECT_EQ(InFolder(kA, "INBOX"), 3u);
  const std::string sent = servers_->ImapCommandsSent();
  EXPECT_EQ(sent.find("EXPUNGE"), std::string::npos) << sent;
  EXPECT_EQ(sent.find("UID MOVE"), std::string::npos);

  config_.regions[0].after_fetch = "flag";
  report = Poll();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->errors(), 0) << report->accounts[0].error;
  EXPECT_EQ(Cases(), 3);
  EXPECT_EQ(InFolder(kA, "INBOX"), 3u);  // flagged, never removed
}

TEST_F(PollScenarioTest, WrongPasswordOnOneAccountDoesNotStopTheOther) {
  ::setenv("BEIAN_TEST_PW_A", "wrong", 1);
  ASSERT_TRUE(servers_->InjectMail(kA, "INBOX", CitizenMail(1, kA)).ok());
  ASSERT_TRUE(servers_->InjectMail(kB, "INBOX", CitizenMail(2, kB)).ok());
  auto report = Poll();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->errors(), 1);
  EXPECT_EQ(Cases(), 1);
  auto accounts = store_->ListAccounts();
  bool a_failed = false;
  for (const AccountState& s : *accounts) {
    if (s.region == "510682") {
      a_failed =
          s.failures == 1 && s.last_error.find("password") != std::string::npos;
    }
  }
  EXPECT_TRUE(a_failed);
  ::setenv("BEIAN_TEST_PW_A", "pw-a", 1);
  report = Poll();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(Cases(), 2);
}

TEST_F(PollScenarioTest, UidValidityResetMakesNoDuplicates) {
  config_.regions.resize(1);
  config_.regions[0].after_fetch = "flag";  // mails stay in INBOX
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(servers_->InjectMail(kA, "INBOX", CitizenMail(i, kA)).ok());
  ASSERT_TRUE(Poll().ok());
  EXPECT_EQ(Cases(), 5);
  ASSERT_TRUE(servers_->ResetUidValidity(kA, "INBOX").ok());
  ASSERT_TRUE(servers_->InjectMail(kA, "INBOX", CitizenMail(7, kA)).ok());
  auto report = Poll();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->errors(), 0);
  EXPECT_EQ(Cases(), 6);
  EXPECT_EQ(Mails(), 6);
  EXPECT_EQ(report->accounts[0].stats.already_known, 5);
}

TEST_F(PollScenarioTest, CertificateFromAnotherCaIsRefusedClearly) {
  config_.regions.resize(1);
  config_.regions[0].ca_file = servers_->wrong_ca_file();
  ASSERT_TRUE(servers_->InjectMail(kA, "INBOX", CitizenMail(1, kA)).ok());
  auto report = Poll();
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->errors(), 1);
  EXPECT_NE(report->accounts[0].error.find("certificate"), std::string::npos)
      << report->accounts[0].error;
  EXPECT_EQ(Mails(), 0);
  EXPECT_EQ(InFolder(kA, "INBOX"), 1u);
}

class FixedReplies final : public ReplyFactory {
 public:
  explicit FixedReplies(const ReplyComposer& c, const Clock& clock)
      : inner_(
            c, clock,
            [](const std::string& code) {
              return RegionIdentity{code, std::string("医保中心 <") + kA + ">"};
            },
            [](const std::string& r) {
              return LoadReviewRules(BEIAN_SOURCE_DIR "/config/rules", r);
            }) {}
  StatusOr<NewReply> Make(const std::string& kind, const CaseDetail& d,
                          const std::vector<std::string>& reasons,
                          const std::string& note) override {
    return inner_.Make(kind, d, reasons, note);
  }
  bool KnowsReason(const std::string& code) const override {
    return inner_.KnowsReason(code);
  }

 private:
  TemplateReplyFactory inner_;
};

// The automatic sweep (acknowledgements) and one send of the outbox through
// the test Postfix, as region 510682's account.
StatusOr<SendStats> SweepAndSend(SqliteStore& store, const Clock& clock,
                                 Logger& log, const MailServers& servers,
                                 int* acknowledged) {
  auto composer = ReplyComposer::Load(BEIAN_SOURCE_DIR "/templates");
  if (!composer.ok()) return composer.status();
  FixedReplies replies(*composer, clock);
  Decisions d(
      store, store, replies,
      [](const std::string& r) {
        return LoadReviewRules(BEIAN_SOURCE_DIR "/config/rules", r);
      },
      clock, log);
  auto sweep = d.Sweep();
  if (!sweep.ok()) return sweep.status();
  *acknowledged = sweep->acknowledged;
  SmtpMailSender smtp(
      {"smtp://127.0.0.1:" + std::to_string(servers.smtp_port()), kA, "pw-a",
       servers.ca_file()});
  OutboxSender out(store, smtp, clock, log, kA);
  return out.SendDue();
}

TEST_F(PollScenarioTest, RepliesArriveThreadedAndTemporaryFailuresRetry) {
  config_.regions.resize(1);
  ASSERT_TRUE(servers_->AddUser("citizen1@qq.com", "x").ok());
  ASSERT_TRUE(servers_->AddUser("tempfail9@qq.com", "x").ok());
  ASSERT_TRUE(servers_->InjectMail(kA, "INBOX", CitizenMail(1, kA)).ok());
  ASSERT_TRUE(
      servers_->InjectMail(kA, "INBOX", CitizenMail(9, kA, "tempfail9@qq.com"))
          .ok());
  ASSERT_TRUE(Poll().ok());
  ASSERT_EQ(Cases(), 2);

  int acknowledged = 0;
  auto sent = SweepAndSend(*store_, clock_, log_, *servers_, &acknowledged);
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(acknowledged, 2);
  EXPECT_EQ(sent->sent, 1);
  EXPECT_EQ(sent->retried, 1);
  auto queued = store_->ListOutbox(OutboxState::kQueued);
  ASSERT_EQ(queued->size(), 1u);
  EXPECT_NE((*queued)[0].last_error.find("451"), std::string::npos)
      << (*queued)[0].last_error;

  std::vector<std::string> inbox;
  for (int i = 0; i < 50 && inbox.empty(); ++i) {
    auto listed = servers_->ListMailbox("citizen1@qq.com", "INBOX");
    if (listed.ok()) inbox = *listed;
    if (inbox.empty())
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_NE(inbox[0].find("In-Reply-To: <m1." + std::string(kA) + ">"),
            std::string::npos);
  EXPECT_NE(inbox[0].find("Auto-Submitted: auto-replied"), std::string::npos);
}

// The hand-over mark comes once per mail, before Postfix can have the end of
// the data: a mark that fails stops the mail, and nothing arrives.
TEST_F(PollScenarioTest, TheSmtpHandOverIsMarkedOnceBeforeTheEndOfTheData) {
  ASSERT_TRUE(servers_->AddUser("citizen3@qq.com", "x").ok());
  ASSERT_TRUE(servers_->AddUser("citizen4@qq.com", "x").ok());
  SmtpMailSender smtp(
      {"smtp://127.0.0.1:" + std::to_string(servers_->smtp_port()), kA, "pw-a",
       servers_->ca_file()});
  std::string body = "From: " + std::string(kA) +
                     "\r\nTo: citizen3@qq.com\r\nSubject: t\r\n\r\n";
  for (int i = 0; i < 3000; ++i) body += "line " + std::to_string(i) + "\r\n";
  int marks = 0;
  OutgoingMail refused{"m-refused@beian", kA,
                       "citizen3@qq.com", body,
                       "510682",          [&] { return ++marks, false; }};
  Status s = smtp.Send(refused);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.code(), StatusCode::kOutcomeUnknown) << s.ToString();
  EXPECT_EQ(marks, 1);
  OutgoingMail kept{"m-kept@beian", kA,       "citizen4@qq.com",
                    body,           "510682", [&] { return ++marks, true; }};
  ASSERT_TRUE(smtp.Send(kept).ok());
  EXPECT_EQ(marks, 2);
  size_t arrived = 0;
  for (int i = 0; i < 50 && arrived == 0; ++i) {
    arrived = InFolder("citizen4@qq.com", "INBOX");
    if (arrived == 0 || arrived == 9999) {
      arrived = 0;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  EXPECT_EQ(arrived, 1u);
  EXPECT_EQ(InFolder("citizen3@qq.com", "INBOX"), 0u);  // never completed
}

// A mailbox that answers like NetEase's Coremail (tests/integration/
// provider_proxy.py in front of Dovecot): ID required before SELECT, strict
// ID syntax, no MOVE, no UIDNEXT anywhere (STATUS answers "()"), descending
// UID ranges refused, unrequested FLAGS lines inside a fetch.
TEST_F(PollScenarioTest, ACoremailMailboxIsPolledWithIdBeforeSelect) {
  config_.regions.resize(1);
  for (int i = 0; i < 6; ++i)
    ASSERT_TRUE(servers_->InjectMail(kA, "INBOX", CitizenMail(i, kA)).ok());
  const std::string log = (dir_ / "coremail.log").string();
  const int port = StartProxy("coremail", log);
  ASSERT_GT(port, 0);
  config_.regions[0].imap_url =
      "imaps://127.0.0.1:" + std::to_string(port) + "/INBOX";

  // Without ID the provider refuses, and says so in its own words.
  auto no_id = Poll([](const ImapAccount& a) {
    ImapAccount bare = a;
    bare.client_id.clear();
    return NewCurlImapClient(bare);
  });
  ASSERT_TRUE(no_id.ok());
  EXPECT_NE(no_id->accounts[0].error.find("Unsafe Login"), std::string::npos)
      << no_id->accounts[0].error;
  EXPECT_EQ(Mails(), 0);

  for (int round = 0; round < 2; ++round) {
    auto report = Poll();
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_EQ(report->errors(), 0) << report->accounts[0].error;
  }
  EXPECT_EQ(Cases(), 6);
  EXPECT_EQ(InFolder(kA, "INBOX"), 0u);
  EXPECT_EQ(InFolder(kA, "Processed"), 6u);
  std::ifstream in(log);
  std::stringstream sent;
  sent << in.rdbuf();
  const std::string commands = sent.str();
  const size_t id = commands.find(" ID (\"name\" \"beian\" \"version\" \"");
  ASSERT_NE(id, std::string::npos) << commands;
  EXPECT_NE(commands.find("\"support-email\" \"beian510682@ybj.example.cn\")"),
            std::string::npos)
      << commands;
  const size_t session = commands.rfind("A001 CAPABILITY", id);
  ASSERT_NE(session, std::string::npos);
  EXPECT_EQ(commands.substr(session, id - session).find("SELECT"),
            std::string::npos)
      << commands;
  EXPECT_EQ(commands.find("UID MOVE"), std::string::npos);
  EXPECT_NE(commands.find("UID COPY 1:6 \"Processed\""), std::string::npos)
      << commands;
}

// QQ refuses a wrong password (or a login password instead of the
// authorization code) in its own words; the operator is told what to do.
TEST_F(PollScenarioTest, AQqLoginRefusalSaysToUseTheAuthorizationCode) {
  config_.regions.resize(1);
  ASSERT_TRUE(servers_->InjectMail(kA, "INBOX", CitizenMail(1, kA)).ok());
  const int port = StartProxy("qq", (dir_ / "qq.log").string());
  ASSERT_GT(port, 0);
  config_.regions[0].imap_url =
      "imaps://127.0.0.1:" + std::to_string(port) + "/INBOX";
  ::setenv("BEIAN_TEST_PW_A", "login-password", 1);
  auto refused = Poll();
  ASSERT_TRUE(refused.ok());
  const std::string& error = refused->accounts[0].error;
  EXPECT_NE(error.find("Login fail. Account is abnormal"), std::string::npos)
      << error;
  EXPECT_NE(error.find("请使用邮箱授权码"), std::string::npos) << error;
  ASSERT_TRUE(Poll().ok());
  ASSERT_TRUE(Poll().ok());  // the third failure in a row: an alert
  int alerts = 0;
  for (const std::string& line : log_.lines_)
    alerts += line.find("account_alert") != std::string::npos;
  EXPECT_EQ(alerts, 1);
  ::setenv("BEIAN_TEST_PW_A", "pw-a", 1);
  auto report = Poll();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->errors(), 0) << report->accounts[0].error;
  EXPECT_EQ(Cases(), 1);
}

// `beian accounts check` against the Coremail-like proxy and Postfix: every
// step passes, the missing processed folder is created, a wrong SMTP
// password is named.
TEST_F(PollScenarioTest, AccountsCheckWalksThroughEveryStep) {
  const int port = StartProxy("coremail", (dir_ / "check.log").string());
  ASSERT_GT(port, 0);
  RegionConfig r = config_.regions[0];
  r.imap_url = "imaps://127.0.0.1:" + std::to_string(port) + "/INBOX";
  r.processed_folder = "已处理";
  std::vector<CheckStep> steps = CheckImapAccount(ImapAccountOf(r, "pw-a"));
  std::map<std::string, CheckStep> by_name;
  for (const CheckStep& s : steps) {
    EXPECT_TRUE(s.ok) << s.name << ": " << s.detail;
    by_name[s.name] = s;
  }
  EXPECT_NE(by_name["服务器问候"].detail.find("Coremail"), std::string::npos);
  EXPECT_NE(by_name["服务器能力"].detail.find("id"), std::string::npos);
  EXPECT_NE(by_name["IMAP ID"].detail.find("已发送"), std::string::npos);
  EXPECT_NE(by_name["文件夹"].detail.find("Processed"), std::string::npos);
  EXPECT_EQ(by_name["已处理文件夹 已处理"].detail, "原来没有，已创建");
  EXPECT_NE(by_name["收取的文件夹 INBOX"].detail.find("共 0 封"),
            std::string::npos);
  // Checked again, the folder is found (and listed by its Chinese name).
  steps = CheckImapAccount(ImapAccountOf(r, "pw-a"));
  ASSERT_GE(steps.size(), 6u);
  EXPECT_NE(steps[4].detail.find("已处理"), std::string::npos)
      << steps[4].detail;
  EXPECT_EQ(steps[5].detail, "已存在");

  std::vector<CheckStep> wrong = CheckImapAccount(ImapAccountOf(r, "nope"));
  ASSERT_EQ(wrong.size(), 1u);
  EXPECT_FALSE(wrong[0].ok);

  const std::string smtp =
      "smtp://127.0.0.1:" + std::to_string(servers_->smtp_port());
  CheckStep ok = CheckSmtpLogin({smtp, kA, "pw-a", servers_->ca_file()});
  EXPECT_TRUE(ok.ok) << ok.detail;
  CheckStep bad = CheckSmtpLogin({smtp, kA, "nope", servers_->ca_file()});
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.detail.find("535"), std::string::npos) << bad.detail;
}

// The providers' SMTP refusals, as Postfix answers them here: a frequency
// limit is retried later (it is a 550, but not a refusal of the mail), a
// spam refusal is not retried blindly; both keep the server's words and
// say what to do.
TEST_F(PollScenarioTest, ProviderSmtpRefusalsAreRetriedOrHeldWithAdvice) {
  config_.regions.resize(1);
  for (const auto& [n, who] : std::vector<std::pair<int, std::string>>{
           {5, "throttled5@qq.com"}, {6, "spamtrap6@qq.com"}}) {
    ASSERT_TRUE(servers_->AddUser(who, "x").ok());
    ASSERT_TRUE(
        servers_->InjectMail(kA, "INBOX", CitizenMail(n, kA, who)).ok());
  }
  ASSERT_TRUE(Poll().ok());
  ASSERT_EQ(Cases(), 2);
  int acknowledged = 0;
  auto sent = SweepAndSend(*store_, clock_, log_, *servers_, &acknowledged);
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(acknowledged, 2);
  EXPECT_EQ(sent->sent, 0);
  EXPECT_EQ(sent->retried, 1);
  EXPECT_EQ(sent->failed, 1);
  auto queued = store_->ListOutbox(OutboxState::kQueued);
  ASSERT_EQ(queued->size(), 1u);
  EXPECT_NE((*queued)[0].last_error.find("frequency limited"),
            std::string::npos)
      << (*queued)[0].last_error;
  EXPECT_NE((*queued)[0].last_error.find("过于频繁"), std::string::npos);
  auto failed = store_->ListOutbox(OutboxState::kFailed);
  ASSERT_EQ(failed->size(), 1u);
  EXPECT_NE((*failed)[0].last_error.find("DT:SPM"), std::string::npos)
      << (*failed)[0].last_error;
  EXPECT_NE((*failed)[0].last_error.find("垃圾邮件"), std::string::npos);
}

// QQ Mail and Tencent Exmail through the proxy (their greetings and
// refusals): mails polled twice become one case each and leave INBOX.
TEST_F(PollScenarioTest, QqAndExmailMailboxesArePolledTwiceIntoOneCaseEach) {
  config_.regions.resize(1);
  int mail = 20;
  for (const std::string profile : {"qq", "exmail"}) {
    SCOPED_TRACE(profile);
    const int cases_before = Cases();
    for (int i = 0; i < 4; ++i) {
      ASSERT_TRUE(
          servers_->InjectMail(kA, "INBOX", CitizenMail(++mail, kA)).ok());
    }
    const std::string log = (dir_ / (profile + ".log")).string();
    const int port = StartProxy(profile, log);
    ASSERT_GT(port, 0);
    config_.regions[0].imap_url =
        "imaps://127.0.0.1:" + std::to_string(port) + "/INBOX";
    for (int round = 0; round < 2; ++round) {
      auto report = Poll();
      ASSERT_TRUE(report.ok()) << report.status().ToString();
      EXPECT_EQ(report->errors(), 0) << report->accounts[0].error;
    }
    EXPECT_EQ(Cases(), cases_before + 4);
    EXPECT_EQ(InFolder(kA, "INBOX"), 0u);
    std::ifstream in(log);
    std::stringstream sent;
    sent << in.rdbuf();
    EXPECT_NE(sent.str().find("UID FETCH"), std::string::npos) << sent.str();
    proxy_.Stop();
  }
  EXPECT_EQ(InFolder(kA, "Processed"), 8u);
}

// A server that refuses ID: logged, ignored, and the poll goes on.
TEST_F(PollScenarioTest, ARefusedIdIsLoggedAndIgnored) {
  config_.regions.resize(1);
  ASSERT_TRUE(servers_->InjectMail(kA, "INBOX", CitizenMail(1, kA)).ok());
  const int port = StartProxy("qq", (dir_ / "qq.log").string(), true);
  ASSERT_GT(port, 0);
  config_.regions[0].imap_url =
      "imaps://127.0.0.1:" + std::to_string(port) + "/INBOX";
  auto report = Poll();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->errors(), 0) << report->accounts[0].error;
  EXPECT_EQ(Cases(), 1);
  bool logged = false;
  for (const std::string& line : log_.lines_) {
    logged |= line.find("imap_id_refused") != std::string::npos &&
              line.find("ID command refused") != std::string::npos;
  }
  EXPECT_TRUE(logged);
}

}  // namespace
}  // namespace beian
