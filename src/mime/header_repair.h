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
  std::string bytes;          // header block with bad lines dropped + body
  size_t header_fields = 0;   // well-formed field lines kept
  std::vector<std::string> warnings;
};

// Drops an mbox "From " line, header lines without a colon and lines whose
// field name is not printable ASCII; keeps folded continuation lines.
// ResourceExhausted when the header block exceeds `max_header_bytes`.
StatusOr<RepairedMessage> RepairHeaderBlock(std::string_view bytes,
                                            size_t max_header_bytes);

}  // namespace beian::internal

#endif  // BEIAN_MIME_HEADER_REPAIR_H_
