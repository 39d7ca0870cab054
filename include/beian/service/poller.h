// Polls every region's mailbox once: fetch, commit, move — one account's
// failure is recorded and never stops the others; failing accounts back off.
//
//   Poller poller(config, store, blobs, clock, &divisions, log,
//   NewCurlImapClient); StatusOr<PollReport> r =
//   poller.PollOnce(/*only_due=*/false);
#ifndef BEIAN_SERVICE_POLLER_H_
#define BEIAN_SERVICE_POLLER_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "beian/mail/imap_source.h"
#include "beian/service/config.h"
#include "beian/service/intake_pipeline.h"
#include "beian/store/store.h"

namespace beian {

using ImapClientFactory =
    std::function<std::unique_ptr<ImapClient>(const ImapAccount&)>;

struct AccountPoll {
  std::string region;
  bool polled = false;  // false: not due, leased by another poller, or no IMAP
  std::string skipped_because;
  IntakeStats stats;
  std::string error;  // "" = success
};

struct PollReport {
  std::vector<AccountPoll> accounts;
  int errors() const;
};

// The IMAP account of a region: its URL, login, folders and what beian
// says of itself with IMAP ID.
ImapAccount ImapAccountOf(const RegionConfig& region, std::string password);

// Each mailbox is polled under a lease in the store (LeaseStore), so that
// of all the processes sharing the store (PostgreSQL: many machines) one at
// a time polls it. A mailbox whose lease another holds is skipped, its
// AccountPoll saying by whom and until when.
class Poller {
 public:
  // How long a poll's lease lasts without renewal by default ([service]
  // poll_lease): a poller that died blocks its mailbox at most this long.
  // The poll renews it after each mail once a third of it has passed, so it
  // must exceed the longest time one mail takes (the mail read budget, 3
  // minutes by default).
  static constexpr std::chrono::minutes kLeaseTime{10};

  Poller(const ServiceConfig& config, Store& store, BlobStore& blobs,
         const Clock& clock, const DivisionTable* divisions, Logger& log,
         ImapClientFactory factory);

  void set_should_stop(std::function<bool()> f) { should_stop_ = std::move(f); }
  void set_document_reader(DocumentReader* r) { reader_ = r; }
  // See IntakePipeline: set_document_queue, set_mail_read_budget and
  // set_progress (called for each region's run).
  void set_document_queue(DocumentQueue* q) { queue_ = q; }
  void set_mail_read_budget(std::chrono::milliseconds b) { read_budget_ = b; }
  void set_progress(std::function<void(const IntakeProgress&)> f) {
    progress_ = std::move(f);
  }
  // See IntakePipeline::set_crash_journal.
  void set_crash_journal(CrashJournal* j) { journal_ = j; }
  // false: only fetch and store each mail, leaving it to be read by a
  // process with the read role (`serve --roles poll`). Default true.
  void set_reading(bool reading) { reading_ = reading; }
  // Who this poller is in the leases and read claims it takes; default
  // "host:pid".
  void set_lease_holder(std::string holder) {
    lease_holder_ = std::move(holder);
  }

  // Failed polls in a row after which the log says account_alert.
  static constexpr int kFailuresToAlert = 3;

  // Polls each region with an imap_url (only those due, when `only_due`).
  // Store failures stop the run; account failures are recorded per account.
  StatusOr<PollReport> PollOnce(bool only_due);

 private:
  StatusOr<AccountPoll> PollRegion(const RegionConfig& region, bool only_due);
  // Reads a locked account's mail into the store and records the poll in its
  // saved state (before the poll's group commit ends). Only store failures
  // are errors; the account's own go to poll.error.
  Status PollAccount(const RegionConfig& region, const std::string& source,
                     AccountPoll& poll);
  // Gives a region's pipeline this poller's stop flag, reader, queue,
  // budget, progress and crash journal.
  void Equip(IntakePipeline& pipeline);
  // Renews the mailbox's lease once a third of its time has passed since
  // it was last renewed; false when it was lost (the poll then stops).
  bool KeepLease();
  Status Record(const RegionConfig& region, const std::string& source,
                AccountPoll& poll, size_t backlog);

  const ServiceConfig& config_;
  Store& store_;
  BlobStore& blobs_;
  const Clock& clock_;
  const DivisionTable* divisions_;
  Logger& log_;
  ImapClientFactory factory_;
  std::function<bool()> should_stop_;
  DocumentReader* reader_ = nullptr;
  DocumentQueue* queue_ = nullptr;
  std::chrono::milliseconds read_budget_{std::chrono::minutes(3)};
  std::function<void(const IntakeProgress&)> progress_;
  CrashJournal* journal_ = nullptr;
  bool reading_ = true;
  std::string lease_holder_;
  // The lease of the mailbox being polled (null between polls) and when it
  // was last renewed; a lost lease stops the poll.
  Lease* lease_ = nullptr;
  TimePoint lease_renewed_;
  bool lease_lost_ = false;
};

// An exclusive, non-blocking lock on a file (flock): two pollers never work
// on the same account. Released when destroyed.
class AccountLock {
 public:
  static StatusOr<std::unique_ptr<AccountLock>> TryAcquire(
      const std::string& path);
  ~AccountLock();

 private:
  explicit AccountLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace beian

#endif  // BEIAN_SERVICE_POLLER_H_
