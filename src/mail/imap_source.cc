#include "beian/mail/imap_source.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include "beian/base/sha256.h"

namespace beian {
namespace {

Status Gone() { return NotFound("no longer in the folder"); }

std::optional<uint32_t> UidOf(const std::string& key) {
  const size_t colon = key.find(':');
  if (colon == std::string::npos) return std::nullopt;
  uint32_t uid = 0;
  auto [p, ec] =
      std::from_chars(key.data() + colon + 1, key.data() + key.size(), uid);
  if (ec != std::errc() || p != key.data() + key.size()) return std::nullopt;
  return uid;
}

}  // namespace

std::string ImapSourceName(std::string_view user, std::string_view url) {
  const size_t scheme = url.find("://");
  std::string_view host =
      scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  host = host.substr(0, host.find('/'));
  const std::string folder =
      ParseImapUrl(url).value_or(ImapUrl{"", "INBOX"}).folder;
  return "imap://" + std::string(user) + "@" + std::string(host) + "/" + folder;
}

ImapMailSource::ImapMailSource(ImapAccount account, ImapClient& client,
                               std::function<bool(const SourceKey&)> is_known,
                               size_t prefetch)
    : account_(std::move(account)),
      client_(client),
      is_known_(std::move(is_known)),
      prefetch_(prefetch) {
  folder_ = ParseImapUrl(account_.url).value_or(ImapUrl{"", "INBOX"}).folder;
  source_ = ImapSourceName(account_.user, account_.url);
}

SourceKey ImapMailSource::KeyFor(uint32_t uid) const {
  return {account_.region, source_,
          std::to_string(status_.uidvalidity) + ":" + std::to_string(uid)};
}

constexpr uint32_t kListChunk = 500;
constexpr size_t kMoveBatch = 100;

// Every UID below UIDNEXT, listed in chunks.
StatusOr<std::vector<uint32_t>> ImapMailSource::ListAll() {
  std::vector<uint32_t> all;
  const uint32_t last = status_.uidnext > 0 ? status_.uidnext - 1 : UINT32_MAX;
  for (uint32_t first = 1; first <= last; first += kListChunk) {
    const uint32_t to =
        last - first < kListChunk ? last : first + kListChunk - 1;
    StatusOr<std::vector<uint32_t>> uids = client_.ListUids(folder_, first, to);
    if (!uids.ok()) return uids.status();
    all.insert(all.end(), uids->begin(), uids->end());
    if (status_.uidnext == 0) break;  // server gave no UIDNEXT: one open range
    if (to == last) break;
  }
  return all;
}

// The folder's status and UIDs, the count checked against the status: a
// short list is an error, never a silent skip. Another client moving mails
// between the two (a previous beian killed mid-MOVE, a clerk) makes one
// short list; the second look is consistent.
Status ImapMailSource::ListChecked(std::vector<uint32_t>& all) {
  for (int attempt = 1;; ++attempt) {
    StatusOr<MailboxStatus> st = client_.Status(folder_);
    if (!st.ok()) return st.status();
    status_ = *st;
    StatusOr<std::vector<uint32_t>> listed = ListAll();
    if (!listed.ok()) return listed.status();
    all = std::move(*listed);
    if (all.size() >= status_.exists) return Status::Ok();
    if (attempt == 2) {
      return IoError("IMAP listed " + std::to_string(all.size()) + " of " +
                     std::to_string(status_.exists) + " messages in " +
                     folder_ +
                     "; nothing skipped silently: the next poll retries");
    }
  }
}

Status ImapMailSource::Start() {
  std::vector<uint32_t> all;
  BEIAN_RETURN_IF_ERROR(ListChecked(all));
  listed_ = all.size();
  // Known UIDs (committed before, not moved: a crash) are only moved.
  for (uint32_t uid : all) {
    if (is_known_ && is_known_(KeyFor(uid))) {
      to_move_.push_back(uid);
    } else {
      to_fetch_.push_back(uid);
    }
  }
  if (account_.after_fetch == "move" && listed_ > 0) {
    // It may exist; if it does not, a refusal explains the failed move.
    Status created = client_.CreateFolder(account_.processed_folder);
    create_refused_ = created.ok() ? "" : created.message();
  }
  if (prefetch_ > 0 && !to_fetch_.empty()) {
    workers_running_ = 1 + extra_.size();
    workers_.emplace_back([this] { FetchAhead(&client_, &client_mu_); });
    for (ImapClient* c : extra_) {
      workers_.emplace_back([this, c] { FetchAhead(c, nullptr); });
    }
  }
  return Status::Ok();
}

Status ImapClient::FetchEach(const std::string& folder, uint32_t uidvalidity,
                             const std::vector<uint32_t>& uids,
                             const OnFetched& on_mail) {
  for (uint32_t uid : uids) {
    StatusOr<std::string> m = Fetch(folder, uidvalidity, uid);
    if (!m.ok() && m.status().code() == StatusCode::kNotFound) continue;
    if (!m.ok()) return m.status();
    on_mail(uid, std::move(*m));
  }
  return Status::Ok();
}

void ImapMailSource::Put(uint64_t order, Ready r) {  // under mu_
  ready_.emplace(order, std::move(r));
  --in_flight_;
  cv_.notify_all();
}

// Fetches uids[done...] (order numbers from `first`) with one command, each
// mail into ready_ as it arrives; `done` ends at the first UID not handed
// over. A UID the server skipped is marked gone (it stays in the folder).
Status ImapMailSource::FetchBatch(ImapClient* client, std::mutex* client_mu,
                                  const std::vector<uint32_t>& uids,
                                  uint64_t first, size_t& done) {
  std::unique_lock<std::mutex> client_lock;
  if (client_mu != nullptr) client_lock = std::unique_lock(*client_mu);
  const std::vector<uint32_t> rest(uids.begin() + static_cast<long>(done),
                                   uids.end());
  return client->FetchEach(folder_, status_.uidvalidity, rest,
                           [&](uint32_t uid, std::string bytes) {
                             Arrived(uids, first, done, uid, std::move(bytes));
                           });
}

void ImapMailSource::Arrived(const std::vector<uint32_t>& uids, uint64_t first,
                             size_t& done, uint32_t uid, std::string bytes) {
  size_t i = done;
  while (i < uids.size() && uids[i] != uid) ++i;
  if (i == uids.size()) return;        // not asked for, or out of order
  std::string sha = Sha256Hex(bytes);  // here, off the caller's thread
  std::lock_guard lock(mu_);
  for (; done < i; ++done) Put(first + done, Ready{uids[done], Gone(), ""});
  Put(first + i, Ready{uid, std::move(bytes), std::move(sha)});
  done = i + 1;
}

void ImapMailSource::FetchAhead(ImapClient* client, std::mutex* client_mu) {
  const size_t half = std::max<size_t>(1, prefetch_ / 2);
  for (;;) {
    std::vector<uint32_t> uids;
    uint64_t first = 0;
    {
      // A command fetches at least half the window (fewer round trips),
      // and never more than the window (bounded memory).
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] {
        const size_t used = ready_.size() + in_flight_;
        return stop_ || fetch_failed_ ||
               (used < prefetch_ &&
                prefetch_ - used >= std::min(half, to_fetch_.size()));
      });
      if (stop_ || fetch_failed_ || to_fetch_.empty()) break;
      const size_t n =
          std::min(prefetch_ - ready_.size() - in_flight_, to_fetch_.size());
      uids.assign(to_fetch_.begin(), to_fetch_.begin() + static_cast<long>(n));
      to_fetch_.erase(to_fetch_.begin(),
                      to_fetch_.begin() + static_cast<long>(n));
      first = next_taken_;
      next_taken_ += n;
      in_flight_ += n;
    }
    size_t done = 0;
    Status s = FetchBatch(client, client_mu, uids, first, done);
    if (!s.ok() && client != &client_) {
      // An extra connection refused or dropped (a provider allowing one
      // connection per account): this worker goes on with the account's.
      client = &client_;
      client_mu = &client_mu_;
      s = FetchBatch(client, client_mu, uids, first, done);
    }
    std::lock_guard lock(mu_);
    if (s.ok() || done == uids.size()) {  // (a drop after the last mail)
      for (; done < uids.size(); ++done)
        Put(first + done, Ready{uids[done], Gone(), ""});
      continue;
    }
    // A connection gone ends the poll after the mails taken before it.
    Put(first + done, Ready{uids[done], s, ""});
    in_flight_ -= uids.size() - (done + 1);
    fetch_failed_ = true;
    cv_.notify_all();
    break;
  }
  std::lock_guard lock(mu_);
  --workers_running_;
  cv_.notify_all();
}

