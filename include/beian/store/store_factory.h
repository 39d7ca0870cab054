// Opening the store that the config's [store] or --db names.
//
//   StatusOr<std::unique_ptr<Store>> store =
//       OpenStore({"postgresql://beian@db.example.cn/beian", password});
//   StatusOr<std::unique_ptr<Store>> local = OpenStore({"var/beian.db"});
#ifndef BEIAN_STORE_STORE_FACTORY_H_
#define BEIAN_STORE_STORE_FACTORY_H_

#include <memory>
#include <string>
#include <string_view>

#include "beian/base/status.h"
#include "beian/store/store.h"

namespace beian {

struct StoreLocation {
  // A PostgreSQL URL ("postgresql://..." or "postgres://...") or the path of
  // a SQLite file.
  std::string location;
  // PostgreSQL only; "" = what libpq finds (the url, PGPASSWORD, PGPASSFILE,
  // ~/.pgpass).
  std::string password;
};

// True for "postgresql://..." and "postgres://...".
bool IsPostgresUrl(std::string_view location);

// `url` without a password, to print or to write into a config:
// "postgresql://beian:secret@db/beian?password=x&sslmode=verify-full" ->
// "postgresql://beian@db/beian?sslmode=verify-full".
std::string UrlWithoutPassword(std::string_view url);

// PostgresStore::Open for a URL, SqliteStore::Open for a path; their
// errors unchanged. InvalidArgument when a password is given with a path.
StatusOr<std::unique_ptr<Store>> OpenStore(const StoreLocation& location);

}  // namespace beian

#endif  // BEIAN_STORE_STORE_FACTORY_H_
