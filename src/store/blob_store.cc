#include "beian/store/blob_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace beian {
namespace {

namespace fs = std::filesystem;

Status MakePrivateDirs(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return IoError("cannot create folder " + dir.string() + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  return Status::Ok();
}

Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("cannot write " + path + ": " + std::strerror(errno));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  if (::fsync(fd) != 0) {
    return IoError("cannot sync " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::string> BlobStore::Put(std::string_view kind,
                                     std::string_view sha256,
                                     std::string_view suffix,
                                     std::string_view bytes) {
  const std::string rel = std::string(kind) + "/" + std::string(sha256.substr(0, 2)) +
                          "/" + std::string(sha256) + std::string(suffix);
  const fs::path final_path = fs::path(data_dir_) / rel;
  std::error_code ec;
  if (fs::exists(final_path, ec) && fs::file_size(final_path, ec) == bytes.size()) {
    return rel;
  }
  BEIAN_RETURN_IF_ERROR(MakePrivateDirs(final_path.parent_path()));
  const std::string tmp = final_path.string() + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("cannot create " + tmp + ": " + std::strerror(errno));
  Status w = WriteAll(fd, bytes, tmp);
  ::close(fd);
  if (!w.ok()) {
    ::unlink(tmp.c_str());
    return w;
  }
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) {
    const std::string err = std::strerror(errno);
    ::unlink(tmp.c_str());
    return IoError("cannot rename " + tmp + " to " + final_path.string() + ": " + err);
  }
  return rel;
}

StatusOr<std::string> BlobStore::Get(std::string_view relative_path) const {
  const std::string path = AbsolutePath(relative_path);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return NotFound("stored file " + path +
                    " is missing; restore the data dir from backup");
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string BlobStore::AbsolutePath(std::string_view relative_path) const {
  return (fs::path(data_dir_) / relative_path).string();
}

}  // namespace beian
