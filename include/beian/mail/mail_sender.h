// Where replies go. The embedded default writes .eml files; SMTP (libcurl)
// implements the same interface.
#ifndef BEIAN_MAIL_MAIL_SENDER_H_
#define BEIAN_MAIL_MAIL_SENDER_H_

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "beian/base/status.h"

namespace beian {

struct OutgoingMail {
  std::string message_id;  // without <>, unique
  std::string from;        // envelope sender address
  std::string to;          // envelope recipient address
  std::string bytes;       // the whole message, CRLF line ends
  std::string region;      // whose mailbox sends it (routing)
  // Called once the whole message is handed over, just before the end of
  // the data: from then on the server may hold it. false aborts the send.
  std::function<bool()> before_end_of_data = {};
};

class MailSender {
 public:
  virtual ~MailSender() = default;
  // OK once the transport accepted the mail. Errors: ResourceExhausted or
  // IoError for temporary failures (retry later), InvalidArgument or
  // FailedPrecondition for permanent ones (do not retry), OutcomeUnknown
  // when the mail was handed over whole and no answer came (a retry could
  // deliver it twice).
  virtual Status Send(const OutgoingMail& mail) = 0;
};

// Writes <dir>/<message_id>.eml (0600) via a temporary file and rename.
// Sending the same message id again rewrites the same file: never two.
class FileMailSender final : public MailSender {
 public:
  explicit FileMailSender(std::string dir) : dir_(std::move(dir)) {}
  Status Send(const OutgoingMail& mail) override;

 private:
  std::string dir_;
};

// Records what was sent; fails chosen calls (1-based) with the given status.
class RecordingMailSender final : public MailSender {
 public:
  Status Send(const OutgoingMail& mail) override;
  void FailCall(int n, Status status) {
    fail_call_ = n;
    fail_status_ = std::move(status);
  }
  std::vector<OutgoingMail> sent_;

 private:
  int calls_ = 0;
  int fail_call_ = 0;
  Status fail_status_;
};

// Sends each mail through its region's sender (SMTP), with that region's
// envelope sender; regions without one use the fallback (the file outbox).
class RegionRoutingSender final : public MailSender {
 public:
  explicit RegionRoutingSender(std::unique_ptr<MailSender> fallback)
      : fallback_(std::move(fallback)) {}
  void Add(const std::string& region, std::unique_ptr<MailSender> sender,
           std::string envelope_from) {
    routes_[region] = {std::move(sender), std::move(envelope_from)};
  }
  Status Send(const OutgoingMail& mail) override;

 private:
  struct Route {
    std::unique_ptr<MailSender> sender;
    std::string from;
  };
  std::unique_ptr<MailSender> fallback_;
  std::map<std::string, Route> routes_;
};

// At most `per_minute` mails a minute through `inner` (QQ and NetEase
// refuse faster senders, "550 ... frequency limited", and lock accounts that
// keep trying): a send waits until the oldest of the last `per_minute`
// sends is a minute old. `now` and `sleep` are injectable for tests.
class PacedMailSender final : public MailSender {
 public:
  using Now = std::function<std::chrono::steady_clock::time_point()>;
  using Sleep = std::function<void(std::chrono::milliseconds)>;
  PacedMailSender(std::unique_ptr<MailSender> inner, int per_minute,
                  Now now = nullptr, Sleep sleep = nullptr);
  Status Send(const OutgoingMail& mail) override;

 private:
  std::unique_ptr<MailSender> inner_;
  size_t per_minute_;
  Now now_;
  Sleep sleep_;
  std::deque<std::chrono::steady_clock::time_point> sent_;
};

}  // namespace beian

#endif  // BEIAN_MAIL_MAIL_SENDER_H_
