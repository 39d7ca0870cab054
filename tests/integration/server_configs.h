// Configuration files for the loopback Dovecot and Postfix instances.
#ifndef BEIAN_TESTS_INTEGRATION_SERVER_CONFIGS_H_
#define BEIAN_TESTS_INTEGRATION_SERVER_CONFIGS_H_

#include <string>

namespace beian::testing {

// Where everything lives under the harness's temp dir, and who owns mail.
struct ServerLayout {
  std::string root;
  std::string cert_file;
  std::string key_file;
  int imap_port = 0;
  int imaps_port = 0;
  int smtp_port = 0;
  int smtps_port = 0;
  bool as_root = true;    // false: Dovecot runs as `run_user`, no Postfix
  std::string run_user;   // the current user's name when !as_root
  std::string run_group;  // and its primary group's
  int mail_uid = 65534;   // owner of the Maildirs
  int mail_gid = 65534;
  // Dovecot's advertised capabilities instead of its own ("" keeps them).
  std::string imap_capability;
  bool rawlog = false;  // Dovecot records each IMAP session in RawlogDir()

  std::string MailRoot() const { return root + "/mail"; }
  // Every IMAP session's input and output, one .in/.out pair per session.
  std::string RawlogDir() const { return root + "/rawlog"; }
  std::string UsersFile() const { return root + "/users"; }
  std::string ImapDir() const { return root + "/dovecot"; }
  std::string AuthDir() const { return root + "/dovecot-auth"; }
  std::string PostfixDir() const { return root + "/postfix/etc"; }
  std::string MailboxesFile() const { return PostfixDir() + "/mailboxes"; }
  std::string ImapLog() const { return root + "/dovecot.log"; }
  std::string AuthLog() const { return root + "/dovecot-auth.log"; }
  std::string PostfixLog() const { return root + "/postfix.log"; }
  // The SASL socket the auth-only Dovecot offers Postfix.
  std::string AuthSocket() const { return AuthDir() + "/run/auth-client"; }
};

std::string DovecotImapConfig(const ServerLayout& layout);
std::string DovecotAuthConfig(const ServerLayout& layout);
std::string PostfixMainCf(const ServerLayout& layout);
std::string PostfixMasterCf(const ServerLayout& layout);
// Recipient access table: tempfail* → 451, permfail* → 550 at RCPT time.
std::string PostfixRecipientAccess();

}  // namespace beian::testing

#endif  // BEIAN_TESTS_INTEGRATION_SERVER_CONFIGS_H_
