// ParseMime: mimetic builds the entity tree; everything it does not do
// (header repair, RFC 2047/2231, charsets, naming, limits) is ours.
#include <mimetic/mimetic.h>

#include <memory>

#include "attachment_naming.h"
#include "beian/base/text.h"
#include "beian/mime/parsed_mail.h"
#include "body_text.h"
#include "byte_search.h"
#include "charset.h"
#include "codec.h"
#include "header_repair.h"
#include "header_text.h"
#include "mimetic_search.h"  // before the first load() below

namespace beian {
namespace {

using internal::ParseHeaderParams;

// The next `sep` at or after `from` that could start `sep` + `after`.
size_t NextSeparator(std::string_view hay, size_t from, char sep,
                     std::string_view after) {
  if (after.empty()) return hay.find(sep, from);
  return internal::FindPairIgnoringCase(hay, from, sep, after[0]);
}

// How often `before` + `sep` + `after` occurs, case-insensitively, with
// blanks allowed before `sep` when `after` is empty ("boundary =").
// Searching for the rare separator (with what follows it) keeps this fast on
// megabytes of base64, where '=' only pads line ends.
size_t CountAround(std::string_view hay, std::string_view before, char sep,
                   std::string_view after) {
  size_t n = 0;
  for (size_t at = NextSeparator(hay, 0, sep, after);
       at != std::string_view::npos;
       at = NextSeparator(hay, at + 1, sep, after)) {
    size_t start = at;
    if (after.empty()) {
      while (start > 0 && (hay[start - 1] == ' ' || hay[start - 1] == '\t'))
        --start;
    }
    if (start < before.size() ||
        !EqualsIgnoreCase(hay.substr(start - before.size(), before.size()),
                          before)) {
      continue;
    }
    if (EqualsIgnoreCase(hay.substr(at + 1, after.size()), after)) ++n;
  }
  return n;
}

std::string FieldValue(const mimetic::MimeEntity& e, std::string_view name) {
  for (const mimetic::Field& f : e.header()) {
    if (EqualsIgnoreCase(f.name(), name)) return f.value();
  }
  return "";
}

struct BodyTexts {
  std::string plain, html, fwd_plain, fwd_html;
};

class TreeWalker {
 public:
  TreeWalker(ParsedMail& mail, const MimeLimits& limits)
      : mail_(mail), limits_(limits) {}

  Status Walk(const mimetic::MimeEntity& e, size_t depth, bool in_forwarded);
  void Finish();

 private:
  void Leaf(const mimetic::MimeEntity& e, const internal::HeaderParams& ct,
            bool in_forwarded);
  void AddText(const std::string& type, std::string text, bool in_forwarded);

