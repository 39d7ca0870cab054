// Repairs a message's top-level header block before mimetic sees it: mimetic
// takes a header line without a colon as the start of the body and would
// lose every header after it.
#ifndef BEIAN_MIME_HEADER_REPAIR_H_
#define BEIAN_MIME_HEADER_REPAIR_H_

#include <string>
#include <string_view>
#include <vector>

#include "beian/base/status.h"

namespace beian::internal {

struct RepairedMessage {
  std::string bytes;         // header block with bad lines dropped + body
  size_t header_fields = 0;  // well-formed field lines kept
  std::vector<std::string> warnings;
};

// Drops an mbox "From " line, header lines without a colon and lines whose
// field name is not printable ASCII; keeps folded continuation lines. A line
// that starts with an encoded word ("=?GBK?B?...?=") at column 0 right after
// a kept field continues that field (a fold that lost its whitespace): it is
// kept with one space before it, and a warning says so.
// ResourceExhausted when the header block exceeds `max_header_bytes`.
StatusOr<RepairedMessage> RepairHeaderBlock(std::string_view bytes,
                                            size_t max_header_bytes);

}  // namespace beian::internal

#endif  // BEIAN_MIME_HEADER_REPAIR_H_
