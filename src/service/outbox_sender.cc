#include "beian/service/outbox_sender.h"

#include <algorithm>

namespace beian {
namespace {

// Network trouble, 4xx replies, and what an operator can fix (password,
// certificate) are retried; a 5xx refusal of the recipient is final.
bool IsTemporary(const Status& s) {
  return s.code() == StatusCode::kIoError ||
         s.code() == StatusCode::kResourceExhausted ||
         s.code() == StatusCode::kFailedPrecondition;
}

}  // namespace

std::chrono::seconds BackoffDelay(const RetryPolicy& policy, int attempts) {
  std::chrono::seconds d = policy.first_delay;
  for (int i = 1; i < attempts && d < policy.max_delay; ++i) d *= 2;
  return std::min(d, policy.max_delay);
}

OutboxSender::OutboxSender(ReviewStore& store, MailSender& sender,
                           const Clock& clock, Logger& log,
                           std::string envelope_from, RetryPolicy policy)
    : store_(store),
      sender_(sender),
      clock_(clock),
      log_(log),
      envelope_from_(std::move(envelope_from)),
      policy_(policy) {}

StatusOr<SendStats> OutboxSender::SendDue(int limit) {
  SendStats stats;
  StatusOr<std::vector<OutboxEntry>> due =
      store_.ClaimReplies(clock_.Now(), limit);
  if (!due.ok()) return due.status();
  for (const OutboxEntry& e : *due) {
    const std::string what = e.kind + " for case " + e.case_number;
    const std::string region = e.case_number.substr(0, e.case_number.find('-'));
    Status handed_over = Status::Ok();
    const auto mark = [&] {
      handed_over = store_.MarkReplyHandedOver(e.id, clock_.Now());
      return handed_over.ok();
    };
    Status s = sender_.Send(
        {e.message_id, envelope_from_, e.to_address, e.bytes, region, mark});
    if (handed_over.code() == StatusCode::kFailedPrecondition) {
      // Not handed over: the process that took the claim over sends it.
      log_.Warn("reply_taken_over", what + ": " + handed_over.message());
      continue;
    }
    BEIAN_RETURN_IF_ERROR(handed_over);  // the store failed: stop here
    if (s.code() == StatusCode::kOutcomeUnknown) {
      BEIAN_RETURN_IF_ERROR(store_.MarkReplyUnconfirmed(e.id, s.message()));
      ++stats.unconfirmed;
      log_.Error(
          "reply_unconfirmed",
          what + ": " + s.message() +
              "; check the mailbox's sent mail or the server's log, then "
              "`beian outbox resend " +
              std::to_string(e.id) + "` or `beian outbox delivered " +
              std::to_string(e.id) + "`");
      continue;
    }
    if (s.ok()) {
      BEIAN_RETURN_IF_ERROR(store_.MarkReplySent(e.id, clock_.Now()));
      ++stats.sent;
      log_.Info("reply_sent", what + " to " + e.to_address);
      continue;
    }
    const bool retry = IsTemporary(s) && e.attempts < policy_.max_attempts;
    std::optional<TimePoint> at;
    if (retry) at = clock_.Now() + BackoffDelay(policy_, e.attempts);
    BEIAN_RETURN_IF_ERROR(store_.MarkReplyFailed(e.id, s.message(), at));
    ++(retry ? stats.retried : stats.failed);
    log_.Warn(retry ? "reply_retry" : "reply_failed",
              what + ": " + s.message());
  }
  return stats;
}

}  // namespace beian
