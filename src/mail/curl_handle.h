// RAII for libcurl, shared by the IMAP client and the SMTP sender.
#ifndef BEIAN_MAIL_CURL_HANDLE_H_
#define BEIAN_MAIL_CURL_HANDLE_H_

#include <curl/curl.h>

#include <memory>
#include <string>
#include <string_view>

#include "beian/base/status.h"

namespace beian::internal {

using CurlHandle = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using CurlList = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

// curl_global_init once per process (thread-safe).
void EnsureCurlGlobalInit();
CurlHandle NewCurl();

// Common TLS and timeout options: TLS required and verified, optional CA
// file, connect timeout, abort when slower than 1 byte/s for `timeout_s`.
void SetTlsAndTimeouts(CURL* curl, const std::string& ca_file, long timeout_s);

// The server's last response line that libcurl saw (its own words when it
// refuses a login), kept by a debug callback.
struct ServerWords {
  std::string first;  // the greeting
  std::string last;   // e.g. "A002 NO Login fail. Account is abnormal, ..."
  // The last refusal (SMTP 4xx/5xx, IMAP NO/BAD): a "221 Bye" after it does
  // not hide it.
  std::string refusal;
  const std::string& Said() const { return refusal.empty() ? last : refusal; }
};
// Records server lines into `words` (which must outlive the transfer).
void RecordServerWords(CURL* curl, ServerWords* words);

// Chinese advice for an operator when `text` holds words a mail provider
// is known to answer with ("" when none matches): QQ/NetEase authorization
// codes, NetEase's Unsafe Login, frequency limits, MAIL FROM that is not
// the login, spam refusals, Exchange without basic authentication.
std::string ProviderHint(std::string_view text);
// Whether `text` says the provider throttles ("frequency limited"): to be
// retried later, even when it comes as a 5xx.
bool SaysFrequencyLimited(std::string_view text);
// `s` with the server's words and ProviderHint appended (unchanged when OK).
Status WithServerWords(Status s, const ServerWords& words);

// Maps a libcurl error to a Status that says what to do. `what` names the
// operation and server ("IMAP login to imaps://host:993").
Status CurlError(CURLcode code, const std::string& what, const char* errbuf);

}  // namespace beian::internal

#endif  // BEIAN_MAIL_CURL_HANDLE_H_
