#include "beian/mail/imap_source.h"

#include <charconv>

namespace beian {
namespace {

std::string SourceName(const ImapAccount& a, const std::string& folder) {
  const size_t scheme = a.url.find("://");
  std::string host = scheme == std::string::npos ? a.url : a.url.substr(scheme + 3);
  host = host.substr(0, host.find('/'));
  return "imap://" + a.user + "@" + host + "/" + folder;
}

std::optional<uint32_t> UidOf(const std::string& key) {
  const size_t colon = key.find(':');
  if (colon == std::string::npos) return std::nullopt;
  uint32_t uid = 0;
  auto [p, ec] = std::from_chars(key.data() + colon + 1, key.data() + key.size(), uid);
  if (ec != std::errc() || p != key.data() + key.size()) return std::nullopt;
  return uid;
}

}  // namespace

ImapMailSource::ImapMailSource(ImapAccount account, ImapClient& client,
                               std::function<bool(const SourceKey&)> is_known)
    : account_(std::move(account)), client_(client), is_known_(std::move(is_known)) {
  folder_ = ParseImapUrl(account_.url).value_or(ImapUrl{"", "INBOX"}).folder;
  source_ = SourceName(account_, folder_);
}

SourceKey ImapMailSource::KeyFor(uint32_t uid) const {
  return {account_.region, source_,
          std::to_string(status_.uidvalidity) + ":" + std::to_string(uid)};
}

constexpr uint32_t kListChunk = 500;
constexpr size_t kMoveBatch = 100;

// Lists every UID below UIDNEXT in chunks, and checks the count against the
// STATUS message count: a short list is an error, never a silent skip.
Status ImapMailSource::ListAll() {
  const uint32_t last = status_.uidnext > 0 ? status_.uidnext - 1 : UINT32_MAX;
  for (uint32_t first = 1; first <= last; first += kListChunk) {
    const uint32_t to = last - first < kListChunk ? last : first + kListChunk - 1;
    StatusOr<std::vector<uint32_t>> uids = client_.ListUids(folder_, first, to);
    if (!uids.ok()) return uids.status();
    pending_.insert(pending_.end(), uids->begin(), uids->end());
    if (status_.uidnext == 0) break;  // server gave no UIDNEXT: one open range
    if (to == last) break;
  }
  listed_ = pending_.size();
  if (listed_ < status_.exists) {
    return IoError("IMAP listed " + std::to_string(listed_) + " of " +
                   std::to_string(status_.exists) + " messages in " + folder_ +
                   "; nothing skipped silently: the next poll retries");
  }
  return Status::Ok();
}

Status ImapMailSource::Start() {
  StatusOr<MailboxStatus> st = client_.Status(folder_);
  if (!st.ok()) return st.status();
  status_ = *st;
  BEIAN_RETURN_IF_ERROR(ListAll());
  if (account_.after_fetch == "move" && !pending_.empty()) {
    (void)client_.CreateFolder(account_.processed_folder);  // may exist
  }
  return Status::Ok();
}

ImapMailSource::~ImapMailSource() { (void)FlushMoves(); }

Status ImapMailSource::FlushMoves() {
  if (to_move_.empty()) return Status::Ok();
  std::vector<uint32_t> uids;
  uids.swap(to_move_);
  Status s = account_.after_fetch == "flag"
                 ? client_.Flag(folder_, uids)
                 : client_.Move(folder_, uids, account_.processed_folder);
  if (s.ok()) moved_ += static_cast<int>(uids.size());
  return s;
}

StatusOr<std::optional<RawMail>> ImapMailSource::Next() {
  if (!started_) {
    started_ = true;  // a failed start ends this poll: the error is reported once
    Status s = Start();
    if (!s.ok()) {
      pending_.clear();
      return s;
    }
  }
  while (!pending_.empty()) {
    const uint32_t uid = pending_.front();
    pending_.pop_front();
    const SourceKey key = KeyFor(uid);
    if (is_known_ && is_known_(key)) {
      BEIAN_RETURN_IF_ERROR(Acknowledge(key));  // committed before, not moved
      continue;
    }
    if (to_move_.size() >= kMoveBatch) {
      Status s = FlushMoves();
      if (!s.ok()) {
        pending_.clear();
        return s;
      }
    }
    StatusOr<std::string> bytes = client_.Fetch(folder_, status_.uidvalidity, uid);
    if (!bytes.ok()) {
      pending_.clear();  // the connection is gone: stop this poll
      return bytes.status();
    }
    return std::optional<RawMail>(RawMail{key, std::move(*bytes)});
  }
  BEIAN_RETURN_IF_ERROR(FlushMoves());
  return std::optional<RawMail>();
}

Status ImapMailSource::Acknowledge(const SourceKey& source) {
  const std::optional<uint32_t> uid = UidOf(source.key);
  if (!uid) return InvalidArgument("not an IMAP key: " + source.key);
  to_move_.push_back(*uid);
  return Status::Ok();
}

}  // namespace beian
