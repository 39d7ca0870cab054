// SqliteStore: leases (LeaseStore). One process usually holds them all, but
// `beian poll --once` beside `beian serve` on one file shares them too.
#include "sqlite_store_impl.h"

namespace beian {

using internal::Stmt;
using internal::Transaction;

namespace {

Lease ReadLease(const Stmt& r) {
  Lease l;
  l.name = r.Text(0);
  l.holder = r.Text(1);
  l.token = r.Text(2);
  l.expires_at = internal::ReadTime(r.Text(3));
  return l;
}

}  // namespace

StatusOr<Lease> SqliteStore::TryAcquireLease(const Lease& want, TimePoint now) {
  std::lock_guard lock(impl_->mu);
  StatusOr<std::unique_ptr<Transaction>> tx = Transaction::Begin(impl_->db);
  if (!tx.ok()) return tx.status();
  // FormatUtc's fixed-width text orders as the times do.
  StatusOr<Stmt> take = impl_->db.Prepare(
      "INSERT INTO leases (name, holder, token, expires_at) "
      "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO UPDATE SET "
      "holder = excluded.holder, token = excluded.token, "
      "expires_at = excluded.expires_at "
      "WHERE leases.expires_at < ?5 OR leases.token = excluded.token");
  if (!take.ok()) return take.status();
  BEIAN_RETURN_IF_ERROR(take->Bind(1, want.name)
                            .Bind(2, want.holder)
                            .Bind(3, want.token)
                            .Bind(4, FormatUtc(want.expires_at))
                            .Bind(5, FormatUtc(now))
                            .Run());
  StatusOr<Stmt> read = impl_->db.Prepare(
      "SELECT name, holder, token, expires_at FROM leases WHERE name = ?1");
  if (!read.ok()) return read.status();
  StatusOr<std::vector<Lease>> rows =
      internal::ReadAll<Lease>(read->Bind(1, want.name), ReadLease);
  if (!rows.ok()) return rows.status();
  if (rows->size() != 1) return Internal("lease " + want.name + " vanished");
  BEIAN_RETURN_IF_ERROR((*tx)->Commit());
  return (*rows)[0];
}

Status SqliteStore::RenewLease(std::string_view name, std::string_view token,
                               TimePoint expires_at) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(
      "UPDATE leases SET expires_at = ?3 WHERE name = ?1 AND token = ?2");
  if (!s.ok()) return s.status();
  BEIAN_RETURN_IF_ERROR(
      s->Bind(1, name).Bind(2, token).Bind(3, FormatUtc(expires_at)).Run());
  if (sqlite3_changes(impl_->db.handle()) == 0) {
    return FailedPrecondition("the lease on " + std::string(name) +
                              " was lost: it expired and another process "
                              "took it");
  }
  return Status::Ok();
}

Status SqliteStore::ReleaseLease(std::string_view name,
                                 std::string_view token) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s =
      impl_->db.Prepare("DELETE FROM leases WHERE name = ?1 AND token = ?2");
  if (!s.ok()) return s.status();
  return s->Bind(1, name).Bind(2, token).Run();
}

StatusOr<std::vector<Lease>> SqliteStore::ListLeases() {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(
      "SELECT name, holder, token, expires_at FROM leases ORDER BY name");
  if (!s.ok()) return s.status();
  return internal::ReadAll<Lease>(*s, ReadLease);
}

}  // namespace beian
