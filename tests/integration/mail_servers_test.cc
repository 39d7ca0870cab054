// Proves the harness with real clients: the curl CLI over IMAP(S) and SMTP(S).
#include "mail_servers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

namespace beian::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kRegion[] = "beian510682@example.cn";
constexpr char kCitizen[] = "zhang@qq.com";
constexpr char kPassword[] = "s3cret-pw";

std::string Mail(const std::string& to, const std::string& subject) {
  return "From: " + std::string(kRegion) + "\r\nTo: " + to +
         "\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject +
         "@example.cn>\r\n\r\nbody of " + subject + "\r\n";
}

class MailServersTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServers({}); }

  void StartServers(MailServers::Options options) {
    options.users = {{kRegion, kPassword}, {kCitizen, kPassword}};
    options.smtp = geteuid() == 0;
    auto started = std::chrono::steady_clock::now();
    auto servers = MailServers::Start(options);
    ASSERT_TRUE(servers.ok()) << servers.status().ToString();
    servers_ = std::move(*servers);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    std::printf("servers started in %lld ms\n",
                static_cast<long long>(ms.count()));
  }

  // curl against this harness, as `user`, trusting `ca`.
  CommandResult Curl(const std::string& url, std::vector<std::string> args,
                     const std::string& user = kRegion,
                     const std::string& password = kPassword) {
    std::vector<std::string> argv = {"curl", "-sS", "--max-time",         "20",
                                     url,    "-u",  user + ":" + password};
    argv.insert(argv.end(), args.begin(), args.end());
    StatusOr<CommandResult> result = RunCommand(argv);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? *result : CommandResult{};
  }

  std::string Imaps(const std::string& path) {
    return "imaps://127.0.0.1:" + std::to_string(servers_->imaps_port()) + "/" +
           path;
  }

  CommandResult Send(const std::string& url, const std::string& to,
                     const std::string& subject,
                     std::vector<std::string> extra = {}) {
    std::string file = servers_->dir() + "/" + subject + ".eml";
    std::ofstream(file, std::ios::binary) << Mail(to, subject);
    std::vector<std::string> args = {
        "--mail-from",   kRegion, "--mail-rcpt", to,
        "--upload-file", file,    "--cacert",    servers_->ca_file()};
    args.insert(args.end(), extra.begin(), extra.end());
    return Curl(url, args);
  }

  std::string Submission() {
    return "smtp://127.0.0.1:" + std::to_string(servers_->smtp_port());
  }

  // Polls the user's INBOX for up to five seconds.
  std::vector<std::string> AwaitInbox(const std::string& user, size_t count) {
    std::vector<std::string> mails;
    for (int i = 0; i < 250; ++i) {
      mails = *servers_->ListMailbox(user, "INBOX");
      if (mails.size() >= count) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return mails;
  }

  std::unique_ptr<MailServers> servers_;
};

// Tests that need Postfix, which needs root.
class SmtpTest : public MailServersTest {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "Postfix needs root";
    MailServersTest::SetUp();
  }
};

TEST_F(MailServersTest, ImapsFetchesInjectedMail) {
  ASSERT_TRUE(
      servers_->InjectMail(kRegion, "INBOX", Mail(kRegion, "one")).ok());
  CommandResult fetched =
      Curl(Imaps("INBOX;UID=1"), {"--cacert", servers_->ca_file()});
  EXPECT_EQ(fetched.exit_code, 0) << fetched.output;
  EXPECT_EQ(fetched.output, Mail(kRegion, "one"));
}

TEST_F(MailServersTest, ProcessedFolderExistsAndTakesInjectedMail) {
  ASSERT_TRUE(
      servers_->InjectMail(kRegion, "Processed", Mail(kRegion, "done")).ok());
  CommandResult listed = Curl(Imaps(""), {"--cacert", servers_->ca_file()});
  EXPECT_THAT(listed.output, HasSubstr("Processed"));
  CommandResult fetched =
      Curl(Imaps("Processed;UID=1"), {"--cacert", servers_->ca_file()});
  EXPECT_EQ(fetched.output, Mail(kRegion, "done"));
  EXPECT_THAT(*servers_->ListMailbox(kRegion, "Processed"), SizeIs(1));
}