void ImapMailSource::StopWorker() {
  if (workers_.empty()) return;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (std::thread& w : workers_) w.join();
  workers_.clear();
}

ImapMailSource::~ImapMailSource() {
  StopWorker();
  (void)FlushMoves();
  {
    std::lock_guard lock(move_mu_);
    mover_stop_ = true;
  }
  move_cv_.notify_all();
  if (mover_.joinable()) mover_.join();
}

Status ImapMailSource::MoveBatch(const std::vector<uint32_t>& uids) {
  BEIAN_RETURN_IF_ERROR(barrier_ ? barrier_() : Status::Ok());
  std::lock_guard client_lock(client_mu_);
  if (account_.after_fetch == "flag") return client_.Flag(folder_, uids);
  Status moved = client_.Move(folder_, uids, account_.processed_folder);
  if (moved.ok() || create_refused_.empty()) return moved;
  // QQ keeps user folders under 其他文件夹/ and may refuse to create one.
  return Status(moved.code(),
                moved.message() + "; the server also refused to create " +
                    account_.processed_folder + " (" + create_refused_ +
                    "): create the folder in the web mail first (QQ: 设置 → "
                    "文件夹 → 新建文件夹; it then appears as 其他文件夹/名称), "
                    "or set processed_folder to a folder that exists");
}

