// Raw mails and attachments in PostgreSQL ([store] blobs = "database"), for
// sites whose machines share the database but no folder.
//
//   StatusOr<std::unique_ptr<PostgresBlobStore>> blobs =
//       PostgresBlobStore::Open({"postgresql://beian@db/beian", password});
//   StatusOr<std::string> name = (*blobs)->Put("raw", sha, ".eml", bytes);
//
// One row per blob in the table `blobs` (name, sha256, size, bytes), keyed
// by the same name a FileBlobStore uses, so the store's rows read the same
// with either. A Put is its own transaction on this object's own connection
// (not the store's: a blob is durable before the row that names it, as a
// file is). Prepared statements only. Threads may share one object (one
// statement at a time on the connection).
//
// Errors are IoError naming the server (never the password) and saying what
// to check.
#ifndef BEIAN_STORE_POSTGRES_BLOB_STORE_H_
#define BEIAN_STORE_POSTGRES_BLOB_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "beian/store/blob_store.h"
#include "beian/store/postgres_store.h"

namespace beian {

class PostgresBlobStore final : public BlobStore {
 public:
  // Connects and migrates the schema as PostgresStore::Open does.
  static StatusOr<std::unique_ptr<PostgresBlobStore>> Open(
      const PostgresStoreOptions& options);
  ~PostgresBlobStore() override;

  StatusOr<std::string> Get(std::string_view name) const override;
  bool Has(std::string_view name, int64_t size) const override;
  StatusOr<bool> Remove(std::string_view name) override;
  // By stored_at, the server's time of the last Put.
  Status ListBlobsPutBefore(
      TimePoint before,
      const std::function<Status(const BlobEntry&)>& each) const override;
  // One DELETE whose WHERE holds stored_at < before: a Put that refreshed
  // the row first makes it wait and then skip the row; one that comes after
  // finds no row and inserts the blob again.
  StatusOr<bool> RemoveIfPutBefore(std::string_view name,
                                   TimePoint before) override;
  std::optional<std::string> FilePath(std::string_view) const override {
    return std::nullopt;
  }
  // "the blobs table of host:port/database as user".
  std::string Describe() const override;

  // Deferred: Puts commit without waiting for the server's disk
  // (synchronous_commit off); SyncAll() commits once with waiting, which
  // makes every earlier commit durable too (the WAL is one sequence).
  void set_defer_sync(bool defer) override;
  Status SyncAll() override;

  // How many blobs the table holds.
  StatusOr<int64_t> Count() const;
  // The sha256 (hex) of the blob's bytes as the server computes it now;
  // NotFound when there is no such blob.
  StatusOr<std::string> StoredSha256(std::string_view name) const;

 protected:
  StatusOr<std::string> PutBlob(const std::string& name, std::string_view bytes,
                                bool* wrote) override;

 private:
  class Impl;
  explicit PostgresBlobStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace beian

#endif  // BEIAN_STORE_POSTGRES_BLOB_STORE_H_
