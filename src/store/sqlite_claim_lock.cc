#include "sqlite_claim_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

namespace beian::internal {
namespace {

// "<pid>-<16 hex digits>": unique between processes and handles.
std::string NewToken() {
  std::random_device random;
  const uint64_t r = (static_cast<uint64_t>(random()) << 32) ^ random();
  char hex[17];
  for (int i = 15; i >= 0; --i)
    hex[15 - i] = "0123456789abcdef"[(r >> (4 * i)) & 0xf];
  hex[16] = '\0';
  return std::to_string(::getpid()) + "-" + hex;
}

// A token is a file name of NewToken()'s shape, never a path.
bool PlainName(std::string_view token) {
  return !token.empty() && token.size() < 64 &&
         token.find_first_not_of("0123456789abcdef-") == std::string::npos;
}

}  // namespace

StatusOr<std::unique_ptr<ClaimLock>> ClaimLock::Take(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return IoError("cannot create the senders' folder " + dir + ": " +
                   ec.message() +
                   "; the folder of the SQLite file must be "
                   "writable by beian");
  }
  ::chmod(dir.c_str(), 0700);
  const std::string token = NewToken();
  const std::string path = dir + "/" + token;
  const int fd =
      ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return IoError("cannot create " + path + ": " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const std::string error = std::strerror(errno);
    ::close(fd);
    ::unlink(path.c_str());
    return IoError("cannot lock " + path + ": " + error);
  }
  return std::unique_ptr<ClaimLock>(new ClaimLock(path, token, fd));
}

ClaimLock::~ClaimLock() {
  ::unlink(path_.c_str());
  ::close(fd_);
}

bool ClaimLock::HolderAlive(const std::string& dir, std::string_view token) {
  if (!PlainName(token)) return false;
  const std::string path = dir + "/" + std::string(token);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool alive =
      ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  if (!alive) ::unlink(path.c_str());  // the holder died without cleaning up
  ::close(fd);
  return alive;
}

}  // namespace beian::internal