TEST_F(MailServersTest, PlainImapPortOffersStartTls) {
  CommandResult examined = Curl(
      "imap://127.0.0.1:" + std::to_string(servers_->imap_port()) + "/INBOX",
      {"--ssl-reqd", "--cacert", servers_->ca_file(), "-X", "EXAMINE INBOX",
       "-v"});
  EXPECT_EQ(examined.exit_code, 0) << examined.output;
  EXPECT_THAT(examined.output, HasSubstr("STARTTLS"));
  EXPECT_THAT(examined.output, HasSubstr("UIDVALIDITY"));
}

TEST_F(MailServersTest, WrongCaIsRefused) {
  CommandResult imaps =
      Curl(Imaps("INBOX"), {"--cacert", servers_->wrong_ca_file()});
  EXPECT_EQ(imaps.exit_code, 60) << imaps.output;  // peer certificate problem
  EXPECT_THAT(imaps.output, HasSubstr("certificate"));
}

TEST_F(MailServersTest, ServerCertFromWrongCaIsRefused) {
  MailServers::Options options;
  options.server_cert_from_wrong_ca = true;
  servers_.reset();
  StartServers(options);
  CommandResult imaps = Curl(Imaps("INBOX"), {"--cacert", servers_->ca_file()});
  EXPECT_EQ(imaps.exit_code, 60) << imaps.output;
  CommandResult ok =
      Curl(Imaps("INBOX"), {"--cacert", servers_->wrong_ca_file()});
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
}

