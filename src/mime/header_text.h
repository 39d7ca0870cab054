// Header text: RFC 2047 encoded words, RFC 2231 parameters, addresses.
#ifndef BEIAN_MIME_HEADER_TEXT_H_
#define BEIAN_MIME_HEADER_TEXT_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "beian/mime/parsed_mail.h"

namespace beian::internal {

// Decodes RFC 2047 encoded words (B and Q, any charset) in an unfolded header
// value. Adjacent words in one charset are joined before conversion, so a
// multi-byte character split across two words survives. Raw 8-bit text is
// taken as UTF-8 when valid, else GB18030. Appends repairs to `warnings`
// when given.
std::string DecodeHeaderText(std::string_view raw,
                             std::vector<std::string>* warnings = nullptr);

// "multipart/mixed; boundary=\"b\"; name*0*=UTF-8''%E5%BC%A0" ->
// value "multipart/mixed", params {"boundary": "b", "name": "张..."}.
// Parameter names are lower-cased; RFC 2231 continuations and charsets are
// joined and decoded; encoded words inside quoted values are decoded too.
struct HeaderParams {
  std::string value;
  std::map<std::string, std::string> params;
};
HeaderParams ParseHeaderParams(std::string_view raw,
                               std::vector<std::string>* warnings = nullptr);

// First address of an address-list header: `"张三" <a@qq.com>`,
// `=?GBK?B?...?= <a@qq.com>`, `a@qq.com (张三)`, `a@qq.com`.
MailAddress ParseAddress(std::string_view raw,
                         std::vector<std::string>* warnings = nullptr);
std::vector<MailAddress> ParseAddressList(std::string_view raw);

// "<a@b> <c@d>" -> {"a@b", "c@d"}; tolerates missing brackets and commas.
std::vector<std::string> ParseMessageIds(std::string_view raw);

}  // namespace beian::internal

#endif  // BEIAN_MIME_HEADER_TEXT_H_
