#include "postgres_blobs.h"

#include <algorithm>

namespace beian::internal {
namespace {

// The sha256 in a blob's name: "raw/ab/<sha>.eml" -> "<sha>".
std::string ShaOfName(std::string_view name) {
  const size_t slash = name.rfind('/');
  std::string_view file =
      slash == std::string_view::npos ? name : name.substr(slash + 1);
  return std::string(file.substr(0, std::min<size_t>(64, file.size())));
}

}  // namespace

bool PgHasBlob(PgConnection& db, std::string_view name, int64_t size) {
  StatusOr<PgResult> r =
      db.Query("SELECT 1 FROM blobs WHERE name = $1 AND size = $2",
               PgParams().Add(name).Add(size));
  return r.ok() && r->rows() == 1;
}

StatusOr<bool> PgPutBlob(PgConnection& db, const std::string& name,
                         std::string_view bytes) {
  const int64_t size = static_cast<int64_t>(bytes.size());
  // Complete already: its age becomes now (prune-blobs leaves it a whole
  // grace period), and the bytes need not be sent. A DELETE of prune-blobs
  // that took the row first makes this find none, and insert it again.
  StatusOr<PgResult> touched = db.Query(
      "UPDATE blobs SET stored_at = now() WHERE name = $1 AND size = $2",
      PgParams().Add(name).Add(size));
  if (!touched.ok()) return touched.status();
  if (touched->affected() == 1) return false;
  // Another process may put the same blob at once: the row it commits first
  // stays unless it is cut short.
  StatusOr<PgResult> r = db.Query(
      "INSERT INTO blobs (name, sha256, size, bytes) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (name) DO UPDATE SET sha256 = excluded.sha256, "
      "size = excluded.size, bytes = excluded.bytes, stored_at = now() "
      "WHERE blobs.size <> excluded.size",
      PgParams().Add(name).Add(ShaOfName(name)).Add(size).AddBytes(bytes));
  if (!r.ok()) return r.status();
  return r->affected() == 1;
}

StatusOr<std::string> PgStoredSha256(PgConnection& db, std::string_view name,
                                     const std::string& where) {
  StatusOr<PgResult> r =
      db.Query("SELECT encode(sha256(bytes), 'hex') FROM blobs WHERE name = $1",
               PgParams().Add(name));
  if (!r.ok()) return r.status();
  if (r->rows() == 0) {
    return NotFound("blob " + std::string(name) + " is not in " + where);
  }
  return r->Text(0, 0);
}

}  // namespace beian::internal