void ImapMailSource::MoveWorker() {
  std::unique_lock lock(move_mu_);
  for (;;) {
    move_cv_.wait(lock, [&] { return mover_stop_ || !move_queue_.empty(); });
    if (move_queue_.empty()) return;  // stopping, nothing left
    std::vector<uint32_t> uids = std::move(move_queue_.front());
    move_queue_.pop_front();
    move_busy_ = true;
    lock.unlock();
    Status s = MoveBatch(uids);
    lock.lock();
    move_busy_ = false;
    if (s.ok()) {
      moved_ += static_cast<int>(uids.size());
    } else if (!moves_failed_) {
      moves_failed_ = true;  // not retried now: the next poll finds them known
      move_error_ = s;
      move_queue_.clear();
    }
    move_cv_.notify_all();
  }
}

Status ImapMailSource::QueueMoves(bool all) {
  std::unique_lock lock(move_mu_);
  while (to_move_.size() >= kMoveBatch || (all && !to_move_.empty())) {
    // Back-pressure: the caller runs at most two batches ahead of the mover.
    move_cv_.wait(lock,
                  [&] { return moves_failed_ || move_queue_.size() < 2; });
    if (moves_failed_) {
      to_move_.clear();
      break;
    }
    const size_t n = std::min(kMoveBatch, to_move_.size());
    move_queue_.emplace_back(to_move_.begin(),
                             to_move_.begin() + static_cast<long>(n));
    to_move_.erase(to_move_.begin(), to_move_.begin() + static_cast<long>(n));
    if (!mover_.joinable()) mover_ = std::thread([this] { MoveWorker(); });
    move_cv_.notify_all();
  }
  Status error = std::exchange(move_error_, Status::Ok());  // reported once
  return error;
}

Status ImapMailSource::FlushMoves() {
  BEIAN_RETURN_IF_ERROR(QueueMoves(/*all=*/true));
  std::unique_lock lock(move_mu_);
  move_cv_.wait(lock, [&] { return move_queue_.empty() && !move_busy_; });
  to_move_.clear();  // acknowledged after a failure: left for the next poll
  return std::exchange(move_error_, Status::Ok());
}

StatusOr<std::optional<RawMail>> ImapMailSource::Fetched(Ready r) {
  if (!r.bytes.ok()) {
    StopWorker();
    std::lock_guard lock(mu_);
    to_fetch_.clear();  // the connection is gone: stop this poll
    ready_.clear();
    return r.bytes.status();
  }
  return std::optional<RawMail>(
      RawMail{KeyFor(r.uid), std::move(*r.bytes), std::move(r.sha256)});
}

StatusOr<std::optional<RawMail>> ImapMailSource::Next() {
  if (!started_) {
    // A failed start ends this poll: the error is reported once.
    started_ = true;
    Status s = Start();
    if (!s.ok()) {
      to_fetch_.clear();
      return s;
    }
  }
  if (to_move_.size() >= kMoveBatch) {
    Status s = QueueMoves(/*all=*/false);
    if (!s.ok()) {
      StopWorker();
      to_fetch_.clear();
      return s;
    }
  }
  for (;;) {
    std::optional<Ready> r = Take();
    if (!r) {
      BEIAN_RETURN_IF_ERROR(FlushMoves());
      return std::optional<RawMail>();
    }
    // Gone from the folder since the listing: nothing to take, nothing lost.
    if (!r->bytes.ok() && r->bytes.status().code() == StatusCode::kNotFound)
      continue;
    return Fetched(std::move(*r));
  }
}

// The next mail in UID order, from a worker or fetched here; nullopt at the
// end of the folder.
std::optional<ImapMailSource::Ready> ImapMailSource::Take() {
  if (workers_.empty()) {  // no prefetch, or nothing to fetch
    if (to_fetch_.empty()) return std::nullopt;
    const uint32_t uid = to_fetch_.front();
    to_fetch_.pop_front();
    return Ready{uid, client_.Fetch(folder_, status_.uidvalidity, uid), ""};
  }
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] {
    return ready_.contains(next_delivered_) ||
           (workers_running_ == 0 && in_flight_ == 0);
  });
  auto next = ready_.find(next_delivered_);
  if (next == ready_.end()) {
    lock.unlock();
    StopWorker();
    return std::nullopt;
  }
  Ready r = std::move(next->second);
  ready_.erase(next);
  ++next_delivered_;
  cv_.notify_all();
  return r;
}

Status ImapMailSource::Acknowledge(const SourceKey& source) {
  const std::optional<uint32_t> uid = UidOf(source.key);
  if (!uid) return InvalidArgument("not an IMAP key: " + source.key);
  to_move_.push_back(*uid);
  return Status::Ok();
}

}  // namespace beian
