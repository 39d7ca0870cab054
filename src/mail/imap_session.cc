#include "imap_session.h"

#include <openssl/ssl.h>
#include <poll.h>

#include <optional>
#include <utility>

#include "beian/base/text.h"

namespace beian::internal {
namespace {

constexpr size_t kReceiveChunk = 256 * 1024;

// OpenSSL reads ahead into a buffer that holds several TLS records, so one
// recv() brings many (Dovecot sends 4 KB records: a 200 KB mail took about
// a hundred system calls). Read-ahead starts only after libcurl's login:
// libcurl 7.88 waits on the socket while OpenSSL may hold records it has
// not decoded yet. Our own reads are safe: Receive() reads until libcurl
// says CURLE_AGAIN before it waits on the socket.
int TlsSlotIndex() {
  static const int index =
      SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

void RememberTls(const SSL* ssl, int where, int) {
  if ((where & SSL_CB_HANDSHAKE_DONE) == 0) return;
  auto* slot = static_cast<void**>(
      SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), TlsSlotIndex()));
  if (slot != nullptr) *slot = const_cast<SSL*>(ssl);
}

// libcurl's CURLOPT_SSL_CTX_FUNCTION; `slot` is ImapSession::tls_.
CURLcode PrepareTls(CURL*, void* ssl_ctx, void* slot) {
  auto* ctx = static_cast<SSL_CTX*>(ssl_ctx);
  SSL_CTX_set_default_read_buffer_len(ctx, 128 * 1024);
  SSL_CTX_set_ex_data(ctx, TlsSlotIndex(), slot);
  SSL_CTX_set_info_callback(ctx, RememberTls);
  return CURLE_OK;
}

// "a7 OK done" for tag "a7": the status word and the rest.
std::optional<std::pair<std::string, std::string>> TaggedAnswer(
    std::string_view text, const std::string& tag) {
  if (text.size() <= tag.size() || !text.starts_with(tag) ||
      text[tag.size()] != ' ')
    return std::nullopt;
  std::string_view rest = text.substr(tag.size() + 1);
  const size_t space = rest.find(' ');
  std::string word(rest.substr(0, space));
  std::string words(space == std::string_view::npos ? ""
                                                    : rest.substr(space + 1));
  return std::make_pair(AsciiLower(word), std::move(words));
}

}  // namespace

ImapSession::ImapSession(ImapAccount account)
    : account_(std::move(account)), curl_(nullptr, &curl_easy_cleanup) {
  base_ = ParseImapUrl(account_.url).value_or(ImapUrl{account_.url, ""}).base;
}

ImapSession::~ImapSession() {
  if (curl_ != nullptr) {
    // Polite, and not waited for: the connection closes either way.
    const std::string bye = "z LOGOUT\r\n";
    size_t sent = 0;
    (void)curl_easy_send(curl_.get(), bye.data(), bye.size(), &sent);
  }
}

std::string ImapSession::Where() const {
  return " (" + base_ + ", user " + account_.user + ")";
}

Status ImapSession::Connect() {
  curl_ = NewCurl();
  CURL* c = curl_.get();
  const std::string url = base_ + "/";
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_USERNAME, account_.user.c_str());
  curl_easy_setopt(c, CURLOPT_PASSWORD, account_.password.c_str());
  SetTlsAndTimeouts(c, account_.ca_file,
                    static_cast<long>(account_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);
  // Only libcurl built on OpenSSL (Debian's) takes these; others ignore them.
  tls_ = nullptr;
  (void)curl_easy_setopt(c, CURLOPT_SSL_CTX_FUNCTION, PrepareTls);
  (void)curl_easy_setopt(c, CURLOPT_SSL_CTX_DATA, &tls_);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf_);
  errbuf_[0] = '\0';
  words_ = ServerWords();
  RecordServerWords(c, &words_);
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    Status s =
        WithServerWords(CurlError(rc, "IMAP login" + Where(), errbuf_), words_);
    Close();
    return s;
  }
  curl_easy_getinfo(c, CURLINFO_ACTIVESOCKET, &socket_);
  if (tls_ != nullptr) SSL_set_read_ahead(static_cast<SSL*>(tls_), 1);
  if (socket_ == CURL_SOCKET_BAD) {
    Close();
    return IoError("IMAP login" + Where() + ": libcurl kept no connection");
  }
  return Status::Ok();
}

Status ImapSession::EnsureConnected() {
  if (curl_ != nullptr) return Status::Ok();
  BEIAN_RETURN_IF_ERROR(Connect());
  std::string lines;
  BEIAN_RETURN_IF_ERROR(
      Run("CAPABILITY", "IMAP CAPABILITY" + Where(), CollectInto(lines)));
  capabilities_ = ParseCapabilities(lines);
  id_refused_.clear();
  if (account_.client_id.empty() || !capabilities_.contains("id"))
    return Status::Ok();
  Status id = Run(IdCommand(account_.client_id), "IMAP ID");
  if (!id.ok() && curl_ == nullptr) return id;  // the connection is gone
  if (!id.ok()) id_refused_ = id.message();
  return Status::Ok();
}

