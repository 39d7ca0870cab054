// libFuzzer target for ParseMime: any bytes must give a ParsedMail or an
// error Status, never a crash, leak or undefined behaviour. Every decoded
// byte is read afterwards so AddressSanitizer checks the whole result.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "beian/mime/parsed_mail.h"

namespace {

// Reads every byte of `s`; the sum goes to a volatile so it is not elided.
void Touch(std::string_view s) {
  unsigned sum = 0;
  for (char c : s) sum += static_cast<unsigned char>(c);
  volatile unsigned sink = sum;
  (void)sink;
}

void TouchMail(const beian::ParsedMail& mail) {
  Touch(mail.subject);
  Touch(mail.from.address);
  Touch(mail.from.name);
  if (mail.reply_to) Touch(*mail.reply_to);
  for (const beian::MailAddress& to : mail.to) Touch(to.address + to.name);
  Touch(mail.message_id);
  Touch(mail.in_reply_to);
  for (const std::string& r : mail.references) Touch(r);
  Touch(mail.date);
  Touch(mail.text);
  for (const beian::Attachment& a : mail.attachments) {
    Touch(a.filename);
    Touch(a.content_type);
    Touch(a.content_id);
    Touch(a.data);
  }
  for (const std::string& link : mail.large_attachment_links) Touch(link);
  for (const auto& [name, value] : mail.headers) Touch(name + value);
  for (const std::string& w : mail.warnings) Touch(w);
  Touch(mail.Header("Subject"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  beian::StatusOr<beian::ParsedMail> mail = beian::ParseMime(bytes);
  if (mail.ok()) {
    TouchMail(*mail);
  } else {
    Touch(mail.status().message());
  }
  return 0;
}
