#include "beian/store/postgres_blob_store.h"

#include <mutex>

#include "postgres/pg_connection.h"
#include "postgres_blobs.h"
#include "postgres_schema.h"

namespace beian {

using internal::PgConnection;
using internal::PgParams;
using internal::PgResult;

class PostgresBlobStore::Impl {
 public:
  explicit Impl(PgConnection db) : db(std::move(db)) {}
  PgConnection db;
  std::mutex mu;              // one statement sequence at a time
  bool defer = false;         // under mu
  bool deferred_set = false;  // the session has synchronous_commit off
};

PostgresBlobStore::PostgresBlobStore(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

PostgresBlobStore::~PostgresBlobStore() = default;

StatusOr<std::unique_ptr<PostgresBlobStore>> PostgresBlobStore::Open(
    const PostgresStoreOptions& options) {
  StatusOr<PgConnection> db =
      PgConnection::Connect({options.url, options.password});
  if (!db.ok()) return db.status();
  int version = 0;
  BEIAN_RETURN_IF_ERROR(
      internal::PgMigrate(*db, internal::PgMigrations(), version));
  return std::unique_ptr<PostgresBlobStore>(
      new PostgresBlobStore(std::make_unique<Impl>(std::move(*db))));
}

std::string PostgresBlobStore::Describe() const {
  return "the blobs table of " + impl_->db.target();
}

StatusOr<std::string> PostgresBlobStore::PutBlob(const std::string& name,
                                                 std::string_view bytes,
                                                 bool* wrote) {
  if (wrote != nullptr) *wrote = false;
  std::lock_guard lock(impl_->mu);
  if (impl_->defer != impl_->deferred_set) {
    BEIAN_RETURN_IF_ERROR(impl_->db.Exec(impl_->defer
                                             ? "SET synchronous_commit = off"
                                             : "RESET synchronous_commit"));
    impl_->deferred_set = impl_->defer;
  }
  StatusOr<bool> put = internal::PgPutBlob(impl_->db, name, bytes);
  if (!put.ok()) return put.status();
  if (wrote != nullptr) *wrote = *put;
  return name;
}

StatusOr<std::string> PostgresBlobStore::Get(std::string_view name) const {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r = impl_->db.Query(
      "SELECT bytes FROM blobs WHERE name = $1", PgParams().Add(name));
  if (!r.ok()) return r.status();
  if (r->rows() == 0) {
    return NotFound("stored blob " + std::string(name) + " is missing from " +
                    Describe() +
                    "; restore the database from its backup (pg_dump)");
  }
  return r->Bytes(0, 0);
}

bool PostgresBlobStore::Has(std::string_view name, int64_t size) const {
  std::lock_guard lock(impl_->mu);
  return internal::PgHasBlob(impl_->db, name, size);
}

StatusOr<bool> PostgresBlobStore::Remove(std::string_view name) {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r = impl_->db.Query("DELETE FROM blobs WHERE name = $1",
                                         PgParams().Add(name));
  if (!r.ok()) return r.status();
  return r->affected() > 0;
}

Status PostgresBlobStore::ListBlobsPutBefore(
    TimePoint before,
    const std::function<Status(const BlobEntry&)>& each) const {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r = impl_->db.Query(
      "SELECT name, size, stored_at FROM blobs WHERE stored_at < $1",
      PgParams().Add(before));
  if (!r.ok()) return r.status();
  for (int i = 0; i < r->rows(); ++i) {
    BEIAN_RETURN_IF_ERROR(each({r->Text(i, 0), r->Int(i, 1), r->Time(i, 2)}));
  }
  return Status::Ok();
}

// Under READ COMMITTED a Put's UPDATE of stored_at that commits first makes
// the DELETE wait for it and then test the WHERE again on the new row:
// kept. A Put after the DELETE finds no row to refresh and inserts one.
StatusOr<bool> PostgresBlobStore::RemoveIfPutBefore(std::string_view name,
                                                    TimePoint before) {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r =
      impl_->db.Query("DELETE FROM blobs WHERE name = $1 AND stored_at < $2",
                      PgParams().Add(name).Add(before));
  if (!r.ok()) return r.status();
  return r->affected() > 0;
}

void PostgresBlobStore::set_defer_sync(bool defer) {
  std::lock_guard lock(impl_->mu);
  impl_->defer = defer;
}

Status PostgresBlobStore::SyncAll() {
  std::lock_guard lock(impl_->mu);
  // A transaction with an id writes a commit record; waiting for it to be
  // flushed flushes every earlier commit of the WAL with it.
  StatusOr<std::unique_ptr<internal::PgTransaction>> tx =
      internal::PgTransaction::Begin(impl_->db);
  if (!tx.ok()) return tx.status();
  BEIAN_RETURN_IF_ERROR(impl_->db.Exec("SET LOCAL synchronous_commit = on"));
  BEIAN_RETURN_IF_ERROR(impl_->db.Query("SELECT txid_current()").status());
  return (*tx)->Commit();
}

StatusOr<int64_t> PostgresBlobStore::Count() const {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r = impl_->db.Query("SELECT count(*) FROM blobs");
  if (!r.ok()) return r.status();
  return r->Int(0, 0);
}

StatusOr<std::string> PostgresBlobStore::StoredSha256(
    std::string_view name) const {
  std::lock_guard lock(impl_->mu);
  return internal::PgStoredSha256(impl_->db, name, Describe());
}

}  // namespace beian
