#include "beian/case/records.h"

namespace beian {

const char* MailStateName(MailState s) {
  switch (s) {
    case MailState::kStored:
      return "stored";
    case MailState::kProcessed:
      return "processed";
    case MailState::kQuarantined:
      return "quarantined";
    case MailState::kDuplicate:
      return "duplicate";
  }
  return "stored";
}

const char* CaseStatusName(CaseStatus s) {
  switch (s) {
    case CaseStatus::kNeedsReview:
      return "needs_review";
    case CaseStatus::kCorrectionRequested:
      return "correction_requested";
    case CaseStatus::kConfirmed:
      return "confirmed";
    case CaseStatus::kClosed:
      return "closed";
  }
  return "needs_review";
}

std::optional<CaseStatus> ParseCaseStatus(std::string_view name) {
  for (CaseStatus s : kCaseStatuses) {
    if (name == CaseStatusName(s)) return s;
  }
  return std::nullopt;
}

const char* OutboxStateName(OutboxState s) {
  switch (s) {
    case OutboxState::kQueued:
      return "queued";
    case OutboxState::kSending:
      return "sending";
    case OutboxState::kSent:
      return "sent";
    case OutboxState::kFailed:
      return "failed";
    case OutboxState::kUnconfirmed:
      return "unconfirmed";
  }
  return "queued";
}

std::optional<OutboxState> ParseOutboxState(std::string_view name) {
  for (OutboxState s : kOutboxStates) {
    if (name == OutboxStateName(s)) return s;
  }
  return std::nullopt;
}

bool IsOpen(CaseStatus s) {
  return s == CaseStatus::kNeedsReview || s == CaseStatus::kCorrectionRequested;
}

}  // namespace beian
