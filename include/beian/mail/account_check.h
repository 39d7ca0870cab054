// `beian accounts check`: what an operator runs first against a mailbox.
// Each step says in Chinese what was found; nothing is fetched, moved or
// sent (the processed folder is created only where it is missing and the
// server allows it).
//
//   for (const CheckStep& s : CheckImapAccount(account)) Print(s);
//   Print(CheckSmtpLogin(smtp));
#ifndef BEIAN_MAIL_ACCOUNT_CHECK_H_
#define BEIAN_MAIL_ACCOUNT_CHECK_H_

#include <string>
#include <vector>

#include "beian/mail/imap_source.h"
#include "beian/mail/smtp_sender.h"

namespace beian {

struct CheckStep {
  std::string name;  // e.g. "IMAP 登录"
  bool ok = false;
  std::string detail;  // what was found, or what is wrong and what to do
};

// Logs in, shows the greeting and capabilities, sends ID where offered,
// lists the folders, checks the processed folder (creating it where
// missing and allowed) and selects the polled folder. Stops after a
// failed login.
std::vector<CheckStep> CheckImapAccount(const ImapAccount& account);

// Logs in to SMTP (EHLO, TLS, AUTH) and disconnects without sending.
CheckStep CheckSmtpLogin(const SmtpAccount& account);

}  // namespace beian

#endif  // BEIAN_MAIL_ACCOUNT_CHECK_H_
