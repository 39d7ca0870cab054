// PostgresStore: the process registry (ProcessStore) of every `beian serve`
// on the database, on every machine.
#include "postgres_store_impl.h"

namespace beian {

using internal::PgParams;
using internal::PgResult;

namespace {

constexpr char kProcessColumns[] = "host, pid, roles, started_at, heartbeat_at";

ProcessRecord ReadProcess(const PgResult& r, int i) {
  ProcessRecord p;
  p.host = r.Text(i, 0);
  p.pid = r.Int(i, 1);
  p.roles = r.Text(i, 2);
  p.started_at = r.Time(i, 3);
  p.heartbeat_at = r.Time(i, 4);
  return p;
}

}  // namespace

Status PostgresStore::RegisterProcess(const ProcessRecord& p) {
  std::lock_guard lock(impl_->mu);
  internal::PgConnection& db = impl_->db;
  return internal::InPgTransaction(db, [&]() -> Status {
    BEIAN_RETURN_IF_ERROR(
        db.Query("DELETE FROM processes WHERE heartbeat_at < $1",
                 PgParams().Add(p.heartbeat_at - kDeadProcessRowsKept))
            .status());
    return db
        .Query(std::string("INSERT INTO processes (") + kProcessColumns +
                   ") VALUES ($1, $2, $3, $4, $5) ON CONFLICT (host, pid) DO "
                   "UPDATE SET roles = excluded.roles, started_at = "
                   "excluded.started_at, heartbeat_at = excluded.heartbeat_at",
               PgParams()
                   .Add(p.host)
                   .Add(p.pid)
                   .Add(p.roles)
                   .Add(p.started_at)
                   .Add(p.heartbeat_at))
        .status();
  });
}

Status PostgresStore::HeartbeatProcess(std::string_view host, int64_t pid,
                                       TimePoint now) {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r = internal::PgWrite(
      impl_->db,
      "UPDATE processes SET heartbeat_at = $3 WHERE host = $1 AND pid = $2",
      PgParams().Add(host).Add(pid).Add(now));
  if (!r.ok()) return r.status();
  if (r->affected() == 0) {
    return NotFound("process " + std::string(host) + ":" + std::to_string(pid) +
                    " is not registered");
  }
  return Status::Ok();
}

Status PostgresStore::UnregisterProcess(std::string_view host, int64_t pid) {
  std::lock_guard lock(impl_->mu);
  return internal::PgWrite(impl_->db,
                           "DELETE FROM processes WHERE host = $1 AND pid = $2",
                           PgParams().Add(host).Add(pid))
      .status();
}

StatusOr<std::vector<ProcessRecord>> PostgresStore::ListProcesses() {
  std::lock_guard lock(impl_->mu);
  StatusOr<PgResult> r =
      impl_->db.Query(std::string("SELECT ") + kProcessColumns +
                      " FROM processes ORDER BY host, pid");
  if (!r.ok()) return r.status();
  std::vector<ProcessRecord> out;
  for (int i = 0; i < r->rows(); ++i) out.push_back(ReadProcess(*r, i));
  return out;
}

}  // namespace beian
