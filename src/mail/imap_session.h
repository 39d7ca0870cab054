// An IMAP conversation on a connection libcurl opened and logged in.
//
//   ImapSession s(account);
//   Status st = s.Run("UID FETCH 3:9 (UID BODY.PEEK[])", "IMAP fetch",
//                     [&](ImapResponse&& r) { ...; return Status::Ok(); });
//
// libcurl connects, verifies TLS (implicit or STARTTLS), reads the greeting
// and logs in (CURLOPT_CONNECT_ONLY); beian then sends its own commands with
// curl_easy_send/recv. That lets it fetch with BODY.PEEK[] (libcurl's URL
// fetch sends BODY[], which makes the server write a \Seen flag per mail) and
// fetch several mails with one command, each handed over as it arrives.
// A dropped connection or a timeout closes it; the next Run reconnects.
#ifndef BEIAN_MAIL_IMAP_SESSION_H_
#define BEIAN_MAIL_IMAP_SESSION_H_

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "beian/base/status.h"
#include "beian/mail/imap_protocol.h"
#include "beian/mail/imap_source.h"
#include "curl_handle.h"

namespace beian::internal {

class ImapSession {
 public:
  using OnUntagged = std::function<Status(ImapResponse&&)>;

  explicit ImapSession(ImapAccount account);
  ImapSession(const ImapSession&) = delete;
  ImapSession& operator=(const ImapSession&) = delete;
  ~ImapSession();

  // Sends `command` (no tag, no CRLF) and reads until its tagged answer;
  // every untagged response goes to `on_untagged` as it arrives. The first
  // error `on_untagged` returns is the result (the answer is still read to
  // its end). NO/BAD: an error with `what` and the server's words.
  Status Run(std::string_view command, const std::string& what,
             const OnUntagged& on_untagged = nullptr);

  // SELECTs `folder` unless it is selected already on this connection;
  // its UIDVALIDITY.
  StatusOr<uint32_t> Select(const std::string& folder);
  // SELECTs `folder` again and returns what the server said of it (for a
  // server whose STATUS says nothing, like Coremail's "* STATUS "INBOX" ()").
  StatusOr<MailboxStatus> SelectFresh(const std::string& folder);

  const std::string& base() const { return base_; }
  // Connects and logs in unless connected: then asks CAPABILITY (a server
  // may list more after login than in its greeting) and sends ID where it
  // is offered; a NO or BAD to ID is kept (id_refused) and otherwise
  // ignored.
  Status EnsureConnected();
  // Of the current connection, lower case.
  const std::set<std::string>& capabilities() const { return capabilities_; }
  // The server's greeting on the current connection.
  const std::string& greeting() const { return words_.first; }
  // The server's NO/BAD answer to ID on the current connection, or "".
  const std::string& id_refused() const { return id_refused_; }

  // An OnUntagged that appends each response's text and CRLF to `lines`.
  static OnUntagged CollectInto(std::string& lines);

 private:
  Status Connect();
  void Close();
  Status SendAll(std::string_view bytes);
  // Waits for bytes (up to the account's timeout) and feeds them to reader_.
  Status Receive(const std::function<void(ImapResponse&&)>& out);
  Status Wait(short events);
  std::string Where() const;

  ImapAccount account_;
  std::string base_;  // "imaps://host:993"
  CurlHandle curl_;
  curl_socket_t socket_ = CURL_SOCKET_BAD;
  void* tls_ = nullptr;  // OpenSSL's SSL of this connection, once handshaken
  ImapResponseReader reader_;
  std::string buffer_;
  uint64_t next_tag_ = 1;
  std::string selected_;  // folder selected on this connection
  uint32_t selected_uidvalidity_ = 0;
  MailboxStatus selected_status_;
  std::set<std::string> capabilities_;
  std::string id_refused_;
  char errbuf_[CURL_ERROR_SIZE] = {};
  ServerWords words_;  // what the server said while libcurl logged in
};

}  // namespace beian::internal

#endif  // BEIAN_MAIL_IMAP_SESSION_H_
