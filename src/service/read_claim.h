// A reader's claim on the stored mail it reads (IngestStore::
// ClaimPendingMail), renewed while the reader waits for the mail's
// documents, so that a read longer than one lease keeps its mail. The
// renewals come from the reading thread itself, between its waits: a reader
// that was killed renews nothing, and its claim runs out one lease after its
// last renewal, when the next reader takes the mail over.
//
//   internal::ReadClaim claim(store, clock, log, mail.id, "host:12",
//                             minutes(10), minutes(10) / 4);
//   const ReadOutcome& r = claim.Await(reading);  // renews while it waits
//   BEIAN_RETURN_IF_ERROR(claim.Renew());  // still ours: safe to write now
//   store.ApplyCaseUpdate(update);
#ifndef BEIAN_SERVICE_READ_CLAIM_H_
#define BEIAN_SERVICE_READ_CLAIM_H_

#include <chrono>
#include <cstdint>
#include <future>
#include <string>

#include "beian/base/clock.h"
#include "beian/base/log.h"
#include "beian/ocr/document_queue.h"
#include "beian/store/store.h"

namespace beian::internal {

class ReadClaim {
 public:
  // The claim `holder` took on `mail_id`, lasting `lease` from each renewal;
  // Await renews it after each `renew_every` it waits. All references must
  // outlive the claim.
  ReadClaim(IngestStore& store, const Clock& clock, Logger& log,
            int64_t mail_id, std::string holder, std::chrono::seconds lease,
            std::chrono::milliseconds renew_every);

  // Waits for `reading`, renewing the claim each `renew_every` of the wait.
  // A renewal that fails is logged and the wait goes on: the read's result
  // is still wanted when the claim is kept, and Renew() decides.
  const ReadOutcome& Await(const std::shared_future<ReadOutcome>& reading);

  // Renews the claim for a whole lease from now (clock). FailedPrecondition
  // once the mail is no longer this reader's (taken over, or no longer
  // waiting to be read): it must not be written, and later calls say so
  // again without asking the store. Other errors are the store's.
  Status Renew();

 private:
  IngestStore& store_;
  const Clock& clock_;
  Logger& log_;
  int64_t mail_id_;
  std::string holder_;
  std::chrono::seconds lease_;
  std::chrono::milliseconds renew_every_;
  Status lost_ = Status::Ok();  // FailedPrecondition once taken over
};

}  // namespace beian::internal

#endif  // BEIAN_SERVICE_READ_CLAIM_H_
