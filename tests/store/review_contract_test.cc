// The review half of the store contract (ReviewStore: decisions, the
// outbox, retention), on every backend.
#include <gtest/gtest.h>

#include <set>

#include "store_contract.h"

namespace beian::testing {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

// "R510682-20261124-7": the day's sequence as the test formats it.
StatusOr<std::string> Format(const std::string& region,
                             std::chrono::year_month_day day, int64_t seq) {
  return "R" + region + "-" + std::to_string(static_cast<unsigned>(day.day())) +
         "-" + std::to_string(seq);
}

ConfirmRequest Confirmation(TimePoint at, std::string number = "") {
  ConfirmRequest r;
  r.decision = {"reviewer1", at, ""};
  r.number = std::move(number);
  r.format = Format;
  return r;
}

ReplyBuilder Builder(const std::string& kind) {
  return [kind](const CaseDetail& after) -> StatusOr<NewReply> {
    NewReply r;
    r.kind = kind;
    r.to_address = after.record.citizen_address;
    r.message_id = kind + "." + after.record.number + "." +
                   after.record.registration_number + "@beian.test";
    r.subject = "re " + after.record.registration_number;
    r.bytes = "number " + after.record.registration_number;
    return r;
  };
}

TEST_P(StoreContractTest, ConfirmIssuesANumberAndQueuesOneReply) {
  const CaseRecord c = OpenCase(1);
  auto confirmed =
      store_->Confirm(c.number, Confirmation(now_), Builder("registration"));
  ASSERT_TRUE(confirmed.ok()) << confirmed.status().ToString();
  EXPECT_EQ(confirmed->record.status, CaseStatus::kConfirmed);
  EXPECT_EQ(confirmed->record.registration_number, "R510682-24-1");
  EXPECT_EQ(confirmed->record.decided_at, now_);
  // A second confirmation is refused: the case is no longer open.
  auto again =
      store_->Confirm(c.number, Confirmation(now_), Builder("registration"));
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
  auto outbox = store_->ListOutbox(std::nullopt);
  ASSERT_TRUE(outbox.ok());
  ASSERT_EQ(outbox->size(), 1u);
  EXPECT_EQ((*outbox)[0].bytes, "number R510682-24-1");
  EXPECT_EQ((*outbox)[0].case_number, c.number);
  EXPECT_EQ((*outbox)[0].state, OutboxState::kQueued);
  auto has = store_->HasReply((*outbox)[0].decision_key);
  ASSERT_TRUE(has.ok());
  EXPECT_TRUE(*has);
  // Reopened and confirmed with the national platform's number.
  auto reopened = store_->Reopen(c.number, {"reviewer1", now_, "typo"});
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ(reopened->record.status, CaseStatus::kNeedsReview);
  EXPECT_EQ(store_->Reopen(c.number, {"reviewer1", now_, ""}).status().code(),
            StatusCode::kFailedPrecondition);
  auto national = store_->Confirm(c.number, Confirmation(now_, "NAT-0001"),
                                  Builder("registration"));
  ASSERT_TRUE(national.ok()) << national.status().ToString();
  EXPECT_EQ(national->record.registration_number, "NAT-0001");
  // A number is unique: another case cannot take it.
  const CaseRecord other = OpenCase(2);
  EXPECT_EQ(
      store_->Confirm(other.number, Confirmation(now_, "NAT-0001"), nullptr)
          .status()
          .code(),
      StatusCode::kAlreadyExists);
  // The issued sequence goes on from where it was.
  auto next = store_->Confirm(other.number, Confirmation(now_), nullptr);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->record.registration_number, "R510682-24-2");
  auto confirmed_since = store_->ConfirmedSince(now_ - hours(1));
  ASSERT_TRUE(confirmed_since.ok());
  EXPECT_EQ(confirmed_since->size(), 2u);
}

TEST_P(StoreContractTest, CorrectionEditsAndAudit) {
  const CaseRecord c = OpenCase(1);
  ASSERT_TRUE(store_
                  ->EditFields(c.number, {{"name", "张叁"}},
                               {"reviewer1", now_, "from the card"})
                  .ok());
  CorrectionRequest r;
  r.decision = {"reviewer1", now_, ""};
  r.reasons = {"missing_back", "blurry"};
  auto corrected =
      store_->RequestCorrection(c.number, r, Builder("correction"));
  ASSERT_TRUE(corrected.ok()) << corrected.status().ToString();
  EXPECT_EQ(corrected->record.status, CaseStatus::kCorrectionRequested);
  bool edited = false, correction = false;
  for (const AuditEntry& a : corrected->audit) {
    if (a.action == "field_edited") {
      edited = a.old_value == "张三" && a.new_value == "张叁";
    }
    if (a.action == "correction_requested") {
      correction = a.detail == "reasons missing_back,blurry" &&
                   a.new_value == "correction_requested";
    }
  }
  EXPECT_TRUE(edited);
  EXPECT_TRUE(correction);
  bool reviewer_value = false;
  for (const DraftField& f : corrected->fields) {
    reviewer_value |= f.source == "reviewer" && f.value == "张叁";
  }
  EXPECT_TRUE(reviewer_value);
  // The citizen's next mail puts the case back in front of a reviewer.
  ASSERT_TRUE(store_->SetDueAt(c.id, now_ + hours(24)).ok());
  CaseUpdate u = Update(AddMail("k2", "sha2"), "");
  u.case_id = c.id;
  auto after = store_->ApplyCaseUpdate(u);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->status, CaseStatus::kNeedsReview);
  EXPECT_FALSE(after->due_at.has_value());
  EXPECT_EQ(store_->EditFields("510682-00000000-0009", {}, {}).code(),
            StatusCode::kNotFound);
}