void ImapSession::Close() {
  curl_.reset();
  socket_ = CURL_SOCKET_BAD;
  tls_ = nullptr;
  reader_ = ImapResponseReader();
  selected_.clear();
  selected_uidvalidity_ = 0;
  capabilities_.clear();
}

Status ImapSession::Wait(short events) {
  pollfd p{socket_, events, 0};
  const int ms = static_cast<int>(account_.timeout.count() * 1000);
  const int n = ::poll(&p, 1, ms);
  if (n > 0) return Status::Ok();
  if (n == 0) {
    return IoError("IMAP server gave no answer for " +
                   std::to_string(account_.timeout.count()) + " s" + Where());
  }
  return IoError("IMAP connection" + Where() + ": poll failed");
}

Status ImapSession::SendAll(std::string_view bytes) {
  while (!bytes.empty()) {
    size_t sent = 0;
    const CURLcode rc =
        curl_easy_send(curl_.get(), bytes.data(), bytes.size(), &sent);
    if (rc == CURLE_AGAIN) {
      BEIAN_RETURN_IF_ERROR(Wait(POLLOUT));
      continue;
    }
    if (rc != CURLE_OK) return CurlError(rc, "IMAP send" + Where(), nullptr);
    bytes.remove_prefix(sent);
  }
  return Status::Ok();
}

Status ImapSession::Receive(const std::function<void(ImapResponse&&)>& out) {
  buffer_.resize(kReceiveChunk);
  for (;;) {
    size_t got = 0;
    const CURLcode rc =
        curl_easy_recv(curl_.get(), buffer_.data(), buffer_.size(), &got);
    if (rc == CURLE_AGAIN) {
      BEIAN_RETURN_IF_ERROR(Wait(POLLIN));
      continue;
    }
    if (rc != CURLE_OK) return CurlError(rc, "IMAP receive" + Where(), nullptr);
    if (got == 0) {
      return IoError("IMAP server closed the connection" + Where() +
                     "; the next poll tries again");
    }
    return reader_.Feed(std::string_view(buffer_.data(), got), out);
  }
}

Status ImapSession::Run(std::string_view command, const std::string& what,
                        const OnUntagged& on_untagged) {
  BEIAN_RETURN_IF_ERROR(EnsureConnected());
  const std::string tag = "b" + std::to_string(next_tag_++);
  std::string line = tag + " ";
  line.append(command);
  line += "\r\n";
  Status s = SendAll(line);
  Status first_error = Status::Ok();
  bool bye = false;
  std::optional<std::pair<std::string, std::string>> answer;
  const auto take = [&](ImapResponse&& r) {
    if (answer) return;  // nothing follows the tagged answer we wait for
    if (auto a = TaggedAnswer(r.text, tag)) {
      answer = std::move(a);
      return;
    }
    if (StartsWithIgnoreCase(r.text, "* BYE")) bye = true;
    if (on_untagged && first_error.ok())
      first_error = on_untagged(std::move(r));
  };
  while (s.ok() && !answer) s = Receive(take);
  if (!s.ok()) {
    Close();  // the stream's state is unknown: start afresh next time
    if (bye) return IoError(what + Where() + ": the server ended the session");
    return Status(s.code(), what + ": " + s.message());
  }
  if (answer->first != "ok") {
    return WithServerWords(IoError(what + Where() + ": server said " +
                                   answer->first + " " + answer->second),
                           ServerWords());
  }
  return first_error;
}

ImapSession::OnUntagged ImapSession::CollectInto(std::string& lines) {
  return [&lines](ImapResponse&& r) {
    lines += r.text + "\r\n";
    return Status::Ok();
  };
}

StatusOr<uint32_t> ImapSession::Select(const std::string& folder) {
  if (curl_ != nullptr && selected_ == folder) return selected_uidvalidity_;
  StatusOr<std::string> name = QuoteMailboxName(folder);
  if (!name.ok()) return name.status();
  selected_.clear();  // a refused SELECT leaves none selected
  std::string lines;
  Status s =
      Run("SELECT " + *name, "IMAP SELECT " + folder, CollectInto(lines));
  if (!s.ok()) return s;
  std::optional<MailboxStatus> st = ParseMailboxStatus(lines);
  if (!st)
    return IoError("IMAP SELECT " + folder + Where() + " gave no UIDVALIDITY");
  selected_ = folder;
  selected_uidvalidity_ = st->uidvalidity;
  selected_status_ = *st;
  return selected_uidvalidity_;
}

StatusOr<MailboxStatus> ImapSession::SelectFresh(const std::string& folder) {
  selected_.clear();
  StatusOr<uint32_t> validity = Select(folder);
  if (!validity.ok()) return validity.status();
  return selected_status_;
}

}  // namespace beian::internal
