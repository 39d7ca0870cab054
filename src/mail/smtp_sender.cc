#include "beian/mail/smtp_sender.h"

#include <cstring>
#include <functional>

#include "beian/base/text.h"
#include "curl_handle.h"

namespace beian {
namespace {

struct Upload {
  std::string_view left;
  const std::function<bool()>* before_end = nullptr;
  bool handed_over = false;  // all bytes given to libcurl, end of data next
  bool aborted = false;      // before_end said no: the server has nothing
};

// libcurl stops asking once it has the declared size, so the hand-over is
// marked when the last bytes are asked for, before they leave: the server
// cannot have the whole message before the mark.
size_t ReadUpload(char* buf, size_t size, size_t n, void* user) {
  auto* up = static_cast<Upload*>(user);
  const size_t len = std::min(size * n, up->left.size());
  if (len == up->left.size() && !up->handed_over) {
    up->handed_over = true;
    if (up->before_end != nullptr && *up->before_end && !(*up->before_end)()) {
      up->aborted = true;
      return CURL_READFUNC_ABORT;
    }
  }
  std::memcpy(buf, up->left.data(), len);
  up->left.remove_prefix(len);
  return len;
}

// Envelope address from "Name <addr>" or "addr".
std::string EnvelopeAddress(const std::string& s) {
  return "<" + AddressPart(s) + ">";
}

}  // namespace

std::string ToCrlf(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 40);
  for (size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < bytes.size() && bytes[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  return out;
}

SmtpMailSender::SmtpMailSender(SmtpAccount account)
    : account_(std::move(account)), curl_(internal::NewCurl().release()) {}

SmtpMailSender::~SmtpMailSender() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Status SmtpMailSender::Send(const OutgoingMail& mail) {
  CURL* c = static_cast<CURL*>(curl_);
  char errbuf[CURL_ERROR_SIZE] = {};
  const std::string data = ToCrlf(mail.bytes);
  Upload up{data, &mail.before_end_of_data};
  // MAIL FROM is the login address (QQ and NetEase refuse any other: 501
  // Mail from address must be same as authorization user).
  const std::string from = EnvelopeAddress(
      account_.user.find('@') != std::string::npos ? account_.user : mail.from);
  internal::CurlList rcpt(
      curl_slist_append(nullptr, EnvelopeAddress(mail.to).c_str()),
      &curl_slist_free_all);
  curl_easy_setopt(c, CURLOPT_URL, account_.url.c_str());
  curl_easy_setopt(c, CURLOPT_USERNAME, account_.user.c_str());
  curl_easy_setopt(c, CURLOPT_PASSWORD, account_.password.c_str());
  internal::SetTlsAndTimeouts(c, account_.ca_file,
                              static_cast<long>(account_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(c, CURLOPT_READDATA, &up);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE,
                   static_cast<curl_off_t>(data.size()));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  internal::ServerWords words;
  internal::RecordServerWords(c, &words);
  const CURLcode rc = curl_easy_perform(c);
  curl_easy_setopt(c, CURLOPT_DEBUGDATA, nullptr);
  // The handle outlives this call: drop pointers into this stack frame.
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, nullptr);
  curl_easy_setopt(c, CURLOPT_READDATA, nullptr);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
  if (rc == CURLE_OK) return Status::Ok();
  return internal::WithServerWords(
      Failure(c, rc, mail, &up, errbuf, words.Said()), words);
}

Status SmtpMailSender::Failure(void* curl, int curl_code,
                               const OutgoingMail& mail, const void* upload,
                               const char* errbuf,
                               const std::string& server_words) const {
  CURL* c = static_cast<CURL*>(curl);
  const auto rc = static_cast<CURLcode>(curl_code);
  const Upload& up = *static_cast<const Upload*>(upload);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  const std::string what =
      "SMTP to " + mail.to + " via " + account_.url +
      (code ? " (server said " + std::to_string(code) + ")" : "");
  if (up.handed_over && !up.aborted && code < 400) {
    return OutcomeUnknown(
        what + ": the whole reply was handed over and no answer came (" +
        (errbuf[0] ? errbuf : curl_easy_strerror(rc)) +
        "); the server may have it, so it is not sent again on its own");
  }
  // "550 ... frequency limited" (QQ, NetEase): throttled, not refused.
  const bool throttled =
      internal::SaysFrequencyLimited(server_words + " " + errbuf);
  if (code >= 500 && code < 600 && rc != CURLE_LOGIN_DENIED && !throttled) {
    return InvalidArgument(what + ": " +
                           (errbuf[0] ? errbuf : curl_easy_strerror(rc)));
  }
  if ((code >= 400 && code < 500) || throttled) {
    return IoError(what + ": " + (errbuf[0] ? errbuf : curl_easy_strerror(rc)));
  }
  return internal::CurlError(rc, what, errbuf);
}

}  // namespace beian
