// The intake pipeline: raw bytes in, cases out.
//
//   IntakePipeline pipeline(store, blobs, clock, &divisions, logger);
//   StatusOr<IntakeStats> stats = pipeline.Run(source);
//
// Order of work per mail: the raw bytes are written to the blob store and
// to the store FIRST (state "stored"), and only then is the mail applied to
// a case, in a step of its own. Both go into a batch of mails that is
// committed together; the source is acknowledged for a mail only after its
// batch is committed. A crash loses at most the uncommitted batch, which the
// source still holds; a failed case step leaves a "stored" mail, which the
// next Run() processes before reading anything new. Mails that cannot be
// parsed are quarantined with the reason; the rest carries on.
#ifndef BEIAN_SERVICE_INTAKE_PIPELINE_H_
#define BEIAN_SERVICE_INTAKE_PIPELINE_H_

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "beian/base/clock.h"
#include "beian/base/log.h"
#include "beian/base/serial_worker.h"
#include "beian/identity/division_table.h"
#include "beian/mail/mail_source.h"
#include "beian/mime/parsed_mail.h"
#include "beian/ocr/document_queue.h"
#include "beian/ocr/document_reader.h"
#include "beian/service/crash_journal.h"
#include "beian/service/mail_analysis.h"
#include "beian/store/blob_store.h"
#include "beian/store/store.h"

namespace beian {

namespace internal {
class ReadClaim;
}  // namespace internal

struct IntakeStats {
  int read = 0;           // mails handed over by the source
  int already_known = 0;  // same source key or same bytes: nothing new
  int stored = 0;         // new raw mails committed
  int processed = 0;      // applied to a case (includes repaired ones)
  int repaired = 0;       // claimed from the store's pending mails
  int duplicates = 0;     // same Message-ID as an earlier mail
  int quarantined = 0;
  int cases_opened = 0;
  int cases_updated = 0;
  int source_errors = 0;  // items the source could not read or acknowledge
  std::string last_source_error;
  int documents_read = 0;  // attachments read (or lost) by the reader
  int pages_read = 0;
};

// Where a run is, for a progress line: counts so far, and the source's
// mails in all when it knows (0 = unknown).
struct IntakeProgress {
  size_t mails_expected = 0;
  int mails_done = 0;  // read from the source (new, known or quarantined)
  int pages_read = 0;
};

class IntakePipeline {
 public:
  // `divisions` may be null (no division check). All references must
  // outlive the pipeline.
  IntakePipeline(IngestStore& store, BlobStore& blobs, const Clock& clock,
                 const DivisionTable* divisions, Logger& log,
                 MimeLimits limits = {});

  // Checked between mails: when it returns true, Run() finishes the current
  // mail and returns (SIGTERM in `beian serve`).
  void set_should_stop(std::function<bool()> f) { should_stop_ = std::move(f); }
  // Reads every attachment (OCR) and builds the case's draft from all its
  // pages; without a reader, cases hold the subject's fields only.
  // Reads each attachment at once in this thread (tests; no isolation).
  void set_document_reader(DocumentReader* reader);
  // Hands attachments to `queue` (a WorkerPool): a mail's attachments are
  // read side by side, and the next mail's are queued while this one's are
  // read. Null = no reading.
  void set_document_queue(DocumentQueue* queue) { queue_ = queue; }
  // The reading time one mail may spend on its attachments together; the
  // ones not read in time get the problem document_not_read.
  void set_mail_read_budget(std::chrono::milliseconds b) { read_budget_ = b; }
  // Called after each mail, from Run()'s thread.
  void set_progress(std::function<void(const IntakeProgress&)> f) {
    progress_ = std::move(f);
  }
  // Marks each mail in `journal` while it is read; crashes found there are
  // counted in the store when Run() starts, and a mail that crashed beian
  // kCrashesToQuarantine times is quarantined unread. Without a journal,
  // crashes are not noticed (counts already in the store still apply).
  void set_crash_journal(CrashJournal* journal) { journal_ = journal; }
  static constexpr int kCrashesToQuarantine = 2;
  // false: Run() only stores each mail ("stored", a read job) and leaves
  // reading it to a process with the read role (ReadPending). Default true.
  void set_reading(bool reading) { reading_ = reading; }
  // Who claims pending mails (IngestStore::ClaimPendingMail), for people
  // ("host:pid"), and for how long a claim lasts. Defaults "beian", 10 min.
  // While a claimed mail's documents are read, the claim is renewed for
  // another lease after every `renew_every` of waiting for them (0: a
  // quarter of the lease), and once more just before the mail is written.
  void set_read_claims(std::string holder, std::chrono::seconds lease,
                       std::chrono::milliseconds renew_every = {}) {
    read_holder_ = std::move(holder);
    read_lease_ = lease;
    read_renew_every_ = renew_every > std::chrono::milliseconds::zero()
                            ? renew_every
                            : std::chrono::milliseconds(lease) / 4;
  }

