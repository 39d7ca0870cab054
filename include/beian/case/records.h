// The case vocabulary every module shares: mails, attachments, cases and
// their states, draft fields, problems, quarantine and audit entries. Plain
// values, below the store (which fills and reads them) and the mail, OCR and
// review code (which only speak of them).
#ifndef BEIAN_CASE_RECORDS_H_
#define BEIAN_CASE_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "beian/base/clock.h"
#include "beian/base/problem.h"

namespace beian {

// Where a mail came from, stable across re-reads: for a Maildir the folder
// and the unique part of the file name, for IMAP the account/folder and
// "UIDVALIDITY:UID".
struct SourceKey {
  std::string region;  // 6-digit region code, e.g. "510682"
  std::string source;  // "maildir:/srv/mail/510682", "imap://user@host/INBOX"
  std::string key;     // "1700000000.M1P1.host", "1234567:42"
};

enum class MailState { kStored, kProcessed, kQuarantined, kDuplicate };
const char* MailStateName(MailState s);

struct MailRecord {
  int64_t id = 0;
  SourceKey source;
  std::string sha256;
  int64_t size = 0;
  std::string raw_path;  // relative to the data dir
  TimePoint received_at;
  MailState state = MailState::kStored;
  std::string message_id;
  std::string subject;
  std::string from_address;
  std::optional<int64_t> case_id;
  std::optional<int64_t> duplicate_of;
};

// What OCR read on one page of an attachment (JSON of a PageReading).
struct StoredPage {
  int64_t attachment_id = 0;
  int page_index = 0;
  std::string kind;     // "id_front", "form", ...
  std::string reading;  // JSON
};

struct AttachmentRecord {
  int64_t id = 0;
  int64_t mail_id = 0;
  int position = 0;  // order within its mail, from 1
  std::string filename;
  std::string content_type;
  int64_t size = 0;  // decoded bytes
  // Both empty until the attachment was first written out to its own file
  // (WriteAttachmentFiles, when a reviewer shows the case); intake keeps
  // only the raw mail. Then the sha256 of the decoded bytes and the file
  // under the data dir ("attachments/ab/<sha256>").
  std::string sha256;
  std::string path;
  bool in_forwarded = false;
  std::string content_id;
  // Set by the pipeline when OCR read it: one StoredPage per page (the
  // attachment_id is filled in by the store).
  std::vector<StoredPage> pages;
};

// One value of one field from one source ("subject", "ocr", "form",
// "reviewer"). The draft shows, per field, the value of the most trusted
// source.
struct DraftField {
  std::string name;  // "name", "id_number", "sex", "birth_date", ...
  std::string value;
  std::string source;
  double confidence = 0;
  std::optional<int64_t> mail_id;
};

// A case's state. needs_review: waiting for a reviewer; correction_requested:
// waiting for the citizen's corrected mail; confirmed (registered); closed.
enum class CaseStatus { kNeedsReview, kCorrectionRequested, kConfirmed, kClosed };
inline constexpr CaseStatus kCaseStatuses[] = {
    CaseStatus::kNeedsReview, CaseStatus::kCorrectionRequested,
    CaseStatus::kConfirmed, CaseStatus::kClosed};
// "needs_review", "correction_requested", "confirmed", "closed": the words
// the store keeps and --json shows (existing databases hold them).
const char* CaseStatusName(CaseStatus s);
// The status a word names; nullopt for any other word.
std::optional<CaseStatus> ParseCaseStatus(std::string_view name);
// Open: a decision can still be taken (needs_review, correction_requested).
// A mail about the applicant joins an open case; otherwise a new one opens.
bool IsOpen(CaseStatus s);

// A reply's state in the outbox: queued -> sending -> sent | failed; a
// sending reply handed to the server whole without an answer is unconfirmed
// until a reviewer says it arrived (sent) or not (queued again).
enum class OutboxState { kQueued, kSending, kSent, kFailed, kUnconfirmed };
inline constexpr OutboxState kOutboxStates[] = {
    OutboxState::kQueued, OutboxState::kSending, OutboxState::kSent,
    OutboxState::kFailed, OutboxState::kUnconfirmed};
// "queued", "sending", "sent", "failed", "unconfirmed" (the stored words).
const char* OutboxStateName(OutboxState s);
// The state a word names; nullopt for any other word.
std::optional<OutboxState> ParseOutboxState(std::string_view name);

struct CaseProblem {
  Problem problem;
  std::optional<int64_t> mail_id;
  TimePoint created_at;
};

struct CaseRecord {
  int64_t id = 0;
  std::string number;  // "510682-20261123-0001"
  std::string region;
  CaseStatus status = CaseStatus::kNeedsReview;
  std::string applicant_name;
  std::string id_number;  // normalized 18 characters when known
  std::string citizen_address;  // where replies go
  TimePoint opened_at;
  TimePoint updated_at;
  int mail_count = 0;
  int problem_count = 0;
  std::string registration_number;  // set on confirm
  std::optional<TimePoint> due_at;      // answer due (one working day)
  std::optional<TimePoint> decided_at;  // last confirm or correction
  std::optional<TimePoint> purged_at;   // files removed (retention)
};

struct AuditEntry {
  int64_t id = 0;
  TimePoint at;
  std::string actor;  // "beian" for the pipeline, else the reviewer
  std::optional<int64_t> case_id;
  std::string action;  // "case_opened", "mail_attached", "field_edited", ...
  std::string detail;
  std::string field;  // for edits and status changes: what, old and new
  std::string old_value;
  std::string new_value;
};

struct CaseDetail {
  CaseRecord record;
  std::vector<StoredPage> pages;
  std::vector<DraftField> fields;
  std::vector<CaseProblem> problems;  // unresolved
  std::vector<AttachmentRecord> attachments;
  std::vector<MailRecord> mails;
  std::vector<AuditEntry> audit;
};

struct QuarantineRecord {
  int64_t id = 0;
  MailRecord mail;
  std::string reason;
  TimePoint created_at;
  int retries = 0;
  bool released = false;
};

struct CaseFilter {
  std::optional<CaseStatus> status;  // nullopt = any
  std::string region;                // "" = any
  // Only cases waiting for the agency (needs_review) whose due time is
  // before this (overdue: now).
  std::optional<TimePoint> due_before;
};

// A polled mailbox and how its last polls went.
struct AccountState {
  std::string region;
  std::string source;  // "imap://user@host:993/INBOX"
  std::optional<TimePoint> last_success_at;
  std::string last_error;
  std::optional<TimePoint> last_error_at;
  int failures = 0;  // consecutive
  std::optional<TimePoint> next_poll_at;
  int backlog = 0;  // mails left in the folder after the last poll
};

struct StoreSummary {
  std::vector<std::pair<std::string, int>> cases_by_status;
  std::vector<std::pair<std::string, int>> problems_by_code;  // unresolved
  int mails = 0;
  int quarantined = 0;
  int duplicates = 0;
};

}  // namespace beian

#endif  // BEIAN_CASE_RECORDS_H_
