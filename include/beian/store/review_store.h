// Reviewer decisions and the outbox, on top of the case store.
//
// Exactly one reply per decision: a decision (confirm, correct, automatic
// acknowledgement or correction) and its reply row are committed in one
// transaction, keyed by a unique decision key; the outbox then moves each
// reply queued -> sending -> sent | failed, or -> unconfirmed when it was
// handed to the server without an answer (a reviewer then says sent or
// queued again).
#ifndef BEIAN_STORE_REVIEW_STORE_H_
#define BEIAN_STORE_REVIEW_STORE_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "beian/base/status.h"
#include "beian/case/records.h"

namespace beian {

// A limit on automatic replies to one address: at most `max` replies queued
// or sent to it since `since` (failed ones do not count).
struct ReplyCap {
  int max = 0;
  TimePoint since;
};

struct NewReply {
  std::string kind;  // acknowledgement | correction | registration
  std::string to_address;
  std::string message_id;  // without <>
  std::string subject;
  std::string bytes;  // the whole RFC 5322 message
  // Checked in the transaction that queues the reply, which waits for any
  // other one queuing to the same address (between processes too): when
  // the cap is reached, ResourceExhausted and nothing is written, the
  // decision that builds the reply included.
  std::optional<ReplyCap> cap = std::nullopt;
};

struct OutboxEntry {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string case_number;
  std::string kind;
  std::string decision_key;
  std::string to_address;
  std::string message_id;
  std::string subject;
  std::string bytes;
  OutboxState state = OutboxState::kQueued;
  int attempts = 0;
  TimePoint next_attempt_at;
  std::string last_error;
  TimePoint created_at;
  std::optional<TimePoint> sent_at;
};

struct Decision {
  std::string actor;
  TimePoint at;
  std::string note;
};

// Builds the reply from the case as it is after the decision (with its
// registration number); called inside the decision's transaction.
using ReplyBuilder = std::function<StatusOr<NewReply>(const CaseDetail& after)>;

struct ConfirmRequest {
  Decision decision;
  std::string number;  // from the national platform, kept verbatim; "" = issue
  // Formats an issued number from the region, the day in China and the
  // day's sequence (allocated inside the transaction).
  std::function<StatusOr<std::string>(const std::string& region,
                                      std::chrono::year_month_day day,
                                      int64_t sequence)>
      format;
  bool forced = false;  // confirmed despite blocking problems (note required)
};

struct CorrectionRequest {
  Decision decision;
  std::vector<std::string> reasons;  // problem codes
  bool automatic = false;            // sent by rules, not by a reviewer
};

class ReviewStore {
 public:
  virtual ~ReviewStore() = default;
  // Reviewer values for fields (source "reviewer"); audit keeps old and new.
  virtual Status EditFields(
      std::string_view case_id,
      const std::vector<std::pair<std::string, std::string>>& edits,
      const Decision& decision) = 0;
  // FailedPrecondition when the case is not open. Allocates the number
  // inside the transaction when request.number is empty.
  virtual StatusOr<CaseDetail> Confirm(std::string_view case_id,
                                       const ConfirmRequest& request,
                                       const ReplyBuilder& reply) = 0;
  virtual StatusOr<CaseDetail> RequestCorrection(
      std::string_view case_id, const CorrectionRequest& request,
      const ReplyBuilder& reply) = 0;
  virtual StatusOr<CaseDetail> Reopen(std::string_view case_id,
                                      const Decision& decision) = 0;
  // Queues a reply under `decision_key`; false (and nothing written) when
  // that key exists already; ResourceExhausted (nothing written) when
  // reply.cap is reached.
  virtual StatusOr<bool> EnqueueReply(int64_t case_id,
                                      std::string_view decision_key,
                                      const NewReply& reply, TimePoint at) = 0;
  virtual StatusOr<bool> HasReply(std::string_view decision_key) = 0;
  // Queued replies due at `now`, and replies a crash left "sending" before
  // they were handed over; marks them sending and counts the attempt.
  // Unconfirmed ones (handed over, no answer) are never claimed again.
  virtual StatusOr<std::vector<OutboxEntry>> ClaimReplies(TimePoint now,
                                                          int limit) = 0;
  virtual Status MarkReplySent(int64_t id, TimePoint at) = 0;
  // The whole reply is being handed to the server: from now on it may have
  // it. Called before the end of the data, so a crash after this point never
  // sends the reply again on its own. FailedPrecondition (nothing written)
  // when the caller's claim is gone and another process sends the reply
  // (PostgreSQL): the caller must not hand it over.
  virtual Status MarkReplyHandedOver(int64_t id, TimePoint at) = 0;
  // Handed over and the connection ended without an answer: stays
  // "unconfirmed", with `error`, until a reviewer resolves it.
  virtual Status MarkReplyUnconfirmed(int64_t id, std::string_view error) = 0;
  // A reviewer's answer for an unconfirmed reply: it arrived (sent), or it
  // did not (queued again, due at `at`). FailedPrecondition otherwise.
  virtual Status ResolveUnconfirmedReply(int64_t id, bool delivered,
                                         TimePoint at) = 0;
  // retry_at: back to queued then; nullopt: failed for good.
  virtual Status MarkReplyFailed(int64_t id, std::string_view error,
                                 std::optional<TimePoint> retry_at) = 0;
  // Replies queued or sent to `address` since `since` (daily cap).
  virtual StatusOr<int> RepliesTo(std::string_view address,
                                  TimePoint since) = 0;
  // Replies in `state`, or all of them (nullopt), oldest first.
  virtual StatusOr<std::vector<OutboxEntry>> ListOutbox(
      std::optional<OutboxState> state) = 0;
  virtual Status SetDueAt(int64_t case_id, TimePoint due) = 0;
  virtual StatusOr<std::vector<CaseDetail>> ConfirmedSince(TimePoint since) = 0;
  // Closed/confirmed cases decided before `before` whose files are still
  // kept: returns their raw and attachment paths and marks them purged.
  virtual StatusOr<std::vector<std::string>> PurgeDecidedBefore(
      TimePoint before, const Decision& decision) = 0;
};

}  // namespace beian

#endif  // BEIAN_STORE_REVIEW_STORE_H_