  // Counts crashes, processes pending mails, then everything `source` has:
  // each mail's raw bytes stored, the next mail taken, then its case
  // written. Stops with the store's error when the database fails (nothing
  // is lost: rerun).
  StatusOr<IntakeStats> Run(MailSource& source);
  // Claims and processes, one at a time, the mails waiting in the store
  // ("stored": a crash, released from quarantine, or a poll-only process),
  // until none is left that another reader does not hold, or a stop. A mail
  // another reader applied first (it took the claim over) is skipped.
  Status ProcessPending(IntakeStats& stats);
  // The read role on its own: counts crashes, then ProcessPending.
  StatusOr<IntakeStats> ReadPending();

 private:
  // Attachments handed to the queue with these hints, in mail order.
  struct Reads {
    ReadHints hints;
    std::vector<std::shared_future<ReadOutcome>> outcomes;
  };
  // A raw mail parsed.
  struct Parsed {
    StatusOr<ParsedMail> mail;
    std::string raw_sha256 = {};      // set by Prepare
    bool raw_written = false;         // Prepare found no complete raw file
    std::optional<Reads> reads = {};  // started ahead by StartReading
  };
  Parsed Parse(std::string_view raw) const;
  // Parse plus the raw mail's hash and its file written ahead: made on
  // another thread while the mail before it is being processed. The file is
  // content-addressed, so one written for a mail that is never committed is
  // only an unused file, and the Put that counts (on the pipeline's thread)
  // finds it complete.
  Parsed Prepare(const RawMail& raw);
  // A mail taken from the source, its preparation already under way on
  // `preparer_`, which shares the bytes (a dropped Taken leaves the job
  // something to read).
  struct Taken {
    std::shared_ptr<const RawMail> mail;
    std::future<Parsed> parsing;
    std::optional<Parsed> parsed = {};
    Parsed& Ready() {
      if (!parsed) parsed = parsing.get();
      return *parsed;
    }
  };
  // Queues the attachments of a new mail for reading, with the subject's
  // hints, so that workers read it while the mail before is still read.
  void StartReading(Taken& taken);
  Reads Submit(const ParsedMail& mail, const ReadHints& hints);
  // The next mail, or nullopt at the end or when asked to stop; a source
  // error is recorded and the source asked again.
  std::optional<Taken> Take(MailSource& source, IntakeStats& stats);

  // Mails written in one store transaction (IngestStore::BeginBatch), each
  // mail's raw row and case still all or nothing on their own. Their source
  // keys are acknowledged once it is committed: a crash loses at most the
  // batch, which the source still holds. A batch ends at kMaxMails, after
  // kMaxTime (other writers, such as a reviewer's command, wait for it), or
  // after every mail when documents are read (seconds per mail).
  struct Batch {
    static constexpr size_t kMaxMails = 64;
    static constexpr std::chrono::milliseconds kMaxTime{200};
    bool open = false;
    std::chrono::steady_clock::time_point started;
    std::vector<SourceKey> keys;  // to acknowledge after the commit
    bool Full(bool reading_documents) const;
  };
  // Commits the batch, then acknowledges its mails.
  Status CommitBatch(MailSource& source, Batch& batch, IntakeStats& stats);
  void NoteSourceError(const Status& s, IntakeStats& stats);
  // Records the journal's crashes in the store and loads the mails that
  // crashed beian too often (poisoned_).
  Status CountCrashes();
  bool Poisoned(const std::string& region, const std::string& sha256) const;
  CrashJournal::Mark MarkReading(CrashJournal::Slot slot,
                                 const SourceKey& source,
                                 const std::string& sha256);
  bool StopRequested() const { return should_stop_ && should_stop_(); }

