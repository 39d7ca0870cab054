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

// One connection is kept open across sends (no QUIT after each mail), so
// Send() returns as soon as the server said 250 for the message: the gap in
// which a crash could leave an accepted reply unmarked is as small as it
// can be. Not thread-safe.
class SmtpMailSender final : public MailSender {
 public:
  explicit SmtpMailSender(SmtpAccount account);
  ~SmtpMailSender() override;
  Status Send(const OutgoingMail& mail) override;

 private:
  // The Status of a failed transfer: OutcomeUnknown when the whole mail was
  // handed over, InvalidArgument for a refusal (5xx), IoError to retry (4xx,
  // and a provider's "frequency limited" even as 550).
  Status Failure(void* curl, int curl_code, const OutgoingMail& mail,
                 const void* upload, const char* errbuf,
                 const std::string& server_words) const;
  SmtpAccount account_;
  void* curl_ = nullptr;  // CURL*, owned
};

// LF or lone CR line ends become CRLF (libcurl drops leading dots of LF-only
// lines otherwise).
std::string ToCrlf(std::string_view bytes);

}  // namespace beian

#endif  // BEIAN_MAIL_SMTP_SENDER_H_
