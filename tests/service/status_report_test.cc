// What `beian status` counts: work due and overdue, and the backlog of
// replies waiting (claimed ones apart) and cases waiting for review.
#include "beian/service/status_report.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

using namespace std::chrono;

const TimePoint kNow = sys_days{2026y / 11 / 23} + 2h;  // 10:00 in China

CaseRecord Case(CaseStatus status, std::optional<TimePoint> due) {
  CaseRecord c;
  c.status = status;
  c.due_at = due;
  return c;
}

OutboxEntry Reply(OutboxState state) {
  OutboxEntry e;
  e.state = state;
  return e;
}

TEST(StatusReportTest, CountsTheBacklog) {
  const std::vector<CaseRecord> cases = {
      Case(CaseStatus::kNeedsReview, kNow - 1h),  // overdue
      Case(CaseStatus::kNeedsReview, kNow + 1h),  // due today
      Case(CaseStatus::kNeedsReview, std::nullopt),
      Case(CaseStatus::kCorrectionRequested, kNow - 1h),
      Case(CaseStatus::kConfirmed, kNow - 1h)};
  const std::vector<OutboxEntry> outbox = {
      Reply(OutboxState::kQueued),  Reply(OutboxState::kQueued),
      Reply(OutboxState::kSending), Reply(OutboxState::kSent),
      Reply(OutboxState::kFailed),  Reply(OutboxState::kUnconfirmed)};
  const StatusReport r = MakeStatusReport(cases, outbox, kNow);
  EXPECT_EQ(r.overdue.size(), 1u);
  EXPECT_EQ(r.due_today.size(), 1u);
  EXPECT_EQ(r.waiting_for_review, 3);
  EXPECT_EQ(r.queued_replies, 3);  // claimed ones still wait to be sent
  EXPECT_EQ(r.claimed_replies, 1);
  EXPECT_EQ(r.failed_replies.size(), 1u);
  EXPECT_EQ(r.unconfirmed_replies.size(), 1u);
  EXPECT_EQ(r.quarantined_mails, 0);  // the store's, filled in by the caller
}

TEST(StatusReportTest, NothingWaitingCountsNothing) {
  const StatusReport r = MakeStatusReport({}, {}, kNow);
  EXPECT_EQ(r.waiting_for_review, 0);
  EXPECT_EQ(r.queued_replies, 0);
  EXPECT_EQ(r.claimed_replies, 0);
}

}  // namespace
}  // namespace beian
