// PostgresStore: leases (LeaseStore) shared by every process on the
// database. Taking one is a single upsert: a concurrent taker waits on the
// row, then sees the winner's unexpired lease and changes nothing.
#include "postgres_store_impl.h"

namespace beian {

using internal::InPgTransaction;
using internal::PgParams;
using internal::PgResult;

namespace {

constexpr char kLeaseColumns[] = "name, holder, token, expires_at";

Lease ReadLease(const PgResult& r, int i) {
  Lease l;
  l.name = r.Text(i, 0);
  l.holder = r.Text(i, 1);
  l.token = r.Text(i, 2);
  l.expires_at = r.Time(i, 3);
  return l;
}

}  // namespace

StatusOr<Lease> PostgresStore::TryAcquireLease(const Lease& want,
                                               TimePoint now) {
  std::lock_guard lock(impl_->mu);
  auto& db = impl_->db;
  return InPgTransaction(db, [&]() -> StatusOr<Lease> {
    StatusOr<PgResult> took = db.Query(
        "INSERT INTO leases (name, holder, token, expires_at) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO UPDATE SET "
        "holder = excluded.holder, token = excluded.token, "
        "expires_at = excluded.expires_at "
        "WHERE leases.expires_at < $5 OR leases.token = excluded.token",
        PgParams()
            .Add(want.name)
            .Add(want.holder)
            .Add(want.token)
            .Add(want.expires_at)
            .Add(now));
    if (!took.ok()) return took.status();
    StatusOr<PgResult> r = db.Query(
        std::string("SELECT ") + kLeaseColumns + " FROM leases WHERE name = $1",
        PgParams().Add(want.name));
    if (!r.ok()) return r.status();
    if (r->rows() != 1) return Internal("lease " + want.name + " vanished");
    return ReadLease(*r, 0);
  });
}

Status PostgresStore::RenewLease(std::string_view name, std::string_view token,
                                 TimePoint expires_at) {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r = internal::PgWrite(
      impl_->db,
      "UPDATE leases SET expires_at = $3 WHERE name = $1 AND token = $2",
      PgParams().Add(name).Add(token).Add(expires_at));
  if (!r.ok()) return r.status();
  if (r->affected() == 0) {
    return FailedPrecondition("the lease on " + std::string(name) +
                              " was lost: it expired and another process "
                              "took it");
  }
  return Status::Ok();
}

Status PostgresStore::ReleaseLease(std::string_view name,
                                   std::string_view token) {
  std::lock_guard lock(impl_->mu);
  return internal::PgWrite(impl_->db,
                           "DELETE FROM leases WHERE name = $1 AND token = $2",
                           PgParams().Add(name).Add(token))
      .status();
}

StatusOr<std::vector<Lease>> PostgresStore::ListLeases() {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r = impl_->db.Query(
      std::string("SELECT ") + kLeaseColumns + " FROM leases ORDER BY name");
  if (!r.ok()) return r.status();
  std::vector<Lease> out;
  for (int i = 0; i < r->rows(); ++i) out.push_back(ReadLease(*r, i));
  return out;
}

}  // namespace beian
