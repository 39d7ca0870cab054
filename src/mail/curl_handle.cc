#include "curl_handle.h"

#include <cctype>
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

namespace {

int KeepServerWords(CURL*, curl_infotype type, char* data, size_t size,
                    void* user) {
  if (type != CURLINFO_HEADER_IN) return 0;
  std::string line(data, size);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
    line.pop_back();
  auto* words = static_cast<ServerWords*>(user);
  if (line.empty()) return 0;
  if (words->first.empty()) words->first = line;
  words->last = line;
  if (line[0] == '4' || line[0] == '5' ||
      line.find(" NO ") != std::string::npos ||
      line.find(" BAD ") != std::string::npos) {
    words->refusal = line;
  }
  return 0;
}

struct Hint {
  std::string_view words;  // matched case-insensitively
  std::string_view advice;
};

// The providers' words, from their help pages and public client bug
// reports (Thunderbird, imapsync, himalaya, MailKit, Delta Chat).
constexpr Hint kHints[] = {
    {"authorization code",
     "请使用邮箱授权码（QQ邮箱：设置→账户→开启 IMAP/SMTP 服务→生成授权码），"
     "不是登录密码"},
    {"authorized code",
     "请使用邮箱授权码（设置→账户→开启 IMAP/SMTP "
     "服务→生成授权码），不是登录密码"},
    {"login fail",
     "请使用邮箱授权码（QQ邮箱：设置→账户→开启 IMAP/SMTP 服务→生成授权码），"
     "不是登录密码；也请确认已开启 IMAP/SMTP 服务、没有登录过于频繁"},
    {"unsafe login",
     "网易/Coremail 要求客户端登录后先发送 IMAP ID：这是 beian 的缺陷，不是密码"
     "问题；请把这条信息发给 beian 的维护者"},
    {"frequency",
     "发送或登录过于频繁，被服务商限流：beian "
     "会放慢并稍后重试，请勿反复手动重试"},
    {"must be same as authorization user",
     "发件地址必须与登录账号相同：把该地区的 from 改为登录邮箱地址"},
    {"dt:spm",
     "服务商把这封回复当作垃圾邮件拒收（554 DT:SPM）：不会自动重发，请审核人员"
     "查看回复内容后再处理"},
    {"basic authentication is disabled",
     "该邮箱（Outlook/Exchange）已关闭基本认证，需要 OAuth2，beian 目前不支持；"
     "请改用支持授权码的邮箱"},
};

bool ContainsIgnoreCase(std::string_view text, std::string_view words) {
  if (words.size() > text.size()) return false;
  for (size_t i = 0; i + words.size() <= text.size(); ++i) {
    size_t k = 0;
    while (k < words.size() &&
           std::tolower(static_cast<unsigned char>(text[i + k])) ==
               static_cast<unsigned char>(words[k]))
      ++k;
    if (k == words.size()) return true;
  }
  return false;
}

}  // namespace

void RecordServerWords(CURL* curl, ServerWords* words) {
  curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, KeepServerWords);
  curl_easy_setopt(curl, CURLOPT_DEBUGDATA, words);
  curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);  // the callback needs it
}

bool SaysFrequencyLimited(std::string_view text) {
  return ContainsIgnoreCase(text, "frequency");
}

std::string ProviderHint(std::string_view text) {
  for (const Hint& h : kHints) {
    if (ContainsIgnoreCase(text, h.words)) return std::string(h.advice);
  }
  return "";
}

Status WithServerWords(Status s, const ServerWords& words) {
  if (s.ok()) return s;
  std::string message = s.message();
  const std::string& said = words.Said();
  if (!said.empty() && message.find(said) == std::string::npos)
    message += " (server: " + said + ")";
  const std::string hint = ProviderHint(message);
  if (!hint.empty()) message += "。" + hint;
  return Status(s.code(), std::move(message));
}

}  // namespace beian::internal
