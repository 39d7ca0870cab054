// Real mail servers on loopback for beian's integration tests.
//
//   MailServers::Options options;
//   options.users = {{"beian510682@example.cn", "pw"}, {"zhang@qq.com", "pw"}};
//   auto servers = MailServers::Start(options);
//   ASSERT_TRUE(servers.ok()) << servers.status().ToString();
//   (*servers)->InjectMail("beian510682@example.cn", "INBOX", raw_mail);
//   // point beian at imaps://127.0.0.1:<imaps_port()>/INBOX, ca_file() ...
//
// Start() makes a temp dir holding a test CA, Dovecot (IMAP with STARTTLS,
// IMAPS) and Postfix (submission with STARTTLS + AUTH, SMTPS + AUTH) on free
// ports of 127.0.0.1, all delivering to and serving the same Maildirs. Users
// are e-mail addresses (lowercase); one password serves IMAP and SMTP AUTH.
// SMTP recipients whose local part starts with "tempfail" get
// "451 4.3.0 try again later" at RCPT time, "permfail" "550 5.1.1 no such
// user"; "throttled" "550 5.7.1 Mail sending frequency limited" (QQ's and
// NetEase's words), "spamtrap" "554 DT:SPM ..." (NetEase's spam refusal);
// recipients that are not users get 550 as well. The destructor stops
// the servers and removes the dir (kept if BEIAN_KEEP_SERVERS=1).
//
// Postfix needs root. As another user, set Options::smtp = false.
#ifndef BEIAN_TESTS_INTEGRATION_MAIL_SERVERS_H_
#define BEIAN_TESTS_INTEGRATION_MAIL_SERVERS_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "beian/base/status.h"
#include "server_configs.h"
#include "subprocess.h"
#include "test_pki.h"

namespace beian::testing {

class MailServers {
 public:
  struct Options {
    std::map<std::string, std::string> users;  // address → password
    // Created (empty) for every user besides INBOX.
    std::vector<std::string> folders = {"Processed"};
    bool smtp = true;  // start Postfix (needs root)
    // Servers present a certificate signed by the unrelated CA, so clients
    // trusting ca_file() must refuse them.
    bool server_cert_from_wrong_ca = false;
    // The capabilities Dovecot advertises ("" = its own), e.g. a list
    // without MOVE to stand for an older server.
    std::string imap_capability;
    // Dovecot records every IMAP session (ImapCommandsSent()); costs a copy
    // of all traffic, so off for benchmarks.
    bool rawlog = false;
    std::chrono::milliseconds start_timeout = std::chrono::seconds(15);
  };

  static StatusOr<std::unique_ptr<MailServers>> Start(Options options);
  MailServers(const MailServers&) = delete;
  MailServers& operator=(const MailServers&) = delete;
  ~MailServers();

  int imap_port() const { return layout_.imap_port; }    // plain + STARTTLS
  int imaps_port() const { return layout_.imaps_port; }  // implicit TLS
  int smtp_port() const { return layout_.smtp_port; }    // STARTTLS required
  int smtps_port() const { return layout_.smtps_port; }  // implicit TLS
  const std::string& dir() const { return layout_.root; }
  const std::string& ca_file() const { return pki_.ca_file; }
  // The servers' certificate and key (for a test proxy in front of them).
  const std::string& cert_file() const { return layout_.cert_file; }
  const std::string& key_file() const { return layout_.key_file; }
  const std::string& wrong_ca_file() const { return pki_.wrong_ca_file; }
  std::string maildir(const std::string& user) const;
  // Every command IMAP clients sent so far (Dovecot's rawlog .in files).
  std::string ImapCommandsSent() const;

  // Adds (or changes the password of) an IMAP + SMTP user and creates its
  // Maildir and Options::folders.
  Status AddUser(const std::string& user, const std::string& password);
  // Delivers `bytes` as a new message into `folder` ("INBOX", "Processed",
  // "A/B") like an MDA would (tmp/ then new/). Returns the file's path.
  StatusOr<std::string> InjectMail(const std::string& user,
                                   const std::string& folder,
                                   const std::string& bytes);
  // Raw bytes of every message in new/ and cur/ of `folder`, ordered by file
  // name (delivery order). Empty if the folder does not exist yet.
  StatusOr<std::vector<std::string>> ListMailbox(
      const std::string& user, const std::string& folder) const;

  // Kills Dovecot's IMAP instance (open connections drop) / starts it again on
  // the same ports with the same mail. SMTP keeps working meanwhile.
  Status StopImap();
  Status StartImap();
  // Makes Dovecot assign `folder` a new UIDVALIDITY (stops IMAP, deletes the
  // folder's uidlist and indexes, starts IMAP); messages get new UIDs.
  Status ResetUidValidity(const std::string& user, const std::string& folder);
  // UIDVALIDITY as Dovecot reports it (doveadm); IMAP must be running.
  StatusOr<uint32_t> UidValidity(const std::string& user,
                                 const std::string& folder) const;

 private:
  MailServers() = default;
  Status Prepare(const Options& options);
  Status StartAll();
  void StopAll();
  Status StartPostfix();
  Status StartDovecot(const std::string& dir, const std::string& log,
                      Child* child);
  Status AwaitReady(const std::function<bool()>& ready, Child& child,
                    const std::string& what, const std::string& log);
  Status AwaitPort(int port, Child& child, const std::string& name,
                   const std::string& log);
  Status WriteUsers() const;
  Status MakeMailDirs(const std::string& path) const;
  Status MakeMaildir(const std::string& path) const;
  std::string FolderDir(const std::string& user,
                        const std::string& folder) const;

  Options options_;
  ServerLayout layout_;
  TestPki pki_;
  std::map<std::string, std::string> users_;
  Child dovecot_auth_;
  Child dovecot_imap_;
  Child postfix_;
};

}  // namespace beian::testing

#endif  // BEIAN_TESTS_INTEGRATION_MAIL_SERVERS_H_
