// A region's mailbox over IMAP as a MailSource.
//
//   auto client = NewCurlImapClient(account);   // libcurl, TLS verified
//   ImapMailSource src(account, *client, [&](const SourceKey& k) { ... });
//   pipeline.Run(src);   // fetch, commit, then move to Processed
//
// Progress lives in the store, not in flags: every UID in the folder is
// listed; one the store already holds (a crash between commit and move) is
// only moved, never fetched again. A worker thread fetches a few mails ahead
// (several per command) on the account's connection while the caller
// commits earlier ones, so network and disk overlap; further connections
// (add_fetch_client) fetch side by side, and mails are still delivered in
// UID order. Keys are
// "UIDVALIDITY:UID", so a reset UIDVALIDITY makes new keys, and the pipeline's
// sha256 check keeps those mails from becoming new cases.
#ifndef BEIAN_MAIL_IMAP_SOURCE_H_
#define BEIAN_MAIL_IMAP_SOURCE_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "beian/mail/imap_protocol.h"
#include "beian/mail/mail_source.h"

namespace beian {

struct ImapAccount {
  std::string region;
  std::string url;  // imaps://host:993/INBOX or imap://host:143/INBOX
  std::string user;
  std::string password;
  std::string ca_file;               // "" = system CAs
  std::string after_fetch = "move";  // move | flag
  std::string processed_folder = "Processed";
  std::chrono::seconds timeout{30};
  // What beian says of itself with IMAP ID after login, where the server
  // offers ID (NetEase refuses SELECT without it): name, version, vendor,
  // support-email. Empty = no ID.
  std::vector<std::pair<std::string, std::string>> client_id;
};

// The IMAP operations beian needs; beian's IMAP client on a libcurl
// connection implements them (it fetches with BODY.PEEK[], so mails keep
// their \Seen flag as they were), tests fake them.
// Errors: FailedPrecondition for what retrying will not fix (login refused,
// untrusted certificate), IoError for the rest (server down, dropped).
class ImapClient {
 public:
  virtual ~ImapClient() = default;
  virtual StatusOr<MailboxStatus> Status(const std::string& folder) = 0;
  // UIDs in [first, last] (callers ask in ranges: each reply stays small).
  virtual StatusOr<std::vector<uint32_t>> ListUids(const std::string& folder,
                                                   uint32_t first,
                                                   uint32_t last) = 0;
  // The whole raw message; an error (never a partial body) when the
  // connection drops or UIDVALIDITY changed, NotFound when the UID is gone.
  virtual StatusOr<std::string> Fetch(const std::string& folder,
                                      uint32_t uidvalidity, uint32_t uid) = 0;
  // Several mails with one command: `on_mail` gets each whole mail as it
  // arrives, in UID order; a UID no longer in the folder is left out. An
  // error (connection gone, UIDVALIDITY changed) may come after some mails
  // were handed over. By default, one Fetch per UID.
  using OnFetched = std::function<void(uint32_t uid, std::string bytes)>;
  virtual beian::Status FetchEach(const std::string& folder,
                                  uint32_t uidvalidity,
                                  const std::vector<uint32_t>& uids,
                                  const OnFetched& on_mail);
  // Moves a set of UIDs in one command ("UID MOVE 3,7,9 Processed").
  virtual beian::Status Move(const std::string& folder,
                             const std::vector<uint32_t>& uids,
                             const std::string& to) = 0;
  virtual beian::Status Flag(const std::string& folder,
                             const std::vector<uint32_t>& uids) = 0;
  virtual beian::Status CreateFolder(const std::string& folder) = 0;
  // The server's NO/BAD answer to IMAP ID on this connection ("" = none or
  // accepted): ignored, but worth a log line.
  virtual std::string IdRefused() const { return ""; }
};

std::unique_ptr<ImapClient> NewCurlImapClient(const ImapAccount& account);

// The one name of an account's folder: the source of every key of its mails
// and the name its saved state (AccountState::source) is found by.
// ImapSourceName("beian@x.cn", "imaps://host:993/INBOX") is
// "imap://beian@x.cn@host:993/INBOX"; a url without a folder means INBOX.
std::string ImapSourceName(std::string_view user, std::string_view url);

class ImapMailSource final : public MailSource {
 public:
  // `is_known` says whether the store holds a mail with this key already;
  // it is asked once per UID, on the caller's thread, when the poll starts.
  // Up to `prefetch` mails are fetched ahead, at least half of them with one
  // command (0: each in Next()).
  ImapMailSource(ImapAccount account, ImapClient& client,
                 std::function<bool(const SourceKey&)> is_known,
                 size_t prefetch = 8);

