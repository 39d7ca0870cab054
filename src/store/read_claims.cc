#include "read_claims.h"

#include <string>

namespace beian::internal {

Status ReadClaimLost(int64_t mail_id, std::string_view holder,
                     const std::optional<ClaimedMail>& now) {
  const std::string mail = "mail " + std::to_string(mail_id);
  if (!now) return FailedPrecondition(mail + " is no longer in the store");
  if (now->state != "stored") {
    return FailedPrecondition(mail + " is no longer waiting to be read (" +
                              std::string(now->state) + ")");
  }
  return FailedPrecondition(
      mail + " is no longer claimed by " + std::string(holder) + ": " +
      (now->read_by.empty() ? std::string("no reader")
                            : std::string(now->read_by)) +
      " holds it now (this reader's claim ran out before it was renewed)");
}

}  // namespace beian::internal
