// Sends queued replies through a MailSender, with retries and backoff.
//
// A reply is marked sent only after the sender accepted it. A crash after
// the transport accepted it but before "sent" was committed leaves it
// "sending"; the next run sends it again under the same Message-ID — the
// file transport rewrites the same file, so no citizen gets it twice.
#ifndef BEIAN_SERVICE_OUTBOX_SENDER_H_
#define BEIAN_SERVICE_OUTBOX_SENDER_H_

#include <chrono>

#include "beian/base/clock.h"
#include "beian/base/log.h"
#include "beian/mail/mail_sender.h"
#include "beian/store/review_store.h"

namespace beian {

struct SendStats {
  int sent = 0;
  int retried = 0;      // temporary failure, queued again
  int failed = 0;       // permanent failure or attempts exhausted
  int unconfirmed = 0;  // handed over, no answer: a reviewer resolves it
};

struct RetryPolicy {
  int max_attempts = 8;
  std::chrono::seconds first_delay{60};  // doubles per attempt
  std::chrono::seconds max_delay{6 * 3600};
};

// Delay before attempt number `attempts + 1`.
std::chrono::seconds BackoffDelay(const RetryPolicy& policy, int attempts);

class OutboxSender {
 public:
  OutboxSender(ReviewStore& store, MailSender& sender, const Clock& clock,
               Logger& log, std::string envelope_from, RetryPolicy policy = {});
  // Sends everything due now. Store errors stop the run (nothing is lost).
  StatusOr<SendStats> SendDue(int limit = 1000);

 private:
  ReviewStore& store_;
  MailSender& sender_;
  const Clock& clock_;
  Logger& log_;
  std::string envelope_from_;
  RetryPolicy policy_;
};

}  // namespace beian

#endif  // BEIAN_SERVICE_OUTBOX_SENDER_H_
