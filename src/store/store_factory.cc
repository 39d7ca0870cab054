#include "beian/store/store_factory.h"

#include "beian/store/postgres_store.h"

namespace beian {

bool IsPostgresUrl(std::string_view location) {
  return location.starts_with("postgresql://") ||
         location.starts_with("postgres://");
}

StatusOr<std::unique_ptr<Store>> OpenStore(const StoreLocation& where) {
  if (IsPostgresUrl(where.location)) {
    StatusOr<std::unique_ptr<PostgresStore>> pg =
        PostgresStore::Open({where.location, where.password});
    if (!pg.ok()) return pg.status();
    return std::unique_ptr<Store>(std::move(*pg));
  }
  if (!where.password.empty()) {
    return InvalidArgument(
        "a store password applies to a PostgreSQL url only, but the store "
        "is the SQLite file " +
        where.location +
        "; remove password_env/password_file or give url = "
        "\"postgresql://...\"");
  }
  StatusOr<std::unique_ptr<SqliteStore>> lite =
      SqliteStore::Open(where.location);
  if (!lite.ok()) return lite.status();
  return std::unique_ptr<Store>(std::move(*lite));
}

}  // namespace beian
