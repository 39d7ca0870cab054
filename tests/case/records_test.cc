#include "beian/case/records.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

// The words are what existing databases hold: they must never change.
TEST(CaseStatusTest, StoredWordsRoundTrip) {
  EXPECT_STREQ(CaseStatusName(CaseStatus::kNeedsReview), "needs_review");
  EXPECT_STREQ(CaseStatusName(CaseStatus::kCorrectionRequested),
               "correction_requested");
  EXPECT_STREQ(CaseStatusName(CaseStatus::kConfirmed), "confirmed");
  EXPECT_STREQ(CaseStatusName(CaseStatus::kClosed), "closed");
  for (CaseStatus s : kCaseStatuses) {
    EXPECT_EQ(ParseCaseStatus(CaseStatusName(s)), s);
  }
  EXPECT_EQ(ParseCaseStatus("open"), std::nullopt);
  EXPECT_EQ(ParseCaseStatus(""), std::nullopt);
}

TEST(CaseStatusTest, OpenWhileWaitingForAReviewerOrTheCitizen) {
  EXPECT_TRUE(IsOpen(CaseStatus::kNeedsReview));
  EXPECT_TRUE(IsOpen(CaseStatus::kCorrectionRequested));
  EXPECT_FALSE(IsOpen(CaseStatus::kConfirmed));
  EXPECT_FALSE(IsOpen(CaseStatus::kClosed));
}

TEST(OutboxStateTest, StoredWordsRoundTrip) {
  EXPECT_STREQ(OutboxStateName(OutboxState::kUnconfirmed), "unconfirmed");
  for (OutboxState s : kOutboxStates) {
    EXPECT_EQ(ParseOutboxState(OutboxStateName(s)), s);
  }
  EXPECT_EQ(ParseOutboxState("delivered"), std::nullopt);
}

TEST(MailStateTest, StoredWords) {
  EXPECT_STREQ(MailStateName(MailState::kQuarantined), "quarantined");
  EXPECT_STREQ(MailStateName(MailState::kDuplicate), "duplicate");
}

}  // namespace
}  // namespace beian
