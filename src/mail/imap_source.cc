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

Status ImapMailSource::Start() {
  StatusOr<MailboxStatus> st = client_.Status(folder_);
  if (!st.ok()) return st.status();
  status_ = *st;
  StatusOr<std::vector<uint32_t>> uids = client_.ListUids(folder_);
  if (!uids.ok()) return uids.status();
  pending_.assign(uids->begin(), uids->end());
  listed_ = uids->size();
  if (account_.after_fetch == "move" && !pending_.empty()) {
    (void)client_.CreateFolder(account_.processed_folder);  // may exist
  }
  return Status::Ok();
}

StatusOr<std::optional<RawMail>> ImapMailSource::Next() {
  if (!started_) {
    started_ = true;  // a failed start ends this poll: the error is reported once
    BEIAN_RETURN_IF_ERROR(Start());
  }
  while (!pending_.empty()) {
    const uint32_t uid = pending_.front();
    pending_.pop_front();
    const SourceKey key = KeyFor(uid);
    if (is_known_ && is_known_(key)) {
      BEIAN_RETURN_IF_ERROR(Acknowledge(key));  // committed before, not moved
      continue;
    }
    StatusOr<std::string> bytes = client_.Fetch(folder_, status_.uidvalidity, uid);
    if (!bytes.ok()) {
      pending_.clear();  // the connection is gone: stop this poll
      return bytes.status();
    }
    return std::optional<RawMail>(RawMail{key, std::move(*bytes)});
  }
  return std::optional<RawMail>();
}

Status ImapMailSource::Acknowledge(const SourceKey& source) {
  const std::optional<uint32_t> uid = UidOf(source.key);
  if (!uid) return InvalidArgument("not an IMAP key: " + source.key);
  Status s = account_.after_fetch == "flag"
                 ? client_.Flag(folder_, *uid)
                 : client_.Move(folder_, *uid, account_.processed_folder);
  if (s.ok()) ++moved_;
  return s;
}

}  // namespace beian
