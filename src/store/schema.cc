#include "schema.h"

namespace beian::internal {

namespace {

constexpr std::string_view kV1 = R"sql(
CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  region TEXT NOT NULL,
  status TEXT NOT NULL,
  applicant_name TEXT NOT NULL DEFAULT '',
  id_number TEXT NOT NULL DEFAULT '',
  citizen_address TEXT NOT NULL DEFAULT '',
  opened_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX cases_region_id ON cases(region, id_number);
CREATE INDEX cases_status ON cases(status);

CREATE TABLE case_counters (
  region TEXT NOT NULL,
  day TEXT NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (region, day)
);

CREATE TABLE mails (
  id INTEGER PRIMARY KEY,
  region TEXT NOT NULL,
  source TEXT NOT NULL,
  source_key TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  raw_path TEXT NOT NULL,
  received_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'stored'
    CHECK (state IN ('stored', 'processed', 'quarantined', 'duplicate')),
  message_id TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  from_address TEXT NOT NULL DEFAULT '',
  from_name TEXT NOT NULL DEFAULT '',
  reply_to TEXT NOT NULL DEFAULT '',
  in_reply_to TEXT NOT NULL DEFAULT '',
  refs TEXT NOT NULL DEFAULT '',
  mail_date TEXT NOT NULL DEFAULT '',
  case_id INTEGER REFERENCES cases(id),
  duplicate_of INTEGER REFERENCES mails(id),
  UNIQUE (region, source, source_key),
  UNIQUE (region, sha256)
);
CREATE INDEX mails_state ON mails(state);
CREATE INDEX mails_message_id ON mails(region, message_id);

CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  mail_id INTEGER NOT NULL REFERENCES mails(id),
  case_id INTEGER NOT NULL REFERENCES cases(id),
  position INTEGER NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  path TEXT NOT NULL,
  in_forwarded INTEGER NOT NULL,
  content_id TEXT NOT NULL DEFAULT '',
  UNIQUE (mail_id, position)
);
CREATE INDEX attachments_case ON attachments(case_id);

CREATE TABLE draft_fields (
  case_id INTEGER NOT NULL REFERENCES cases(id),
  name TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('subject', 'ocr', 'form', 'reviewer')),
  value TEXT NOT NULL,
  confidence REAL NOT NULL,
  mail_id INTEGER REFERENCES mails(id),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (case_id, name, source)
);

CREATE TABLE problems (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  mail_id INTEGER REFERENCES mails(id),
  code TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'blocking')),
  detail TEXT NOT NULL,
  created_at TEXT NOT NULL,
  resolved_at TEXT
);
CREATE INDEX problems_case ON problems(case_id, resolved_at);

CREATE TABLE thread_ids (
  region TEXT NOT NULL,
  message_id TEXT NOT NULL,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  PRIMARY KEY (region, message_id)
);

CREATE TABLE quarantine (
  id INTEGER PRIMARY KEY,
  mail_id INTEGER NOT NULL UNIQUE REFERENCES mails(id),
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  retries INTEGER NOT NULL DEFAULT 0,
  released_at TEXT
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  case_id INTEGER REFERENCES cases(id),
  action TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_case ON audit_log(case_id);
)sql";

// Review decisions, registration numbers, the outbox, OCR page readings.
constexpr std::string_view kV2 = R"sql(
ALTER TABLE cases ADD COLUMN registration_number TEXT;
ALTER TABLE cases ADD COLUMN due_at TEXT;
ALTER TABLE cases ADD COLUMN decided_at TEXT;
ALTER TABLE cases ADD COLUMN purged_at TEXT;
ALTER TABLE cases ADD COLUMN decision_seq INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX cases_registration ON cases(registration_number)
  WHERE registration_number IS NOT NULL;

CREATE TABLE registration_counters (
  region TEXT NOT NULL,
  day TEXT NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (region, day)
);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  kind TEXT NOT NULL
    CHECK (kind IN ('acknowledgement', 'correction', 'registration')),
  decision_key TEXT NOT NULL UNIQUE,
  to_address TEXT NOT NULL,
  message_id TEXT NOT NULL UNIQUE,
  subject TEXT NOT NULL,
  bytes BLOB NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX outbox_state ON outbox(state, next_attempt_at);
CREATE INDEX outbox_to ON outbox(to_address, created_at);

CREATE TABLE page_readings (
  attachment_id INTEGER NOT NULL REFERENCES attachments(id),
  page_index INTEGER NOT NULL,
  kind TEXT NOT NULL,
  reading TEXT NOT NULL,
  PRIMARY KEY (attachment_id, page_index)
);