  StatusOr<std::optional<RawMail>> Next() override;
  // Moves (or flags) are batched: acknowledged UIDs go to the server in sets
  // of up to 100 and when the folder is done. A crash before that leaves them
  // in the folder, where the next poll finds them known and moves them.
  // A mover thread runs each batch (barrier, then the command) while the
  // caller goes on with the next mails; at most two batches wait for it, and
  // the folder's end waits for all of them.
  Status Acknowledge(const SourceKey& source) override;
  // Called (on the mover thread) before each batch of moves or flags: the
  // mails must be durable before the server lets go of them (group commit).
  // An error keeps them, and every later batch of this poll, in the folder
  // for the next poll, and ends this poll.
  void set_durability_barrier(std::function<Status()> barrier) {
    barrier_ = std::move(barrier);
  }
  // Another connection to the same account, used only for fetching, by its
  // own worker (with prefetch > 0). Before the first Next(). When a fetch on
  // it fails, its worker fetches that mail again, and the rest, on the
  // account's connection.
  void add_fetch_client(ImapClient& client) { extra_.push_back(&client); }
  ~ImapMailSource() override;

  // ImapSourceName of the account: the source of every key it hands out.
  const std::string& source_name() const { return source_; }
  uint32_t uidvalidity() const { return status_.uidvalidity; }
  size_t listed() const { return listed_; }  // UIDs in the folder at start
  size_t Expected() const override { return listed_; }
  int moved() const { return moved_.load(); }

 private:
  Status Start();
  StatusOr<std::vector<uint32_t>> ListAll();
  Status ListChecked(std::vector<uint32_t>& all);
  Status QueueMoves(bool all);  // to_move_ to the mover, in batches
  Status FlushMoves();          // queues all and waits until they are done
  void MoveWorker();
  Status MoveBatch(const std::vector<uint32_t>& uids);
  SourceKey KeyFor(uint32_t uid) const;
  struct Ready {
    uint32_t uid;
    StatusOr<std::string> bytes;
    std::string sha256;  // computed by the worker, off the caller's thread
  };
  StatusOr<std::optional<RawMail>> Fetched(Ready r);
  void FetchAhead(ImapClient* client, std::mutex* client_mu);  // a worker
  Status FetchBatch(ImapClient* client, std::mutex* client_mu,
                    const std::vector<uint32_t>& uids, uint64_t first,
                    size_t& done);
  void Arrived(const std::vector<uint32_t>& uids, uint64_t first, size_t& done,
               uint32_t uid, std::string bytes);
  void Put(uint64_t order, Ready r);
  std::optional<Ready> Take();
  void StopWorker();

  ImapAccount account_;
  ImapClient& client_;
  std::function<bool(const SourceKey&)> is_known_;
  std::function<Status()> barrier_;
  const size_t prefetch_;
  std::string folder_;
  std::string source_;
  bool started_ = false;
  MailboxStatus status_;
  std::deque<uint32_t> to_fetch_;  // unknown UIDs, in order
  std::vector<uint32_t> to_move_;
  std::string create_refused_;  // the server's refusal to CREATE the folder
  size_t listed_ = 0;
  std::atomic<int> moved_ = 0;

  // The mover (under move_mu_): batches waiting, one in progress, the first
  // failure (reported once; then nothing more is moved this poll).
  std::mutex move_mu_;
  std::condition_variable move_cv_;
  std::deque<std::vector<uint32_t>> move_queue_;
  bool move_busy_ = false;
  bool mover_stop_ = false;
  bool moves_failed_ = false;
  Status move_error_;
  std::thread mover_;

  // Shared with the workers (all under mu_): fetched mails by the order their
  // UIDs were taken, so delivery stays in UID order. client_mu_ serialises
  // the account's connection between a worker's fetches and the caller's
  // moves; the extra connections belong to their workers alone.
  std::vector<ImapClient*> extra_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<uint64_t, Ready> ready_;
  uint64_t next_taken_ = 0;      // order number of the next UID taken
  uint64_t next_delivered_ = 0;  // order number Next() delivers next
  size_t in_flight_ = 0;
  size_t workers_running_ = 0;
  bool fetch_failed_ = false;
  bool stop_ = false;
  std::mutex client_mu_;
  std::vector<std::thread> workers_;
};

}  // namespace beian

#endif  // BEIAN_MAIL_IMAP_SOURCE_H_
