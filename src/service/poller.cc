#include "beian/service/poller.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "beian/base/china_time.h"
#include "beian/base/text.h"
#include "beian/service/process_presence.h"

namespace beian {
namespace {

// The address in `from`, else `user`.
std::string SupportEmail(const RegionConfig& r) {
  return r.from.find('@') != std::string::npos ? AddressPart(r.from)
                                               : r.imap_user;
}

// True when the account's saved state says its next poll is later.
StatusOr<bool> NotDueYet(Store& store, const RegionConfig& r,
                         const std::string& source, TimePoint now) {
  StatusOr<std::vector<AccountState>> states = store.ListAccounts();
  if (!states.ok()) return states.status();
  for (const AccountState& s : *states) {
    if (s.region == r.code && s.source == source && s.next_poll_at &&
        *s.next_poll_at > now) {
      return true;
    }
  }
  return false;
}

// "host:pid": this process, for people reading `beian status`.
std::string ThisProcess() {
  return ThisHost() + ":" + std::to_string(::getpid());
}

// 128 random bits in hex: tells two acquisitions apart even when a pid is
// reused on the same host.
std::string NewLeaseToken() {
  std::random_device rd;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  for (int i = 0; i < 4; ++i) {
    for (uint32_t v = rd(), n = 0; n < 8; ++n, v >>= 4) token += kHex[v & 15];
  }
  return token;
}

// What `beian poll` says of a mailbox another process is polling.
std::string HeldBy(const std::string& source, const Lease& held) {
  return "mailbox " + source + " is being polled by " + held.holder +
         " until " + FormatChinaTime(held.expires_at).substr(11) +
         "; nothing done";
}

}  // namespace

ImapAccount ImapAccountOf(const RegionConfig& r, std::string password) {
  ImapAccount a;
  // IMAP quoted strings are ASCII: the agency by its division code.
  a.client_id = {{"name", "beian"},
                 {"version", BEIAN_VERSION},
                 {"vendor", "medical insurance agency " + r.code},
                 {"support-email", SupportEmail(r)}};
  a.region = r.code;
  a.url = r.imap_url;
  a.user = r.imap_user;
  a.password = std::move(password);
  a.ca_file = r.ca_file;
  a.after_fetch = r.after_fetch;
  a.processed_folder = r.processed_folder;
  return a;
}

namespace {

std::chrono::seconds Backoff(int failures, std::chrono::seconds max) {
  std::chrono::seconds d{60};
  for (int i = 1; i < failures && d < max; ++i) d *= 2;
  return std::min(d, max);
}

// Mails of one poll are committed without waiting for the disk; one sync of
// the store's and the data dir's filesystems precedes each batch of moves,
// so the server lets go only of mails that are durable here (about 100 mails
// per sync instead of four syncs per mail).
class GroupCommit {
 public:
  GroupCommit(Store& store, BlobStore& blobs) : store_(store), blobs_(blobs) {}
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;
  ~GroupCommit() {
    (void)Sync();
    blobs_.set_defer_sync(false);
    (void)store_.SetDeferredSync(false);
  }
  Status Begin() {
    blobs_.set_defer_sync(true);
    return store_.SetDeferredSync(true);
  }
  Status Sync() {
    BEIAN_RETURN_IF_ERROR(blobs_.SyncAll());
    return store_.SyncToDisk();
  }

