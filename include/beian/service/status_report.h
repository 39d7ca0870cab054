// What an operator sees in `beian status`: work due, overdue, and how often
// the agency kept its one-working-day promise.
#ifndef BEIAN_SERVICE_STATUS_REPORT_H_
#define BEIAN_SERVICE_STATUS_REPORT_H_

#include <vector>

#include "beian/case/records.h"
#include "beian/store/review_store.h"

namespace beian {

struct StatusReport {
  std::vector<CaseRecord>
      due_today;                    // waiting, due before the day ends (China)
  std::vector<CaseRecord> overdue;  // waiting, due time passed
  int decided_30d = 0;              // decided in the last 30 days
  int in_time_30d = 0;              // of those, decided by their due time
  std::vector<OutboxEntry> failed_replies;
  int queued_replies = 0;      // waiting to be sent, claimed ones included
  int claimed_replies = 0;     // of those, claimed by a process sending them
  int waiting_for_review = 0;  // cases in needs_review
  // Mails kept unread (`beian quarantine list`); MakeStatusReport leaves it
  // 0, the caller fills it in from the store's summary.
  int quarantined_mails = 0;
  // Mails stored and waiting to be read (OCR) into cases, and of those the
  // ones a reader has claimed; filled in like quarantined_mails.
  int reads_waiting = 0;
  int reads_claimed = 0;
  // Handed to the server, no answer: a reviewer checks and resolves them.
  std::vector<OutboxEntry> unconfirmed_replies;
};

StatusReport MakeStatusReport(const std::vector<CaseRecord>& cases,
                              const std::vector<OutboxEntry>& outbox,
                              TimePoint now);

}  // namespace beian

#endif  // BEIAN_SERVICE_STATUS_REPORT_H_