ALTER TABLE audit_log ADD COLUMN field TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN old_value TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN new_value TEXT NOT NULL DEFAULT '';
)sql";

// Mail accounts polled by the service: last success, last error, backoff.
constexpr std::string_view kV3 = R"sql(
CREATE TABLE accounts (
  region TEXT NOT NULL,
  source TEXT NOT NULL,
  last_success_at TEXT,
  last_error TEXT NOT NULL DEFAULT '',
  last_error_at TEXT,
  failures INTEGER NOT NULL DEFAULT 0,
  next_poll_at TEXT,
  backlog INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (region, source)
);
)sql";

// When a reply was wholly handed to the SMTP server: from then on the server
// may hold it, so a crash leaves it unconfirmed rather than due again.
constexpr std::string_view kV4 = R"sql(
ALTER TABLE outbox ADD COLUMN handed_over_at TEXT;
)sql";

// Indexes for lookups that scanned whole tables: a case's mails (every case
// row counts them, so listing N cases read the mails table N times) and the
// per-address reply limit, which compares addresses without case.
constexpr std::string_view kV5 = R"sql(
CREATE INDEX mails_case ON mails(case_id);
DROP INDEX outbox_to;
CREATE INDEX outbox_to ON outbox(to_address COLLATE NOCASE, created_at);
)sql";

// Mails that crashed beian while it read them (CrashJournal): counted once
// per attempt, so that the second crash quarantines the mail unread instead
// of crashing every poll.
constexpr std::string_view kV6 = R"sql(
CREATE TABLE intake_crashes (
  region TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  crashes INTEGER NOT NULL,
  last_attempt TEXT NOT NULL,
  last_source_key TEXT NOT NULL,
  last_crash_at TEXT NOT NULL,
  PRIMARY KEY (region, sha256)
);
)sql";

// Account states named as their mails' source (ImapSourceName):
// "imap://user@host:993/INBOX" where older beian wrote
// "imap://user@imaps://host:993", without the folder. The folder is that of
// the account's newest mail, else INBOX. A state whose new name is taken
// already (imap:// and imaps:// to one host) keeps its old name.
constexpr std::string_view kV7 = R"sql(
UPDATE OR IGNORE accounts
SET source = substr(source, 1, instr(source, '@imaps://')) ||
             substr(source, instr(source, '@imaps://') + length('@imaps://'))
WHERE source GLOB 'imap://*@imaps://*';
UPDATE OR IGNORE accounts
SET source = substr(source, 1, instr(source, '@imap://')) ||
             substr(source, instr(source, '@imap://') + length('@imap://'))
WHERE source GLOB 'imap://*@imap://*';
UPDATE OR IGNORE accounts
SET source = coalesce(
  (SELECT m.source FROM mails m
   WHERE m.region = accounts.region
     AND substr(m.source, 1, length(accounts.source) + 1) =
         accounts.source || '/'
   ORDER BY m.id DESC LIMIT 1),
  source || '/INBOX')
WHERE source GLOB 'imap://*' AND instr(substr(source, 8), '/') = 0;
)sql";

// Leases (LeaseStore): one poller per mailbox among the processes sharing
// the store; a lease its holder stopped renewing expires.
constexpr std::string_view kV8 = R"sql(
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  token TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
)sql";

// The process registry (ProcessStore): every `beian serve` sharing the
// store, with its last heartbeat.
constexpr std::string_view kV9 = R"sql(
CREATE TABLE processes (
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  roles TEXT NOT NULL,
  started_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL,
  PRIMARY KEY (host, pid)
);
)sql";

// Reading a stored mail is a job (IngestStore::ClaimPendingMail): a reader
// claims it until read_until; a claim past that time is taken over.
constexpr std::string_view kV10 = R"sql(
ALTER TABLE mails ADD COLUMN read_by TEXT NOT NULL DEFAULT '';
ALTER TABLE mails ADD COLUMN read_until TEXT;
)sql";

// A reply being sent is claimed by one store handle (ClaimReplies): the
// token of its ClaimLock, so that processes sending from one file never
// take a reply another live one is sending. Only this file's processes
// know the token: store copy leaves the column behind.
constexpr std::string_view kV11 = R"sql(
ALTER TABLE outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
)sql";

}  // namespace

const std::vector<std::string_view>& Migrations() {
  static const std::vector<std::string_view> kAll = {
      kV1, kV2, kV3, kV4, kV5, kV6, kV7, kV8, kV9, kV10, kV11};
  return kAll;
}

}  // namespace beian::internal
