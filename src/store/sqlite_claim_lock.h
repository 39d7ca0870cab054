// Who holds a reply claim on a SQLite store, and whether it still lives:
// the SQLite counterpart of PostgreSQL's session locks (postgres_store.h,
// ClaimReplies).
//
//   StatusOr<std::unique_ptr<ClaimLock>> me = ClaimLock::Take(db + ".claims");
//   // claim rows with claimed_by = (*me)->token() ...
//   if (!ClaimLock::HolderAlive(db + ".claims", row_claimed_by)) take_over();
//
// Each store handle that claims replies holds an exclusive flock on its own
// file <dir>/<token> for as long as it lives. The kernel drops the lock
// when the handle is destroyed or its process dies (kill -9 included), so a
// holder is alive exactly while its lock is held, whatever happened to its
// pid. Processes sharing a SQLite file share one machine, so they see each
// other's locks.
#ifndef BEIAN_STORE_SQLITE_CLAIM_LOCK_H_
#define BEIAN_STORE_SQLITE_CLAIM_LOCK_H_

#include <memory>
#include <string>
#include <string_view>

#include "beian/base/status.h"

namespace beian::internal {

class ClaimLock {
 public:
  // Creates `dir` (0700) if needed and a locked file in it under a new
  // token. IoError naming the folder when it cannot.
  static StatusOr<std::unique_ptr<ClaimLock>> Take(const std::string& dir);
  ClaimLock(const ClaimLock&) = delete;
  ClaimLock& operator=(const ClaimLock&) = delete;
  // Removes the file and lets go of the lock.
  ~ClaimLock();

  const std::string& token() const { return token_; }

  // False when `token` is empty, names no file in `dir`, or its lock is
  // free (its holder is gone: the file is removed then).
  static bool HolderAlive(const std::string& dir, std::string_view token);

 private:
  ClaimLock(std::string path, std::string token, int fd)
      : path_(std::move(path)), token_(std::move(token)), fd_(fd) {}
  std::string path_;
  std::string token_;
  int fd_;
};

}  // namespace beian::internal

#endif  // BEIAN_STORE_SQLITE_CLAIM_LOCK_H_
