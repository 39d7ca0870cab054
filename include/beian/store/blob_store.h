// Content-addressed files under the data dir: raw mails and attachments,
// named by their sha256, private to the service (files 0600, folders 0700).
#ifndef BEIAN_STORE_BLOB_STORE_H_
#define BEIAN_STORE_BLOB_STORE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

#include "beian/base/status.h"

namespace beian {

class BlobStore {
 public:
  explicit BlobStore(std::string data_dir) : data_dir_(std::move(data_dir)) {}

  // Writes `bytes` as <kind>/<sha[0..2]>/<sha><suffix> unless that file is
  // already complete; the write goes to a temporary file, is synced (unless
  // syncing is deferred), and renamed, so a crash never leaves a partial blob
  // under the final name. Returns the path relative to the data dir. Threads
  // may Put at once, the same blob too: each writes its own temporary file
  // and the last rename wins with the same bytes.
  // `wrote`, when given, says whether this call wrote the file (false: it
  // was already complete).
  StatusOr<std::string> Put(std::string_view kind, std::string_view sha256,
                            std::string_view suffix, std::string_view bytes,
                            bool* wrote = nullptr);
  // NotFound names the file when it is missing.
  StatusOr<std::string> Get(std::string_view relative_path) const;
  std::string AbsolutePath(std::string_view relative_path) const;
  // True when the blob exists with exactly `size` bytes.
  bool Has(std::string_view relative_path, int64_t size) const;
  const std::string& data_dir() const { return data_dir_; }
  // Copies the file at `relative_path` to the same path under `target`'s
  // data dir (folders 0700, file 0600, through a temporary name), unless a
  // file of the same size is there already. Returns whether it copied.
  // NotFound names the file when it is missing here.
  StatusOr<bool> CopyTo(const BlobStore& target,
                        std::string_view relative_path) const;

  // Group commit: while deferred, Put() does not sync each file; SyncAll()
  // flushes the data dir's filesystem once for everything written so far.
  void set_defer_sync(bool defer) { state_->defer_sync = defer; }
  Status SyncAll() const;

 private:
  bool MadeDir(const std::string& dir) const;
  void NoteDir(const std::string& dir, bool made);

  struct State {  // shared by the threads that Put
    std::mutex mu;
    // Folders this store created or found (no mkdir/chmod per file).
    std::unordered_set<std::string> made_dirs;  // under mu
    std::atomic<bool> defer_sync = false;
    std::atomic<uint64_t> next_temp = 0;  // names temporary files apart
  };
  std::string data_dir_;
  std::unique_ptr<State> state_ = std::make_unique<State>();
};

// Flushes the whole filesystem holding `path` (syncfs): one call makes every
// earlier write there durable, files and SQLite's WAL alike.
Status SyncFileSystemOf(const std::string& path);

}  // namespace beian

#endif  // BEIAN_STORE_BLOB_STORE_H_
