#include "curl_handle.h"

#include <cstdlib>
#include <mutex>

namespace beian::internal {

void EnsureCurlGlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlHandle NewCurl() {
  EnsureCurlGlobalInit();
  return CurlHandle(curl_easy_init(), &curl_easy_cleanup);
}

void SetTlsAndTimeouts(CURL* curl, const std::string& ca_file, long timeout_s) {
  curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, timeout_s);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, timeout_s);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  // Protocol trace on stderr for operators debugging a mailbox.
  if (std::getenv("BEIAN_CURL_VERBOSE") != nullptr) {
    curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
  }
}

Status CurlError(CURLcode code, const std::string& what, const char* errbuf) {
  const std::string detail =
      what + ": " +
      (errbuf != nullptr && *errbuf ? errbuf : curl_easy_strerror(code));
  switch (code) {
    case CURLE_LOGIN_DENIED:
      return FailedPrecondition(detail +
                                "; check the user and password in the config");
    case CURLE_PEER_FAILED_VERIFICATION:
#if LIBCURL_VERSION_NUM < 0x073e00
    case CURLE_SSL_CACERT:
#endif
    case CURLE_SSL_CACERT_BADFILE:
      return FailedPrecondition(
          detail +
          "; the server's TLS certificate is not trusted: set "
          "ca_file to the agency's CA, or fix the server");
    case CURLE_USE_SSL_FAILED:
      return FailedPrecondition(detail +
                                "; the server does not offer TLS (STARTTLS), "
                                "which beian requires");
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return InvalidArgument(detail + "; check the URL in the config");
    default:
      return IoError(detail);
  }
}

}  // namespace beian::internal