  ParsedMail& mail_;
  const MimeLimits& limits_;
  size_t parts_ = 0;
  BodyTexts texts_;
  std::vector<bool> needs_name_;
};

Status TreeWalker::Walk(const mimetic::MimeEntity& e, size_t depth,
                        bool in_forwarded) {
  if (++parts_ > limits_.max_parts) {
    return ResourceExhausted("more than " + std::to_string(limits_.max_parts) +
                             " MIME parts");
  }
  if (depth > limits_.max_depth) {
    return ResourceExhausted("MIME parts nested deeper than " +
                             std::to_string(limits_.max_depth) + " levels");
  }
  internal::HeaderParams ct =
      ParseHeaderParams(FieldValue(e, "Content-Type"), &mail_.warnings);
  ct.value = AsciiLower(ct.value);
  const bool forwarded = ct.value == "message/rfc822";
  const auto& children = e.body().parts();
  for (const mimetic::MimeEntity* child : children) {
    BEIAN_RETURN_IF_ERROR(Walk(*child, depth + 1, in_forwarded || forwarded));
  }
  if (children.empty()) {
    if (ct.value.starts_with("multipart/")) {
      mail_.warnings.push_back("multipart part without sub-parts read as text");
      ct.value = "text/plain";
    }
    Leaf(e, ct, in_forwarded);
  }
  return Status::Ok();
}

std::string DecodeTransfer(const mimetic::MimeEntity& e) {
  const std::string cte =
      AsciiLower(TrimSpace(FieldValue(e, "Content-Transfer-Encoding")));
  const std::string& body = e.body();
  if (cte == "base64") return internal::DecodeBase64(body);
  if (cte == "quoted-printable") return internal::DecodeQuotedPrintable(body);
  return body;
}

void TreeWalker::Leaf(const mimetic::MimeEntity& e,
                      const internal::HeaderParams& ct, bool in_forwarded) {
  const internal::HeaderParams disposition =
      ParseHeaderParams(FieldValue(e, "Content-Disposition"), &mail_.warnings);
  std::string name =
      disposition.params.contains("filename")
          ? disposition.params.at("filename")
          : (ct.params.contains("name") ? ct.params.at("name") : "");
  const bool is_text =
      ct.value.empty() || ct.value == "text/plain" || ct.value == "text/html";
  const bool attached = AsciiLower(disposition.value) == "attachment";
  std::string data = DecodeTransfer(e);
  if (is_text && name.empty() && !attached) {
    const std::string charset =
        ct.params.contains("charset") ? ct.params.at("charset") : "";
    internal::Converted c = internal::ToUtf8(data, charset);
    if (!c.exact) mail_.warnings.push_back("body: " + c.warning);
    AddText(ct.value, internal::NormalizeNewlines(c.text), in_forwarded);
    return;
  }
  Attachment a;
  a.content_type = internal::EffectiveContentType(ct.value, data);
  a.filename = internal::CleanFilename(name);
  needs_name_.push_back(a.filename.empty());
  std::vector<std::string> ids =
      internal::ParseMessageIds(FieldValue(e, "Content-ID"));
  if (!ids.empty()) a.content_id = ids[0];
  a.data = std::move(data);
  a.in_forwarded = in_forwarded;
  mail_.attachments.push_back(std::move(a));
}

void AppendPart(std::string& to, const std::string& text) {
  if (!to.empty()) to += "\n";
  to += text;
}

void TreeWalker::AddText(const std::string& type, std::string text,
                         bool in_forwarded) {
  const bool html = type == "text/html";
  std::string& to = in_forwarded ? (html ? texts_.fwd_html : texts_.fwd_plain)
                                 : (html ? texts_.html : texts_.plain);
  AppendPart(to, text);
}

void TreeWalker::Finish() {
  for (size_t i = 0; i < mail_.attachments.size(); ++i) {
    if (!needs_name_[i]) continue;
    Attachment& a = mail_.attachments[i];
    a.filename = "attachment-" + std::to_string(i + 1) + "." +
                 internal::ExtensionFor(a.content_type);
  }
  for (const std::string* body :
       {&texts_.plain, &texts_.html, &texts_.fwd_plain, &texts_.fwd_html}) {
    for (std::string& link : internal::FindLargeAttachmentLinks(*body)) {
      if (std::find(mail_.large_attachment_links.begin(),
                    mail_.large_attachment_links.end(),
                    link) == mail_.large_attachment_links.end()) {
        mail_.large_attachment_links.push_back(std::move(link));
      }
    }
  }
  if (!texts_.plain.empty()) {
    mail_.text = texts_.plain;
  } else if (!texts_.html.empty()) {
    mail_.text = internal::HtmlToText(texts_.html);
    mail_.text_from_html = true;
  } else if (!texts_.fwd_plain.empty()) {
    mail_.text = texts_.fwd_plain;
  } else if (!texts_.fwd_html.empty()) {
    mail_.text = internal::HtmlToText(texts_.fwd_html);
    mail_.text_from_html = true;
  }
}

void ReadTopHeaders(const mimetic::MimeEntity& root, ParsedMail& mail) {
  for (const mimetic::Field& f : root.header()) {
    mail.headers.emplace_back(f.name(), f.value());
  }
  std::vector<std::string>* w = &mail.warnings;
  mail.subject = std::string(
      TrimSpace(internal::DecodeHeaderText(mail.Header("Subject"), w)));
  mail.from = internal::ParseAddress(mail.Header("From"), w);
  const std::string reply_to = mail.Header("Reply-To");
  if (!TrimSpace(reply_to).empty()) {
    MailAddress r = internal::ParseAddress(reply_to, w);
    if (!r.address.empty()) mail.reply_to = r.address;
  }
  mail.to = internal::ParseAddressList(mail.Header("To"));
  std::vector<std::string> ids =
      internal::ParseMessageIds(mail.Header("Message-ID"));
  if (!ids.empty()) mail.message_id = ids[0];
  ids = internal::ParseMessageIds(mail.Header("In-Reply-To"));
  if (!ids.empty()) mail.in_reply_to = ids[0];
  mail.references = internal::ParseMessageIds(mail.Header("References"));
  mail.date = std::string(TrimSpace(mail.Header("Date")));
}

Status CheckSize(std::string_view bytes, const MimeLimits& limits) {
  if (TrimSpace(bytes).empty()) return InvalidArgument("the message is empty");
  if (bytes.size() > limits.max_bytes) {
    return ResourceExhausted("the message is " + std::to_string(bytes.size()) +
                             " bytes, more than the limit of " +
                             std::to_string(limits.max_bytes));
  }
  // mimetic recurses once per multipart or message/rfc822 level: bound the
  // number of levels it could see before handing it the bytes.
  const size_t containers = CountAround(bytes, "boundary", '=', "") +
                            CountAround(bytes, "message", '/', "rfc822");
  if (containers > limits.max_parts) {
    return ResourceExhausted("more than " + std::to_string(limits.max_parts) +
                             " multipart or forwarded parts");
  }
  return Status::Ok();
}

}  // namespace

std::string ParsedMail::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) return v;
  }
  return "";
}

StatusOr<ParsedMail> ParseMime(std::string_view bytes,
                               const MimeLimits& limits) {
  BEIAN_RETURN_IF_ERROR(CheckSize(bytes, limits));
  StatusOr<internal::RepairedMessage> repaired =
      internal::RepairHeaderBlock(bytes, limits.max_header_bytes);
  if (!repaired.ok()) return repaired.status();
  if (repaired->header_fields == 0) {
    return InvalidArgument(
        "not a mail message: no header fields (From:, Subject:, ...) at the "
        "start of the file");
  }
  ParsedMail mail;
  mail.warnings = std::move(repaired->warnings);
  auto root = std::make_unique<mimetic::MimeEntity>();
  try {
    const std::string& b = repaired->bytes;
    root->load(b.data(), b.data() + b.size());  // see mimetic_search.h
  } catch (const std::exception& e) {
    return InvalidArgument(std::string("MIME structure could not be read: ") +
                           e.what());
  }
  ReadTopHeaders(*root, mail);
  TreeWalker walker(mail, limits);
  BEIAN_RETURN_IF_ERROR(walker.Walk(*root, 0, false));
  walker.Finish();
  return mail;
}

}  // namespace beian
