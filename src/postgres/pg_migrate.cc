// Versioned migrations for PostgreSQL: a schema_version table, one row per
// migration applied.
#include "pg_connection.h"

namespace beian::internal {
namespace {

// Any constant: the key of the advisory lock migrations run under.
constexpr int64_t kMigrationLock = 0x62656961'6e5f6d67;  // "beian_mg"

StatusOr<int> CurrentVersion(PgConnection& db) {
  StatusOr<PgResult> r =
      db.Query("SELECT coalesce(max(version), 0) FROM schema_version");
  if (!r.ok()) return r.status();
  return static_cast<int>(r->Int(0, 0));
}

Status ApplyFrom(PgConnection& db,
                 const std::vector<std::string_view>& migrations,
                 int& version) {
  BEIAN_RETURN_IF_ERROR(
      db.Exec("CREATE TABLE IF NOT EXISTS schema_version ("
              "version integer PRIMARY KEY, "
              "applied_at timestamptz NOT NULL DEFAULT now())"));
  StatusOr<int> current = CurrentVersion(db);
  if (!current.ok()) return current.status();
  version = *current;
  if (version > static_cast<int>(migrations.size())) {
    return FailedPrecondition(
        "PostgreSQL database " + db.target() + " has schema version " +
        std::to_string(version) + " but this beian knows only up to " +
        std::to_string(migrations.size()) + "; upgrade beian");
  }
  for (size_t i = static_cast<size_t>(version); i < migrations.size(); ++i) {
    StatusOr<std::unique_ptr<PgTransaction>> tx = PgTransaction::Begin(db);
    if (!tx.ok()) return tx.status();
    BEIAN_RETURN_IF_ERROR(db.Exec(migrations[i]));
    StatusOr<PgResult> row =
        db.Query("INSERT INTO schema_version (version) VALUES ($1)",
                 PgParams().Add(static_cast<int64_t>(i + 1)));
    if (!row.ok()) return row.status();
    BEIAN_RETURN_IF_ERROR((*tx)->Commit());
    version = static_cast<int>(i + 1);
  }
  return Status::Ok();
}

}  // namespace

Status PgMigrate(PgConnection& db,
                 const std::vector<std::string_view>& migrations,
                 int& version) {
  StatusOr<PgResult> lock =
      db.Query("SELECT pg_advisory_lock($1)", PgParams().Add(kMigrationLock));
  if (!lock.ok()) return lock.status();
  const Status applied = ApplyFrom(db, migrations, version);
  StatusOr<PgResult> unlock =
      db.Query("SELECT pg_advisory_unlock($1)", PgParams().Add(kMigrationLock));
  if (!applied.ok()) return applied;
  return unlock.status();
}

}  // namespace beian::internal