  // Stores the raw mail in the batch (opening one if none is open). Returns
  // the mail to process: the new mail, or a known one its bytes restore
  // that is still "stored"; nullopt when it is known and done with.
  StatusOr<std::optional<MailRecord>> StoreRaw(Taken& taken, Batch& batch,
                                               IntakeStats& stats);
  // The mail the store holds with this source key, else with these bytes.
  StatusOr<std::optional<MailRecord>> FindKnown(const SourceKey& source,
                                                const std::string& sha256);
  // StoreRaw for a mail the store knows: its raw file written again when
  // it was lost; returned when it is still "stored".
  StatusOr<std::optional<MailRecord>> StoreKnown(const MailRecord& known,
                                                 const RawMail& raw,
                                                 const Parsed& parsed,
                                                 IntakeStats& stats);
  // StoreRaw for a new mail: its raw file and row.
  StatusOr<std::optional<MailRecord>> StoreNew(const RawMail& raw,
                                               const std::string& sha256,
                                               IntakeStats& stats);
  // Applies a stored mail to its case (a new one, or the open case it
  // belongs to), given its parse: a mail that did not parse is quarantined,
  // one repeating an earlier Message-ID marked its duplicate, and with a
  // reader its attachments are read first.
  Status Process(const MailRecord& mail, Parsed& parsed, IntakeStats& stats);
  // OK for a mail another process applied first (FailedPrecondition from
  // the store), logged; `processed` otherwise.
  Status Applied(Status processed);
  // Processes a mail the store holds, read again from its raw file; one
  // whose file is gone is left "stored" until the source brings its bytes.
  Status ProcessStored(const MailRecord& mail, IntakeStats& stats);
  // The stored mail's parse, nullopt when its raw file is gone.
  std::optional<Parsed> ParseStored(const MailRecord& mail);
  // Quarantines the mail with `why`, for the reviewer.
  Status Quarantine(const MailRecord& mail, const std::string& why,
                    IntakeStats& stats);
  // OK(true) when an earlier mail has the same Message-ID (the mail is marked
  // its duplicate).
  StatusOr<bool> MarkIfDuplicate(const MailRecord& record,
                                 const ParsedMail& mail, IntakeStats& stats);
  StatusOr<std::optional<CaseDetail>> FindCase(const MailRecord& record,
                                               const ParsedMail& mail,
                                               const MailAnalysis& analysis);
  void AcknowledgeOrNote(MailSource& source, const SourceKey& key,
                         IntakeStats& stats);
  // Waits for the mail's attachments to be read (those started ahead when
  // their hints still hold) and adds their pages, the draft and its problems
  // to the update; returns, for each worker that died on one, why (empty
  // when none did).
  std::vector<std::string> ReadDocuments(
      const ParsedMail& mail, std::optional<Reads> started,
      const std::optional<CaseDetail>& existing, CaseUpdate& update,
      IntakeStats& stats);
  // Counts the workers `mail` took down; OK(true) when that makes it poison.
  StatusOr<bool> CountDeaths(const MailRecord& mail,
                             const std::vector<std::string>& deaths);
  void Report(IntakeStats& stats, size_t expected);

  IngestStore& store_;
  BlobStore& blobs_;
  const Clock& clock_;
  const DivisionTable* divisions_;
  Logger& log_;
  MimeLimits limits_;
  std::function<bool()> should_stop_;
  std::unique_ptr<InlineDocumentQueue> inline_queue_;
  DocumentQueue* queue_ = nullptr;
  std::chrono::milliseconds read_budget_{std::chrono::minutes(3)};
  std::function<void(const IntakeProgress&)> progress_;
  CrashJournal* journal_ = nullptr;
  bool reading_ = true;
  std::string read_holder_ = "beian";
  std::chrono::seconds read_lease_{std::chrono::minutes(10)};
  std::chrono::milliseconds read_renew_every_{std::chrono::seconds(150)};
  // The claim on the mail ProcessPending reads now; null otherwise (a mail
  // Run() stores and reads is in its open batch, no one else's to claim).
  internal::ReadClaim* claim_ = nullptr;
  // "region/sha256" of mails quarantined unread; set before any job starts.
  std::set<std::string> poisoned_;
  // Last, so destroyed first: its jobs use the members above.
  SerialWorker preparer_;
};

}  // namespace beian

#endif  // BEIAN_SERVICE_INTAKE_PIPELINE_H_