TEST_P(StoreContractTest, ListCasesFilters) {
  const CaseRecord a = OpenCase(1);
  const CaseRecord b = OpenCase(2);
  ASSERT_TRUE(store_->SetDueAt(a.id, now_ + hours(1)).ok());
  ASSERT_TRUE(store_->SetDueAt(b.id, now_ + hours(30)).ok());
  CaseFilter due;
  due.due_before = now_ + hours(2);
  auto overdue = store_->ListCases(due);
  ASSERT_TRUE(overdue.ok());
  ASSERT_EQ(overdue->size(), 1u);
  EXPECT_EQ((*overdue)[0].id, a.id);
  EXPECT_EQ((*overdue)[0].due_at, now_ + hours(1));
  ASSERT_TRUE(store_->Confirm(b.number, Confirmation(now_), nullptr).ok());
  CaseFilter status;
  status.status = CaseStatus::kConfirmed;
  auto confirmed = store_->ListCases(status);
  ASSERT_TRUE(confirmed.ok());
  ASSERT_EQ(confirmed->size(), 1u);
  EXPECT_EQ((*confirmed)[0].id, b.id);
  CaseFilter region;
  region.region = "110105";
  auto elsewhere = store_->ListCases(region);
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_TRUE(elsewhere->empty());
}

TEST_P(StoreContractTest, OutboxMovesThroughItsStates) {
  const CaseRecord c = OpenCase(1);
  auto queued =
      store_->EnqueueReply(c.id, "ack:1", Reply("acknowledgement", "a1"), now_);
  ASSERT_TRUE(queued.ok()) << queued.status().ToString();
  EXPECT_TRUE(*queued);
  auto twice =
      store_->EnqueueReply(c.id, "ack:1", Reply("acknowledgement", "a2"), now_);
  ASSERT_TRUE(twice.ok());
  EXPECT_FALSE(*twice);  // one reply per decision key
  ASSERT_TRUE(store_
                  ->EnqueueReply(c.id, "ack:2",
                                 Reply("acknowledgement", "a3", "Z3@QQ.com"),
                                 now_ + hours(1))
                  .ok());
  auto count = store_->RepliesTo("z3@qq.COM", now_);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 2);  // addresses compare without case

  auto claimed = store_->ClaimReplies(now_, 10);
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  ASSERT_EQ(claimed->size(), 1u);  // the second is not due yet
  const OutboxEntry e = (*claimed)[0];
  EXPECT_EQ(e.state, OutboxState::kSending);
  EXPECT_EQ(e.attempts, 1);
  EXPECT_EQ(e.bytes, Reply("acknowledgement", "a1").bytes);  // byte for byte
  // A crash before handing over: claimed again.
  claimed = store_->ClaimReplies(now_, 10);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].attempts, 2);
  // Handed over without an answer: unconfirmed, never claimed again.
  ASSERT_TRUE(store_->MarkReplyHandedOver(e.id, now_).ok());
  ASSERT_TRUE(store_->MarkReplyUnconfirmed(e.id, "connection reset").ok());
  claimed = store_->ClaimReplies(now_, 10);
  ASSERT_TRUE(claimed.ok());
  EXPECT_TRUE(claimed->empty());
  auto unconfirmed = store_->ListOutbox(OutboxState::kUnconfirmed);
  ASSERT_TRUE(unconfirmed.ok());
  ASSERT_EQ(unconfirmed->size(), 1u);
  EXPECT_EQ((*unconfirmed)[0].last_error, "connection reset");
  // The reviewer says it did not arrive: queued again, then sent.
  ASSERT_TRUE(store_->ResolveUnconfirmedReply(e.id, false, now_).ok());
  EXPECT_EQ(store_->ResolveUnconfirmedReply(e.id, false, now_).code(),
            StatusCode::kFailedPrecondition);
  claimed = store_->ClaimReplies(now_, 10);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  ASSERT_TRUE(store_->MarkReplySent(e.id, now_ + minutes(1)).ok());
  auto sent = store_->ListOutbox(OutboxState::kSent);
  ASSERT_TRUE(sent.ok());
  ASSERT_EQ(sent->size(), 1u);
  EXPECT_EQ((*sent)[0].sent_at, now_ + minutes(1));
  // The other fails for good and no longer counts against the cap.
  claimed = store_->ClaimReplies(now_ + hours(2), 10);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  ASSERT_TRUE(
      store_
          ->MarkReplyFailed((*claimed)[0].id, "550 no such user", std::nullopt)
          .ok());
  count = store_->RepliesTo("z3@qq.com", now_);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
  auto failed = store_->ListOutbox(OutboxState::kFailed);
  ASSERT_TRUE(failed.ok());
  ASSERT_EQ(failed->size(), 1u);
  EXPECT_EQ((*failed)[0].last_error, "550 no such user");
}

