// The statements on PostgreSQL's `blobs` table, on a connection the caller
// holds: PostgresBlobStore runs each in its own transaction, store copy's
// import in the transaction of the rows (rolled back with them).
#ifndef BEIAN_STORE_POSTGRES_BLOBS_H_
#define BEIAN_STORE_POSTGRES_BLOBS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "beian/base/status.h"
#include "postgres/pg_connection.h"

namespace beian::internal {

// True when the blob is there with exactly `size` bytes.
bool PgHasBlob(PgConnection& db, std::string_view name, int64_t size);

// Stores `bytes` under `name` unless a blob of that name and size is there,
// whose stored_at it then sets to now(); another connection putting the
// same blob at once wins when it commits first. Returns whether this call
// wrote it.
StatusOr<bool> PgPutBlob(PgConnection& db, const std::string& name,
                         std::string_view bytes);

// The sha256 (hex) of the blob's bytes as the server computes them now;
// NotFound naming the blob and `where` when there is none.
StatusOr<std::string> PgStoredSha256(PgConnection& db, std::string_view name,
                                     const std::string& where);

}  // namespace beian::internal

#endif  // BEIAN_STORE_POSTGRES_BLOBS_H_