 private:
  Store& store_;
  BlobStore& blobs_;
};

// An account's connections, one per imap_connections: `main` lists, fetches
// and moves; `extra` only fetch (and close first).
struct Connections {
  std::unique_ptr<ImapClient> main;
  std::vector<std::unique_ptr<ImapClient>> extra;
};

Connections Connect(const ImapClientFactory& factory,
                    const ImapAccount& account, int connections) {
  Connections c;
  c.main = factory(account);
  for (int i = 1; i < connections; ++i) c.extra.push_back(factory(account));
  return c;
}

// Known means stored whole: a row whose file a power cut took is fetched
// again and restored by the pipeline.
bool StoredWhole(Store& store, const BlobStore& blobs, const SourceKey& key) {
  StatusOr<std::optional<MailRecord>> m = store.FindMailBySource(key);
  return m.ok() && m->has_value() && blobs.Has((*m)->raw_path, (*m)->size);
}

// Listed mails the poll did not move (or flag): left for the next poll.
size_t Backlog(const ImapMailSource& src) {
  return src.listed() - std::min<size_t>(src.listed(), src.moved());
}

}  // namespace

int PollReport::errors() const {
  int n = 0;
  for (const AccountPoll& a : accounts) n += a.error.empty() ? 0 : 1;
  return n;
}

StatusOr<std::unique_ptr<AccountLock>> AccountLock::TryAcquire(
    const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(),
                                      ec);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return IoError("cannot open lock file " + path + ": " +
                   std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return FailedPrecondition("another beian is polling this account (" + path +
                              ")");
  }
  return std::unique_ptr<AccountLock>(new AccountLock(fd));
}

AccountLock::~AccountLock() {
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
}

Poller::Poller(const ServiceConfig& config, Store& store, BlobStore& blobs,
               const Clock& clock, const DivisionTable* divisions, Logger& log,
               ImapClientFactory factory)
    : config_(config),
      store_(store),
      blobs_(blobs),
      clock_(clock),
      divisions_(divisions),
      log_(log),
      factory_(std::move(factory)),
      lease_holder_(ThisProcess()) {}

StatusOr<PollReport> Poller::PollOnce(bool only_due) {
  PollReport report;
  for (const RegionConfig& r : config_.regions) {
    if (should_stop_ && should_stop_()) break;
    if (r.imap_url.empty()) continue;
    StatusOr<AccountPoll> p = PollRegion(r, only_due);
    if (!p.ok()) return p.status();
    report.accounts.push_back(std::move(*p));
  }
  return report;
}

void Poller::Equip(IntakePipeline& pipeline) {
  pipeline.set_should_stop(
      [this] { return lease_lost_ || (should_stop_ && should_stop_()); });
  pipeline.set_document_reader(reader_);
  if (queue_ != nullptr) pipeline.set_document_queue(queue_);
  pipeline.set_mail_read_budget(read_budget_);
  pipeline.set_progress([this](const IntakeProgress& p) {
    if (!KeepLease()) lease_lost_ = true;
    if (progress_) progress_(p);
  });
  pipeline.set_crash_journal(journal_);
  pipeline.set_reading(reading_);
  pipeline.set_read_claims(lease_holder_, config_.read_lease);
}

StatusOr<AccountPoll> Poller::PollRegion(const RegionConfig& r, bool only_due) {
  AccountPoll poll;
  poll.region = r.code;
  // Its mails' source too (databases before schema 7 named it otherwise).
  const std::string source = ImapSourceName(r.imap_user, r.imap_url);
  if (only_due) {
    StatusOr<bool> not_due = NotDueYet(store_, r, source, clock_.Now());
    if (!not_due.ok()) return not_due.status();
    if (*not_due) {
      poll.skipped_because = "not due";
      return poll;
    }
  }
  Lease lease{source, lease_holder_, NewLeaseToken(),
              clock_.Now() + config_.poll_lease};
  StatusOr<Lease> held = store_.TryAcquireLease(lease, clock_.Now());
  if (!held.ok()) return held.status();
  if (held->token != lease.token) {
    poll.skipped_because = HeldBy(source, *held);
    log_.Info("poll_leased", r.code + ": " + poll.skipped_because);
    return poll;
  }
  Status polled = Status::Ok();
  StatusOr<std::unique_ptr<AccountLock>> lock =
      AccountLock::TryAcquire(config_.data_dir + "/locks/" + r.code + ".lock");
  if (lock.ok()) {
    poll.polled = true;
    lease_ = &lease;
    lease_renewed_ = clock_.Now();
    lease_lost_ = false;
    polled = PollAccount(r, source, poll);
    lease_ = nullptr;
  } else {
    poll.skipped_because = lock.status().message();
  }
  // Not released, it expires by itself (poll_lease).
  if (Status s = store_.ReleaseLease(lease.name, lease.token); !s.ok())
    log_.Warn("lease_not_released", source + ": " + s.message());
  BEIAN_RETURN_IF_ERROR(polled);
  return poll;
}

