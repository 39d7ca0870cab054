#include "beian/service/status_report.h"

#include "beian/base/china_time.h"

namespace beian {

StatusReport MakeStatusReport(const std::vector<CaseRecord>& cases,
                              const std::vector<OutboxEntry>& outbox,
                              TimePoint now) {
  using namespace std::chrono;
  StatusReport r;
  const TimePoint day_end = ChinaDayEnd(now);
  for (const CaseRecord& c : cases) {
    r.waiting_for_review += c.status == CaseStatus::kNeedsReview;
    if (c.status == CaseStatus::kNeedsReview && c.due_at) {
      if (*c.due_at < now) {
        r.overdue.push_back(c);
      } else if (*c.due_at < day_end) {
        r.due_today.push_back(c);
      }
    }
    if (c.decided_at && *c.decided_at >= now - days(30)) {
      ++r.decided_30d;
      if (c.due_at && *c.decided_at <= *c.due_at) ++r.in_time_30d;
    }
  }
  for (const OutboxEntry& e : outbox) {
    if (e.state == OutboxState::kFailed) r.failed_replies.push_back(e);
    if (e.state == OutboxState::kUnconfirmed) r.unconfirmed_replies.push_back(e);
    if (e.state == OutboxState::kQueued || e.state == OutboxState::kSending) {
      ++r.queued_replies;
    }
    r.claimed_replies += e.state == OutboxState::kSending;
  }
  return r;
}

}  // namespace beian
