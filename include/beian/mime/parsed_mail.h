// A citizen's mail, decoded: what the rest of beian needs and nothing of
// mimetic.
//
//   StatusOr<ParsedMail> mail = ParseMime(raw_bytes);
//   if (!mail.ok()) Quarantine(mail.status().message());   // says why
//   for (const Attachment& a : mail->attachments) Store(a.filename, a.data);
//
// Parsing is lenient like a good mail client: broken structure, charsets and
// headers are repaired where possible and each repair is listed in
// `warnings`. Only a mail that is not a mail at all, or exceeds MimeLimits,
// is an error.
#ifndef BEIAN_MIME_PARSED_MAIL_H_
#define BEIAN_MIME_PARSED_MAIL_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "beian/base/status.h"

namespace beian {

struct MailAddress {
  std::string address;  // "zhang@qq.com" (as written, trimmed)
  std::string name;     // decoded display name, "" if none
};

struct Attachment {
  std::string filename;      // decoded; generated when missing (attachment-N.jpg)
  std::string content_type;  // lower-case type/subtype, sniffed when generic
  std::string content_id;    // without <>, "" if none (inline images)
  std::string data;          // decoded bytes
  bool in_forwarded = false; // inside a message/rfc822 part
};

struct ParsedMail {
  std::string subject;  // RFC 2047 decoded, UTF-8, unfolded
  MailAddress from;
  std::optional<std::string> reply_to;  // address only
  std::vector<MailAddress> to;
  std::string message_id;               // without <>
  std::string in_reply_to;              // without <>
  std::vector<std::string> references;  // without <>, oldest first
  std::string date;                     // the Date header as written
  std::string text;            // from text/plain, else HTML with tags stripped
  bool text_from_html = false;
  std::vector<Attachment> attachments;  // depth-first document order
  // QQ Mail / NetEase 超大附件 download links found in the body: the files
  // live on the provider's server and cannot be fetched by us.
  std::vector<std::string> large_attachment_links;
  // Top-level header fields, unfolded, values as written (for loop checks).
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::string> warnings;  // each repair or fallback, in English

  // The first top-level header named `name` (case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

struct MimeLimits {
  size_t max_bytes = 64 * 1024 * 1024;
  size_t max_parts = 500;
  size_t max_depth = 16;            // multipart + message/rfc822 nesting
  size_t max_header_bytes = 256 * 1024;  // one header block
};

// Errors: InvalidArgument when the bytes are not a mail (empty, no header
// fields); ResourceExhausted when a limit is exceeded. The message says which
// and is suitable as a quarantine reason.
StatusOr<ParsedMail> ParseMime(std::string_view bytes,
                               const MimeLimits& limits = {});

}  // namespace beian

#endif  // BEIAN_MIME_PARSED_MAIL_H_
