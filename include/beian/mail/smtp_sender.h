// MailSender over SMTP (libcurl): TLS required (smtps:// or STARTTLS),
// AUTH, CRLF line ends. 4xx replies and network errors are temporary
// (IoError), 5xx are permanent (InvalidArgument).
#ifndef BEIAN_MAIL_SMTP_SENDER_H_
#define BEIAN_MAIL_SMTP_SENDER_H_

#include <chrono>
#include <string>

#include "beian/mail/mail_sender.h"

namespace beian {

struct SmtpAccount {
  std::string url;  // smtps://host:465 or smtp://host:587
  std::string user;
  std::string password;
  std::string ca_file;
  std::chrono::seconds timeout{30};
};

class SmtpMailSender final : public MailSender {
 public:
  explicit SmtpMailSender(SmtpAccount account) : account_(std::move(account)) {}
  Status Send(const OutgoingMail& mail) override;

 private:
  SmtpAccount account_;
};

// LF or lone CR line ends become CRLF (libcurl drops leading dots of LF-only
// lines otherwise).
std::string ToCrlf(std::string_view bytes);

}  // namespace beian

#endif  // BEIAN_MAIL_SMTP_SENDER_H_