TEST_P(StoreContractTest, TheDailyCapHoldsRepliesAndTheirDecisions) {
  const CaseRecord c = OpenCase(1);
  NewReply capped = Reply("acknowledgement", "a1", "Z3@qq.com");
  capped.cap = ReplyCap{2, now_ - hours(24)};
  ASSERT_TRUE(store_->EnqueueReply(c.id, "k1", capped, now_).ok());
  capped.message_id = "a2@beian.test";
  ASSERT_TRUE(store_->EnqueueReply(c.id, "k2", capped, now_).ok());
  capped.message_id = "a3@beian.test";
  EXPECT_EQ(store_->EnqueueReply(c.id, "k3", capped, now_).status().code(),
            StatusCode::kResourceExhausted);
  // An automatic correction whose reply is held is not taken either.
  CorrectionRequest r;
  r.decision = {"beian", now_, "automatic"};
  r.reasons = {"blurry"};
  r.automatic = true;
  ReplyBuilder build = [](const CaseDetail& after) -> StatusOr<NewReply> {
    NewReply reply = Reply("correction", "c1", after.record.citizen_address);
    reply.cap = ReplyCap{2, after.record.opened_at - hours(24)};
    return reply;
  };
  EXPECT_EQ(store_->RequestCorrection(c.number, r, build).status().code(),
            StatusCode::kResourceExhausted);
  auto d = store_->GetCase(c.number);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->record.status, CaseStatus::kNeedsReview);
  auto outbox = store_->ListOutbox(std::nullopt);
  ASSERT_TRUE(outbox.ok());
  EXPECT_EQ(outbox->size(), 2u);
  // A reply that failed for good no longer counts.
  auto claimed = store_->ClaimReplies(now_, 1);
  ASSERT_TRUE(claimed.ok() && claimed->size() == 1u);
  ASSERT_TRUE(
      store_->MarkReplyFailed((*claimed)[0].id, "550", std::nullopt).ok());
  auto corrected = store_->RequestCorrection(c.number, r, build);
  ASSERT_TRUE(corrected.ok()) << corrected.status().ToString();
  EXPECT_EQ(corrected->record.status, CaseStatus::kCorrectionRequested);
}

TEST_P(StoreContractTest, RetryLaterKeepsTheReplyQueued) {
  const CaseRecord c = OpenCase(1);
  ASSERT_TRUE(
      store_->EnqueueReply(c.id, "k", Reply("correction", "c1"), now_).ok());
  auto claimed = store_->ClaimReplies(now_, 10);
  ASSERT_TRUE(claimed.ok() && claimed->size() == 1u);
  ASSERT_TRUE(store_
                  ->MarkReplyFailed((*claimed)[0].id, "451 try later",
                                    now_ + minutes(10))
                  .ok());
  claimed = store_->ClaimReplies(now_ + minutes(9), 10);
  ASSERT_TRUE(claimed.ok());
  EXPECT_TRUE(claimed->empty());
  auto queued = store_->ListOutbox(OutboxState::kQueued);
  ASSERT_TRUE(queued.ok());
  ASSERT_EQ(queued->size(), 1u);
  EXPECT_EQ((*queued)[0].next_attempt_at, now_ + minutes(10));
  claimed = store_->ClaimReplies(now_ + minutes(10), 10);
  ASSERT_TRUE(claimed.ok());
  EXPECT_EQ(claimed->size(), 1u);
}

TEST_P(StoreContractTest, PurgeKeepsFilesOtherCasesStillUse) {
  const CaseRecord a = OpenCase(1);
  const CaseRecord b = OpenCase(2);  // same attachment file as a
  ASSERT_TRUE(store_->Confirm(a.number, Confirmation(now_), nullptr).ok());
  auto purged =
      store_->PurgeDecidedBefore(now_ + hours(1), {"beian", now_, ""});
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  // a's raw mail goes; the attachment b shares stays.
  EXPECT_EQ(*purged, std::vector<std::string>{"raw/sha1"});
  auto again = store_->PurgeDecidedBefore(now_ + hours(1), {"beian", now_, ""});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  auto d = store_->GetCaseById(a.id);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->record.purged_at, now_);
  ASSERT_TRUE(store_->Confirm(b.number, Confirmation(now_), nullptr).ok());
  purged = store_->PurgeDecidedBefore(now_ + hours(1), {"beian", now_, ""});
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(std::set<std::string>(purged->begin(), purged->end()),
            (std::set<std::string>{"raw/sha2", "att/ab/abc"}));
}

}  // namespace
}  // namespace beian::testing
