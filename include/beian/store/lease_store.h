// Leases: at most one holder of a named piece of work (a mailbox's poll) at
// a time, among every process that shares the store. A lease expires when
// its holder stops renewing it, so a holder that died frees it by itself.
//
//   Lease want{source, "host-a:4711", RandomToken(), now + 10min};
//   StatusOr<Lease> got = store.TryAcquireLease(want, now);
//   if (got.ok() && got->token == want.token) { /* ours: poll, then */
//     (void)store.ReleaseLease(want.name, want.token);
//   } else if (got.ok()) { /* held by got->holder until got->expires_at */ }
//
// Times are the caller's clock (the injected Clock), as everywhere in the
// store: holders on several machines need clocks that agree to well within
// a lease's length (NTP).
#ifndef BEIAN_STORE_LEASE_STORE_H_
#define BEIAN_STORE_LEASE_STORE_H_

#include <string>
#include <string_view>
#include <vector>

#include "beian/base/clock.h"
#include "beian/base/status.h"

namespace beian {

struct Lease {
  std::string name;    // what is leased, e.g. a mailbox's source name
  std::string holder;  // who, for people: "host:pid"
  std::string token;   // random per acquisition: tells holders apart
  TimePoint expires_at;
};

class LeaseStore {
 public:
  virtual ~LeaseStore() = default;
  // Takes `want.name` for `want.holder`/`want.token` until `want.expires_at`
  // when nobody holds it, its lease expired before `now`, or `want.token`
  // already holds it (then it is extended). Returns the lease as it stands
  // after the call, in one transaction: ours when its token is
  // `want.token`, else the current holder's (nothing changed).
  virtual StatusOr<Lease> TryAcquireLease(const Lease& want, TimePoint now) = 0;
  // Extends the lease `token` holds to `expires_at`. FailedPrecondition when
  // `token` no longer holds `name` (it expired and another took it).
  virtual Status RenewLease(std::string_view name, std::string_view token,
                            TimePoint expires_at) = 0;
  // Gives the lease up; nothing happens when `token` does not hold it.
  virtual Status ReleaseLease(std::string_view name,
                              std::string_view token) = 0;
  // Every lease row, by name, expired ones included (their holders ended
  // without releasing them).
  virtual StatusOr<std::vector<Lease>> ListLeases() = 0;
};

}  // namespace beian

#endif  // BEIAN_STORE_LEASE_STORE_H_
