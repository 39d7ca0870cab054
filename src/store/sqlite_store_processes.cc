// SqliteStore: the process registry (ProcessStore). Usually one `beian
// serve` per file, but `beian status` beside it reads the same rows.
#include "sqlite_store_impl.h"

namespace beian {

using internal::Db;
using internal::Stmt;

namespace {

constexpr char kProcessColumns[] = "host, pid, roles, started_at, heartbeat_at";

ProcessRecord ReadProcess(const Stmt& r) {
  ProcessRecord p;
  p.host = r.Text(0);
  p.pid = r.Int(1);
  p.roles = r.Text(2);
  p.started_at = internal::ReadTime(r.Text(3));
  p.heartbeat_at = internal::ReadTime(r.Text(4));
  return p;
}

}  // namespace

Status SqliteStore::RegisterProcess(const ProcessRecord& p) {
  std::lock_guard lock(impl_->mu);
  Db& db = impl_->db;
  StatusOr<std::unique_ptr<internal::Transaction>> tx =
      internal::Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  StatusOr<Stmt> forget =
      db.Prepare("DELETE FROM processes WHERE heartbeat_at < ?1");
  if (!forget.ok()) return forget.status();
  BEIAN_RETURN_IF_ERROR(
      forget->Bind(1, FormatUtc(p.heartbeat_at - kDeadProcessRowsKept)).Run());
  StatusOr<Stmt> s =
      db.Prepare(std::string("INSERT OR REPLACE INTO processes (") +
                 kProcessColumns + ") VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!s.ok()) return s.status();
  BEIAN_RETURN_IF_ERROR(s->Bind(1, p.host)
                            .Bind(2, p.pid)
                            .Bind(3, p.roles)
                            .Bind(4, FormatUtc(p.started_at))
                            .Bind(5, FormatUtc(p.heartbeat_at))
                            .Run());
  return (*tx)->Commit();
}

Status SqliteStore::HeartbeatProcess(std::string_view host, int64_t pid,
                                     TimePoint now) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s = impl_->db.Prepare(
      "UPDATE processes SET heartbeat_at = ?3 WHERE host = ?1 AND pid = ?2");
  if (!s.ok()) return s.status();
  BEIAN_RETURN_IF_ERROR(
      s->Bind(1, host).Bind(2, pid).Bind(3, FormatUtc(now)).Run());
  if (sqlite3_changes(impl_->db.handle()) == 0) {
    return NotFound("process " + std::string(host) + ":" + std::to_string(pid) +
                    " is not registered");
  }
  return Status::Ok();
}

Status SqliteStore::UnregisterProcess(std::string_view host, int64_t pid) {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s =
      impl_->db.Prepare("DELETE FROM processes WHERE host = ?1 AND pid = ?2");
  if (!s.ok()) return s.status();
  return s->Bind(1, host).Bind(2, pid).Run();
}

StatusOr<std::vector<ProcessRecord>> SqliteStore::ListProcesses() {
  std::lock_guard lock(impl_->mu);
  StatusOr<Stmt> s =
      impl_->db.Prepare(std::string("SELECT ") + kProcessColumns +
                        " FROM processes ORDER BY host, pid");
  if (!s.ok()) return s.status();
  return internal::ReadAll<ProcessRecord>(*s, ReadProcess);
}

}  // namespace beian
