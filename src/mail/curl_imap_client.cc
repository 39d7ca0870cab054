// ImapClient over libcurl: one easy handle, so one connection per poll.
#include <cstdint>

#include "beian/mail/imap_source.h"
#include "curl_handle.h"

namespace beian {
namespace {

class CurlImapClient final : public ImapClient {
 public:
  explicit CurlImapClient(const ImapAccount& a) : a_(a), curl_(internal::NewCurl()) {
    base_ = ParseImapUrl(a.url).value_or(ImapUrl{a.url, "INBOX"}).base;
    CURL* c = curl_.get();
    curl_easy_setopt(c, CURLOPT_USERNAME, a_.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, a_.password.c_str());
    internal::SetTlsAndTimeouts(c, a_.ca_file, static_cast<long>(a_.timeout.count()));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, internal::AppendToString);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body_);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf_);
  }

  StatusOr<MailboxStatus> Status(const std::string& folder) override {
    StatusOr<std::string> r =
        Run(base_ + "/", "STATUS \"" + folder + "\" (MESSAGES UIDNEXT UIDVALIDITY)",
            "IMAP STATUS " + folder);
    if (!r.ok()) return r.status();
    std::optional<MailboxStatus> s = ParseMailboxStatus(*r);
    if (!s) return IoError("IMAP STATUS " + folder + " at " + base_ + " gave no UIDVALIDITY");
    return *s;
  }

  StatusOr<std::vector<uint32_t>> ListUids(const std::string& folder,
                                           uint32_t first, uint32_t last) override {
    const std::string range = std::to_string(first) + ":" +
                              (last == UINT32_MAX ? "*" : std::to_string(last));
    StatusOr<std::string> r = Run(FolderUrl(folder), "UID SEARCH UID " + range,
                                  "IMAP UID SEARCH in " + folder);
    if (!r.ok()) return r.status();
    return ParseSearchResponse(*r);
  }

  StatusOr<std::string> Fetch(const std::string& folder, uint32_t uidvalidity,
                              uint32_t uid) override {
    const std::string url = FolderUrl(folder) + ";UIDVALIDITY=" +
                            std::to_string(uidvalidity) + "/;UID=" + std::to_string(uid);
    return Run(url, "", "IMAP fetch of UID " + std::to_string(uid) + " in " + folder);
  }

  beian::Status Move(const std::string& folder, const std::vector<uint32_t>& uids,
                     const std::string& to) override {
    const std::string set = UidSet(uids);
    return Run(FolderUrl(folder), "UID MOVE " + set + " \"" + to + "\"",
               "IMAP move of UIDs " + set + " to " + to)
        .status();
  }

  beian::Status Flag(const std::string& folder,
                     const std::vector<uint32_t>& uids) override {
    const std::string set = UidSet(uids);
    return Run(FolderUrl(folder), "UID STORE " + set + " +FLAGS (\\Seen $Beian)",
               "IMAP flag of UIDs " + set)
        .status();
  }

  beian::Status CreateFolder(const std::string& folder) override {
    return Run(base_ + "/", "CREATE \"" + folder + "\"", "IMAP CREATE " + folder).status();
  }

 private:
  static std::string UidSet(const std::vector<uint32_t>& uids) {
    std::string set;
    for (uint32_t u : uids) set += (set.empty() ? "" : ",") + std::to_string(u);
    return set;
  }

  std::string FolderUrl(const std::string& folder) const {
    return base_ + "/" + EncodeFolder(folder);
  }

  StatusOr<std::string> Run(const std::string& url, const std::string& custom,
                            const std::string& what) {
    CURL* c = curl_.get();
    body_.clear();
    errbuf_[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, custom.empty() ? nullptr : custom.c_str());
    const CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
      return internal::CurlError(rc, what + " (" + base_ + ", user " + a_.user + ")",
                                 errbuf_);
    }
    return std::move(body_);
  }

  ImapAccount a_;
  internal::CurlHandle curl_;
  std::string base_;
  std::string body_;
  char errbuf_[CURL_ERROR_SIZE] = {};
};

}  // namespace

std::unique_ptr<ImapClient> NewCurlImapClient(const ImapAccount& account) {
  return std::make_unique<CurlImapClient>(account);
}

}  // namespace beian
