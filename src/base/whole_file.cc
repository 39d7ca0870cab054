#include "beian/base/whole_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace beian {
namespace {

// Closes the descriptor it holds.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

Status CannotRead(const std::string& path, int error) {
  return IoError("cannot read " + path + ": " +
                 std::generic_category().message(error));
}

// Appends everything from `fd` to `bytes`; the errno of a failed read, else 0.
int AppendUntilEnd(int fd, std::string& bytes) {
  char chunk[65536];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n == 0) return 0;
    if (n > 0) {
      bytes.append(chunk, static_cast<size_t>(n));
    } else if (errno != EINTR) {
      return errno;
    }
  }
}

}  // namespace

StatusOr<std::string> ReadWholeFile(const std::string& path) {
  const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) return CannotRead(path, errno);
  std::string bytes;
  struct stat st {};
  if (::fstat(file.get(), &st) == 0 && st.st_size > 0)
    bytes.reserve(static_cast<size_t>(st.st_size));
  if (const int error = AppendUntilEnd(file.get(), bytes); error != 0)
    return CannotRead(path, error);
  return bytes;
}

}  // namespace beian
