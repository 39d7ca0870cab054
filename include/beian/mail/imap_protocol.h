// Pure parsing of IMAP responses that libcurl hands back as bytes.
#ifndef BEIAN_MAIL_IMAP_PROTOCOL_H_
#define BEIAN_MAIL_IMAP_PROTOCOL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beian {

struct MailboxStatus {
  uint32_t uidvalidity = 0;
  uint32_t uidnext = 0;
  uint32_t exists = 0;
};

// Untagged lines of an EXAMINE/SELECT or STATUS response:
//   * 3 EXISTS / * OK [UIDVALIDITY 1700000000] / * OK [UIDNEXT 4]
//   * STATUS INBOX (MESSAGES 3 UIDNEXT 4 UIDVALIDITY 1700000000)
// nullopt when no UIDVALIDITY is present.
std::optional<MailboxStatus> ParseMailboxStatus(std::string_view response);

// "* SEARCH 4 7 9" (possibly several lines) -> {4, 7, 9}, ascending.
std::vector<uint32_t> ParseSearchResponse(std::string_view response);

// "imaps://host:993/INBOX" -> base "imaps://host:993", folder "INBOX".
struct ImapUrl {
  std::string base;
  std::string folder;
};
std::optional<ImapUrl> ParseImapUrl(std::string_view url);

// Percent-encodes a folder name for a URL path (spaces, non-ASCII).
std::string EncodeFolder(std::string_view folder);

}  // namespace beian

#endif  // BEIAN_MAIL_IMAP_PROTOCOL_H_
