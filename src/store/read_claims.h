// What both backends say when a reader's claim on a mail is no longer its
// own (IngestStore::RenewReadClaim).
#ifndef BEIAN_STORE_READ_CLAIMS_H_
#define BEIAN_STORE_READ_CLAIMS_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "beian/base/status.h"

namespace beian::internal {

// The mail row as the renewal found it: nullopt when there is none.
struct ClaimedMail {
  std::string_view state;    // "stored", "processed", ...
  std::string_view read_by;  // the holder now ("" = none)
};

// FailedPrecondition for `holder`, whose renewal of the claim on `mail_id`
// changed no row.
Status ReadClaimLost(int64_t mail_id, std::string_view holder,
                     const std::optional<ClaimedMail>& now);

}  // namespace beian::internal

#endif  // BEIAN_STORE_READ_CLAIMS_H_