TEST_F(MailServersTest, WrongPasswordIsRefusedWithoutSlowingOthers) {
  for (int i = 0; i < 3; ++i) {
    CommandResult imaps = Curl(
        Imaps("INBOX"), {"--cacert", servers_->ca_file()}, kRegion, "wrong");
    EXPECT_EQ(imaps.exit_code, 67) << imaps.output;  // login denied
  }
  auto start = std::chrono::steady_clock::now();
  CommandResult other = Curl(Imaps("INBOX"), {"--cacert", servers_->ca_file()},
                             kCitizen, kPassword);
  EXPECT_EQ(other.exit_code, 0) << other.output;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST_F(SmtpTest, SubmissionDeliversToMaildirReadableOverImap) {
  CommandResult sent = Send(Submission(), kCitizen, "reply1", {"--ssl-reqd"});
  ASSERT_EQ(sent.exit_code, 0) << sent.output;
  std::vector<std::string> inbox = AwaitInbox(kCitizen, 1);
  ASSERT_THAT(inbox, SizeIs(1));
  EXPECT_THAT(inbox[0], HasSubstr("Message-ID: <reply1@example.cn>"));
  CommandResult fetched =
      Curl(Imaps("INBOX;UID=1"), {"--cacert", servers_->ca_file()}, kCitizen);
  EXPECT_THAT(fetched.output, HasSubstr("body of reply1"));
}

TEST_F(SmtpTest, SmtpsDelivers) {
  CommandResult sent =
      Send("smtps://127.0.0.1:" + std::to_string(servers_->smtps_port()),
           kCitizen, "reply2");
  ASSERT_EQ(sent.exit_code, 0) << sent.output;
  EXPECT_THAT(AwaitInbox(kCitizen, 1), SizeIs(1));
}

TEST_F(SmtpTest, SmtpsWithWrongCaIsRefused) {
  CommandResult sent =
      Send("smtps://127.0.0.1:" + std::to_string(servers_->smtps_port()),
           kCitizen, "wrongca", {"--cacert", servers_->wrong_ca_file()});
  EXPECT_EQ(sent.exit_code, 60) << sent.output;
  EXPECT_THAT(*servers_->ListMailbox(kCitizen, "INBOX"), IsEmpty());
}

TEST_F(SmtpTest, SubmissionRequiresTlsAndAuth) {
  CommandResult plain = Send(Submission(), kCitizen, "plain");  // no --ssl-reqd
  EXPECT_EQ(plain.exit_code, 55) << plain.output;
  EXPECT_THAT(plain.output, HasSubstr("530"));
  CommandResult bad = Curl(Submission(),
                           {"--ssl-reqd", "--cacert", servers_->ca_file(),
                            "--mail-rcpt", kCitizen, "-T", "/dev/null"},
                           kRegion, "wrong");
  EXPECT_EQ(bad.exit_code, 67) << bad.output;
}

TEST_F(SmtpTest, TempfailRecipientGets451) {
  CommandResult sent =
      Send(Submission(), "tempfail1@qq.com", "t", {"--ssl-reqd"});
  EXPECT_EQ(sent.exit_code, 55) << sent.output;
  EXPECT_THAT(sent.output, HasSubstr("RCPT failed: 451"));
  EXPECT_THAT(*servers_->ListMailbox("tempfail1@qq.com", "INBOX"), IsEmpty());
}

TEST_F(SmtpTest, PermfailAndUnknownRecipientsGet550) {
  CommandResult permfail =
      Send(Submission(), "permfail@163.com", "p", {"--ssl-reqd"});
  EXPECT_EQ(permfail.exit_code, 55) << permfail.output;
  EXPECT_THAT(permfail.output, HasSubstr("RCPT failed: 550"));
  CommandResult unknown =
      Send(Submission(), "nobody@163.com", "u", {"--ssl-reqd"});
  EXPECT_THAT(unknown.output, HasSubstr("RCPT failed: 550"));
}

TEST_F(MailServersTest, AddUserAfterStartWorksForImapAndSmtp) {
  ASSERT_TRUE(servers_->AddUser("li@163.com", "pw2").ok());
  CommandResult listed = Curl(Imaps("INBOX"), {"--cacert", servers_->ca_file()},
                              "li@163.com", "pw2");
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  if (geteuid() != 0) return;
  CommandResult sent = Send(Submission(), "li@163.com", "toli", {"--ssl-reqd"});
  EXPECT_EQ(sent.exit_code, 0) << sent.output;
  EXPECT_THAT(AwaitInbox("li@163.com", 1), SizeIs(1));
}

TEST_F(MailServersTest, StopImapDropsServiceAndStartImapKeepsMail) {
  ASSERT_TRUE(
      servers_->InjectMail(kRegion, "INBOX", Mail(kRegion, "kept")).ok());
  ASSERT_TRUE(servers_->StopImap().ok());
  CommandResult down = Curl(Imaps("INBOX"), {"--cacert", servers_->ca_file()});
  EXPECT_EQ(down.exit_code, 7) << down.output;  // could not connect
  ASSERT_TRUE(servers_->StartImap().ok());
  CommandResult up =
      Curl(Imaps("INBOX;UID=1"), {"--cacert", servers_->ca_file()});
  EXPECT_EQ(up.output, Mail(kRegion, "kept"));
}

TEST_F(MailServersTest, ResetUidValidityChangesItAndRenumbers) {
  ASSERT_TRUE(servers_->InjectMail(kRegion, "INBOX", Mail(kRegion, "a")).ok());
  StatusOr<uint32_t> before = servers_->UidValidity(kRegion, "INBOX");
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  Status reset = servers_->ResetUidValidity(kRegion, "INBOX");
  ASSERT_TRUE(reset.ok()) << reset.ToString();
  StatusOr<uint32_t> after = servers_->UidValidity(kRegion, "INBOX");
  ASSERT_TRUE(after.ok());
  EXPECT_NE(*after, *before);
  CommandResult examined = Curl(
      Imaps("INBOX"), {"--cacert", servers_->ca_file(), "-X", "EXAMINE INBOX"});
  EXPECT_THAT(examined.output,
              HasSubstr("UIDVALIDITY " + std::to_string(*after) + "]"));
  EXPECT_EQ(
      Curl(Imaps("INBOX;UID=1"), {"--cacert", servers_->ca_file()}).output,
      Mail(kRegion, "a"));
}

}  // namespace
}  // namespace beian::testing
