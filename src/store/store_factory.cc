#include "beian/store/store_factory.h"

#include "beian/store/postgres_store.h"

namespace beian {

bool IsPostgresUrl(std::string_view location) {
  return location.starts_with("postgresql://") ||
         location.starts_with("postgres://");
}

std::string UrlWithoutPassword(std::string_view url) {
  std::string out(url);
  const size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const size_t host_start = scheme + 3;
    const size_t path = out.find_first_of("/?", host_start);
    const size_t at =
        out.rfind('@', path == std::string::npos ? out.size() : path);
    if (at != std::string::npos && at >= host_start) {
      const size_t colon = out.find(':', host_start);
      if (colon < at) out.erase(colon, at - colon);
    }
  }
  const size_t query = out.find('?');
  if (query == std::string::npos) return out;
  std::string kept;
  size_t start = query + 1;
  while (start <= out.size()) {
    size_t end = out.find('&', start);
    if (end == std::string::npos) end = out.size();
    const std::string_view param(out.data() + start, end - start);
    if (!param.empty() && !param.starts_with("password=")) {
      kept += (kept.empty() ? "" : "&") + std::string(param);
    }
    start = end + 1;
  }
  return out.substr(0, query) + (kept.empty() ? "" : "?" + kept);
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
