#include "cli_context.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "beian/calendar/due_time.h"
#include "beian/calendar/office_hours.h"
#include "beian/calendar/working_day_calendar.h"
#include "beian/mail/mail_sender.h"
#include "beian/mail/smtp_sender.h"
#include "beian/ocr/tesseract_reader.h"
#include "beian/reply/loop_guard.h"
#include "beian/service/outbox_sender.h"
#include "beian/store/postgres_blob_store.h"

namespace beian::cli {

Status Context::CheckBlobsInStore() const {
  if (!config.blobs_in_database || IsPostgresUrl(db_path)) return Status::Ok();
  return FailedPrecondition(
      "[store] blobs = \"database\" (" + config_file +
      ") keeps raw mails and attachments in the PostgreSQL store, but the "
      "store is the SQLite file " +
      db_path +
      ": drop --db to use the config's url, or set blobs = \"files\"");
}

StatusOr<beian::Store*> Context::Store() {
  if (!store_) {
    BEIAN_RETURN_IF_ERROR(CheckBlobsInStore());
    StoreLocation where{db_path, ""};
    if (IsPostgresUrl(db_path) && !config.store_password.empty()) {
      StatusOr<std::string> password = config.store_password.Resolve();
      if (!password.ok()) return password.status();
      where.password = *password;
    }
    StatusOr<std::unique_ptr<beian::Store>> s = OpenStore(where);
    if (!s.ok()) return s.status();
    store_ = std::move(*s);
  }
  return store_.get();
}

StatusOr<BlobStore*> Context::Blobs() {
  if (blobs_) return blobs_.get();
  if (!config.blobs_in_database) {
    blobs_ = std::make_unique<FileBlobStore>(data_dir);
    return blobs_.get();
  }
  if (Status s = CheckBlobsInStore(); !s.ok()) return s;
  std::string password;
  if (!config.store_password.empty()) {
    StatusOr<std::string> p = config.store_password.Resolve();
    if (!p.ok()) return p.status();
    password = *p;
  }
  StatusOr<std::unique_ptr<PostgresBlobStore>> b =
      PostgresBlobStore::Open({db_path, password});
  if (!b.ok()) return b.status();
  blobs_ = std::move(*b);
  return blobs_.get();
}

namespace {

// A data folder ("config", "templates") no option names: the working
// directory's (a checkout, the demo), else the installed one.
std::string DefaultDataDir(const std::string& name) {
  std::error_code ec;
  if (std::filesystem::is_directory(name, ec)) return name;
  return (std::filesystem::path(BEIAN_INSTALLED_DATA_DIR) / name).string();
}

}  // namespace

std::string Context::ConfigDir() const {
  return config_dir.empty() ? DefaultDataDir("config") : config_dir;
}

std::string Context::TemplatesDir() const {
  return templates_dir.empty() ? DefaultDataDir("templates") : templates_dir;
}

std::string Context::ConfigPath(const std::string& file) const {
  return (std::filesystem::path(ConfigDir()) / file).string();
}

StatusOr<const DivisionTable*> Context::Divisions() {
  if (!divisions_) {
    StatusOr<DivisionTable> t =
        DivisionTable::LoadFile(ConfigPath("divisions.tsv"));
    if (!t.ok()) return t.status();
    divisions_ = std::make_unique<DivisionTable>(std::move(*t));
  }
  return divisions_.get();
}

std::string Context::Actor() const {
  if (!reviewer.empty()) return reviewer;
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "unknown";
}

int Fail(Context& ctx, const Status& status) {
  *ctx.err << "beian: " << status.message() << "\n";
  return 1;
}

StatusOr<ReviewRules> Context::Rules(const std::string& region) {
  auto it = rules_.find(region);
  if (it != rules_.end()) return it->second;
  StatusOr<ReviewRules> r = LoadReviewRules(ConfigPath("rules"), region);
  if (r.ok()) rules_[region] = *r;
  return r;
}

StatusOr<DocumentReader*> Context::Reader() {
  if (no_ocr) return static_cast<DocumentReader*>(nullptr);
  if (!reader_) {
    OcrReaderOptions o;
    o.divisions_tsv = ConfigPath("divisions.tsv");
    o.large_chinese_dir = InstalledLargeChineseDir();
    o.max_pages = config.ocr.max_pages;
    o.max_pixels = long(config.ocr.max_megapixels) * 1'000'000;
    o.pdf_page_pixels = long(config.ocr.pdf_page_megapixels) * 1'000'000;
    StatusOr<std::unique_ptr<DocumentReader>> r = NewTesseractDocumentReader(o);
    if (!r.ok()) return r.status();
    if (o.large_chinese_dir.empty())
      log.Warn("ocr_model_missing", LargeChineseModelMissing());
    reader_ = std::move(*r);
  }
  return reader_.get();
}

namespace {

std::string ThisProgram() {
  std::error_code ec;
  const std::filesystem::path p =
      std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? "/proc/self/exe" : p.string();
}

std::string Absolute(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path p = std::filesystem::absolute(path, ec);
  return ec ? path : p.string();
}

}  // namespace

StatusOr<DocumentQueue*> Context::Queue() {
  if (no_ocr) return static_cast<DocumentQueue*>(nullptr);
  if (pool_) return static_cast<DocumentQueue*>(pool_.get());
  if (inline_queue_) return static_cast<DocumentQueue*>(inline_queue_.get());
  const OcrConfig& o = config.ocr;
  int workers = ocr_workers >= 0 ? ocr_workers : o.workers;
  if (ocr_workers < 0 && workers == 0)
    workers = std::max(1u, std::thread::hardware_concurrency());
  if (workers == 0) {
    StatusOr<DocumentReader*> reader = Reader();
    if (!reader.ok()) return reader.status();
    inline_queue_ = std::make_unique<InlineDocumentQueue>(**reader);
    return static_cast<DocumentQueue*>(inline_queue_.get());
  }
  WorkerPoolOptions w;
  w.command = {ThisProgram(),           "ocr-worker",
               "--divisions",           Absolute(ConfigPath("divisions.tsv")),
               "--memory-mb",           std::to_string(o.worker_memory_mb),
               "--max-pages",           std::to_string(o.max_pages),
               "--max-megapixels",      std::to_string(o.max_megapixels),
               "--pdf-page-megapixels", std::to_string(o.pdf_page_megapixels)};
  w.workers = workers;
  w.document_deadline = o.document_deadline;
  w.memory_mb = size_t(o.worker_memory_mb);
  if (InstalledLargeChineseDir().empty())
    log.Warn("ocr_model_missing", LargeChineseModelMissing());
  pool_ = std::make_unique<WorkerPool>(std::move(w), log);
  return static_cast<DocumentQueue*>(pool_.get());
}

ProgressLine& Context::Progress() {
  if (!progress_) {
    const bool terminal = err == &std::cerr && ::isatty(STDERR_FILENO);
    progress_ = std::make_unique<ProgressLine>(*err, terminal, log, clock);
  }
  return *progress_;
}

StatusOr<CrashJournal*> Context::Journal() {
  if (!journal_) {
    StatusOr<std::unique_ptr<CrashJournal>> j =
        CrashJournal::Open(data_dir + "/inflight");
    if (!j.ok()) return j.status();
    journal_ = std::move(*j);
    InstallCrashHandlers();
  }
  return journal_.get();
}

Status Context::LoadConfig(const std::string& path) {
  StatusOr<ServiceConfig> c = LoadServiceConfig(path);
  if (!c.ok()) return c.status();
  config = std::move(*c);
  config_file = path;
  db_path = config.store_url.empty() ? config.store_path : config.store_url;
  data_dir = config.data_dir;
  outbox_dir = config.outbox_dir;
  return Status::Ok();
}

StatusOr<std::unique_ptr<MailSender>> Context::Sender() {
  auto routing = std::make_unique<RegionRoutingSender>(
      std::make_unique<FileMailSender>(outbox_dir));
  for (const RegionConfig& r : config.regions) {
    if (r.smtp_url.empty()) continue;
    StatusOr<std::string> password = r.smtp_password.Resolve();
    if (!password.ok()) return password.status();
    routing->Add(r.code,
                 std::make_unique<PacedMailSender>(
                     std::make_unique<SmtpMailSender>(SmtpAccount{
                         r.smtp_url, r.smtp_user, *password, r.ca_file}),
                     r.smtp_max_per_minute),
                 r.from);
  }
  return std::unique_ptr<MailSender>(std::move(routing));
}

RegionIdentity Context::Region(const std::string& code) {
  if (!from.empty()) return {code, from};
  if (const RegionConfig* r = config.Region(code);
      r != nullptr && !r->from.empty()) {
    return {code, r->from};
  }
  std::string name = "医保经办机构";
  StatusOr<const DivisionTable*> d = Divisions();
  if (d.ok()) {
    if (auto n = (*d)->Lookup(code)) name = *n + "医保经办机构";
  }
  const std::string address =
      "beian" + code + "@" + std::string(kUnconfiguredSenderDomain);
  if (warned_regions_.insert(code).second) {
    log.Warn("reply_from_missing",
             "region " + code + " has no sender: replies say From: " + address +
                 "; set from in its [[regions]] entry or pass --from");
  }
  return {code, name + " <" + address + ">"};
}

StatusOr<const WorkingDayCalendar*> Context::Calendar() {
  if (!calendar_) {
    StatusOr<WorkingDayCalendar> c = LoadCalendarDir(ConfigPath("calendar"));
    if (!c.ok()) return c.status();
    calendar_ = std::make_unique<WorkingDayCalendar>(std::move(*c));
  }
  return calendar_.get();
}

StatusOr<const OfficeHours*> Context::Hours(const std::string& region) {
  auto it = hours_.find(region);
  if (it == hours_.end()) {
    StatusOr<OfficeHours> h =
        LoadOfficeHours(ConfigPath("office_hours.toml"), region);
    if (!h.ok()) return h.status();
    it = hours_.emplace(region, std::move(*h)).first;
  }
  return &it->second;
}

StatusOr<Decisions*> Context::GetDecisions() {
  if (decisions_) return decisions_.get();
  StatusOr<beian::Store*> store = Store();
  if (!store.ok()) return store.status();
  StatusOr<ReplyComposer> composer = ReplyComposer::Load(TemplatesDir());
  if (!composer.ok()) return composer.status();
  composer_ = std::make_unique<ReplyComposer>(std::move(*composer));
  auto rules_for = [this](const std::string& r) { return Rules(r); };
  replies_ = std::make_unique<TemplateReplyFactory>(
      *composer_, clock, [this](const std::string& c) { return Region(c); },
      rules_for);
  decisions_ = std::make_unique<Decisions>(**store, **store, *replies_,
                                           rules_for, clock, log);
  decisions_->set_due_time(
      [this](const std::string& region, TimePoint t) -> StatusOr<TimePoint> {
        StatusOr<const WorkingDayCalendar*> cal = Calendar();
        if (!cal.ok()) return cal.status();
        StatusOr<const OfficeHours*> hours = Hours(region);
        if (!hours.ok()) return hours.status();
        DueResult due = DueTime(**cal, **hours, t);
        for (const std::string& w : due.warnings) log.Warn("calendar", w);
        return due.due;
      });
  decisions_->set_auto_reply_check(
      [this](const CaseDetail& d) -> StatusOr<std::string> {
        if (d.mails.empty()) return std::string("no mail to answer");
        StatusOr<BlobStore*> blobs = Blobs();
        if (!blobs.ok()) return blobs.status();
        StatusOr<std::string> raw = (*blobs)->Get(d.mails.back().raw_path);
        if (!raw.ok()) return raw.status();
        StatusOr<ParsedMail> mail = ParseMime(*raw);
        if (!mail.ok()) return std::string("latest mail cannot be parsed");
        AutoReplyVerdict v = CheckAutoReply(*mail);
        return v.allowed ? std::string() : v.reason;
      });
  return decisions_.get();
}

Status Context::SweepAndSend(bool quiet) {
  StatusOr<Decisions*> d = GetDecisions();
  if (!d.ok()) return d.status();
  StatusOr<SweepStats> sweep = (*d)->Sweep();
  if (!sweep.ok()) return sweep.status();
  StatusOr<beian::Store*> store = Store();
  StatusOr<std::unique_ptr<MailSender>> transport = Sender();
  if (!transport.ok()) return transport.status();
  OutboxSender sender(**store, **transport, clock, log,
                      "beian@" + std::string(kUnconfiguredSenderDomain));
  StatusOr<SendStats> sent = sender.SendDue();
  if (!sent.ok()) return sent.status();
  if (!quiet) {
    *out << "replies: acknowledged " << sweep->acknowledged << ", corrected "
         << sweep->auto_corrected << " automatically, held " << sweep->held
         << "; sent " << sent->sent << ", retrying " << sent->retried
         << ", failed " << sent->failed << "\n";
  }
  return Status::Ok();
}

}  // namespace beian::cli
