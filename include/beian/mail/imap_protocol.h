// Pure parsing of IMAP responses: the bytes a server sends on the connection
// libcurl opened and logged in, split into responses and read.
#ifndef BEIAN_MAIL_IMAP_PROTOCOL_H_
#define BEIAN_MAIL_IMAP_PROTOCOL_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "beian/base/status.h"

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

// "* CAPABILITY IMAP4rev1 MOVE UIDPLUS" -> {"imap4rev1", "move", "uidplus"}
// (lower case; every CAPABILITY line counts).
std::set<std::string> ParseCapabilities(std::string_view response);

// "imaps://host:993/INBOX" -> base "imaps://host:993", folder "INBOX".
struct ImapUrl {
  std::string base;
  std::string folder;
};
std::optional<ImapUrl> ParseImapUrl(std::string_view url);

// A folder name as an IMAP quoted string, non-ASCII in modified UTF-7
// (RFC 3501 5.1.3): "已处理" -> "&XfJZBHQG-" quoted. InvalidArgument for
// names no IMAP command can carry (CR, LF, NUL, broken UTF-8).
StatusOr<std::string> QuoteMailboxName(std::string_view folder);

// A mailbox name as the server sends it (modified UTF-7, RFC 3501 5.1.3)
// back in UTF-8: "&XfJZBHQG-" -> "已处理"; "&-" -> "&".
std::string DecodeMailboxName(std::string_view name);

// The folders of "* LIST (\HasNoChildren) "/" "INBOX"" lines, decoded.
std::vector<std::string> ParseListResponse(std::string_view response);

// The IMAP ID command (RFC 2971) for `fields` (name, value pairs):
// ID ("name" "beian" "version" "0.1.0"), exactly one space between items and
// none inside the parentheses (NetEase answers BAD otherwise). Values are
// quoted strings; characters outside printable ASCII become '?'.
std::string IdCommand(
    const std::vector<std::pair<std::string, std::string>>& fields);

// A UID set in ascending order with runs merged: {9, 1, 2, 3, 5} ->
// "1:3,5,9" (QQ and Exmail refuse descending sets such as 11609:11590).
std::string UidSetOf(std::vector<uint32_t> uids);

// One server response: its line(s) with each literal announced by "{n}"
// taken out into `literals`, in order ("* 3 FETCH (UID 9 BODY[] {5120})").
struct ImapResponse {
  std::string text;
  std::vector<std::string> literals;
};

// Splits what the server sends into whole responses, however the bytes
// arrive. A line longer than `max_line` or a literal longer than
// `max_literal` is an error (the connection is then unusable).
class ImapResponseReader {
 public:
  explicit ImapResponseReader(size_t max_line = size_t{8} << 20,
                              size_t max_literal = size_t{1} << 30)
      : max_line_(max_line), max_literal_(max_literal) {}
  // Each response completed by `bytes` goes to `out`.
  Status Feed(std::string_view bytes,
              const std::function<void(ImapResponse&&)>& out);

 private:
  Status EndOfLine(std::string_view piece,
                   const std::function<void(ImapResponse&&)>& out);

  size_t max_line_;
  size_t max_literal_;
  std::string partial_;  // bytes of a line whose end has not come
  size_t literal_left_ = 0;
  ImapResponse current_;
};

// A FETCH response carrying a UID and the whole message (BODY[]):
// "* 3 FETCH (UID 9 BODY[] {n})" with the message as its literal.
struct FetchedMessage {
  uint32_t uid = 0;
  std::string body;
};
std::optional<FetchedMessage> ParseFetchedMessage(ImapResponse&& response);

}  // namespace beian

#endif  // BEIAN_MAIL_IMAP_PROTOCOL_H_