bool Poller::KeepLease() {
  if (lease_ == nullptr) return true;
  const TimePoint now = clock_.Now();
  if (now - lease_renewed_ < config_.poll_lease / 3) return true;
  Status s =
      store_.RenewLease(lease_->name, lease_->token, now + config_.poll_lease);
  if (s.ok()) {
    lease_renewed_ = now;
    return true;
  }
  log_.Error("lease_lost", s.message() +
                               "; this poll stops, the mail read "
                               "so far is kept");
  return false;
}

Status Poller::PollAccount(const RegionConfig& r, const std::string& source,
                           AccountPoll& poll) {
  StatusOr<std::string> password = r.imap_password.Resolve();
  if (!password.ok()) {
    poll.error = password.status().message();
    return Record(r, source, poll, 0);
  }
  const ImapAccount account = ImapAccountOf(r, *password);
  GroupCommit group(store_, blobs_);  // outlives `src`, whose end moves
  BEIAN_RETURN_IF_ERROR(group.Begin());
  // Outlive `src` and its workers.
  const Connections clients = Connect(factory_, account, r.imap_connections);
  ImapMailSource src(account, *clients.main, [this](const SourceKey& k) {
    return StoredWhole(store_, blobs_, k);
  });
  src.set_durability_barrier([&group] { return group.Sync(); });
  for (const auto& extra : clients.extra) src.add_fetch_client(*extra);
  IntakePipeline pipeline(store_, blobs_, clock_, divisions_, log_);
  Equip(pipeline);
  StatusOr<IntakeStats> stats = pipeline.Run(src);
  if (!stats.ok()) return stats.status();  // the store failed: stop everything
  poll.stats = *stats;
  poll.error = stats->last_source_error;
  if (const std::string id = clients.main->IdRefused(); !id.empty())
    log_.Warn("imap_id_refused", r.code + ": " + id + " (ignored)");
  return Record(r, source, poll, Backlog(src));
}

Status Poller::Record(const RegionConfig& r, const std::string& source,
                      AccountPoll& poll, size_t backlog) {
  AccountState state;
  StatusOr<std::vector<AccountState>> states = store_.ListAccounts();
  if (!states.ok()) return states.status();
  for (const AccountState& s : *states) {
    if (s.region == r.code && s.source == source) state = s;
  }
  state.region = r.code;
  state.source = source;
  state.backlog = static_cast<int>(backlog);
  const TimePoint now = clock_.Now();
  if (poll.error.empty()) {
    state.last_success_at = now;
    state.failures = 0;
    state.next_poll_at = now + r.poll_interval;
    log_.Info("poll_ok", r.code + " read " + std::to_string(poll.stats.read) +
                             " new " + std::to_string(poll.stats.stored));
  } else {
    state.last_error = poll.error;
    state.last_error_at = now;
    ++state.failures;
    state.next_poll_at = now + Backoff(state.failures, config_.max_backoff);
    log_.Error("poll_failed", r.code + ": " + poll.error);
    // Providers lock an account that keeps failing to log in: say so loudly
    // once the backoff has not helped.
    if (state.failures == kFailuresToAlert) {
      log_.Error("account_alert",
                 r.code + ": " + std::to_string(state.failures) +
                     " polls in a row failed; the next tries wait longer "
                     "(up to max_backoff). Fix the account before the "
                     "provider locks it for repeated failed logins: run "
                     "`beian accounts check " +
                     r.code + "`");
    }
  }
  return store_.SaveAccount(state);
}

}  // namespace beian
