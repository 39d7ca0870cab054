#include "read_claim.h"

#include <utility>

namespace beian::internal {

ReadClaim::ReadClaim(IngestStore& store, const Clock& clock, Logger& log,
                     int64_t mail_id, std::string holder,
                     std::chrono::seconds lease,
                     std::chrono::milliseconds renew_every)
    : store_(store),
      clock_(clock),
      log_(log),
      mail_id_(mail_id),
      holder_(std::move(holder)),
      lease_(lease),
      renew_every_(renew_every) {}

const ReadOutcome& ReadClaim::Await(
    const std::shared_future<ReadOutcome>& reading) {
  while (reading.wait_for(renew_every_) != std::future_status::ready) {
    if (!lost_.ok()) continue;  // said once; the result is still awaited
    Status renewed = Renew();
    if (renewed.code() == StatusCode::kFailedPrecondition) {
      log_.Warn("read_claim_lost", renewed.message());
    } else if (!renewed.ok()) {
      log_.Warn("read_claim_not_renewed", "mail " + std::to_string(mail_id_) +
                                              ": " + renewed.message() +
                                              "; tried again in a while");
    }
  }
  return reading.get();
}

Status ReadClaim::Renew() {
  if (!lost_.ok()) return lost_;
  Status renewed =
      store_.RenewReadClaim(mail_id_, holder_, clock_.Now() + lease_);
  if (renewed.code() == StatusCode::kFailedPrecondition) lost_ = renewed;
  return renewed;
}

}  // namespace beian::internal
