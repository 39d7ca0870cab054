// Raw mails and attachments, content-addressed: a blob's name is
// <kind>/<sha[0..2]>/<sha><suffix> ("raw/ab/ab12….eml"), the same in every
// implementation, and the store's rows keep that name (mails.raw_path,
// attachments.path).
//
//   FileBlobStore blobs("/srv/beian/data");  // [store] blobs = "files"
//   StatusOr<std::string> name = blobs.Put("raw", sha, ".eml", bytes);
//   StatusOr<std::string> again = blobs.Get(*name);
//
// FileBlobStore keeps them as files under the data dir (private: files
// 0600, folders 0700); PostgresBlobStore (postgres_blob_store.h) keeps them
// in the database's `blobs` table, for sites whose machines share no folder.
//
// A blob's age is the time of its last Put, the one that wrote it or one
// that found it complete (a file's mtime, a row's stored_at): every Put
// refreshes it, so that `beian store prune-blobs` (blob_prune.h) never
// removes a blob a row is about to name.
#ifndef BEIAN_STORE_BLOB_STORE_H_
#define BEIAN_STORE_BLOB_STORE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "beian/base/clock.h"
#include "beian/base/status.h"

namespace beian {

// "<kind>/<sha[0..2]>/<sha><suffix>".
std::string BlobName(std::string_view kind, std::string_view sha256,
                     std::string_view suffix);

// A blob as ListBlobsPutBefore finds it.
struct BlobEntry {
  std::string name;  // as Put returned it
  int64_t size = 0;
  TimePoint put_at;  // its last Put (see "age" above)
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  // Stores `bytes` under BlobName(kind, sha256, suffix) unless a blob of
  // that name and size is there already, whose age it then refreshes; a
  // crash never leaves a partial blob under the name. Returns the name.
  // Threads (and processes) may Put at once, the same blob too. `wrote`,
  // when given, says whether this call wrote it (false: it was already
  // complete).
  StatusOr<std::string> Put(std::string_view kind, std::string_view sha256,
                            std::string_view suffix, std::string_view bytes,
                            bool* wrote = nullptr) {
    return PutBlob(BlobName(kind, sha256, suffix), bytes, wrote);
  }
  // NotFound naming the blob (and what to do) when it is missing.
  virtual StatusOr<std::string> Get(std::string_view name) const = 0;
  // True when the blob exists with exactly `size` bytes.
  virtual bool Has(std::string_view name, int64_t size) const = 0;
  // Removes the blob; false when there was none.
  virtual StatusOr<bool> Remove(std::string_view name) = 0;
  // Hands `each` every blob last Put before `before`, in no order: for
  // files, also any other file under the blob folders (a temporary left by
  // a killed Put). Stops at the first error, its own or `each`'s.
  virtual Status ListBlobsPutBefore(
      TimePoint before,
      const std::function<Status(const BlobEntry&)>& each) const = 0;
  // Removes the blob only if its last Put is still before `before`,
  // checked in one step with the removal: a Put at the same moment either
  // refreshed it first (kept) or finds it gone and writes it again. True
  // when removed; false when kept or missing.
  virtual StatusOr<bool> RemoveIfPutBefore(std::string_view name,
                                           TimePoint before) = 0;
  // The file that holds the blob, for people and tools to open; nullopt
  // when the blobs are not files.
  virtual std::optional<std::string> FilePath(std::string_view name) const = 0;
  // Where the blobs are, for messages: a folder or a database.
  virtual std::string Describe() const = 0;

  // Group commit: while deferred, Put() does not wait for the disk;
  // SyncAll() makes everything written so far durable at once.
  virtual void set_defer_sync(bool defer) = 0;
  virtual Status SyncAll() = 0;

 protected:
  BlobStore() = default;
  BlobStore(const BlobStore&) = default;
  BlobStore& operator=(const BlobStore&) = default;
  virtual StatusOr<std::string> PutBlob(const std::string& name,
                                        std::string_view bytes,
                                        bool* wrote) = 0;
};

class FileBlobStore final : public BlobStore {
 public:
  explicit FileBlobStore(std::string data_dir)
      : data_dir_(std::move(data_dir)) {}

  StatusOr<std::string> Get(std::string_view name) const override;
  bool Has(std::string_view name, int64_t size) const override;
  StatusOr<bool> Remove(std::string_view name) override;
  // The files under <data dir>/raw and <data dir>/attachments, by mtime
  // (a file RemoveIfPutBefore renamed aside by its ctime when later: one
  // another prune is checking now is not listed).
  Status ListBlobsPutBefore(
      TimePoint before,
      const std::function<Status(const BlobEntry&)>& each) const override;
  // Renames the file aside, reads its mtime there and removes it only if
  // that is older than `before`; else renames it back (a Put that wrote it
  // again meanwhile wins: same bytes).
  StatusOr<bool> RemoveIfPutBefore(std::string_view name,
                                   TimePoint before) override;
  std::optional<std::string> FilePath(std::string_view name) const override {
    return AbsolutePath(name);
  }
  std::string Describe() const override { return data_dir_; }
  std::string AbsolutePath(std::string_view name) const;
  const std::string& data_dir() const { return data_dir_; }
  // Copies the file `name` to the same name under `target`'s data dir
  // (folders 0700, file 0600, through a temporary name), unless a file of
  // the same size is there already. Returns whether it copied. NotFound
  // names the file when it is missing here.
  StatusOr<bool> CopyTo(const FileBlobStore& target,
                        std::string_view name) const;

  // Deferred: Put() does not sync each file; SyncAll() flushes the data
  // dir's filesystem once for everything written so far.
  void set_defer_sync(bool defer) override { state_->defer_sync = defer; }
  Status SyncAll() override;

 protected:
  // Touches (mtime) a complete file that is there; else writes a temporary
  // file, syncs it (unless deferred) and renames it. Threads putting the
  // same blob each write their own temporary file and the last rename wins
  // with the same bytes.
  StatusOr<std::string> PutBlob(const std::string& name, std::string_view bytes,
                                bool* wrote) override;

 private:
  bool MadeDir(const std::string& dir) const;
  void NoteDir(const std::string& dir, bool made);

  struct State {  // shared by the threads that Put
    std::mutex mu;
    // Folders this store created or found (no mkdir/chmod per file).
    std::unordered_set<std::string> made_dirs;  // under mu
    std::atomic<bool> defer_sync = false;
  };
  std::string data_dir_;
  std::unique_ptr<State> state_ = std::make_unique<State>();
};

// Flushes the whole filesystem holding `path` (syncfs): one call makes every
// earlier write there durable, files and SQLite's WAL alike.
Status SyncFileSystemOf(const std::string& path);

}  // namespace beian

#endif  // BEIAN_STORE_BLOB_STORE_H_
