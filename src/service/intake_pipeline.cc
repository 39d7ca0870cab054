#include "beian/service/intake_pipeline.h"

#include <chrono>
#include <future>
#include <optional>
#include <utility>

#include "beian/base/china_time.h"
#include "beian/base/sha256.h"
#include "beian/ocr/draft_checks.h"
#include "beian/service/mail_analysis.h"
#include "beian/service/ocr_draft.h"
#include "case_update_builder.h"
#include "read_claim.h"

namespace beian {

IntakePipeline::IntakePipeline(IngestStore& store, BlobStore& blobs,
                               const Clock& clock,
                               const DivisionTable* divisions, Logger& log,
                               MimeLimits limits)
    : store_(store),
      blobs_(blobs),
      clock_(clock),
      divisions_(divisions),
      log_(log),
      limits_(limits) {}

// The mail is safe in the store whatever the source says: a failed move or
// flag is retried by the next poll (the key is known by then).
void IntakePipeline::set_document_reader(DocumentReader* reader) {
  inline_queue_ =
      reader ? std::make_unique<InlineDocumentQueue>(*reader) : nullptr;
  queue_ = inline_queue_.get();
}

void IntakePipeline::AcknowledgeOrNote(MailSource& source, const SourceKey& key,
                                       IntakeStats& stats) {
  Status s = source.Acknowledge(key);
  if (s.ok()) return;
  ++stats.source_errors;
  stats.last_source_error = s.message();
  log_.Warn("acknowledge_failed", key.key + ": " + s.message());
}

std::optional<IntakePipeline::Taken> IntakePipeline::Take(MailSource& source,
                                                          IntakeStats& stats) {
  for (;;) {
    if (StopRequested()) return std::nullopt;
    StatusOr<std::optional<RawMail>> next = source.Next();
    if (!next.ok()) {
      NoteSourceError(next.status(), stats);
      continue;
    }
    if (!*next) return std::nullopt;
    ++stats.read;
    Taken t;
    t.mail = std::make_shared<const RawMail>(std::move(**next));
    t.parsing =
        preparer_.Submit([this, mail = t.mail] { return Prepare(*mail); });
    StartReading(t);
    return t;
  }
}

// One mail ahead: once a mail is stored, the next one is taken and prepared
// (Prepare: parse, hashes, its files) on another thread while this one's
// case is written. Mails are written in batches (see Batch); the source
// hears of them only once their batch is committed. A stop drops the mail
// taken ahead: it was never acknowledged, so the source keeps it.
StatusOr<IntakeStats> IntakePipeline::Run(MailSource& source) {
  IntakeStats stats;
  BEIAN_RETURN_IF_ERROR(CountCrashes());
  if (reading_) BEIAN_RETURN_IF_ERROR(ProcessPending(stats));
  Batch batch;
  Status failed = Status::Ok();
  std::optional<Taken> current = Take(source, stats);
  while (failed.ok() && current && !StopRequested()) {
    StatusOr<std::optional<MailRecord>> stored =
        StoreRaw(*current, batch, stats);
    if (!stored.ok()) {
      failed = stored.status();
      break;
    }
    std::optional<Taken> next = Take(source, stats);
    if (*stored && reading_)
      failed = Applied(Process(**stored, current->Ready(), stats));
    if (!failed.ok()) break;
    Report(stats, source.Expected());
    current = std::move(next);
    if (batch.Full(queue_ != nullptr && reading_))
      failed = CommitBatch(source, batch, stats);
  }
  const bool acknowledged_late = !batch.keys.empty();
  Status committed = CommitBatch(source, batch, stats);
  if (!failed.ok()) return failed;
  if (!committed.ok()) return committed;
  // The source saw its end before the last batch was acknowledged: asked
  // again, it acts on those too (an IMAP source moves them).
  if (acknowledged_late && !current && !StopRequested()) {
    StatusOr<std::optional<RawMail>> again = source.Next();
    if (!again.ok()) NoteSourceError(again.status(), stats);
  }
  return stats;
}

Status IntakePipeline::CountCrashes() {
  if (journal_ != nullptr) {
    for (const CrashJournal::Crash& c : journal_->Crashes()) {
      log_.Error("mail_crashed_beian",
                 "region " + c.region + " sha256 " + c.sha256.substr(0, 12) +
                     " " + c.key +
                     ": beian stopped with a crash while reading this mail");
      BEIAN_RETURN_IF_ERROR(store_.RecordCrash(c.region, c.sha256, c.attempt,
                                               c.key, clock_.Now()));
    }
    journal_->Forget();
  }
  auto crashed = store_.CrashedMails(kCrashesToQuarantine);
  if (!crashed.ok()) return crashed.status();
  // Prepare reads poisoned_: a job left from an earlier Run() finishes first.
  preparer_.Submit([] {}).wait();
  poisoned_.clear();
  for (const auto& [region, sha] : *crashed)
    poisoned_.insert(region + "/" + sha);
  return Status::Ok();
}

bool IntakePipeline::Poisoned(const std::string& region,
                              const std::string& sha256) const {
  return !poisoned_.empty() && poisoned_.contains(region + "/" + sha256);
}

CrashJournal::Mark IntakePipeline::MarkReading(CrashJournal::Slot slot,
                                               const SourceKey& source,
                                               const std::string& sha256) {
  if (journal_ == nullptr) return CrashJournal::Mark();
  return journal_->Begin(slot, source.region, sha256, source.key);
}

namespace {

Status CrashedTooOften() {
  return FailedPrecondition(
      "beian stopped with a crash " +
      std::to_string(IntakePipeline::kCrashesToQuarantine) +
      " times while reading this mail (MIME parser or OCR), so it is kept "
      "unread and the rest of the mailbox goes on; send the mail's file to "
      "beian's maintainers, and after an upgrade read it again with `beian "
      "quarantine retry ID`");
}

std::string WorkersDied(const std::vector<std::string>& deaths) {
  std::string what;
  for (const std::string& d : deaths) what += (what.empty() ? "" : "; ") + d;
  return "reading this mail's attachments took down beian's document worker " +
         std::to_string(IntakePipeline::kCrashesToQuarantine) +
         " times or more (" + what +
         "), so it is kept unread and the rest of the mailbox goes on; look "
         "at the attachments with `beian quarantine show ID`, and after an "
         "upgrade read it again with `beian quarantine retry ID`";
}

}  // namespace

bool IntakePipeline::Batch::Full(bool reading_documents) const {
  if (reading_documents) return true;  // seconds per mail: one at a time
  return keys.size() >= kMaxMails ||
         std::chrono::steady_clock::now() - started >= kMaxTime;
}

Status IntakePipeline::CommitBatch(MailSource& source, Batch& batch,
                                   IntakeStats& stats) {
  if (!batch.open) return Status::Ok();
  batch.open = false;
  Status s = store_.CommitBatch();
  std::vector<SourceKey> keys = std::exchange(batch.keys, {});
  if (!s.ok()) return s;  // rolled back: the source still holds them all
  for (const SourceKey& key : keys) AcknowledgeOrNote(source, key, stats);
  return Status::Ok();
}

void IntakePipeline::NoteSourceError(const Status& s, IntakeStats& stats) {
  ++stats.source_errors;
  stats.last_source_error = s.message();
  log_.Error("source_error", s.message());
}

// ApplyCaseUpdate refuses a mail no longer "stored", and the claim's last
// renewal one another reader holds now (FailedPrecondition): another
// process took the claim over after this one's ran out and reads or read
// it too, so the case holds it once; this read's work is dropped and intake
// goes on.
Status IntakePipeline::Applied(Status processed) {
  if (processed.code() != StatusCode::kFailedPrecondition) return processed;
  log_.Warn("read_taken_over",
            processed.message() +
                ": another process took the claim over after this one's ran "
                "out and read the mail too; the first to write it wins, so "
                "it is drafted once, and this read is dropped");
  return Status::Ok();
}

StatusOr<IntakeStats> IntakePipeline::ReadPending() {
  IntakeStats stats;
  BEIAN_RETURN_IF_ERROR(CountCrashes());
  BEIAN_RETURN_IF_ERROR(ProcessPending(stats));
  return stats;
}

// Each claim runs to now + read_lease_, so a mail left "stored" (its file
// is missing) is not claimed again by this loop: it ends. The claim is
// renewed while the mail's documents are read (ReadClaim), so a read longer
// than the lease keeps its mail.
Status IntakePipeline::ProcessPending(IntakeStats& stats) {
  while (!StopRequested()) {
    const TimePoint now = clock_.Now();
    StatusOr<std::optional<MailRecord>> claimed =
        store_.ClaimPendingMail(read_holder_, now, now + read_lease_);
    if (!claimed.ok()) return claimed.status();
    if (!*claimed) return Status::Ok();
    const MailRecord& m = **claimed;
    log_.Info("mail_pending",
              "mail " + std::to_string(m.id) + " " + m.source.key);
    ++stats.repaired;
    internal::ReadClaim claim(store_, clock_, log_, m.id, read_holder_,
                              read_lease_, read_renew_every_);
    claim_ = &claim;
    Status processed = ProcessStored(m, stats);
    claim_ = nullptr;
    BEIAN_RETURN_IF_ERROR(Applied(processed));
    Report(stats, 0);
  }
  return Status::Ok();
}

StatusOr<std::optional<MailRecord>> IntakePipeline::StoreRaw(
    Taken& taken, Batch& batch, IntakeStats& stats) {
  if (!batch.open) {
    BEIAN_RETURN_IF_ERROR(store_.BeginBatch());
    batch.open = true;
    batch.started = std::chrono::steady_clock::now();
  }
  const RawMail& raw = *taken.mail;
  const Parsed& parsed = taken.Ready();  // ready by now, as a rule
  StatusOr<std::optional<MailRecord>> known =
      FindKnown(raw.source, parsed.raw_sha256);
  if (!known.ok()) return known.status();
  StatusOr<std::optional<MailRecord>> to_process =
      *known ? StoreKnown(**known, raw, parsed, stats)
             : StoreNew(raw, parsed.raw_sha256, stats);
  if (to_process.ok()) batch.keys.push_back(raw.source);
  return to_process;
}

StatusOr<std::optional<MailRecord>> IntakePipeline::FindKnown(
    const SourceKey& source, const std::string& sha256) {
  StatusOr<std::optional<MailRecord>> known = store_.FindMailBySource(source);
  if (!known.ok() || *known) return known;
  return store_.FindMailBySha256(source.region, sha256);
}

// A power cut under group commit can keep the row and lose its file: the
// same bytes came again, so restore it and finish the work.
StatusOr<std::optional<MailRecord>> IntakePipeline::StoreKnown(
    const MailRecord& known, const RawMail& raw, const Parsed& parsed,
    IntakeStats& stats) {
  ++stats.already_known;
  const std::string& sha = parsed.raw_sha256;
  if (known.sha256 != sha) return std::optional<MailRecord>();
  if (parsed.raw_written || !blobs_.Has(known.raw_path, known.size)) {
    StatusOr<std::string> path = blobs_.Put("raw", sha, ".eml", raw.bytes);
    if (!path.ok()) return path.status();
    log_.Warn("mail_restored",
              "mail " + std::to_string(known.id) + " " + *path);
  }
  if (known.state != MailState::kStored) return std::optional<MailRecord>();
  return std::optional<MailRecord>(known);
}

StatusOr<std::optional<MailRecord>> IntakePipeline::StoreNew(
    const RawMail& raw, const std::string& sha, IntakeStats& stats) {
  StatusOr<std::string> path = blobs_.Put("raw", sha, ".eml", raw.bytes);
  if (!path.ok()) return path.status();
  NewRawMail row{raw.source, sha, static_cast<int64_t>(raw.bytes.size()), *path,
                 clock_.Now()};
  StatusOr<int64_t> id = store_.AddRawMail(row);
  if (!id.ok()) return id.status();
  ++stats.stored;
  log_.Info("mail_stored", "mail " + std::to_string(*id) + " " +
                               raw.source.key + " sha256 " + sha.substr(0, 12));
  MailRecord record;
  record.id = *id;
  record.source = raw.source;
  record.sha256 = sha;
  record.size = row.size;
  record.raw_path = *path;
  record.received_at = row.received_at;
  return std::optional<MailRecord>(std::move(record));
}

IntakePipeline::Parsed IntakePipeline::Prepare(const RawMail& raw) {
  const std::string sha =
      raw.sha256.empty() ? Sha256Hex(raw.bytes) : raw.sha256;
  bool raw_written = false;
  // Written ahead: StoreRaw's Put finds it complete (or restores it).
  (void)blobs_.Put("raw", sha, ".eml", raw.bytes, &raw_written);
  CrashJournal::Mark reading =
      MarkReading(CrashJournal::kPreparing, raw.source, sha);
  Parsed p = Poisoned(raw.source.region, sha) ? Parsed{CrashedTooOften()}
                                              : Parse(raw.bytes);
  p.raw_sha256 = sha;
  p.raw_written = raw_written;
  return p;
}

IntakePipeline::Parsed IntakePipeline::Parse(std::string_view raw) const {
  return Parsed{ParseMime(raw, limits_)};
}

std::optional<IntakePipeline::Parsed> IntakePipeline::ParseStored(
    const MailRecord& record) {
  if (Poisoned(record.source.region, record.sha256))
    return Parsed{CrashedTooOften()};
  StatusOr<std::string> raw = blobs_.Get(record.raw_path);
  if (!raw.ok() && raw.status().code() == StatusCode::kNotFound) {
    // Lost with a power cut before the group commit's sync; the server
    // still holds the mail and the next fetch restores it.
    log_.Error("mail_file_missing", "mail " + std::to_string(record.id) + ": " +
                                        raw.status().message());
    return std::nullopt;
  }
  if (!raw.ok()) return Parsed{raw.status()};
  CrashJournal::Mark reading =
      MarkReading(CrashJournal::kProcessing, record.source, record.sha256);
  return Parse(*raw);
}

Status IntakePipeline::ProcessStored(const MailRecord& record,
                                     IntakeStats& stats) {
  std::optional<Parsed> parsed = ParseStored(record);
  if (!parsed) return Status::Ok();
  return Process(record, *parsed, stats);
}

Status IntakePipeline::Quarantine(const MailRecord& record,
                                  const std::string& why, IntakeStats& stats) {
  ++stats.quarantined;
  log_.Warn("mail_quarantined",
            "mail " + std::to_string(record.id) + ": " + why);
  return store_.QuarantineMail(record.id, why, clock_.Now());
}

StatusOr<bool> IntakePipeline::MarkIfDuplicate(const MailRecord& record,
                                               const ParsedMail& mail,
                                               IntakeStats& stats) {
  if (mail.message_id.empty()) return false;
  StatusOr<std::optional<MailRecord>> first =
      store_.FindMailByMessageId(record.source.region, mail.message_id);
  if (!first.ok()) return first.status();
  if (!*first || (*first)->id == record.id) return false;
  ++stats.duplicates;
  log_.Info("mail_duplicate", "mail " + std::to_string(record.id) +
                                  " repeats mail " +
                                  std::to_string((*first)->id));
  BEIAN_RETURN_IF_ERROR(
      store_.MarkDuplicate(record.id, (*first)->id, internal::HeadersOf(mail)));
  return true;
}

Status IntakePipeline::Process(const MailRecord& record, Parsed& parsed,
                               IntakeStats& stats) {
  CrashJournal::Mark reading =
      MarkReading(CrashJournal::kProcessing, record.source, record.sha256);
  if (!parsed.mail.ok())
    return Quarantine(record, parsed.mail.status().message(), stats);
  const ParsedMail& mail = *parsed.mail;
  StatusOr<bool> duplicate = MarkIfDuplicate(record, mail, stats);
  if (!duplicate.ok() || *duplicate) return duplicate.status();
  const MailAnalysis analysis =
      AnalyzeMail(mail, divisions_, ChinaDay(clock_.Now()));
  StatusOr<std::optional<CaseDetail>> existing =
      FindCase(record, mail, analysis);
  if (!existing.ok()) return existing.status();
  CaseUpdate update = internal::BuildCaseUpdate(record, mail, analysis,
                                                *existing, clock_.Now());
  if (queue_ != nullptr) {
    const std::vector<std::string> deaths =
        ReadDocuments(mail, std::move(parsed.reads), *existing, update, stats);
    StatusOr<bool> poison = CountDeaths(record, deaths);
    if (!poison.ok()) return poison.status();
    if (*poison) return Quarantine(record, WorkersDied(deaths), stats);
  }
  // Renewed for a whole lease: the write below is still this reader's.
  if (claim_ != nullptr) BEIAN_RETURN_IF_ERROR(claim_->Renew());
  StatusOr<CaseRecord> c = store_.ApplyCaseUpdate(update);
  if (!c.ok()) return c.status();
  ++stats.processed;
  ++(existing->has_value() ? stats.cases_updated : stats.cases_opened);
  log_.Info(existing->has_value() ? "case_updated" : "case_opened",
            "case " + c->number + " mail " + std::to_string(record.id) +
                " problems " + std::to_string(update.problems.size()));
  return Status::Ok();
}

StatusOr<std::optional<CaseDetail>> IntakePipeline::FindCase(
    const MailRecord& record, const ParsedMail& mail,
    const MailAnalysis& analysis) {
  const std::string& region = record.source.region;
  StatusOr<std::optional<CaseRecord>> found =
      store_.FindCaseByThread(region, internal::ThreadIdsOf(mail));
  if (!found.ok()) return found.status();
  const bool open = *found && IsOpen((*found)->status);
  if (!open && analysis.id) {
    found = store_.FindOpenCaseByIdNumber(region, analysis.id->normalized);
    if (!found.ok()) return found.status();
  } else if (!open) {
    found = std::optional<CaseRecord>();
  }
  if (!*found) return std::optional<CaseDetail>();
  StatusOr<CaseDetail> detail = store_.GetCaseById((*found)->id);
  if (!detail.ok()) return detail.status();
  return std::optional<CaseDetail>(std::move(*detail));
}

void IntakePipeline::Report(IntakeStats& stats, size_t expected) {
  if (!progress_) return;
  progress_(IntakeProgress{expected, stats.read, stats.pages_read});
}

namespace {

ReadHints SubjectHints(const MailAnalysis& analysis) {
  return {analysis.subject.claim.name,
          analysis.id ? analysis.id->normalized : std::string()};
}

bool SameHints(const ReadHints& a, const ReadHints& b) {
  return a.name == b.name && a.id_number == b.id_number;
}

}  // namespace

IntakePipeline::Reads IntakePipeline::Submit(const ParsedMail& mail,
                                             const ReadHints& hints) {
  Reads reads{hints, {}};
  std::shared_ptr<ReadBudget> budget = ReadBudget::Of(read_budget_);
  for (const Attachment& a : mail.attachments) {
    reads.outcomes.push_back(queue_->Submit(
        ReadRequest{a.filename, a.content_type, a.data, hints, budget}));
  }
  return reads;
}

// Only a mail that will be processed: one the store holds already is read
// again only if it was left "stored", and a repeated Message-ID not at all.
void IntakePipeline::StartReading(Taken& t) {
  if (queue_ == nullptr || !reading_) return;
  Parsed& p = t.Ready();
  if (!p.mail.ok() || p.reads) return;
  const SourceKey& source = t.mail->source;
  StatusOr<std::optional<MailRecord>> known = FindKnown(source, p.raw_sha256);
  if (!known.ok() || (*known && (*known)->state != MailState::kStored)) return;
  if (!*known && !p.mail->message_id.empty()) {
    StatusOr<std::optional<MailRecord>> first =
        store_.FindMailByMessageId(source.region, p.mail->message_id);
    if (!first.ok() || *first) return;
  }
  const MailAnalysis analysis =
      AnalyzeMail(*p.mail, divisions_, ChinaDay(clock_.Now()));
  // A queue that reads in this process (no workers) may crash it here.
  CrashJournal::Mark reading =
      MarkReading(CrashJournal::kProcessing, source, p.raw_sha256);
  p.reads = Submit(*p.mail, SubjectHints(analysis));
}

std::vector<std::string> IntakePipeline::ReadDocuments(
    const ParsedMail& mail, std::optional<Reads> started,
    const std::optional<CaseDetail>& existing, CaseUpdate& update,
    IntakeStats& stats) {
  DraftCheckInput draft =
      DraftInputOf(update, existing, ChinaDay(clock_.Now()));
  const ReadHints hints{draft.subject_name, draft.subject_id_number};
  const Reads reads = started && SameHints(started->hints, hints)
                          ? std::move(*started)
                          : Submit(mail, hints);
  std::vector<std::string> deaths;
  for (size_t i = 0; i < update.attachments.size(); ++i) {
    AttachmentRecord& attachment = update.attachments[i];
    const ReadOutcome& r = claim_ != nullptr ? claim_->Await(reads.outcomes[i])
                                             : reads.outcomes[i].get();
    ++stats.documents_read;
    if (!r.lost.empty()) {
      deaths.push_back(attachment.filename + ": " + r.lost);
    } else if (!r.reading.ok()) {
      log_.Error("ocr_failed",
                 attachment.filename + ": " + r.reading.status().message());
    }
    stats.pages_read += AddReading(r, attachment, draft, update.problems);
  }
  AddDraftCheck(draft, update);
  return deaths;
}

// Each death counts like a crash of beian itself (RecordCrash), so a mail
// is poison after kCrashesToQuarantine of either, in this run or earlier.
StatusOr<bool> IntakePipeline::CountDeaths(
    const MailRecord& mail, const std::vector<std::string>& deaths) {
  if (deaths.empty()) return false;
  const auto now = clock_.Now();
  const std::string attempt =
      mail.sha256.substr(0, 12) + "/worker/" +
      std::to_string(
          std::chrono::steady_clock::now().time_since_epoch().count());
  for (size_t i = 0; i < deaths.size(); ++i) {
    BEIAN_RETURN_IF_ERROR(store_.RecordCrash(mail.source.region, mail.sha256,
                                             attempt + "/" + std::to_string(i),
                                             mail.source.key, now));
  }
  auto crashed = store_.CrashedMails(kCrashesToQuarantine);
  if (!crashed.ok()) return crashed.status();
  for (const auto& [region, sha] : *crashed) {
    if (region == mail.source.region && sha == mail.sha256) return true;
  }
  return false;
}

}  // namespace beian
