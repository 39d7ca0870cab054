#include "beian/store/blob_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace beian {
namespace {

namespace fs = std::filesystem;

// Names temporary files apart: per process, not per store, so that two
// stores on one data dir in one process never write the same temporary.
std::atomic<uint64_t> g_next_temp = 0;

// The folders under the data dir that hold blobs, one per kind.
constexpr const char* kBlobKinds[] = {"raw", "attachments"};

TimePoint MtimeOf(const struct stat& st) {
  return TimePoint(std::chrono::seconds(st.st_mtim.tv_sec));
}

constexpr std::string_view kAside = ".prune.";

// A file's last Put, as the listing sees it: its mtime. A file RemoveIfPut-
// Before moved aside counts from its ctime when later: the rename set that,
// so the file another prune-blobs is checking now (and may move back) is
// not listed, and one a killed prune left is, a grace period later.
TimePoint ListedAgeOf(const fs::path& path, const struct stat& st) {
  if (path.filename().string().find(kAside) == std::string::npos) {
    return MtimeOf(st);
  }
  return std::max(MtimeOf(st),
                  TimePoint(std::chrono::seconds(st.st_ctim.tv_sec)));
}

Status MakePrivateDirs(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return IoError("cannot create folder " + dir.string() + ": " +
                   ec.message());
  ::chmod(dir.c_str(), 0700);
  return Status::Ok();
}

Status WriteAll(int fd, std::string_view bytes, const std::string& path,
                bool sync) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      return IoError("cannot write " + path + ": " + std::strerror(errno));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  if (sync && ::fsync(fd) != 0) {
    return IoError("cannot sync " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace

Status SyncFileSystemOf(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return IoError("cannot open " + path +
                   " to sync it: " + std::strerror(errno));
  const int rc = ::syncfs(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0)
    return IoError("cannot sync the filesystem of " + path + ": " +
                   std::strerror(err));
  return Status::Ok();
}

std::string BlobName(std::string_view kind, std::string_view sha256,
                     std::string_view suffix) {
  return std::string(kind) + "/" + std::string(sha256.substr(0, 2)) + "/" +
         std::string(sha256) + std::string(suffix);
}

bool FileBlobStore::MadeDir(const std::string& dir) const {
  std::lock_guard lock(state_->mu);
  return state_->made_dirs.contains(dir);
}

void FileBlobStore::NoteDir(const std::string& dir, bool made) {
  std::lock_guard lock(state_->mu);
  if (made) {
    state_->made_dirs.insert(dir);
  } else {
    state_->made_dirs.erase(dir);
  }
}

StatusOr<std::string> FileBlobStore::PutBlob(const std::string& rel,
                                             std::string_view bytes,
                                             bool* wrote) {
  if (wrote != nullptr) *wrote = false;
  const fs::path final_path = fs::path(data_dir_) / rel;
  struct stat st {};
  // Complete already: its mtime becomes now, so prune-blobs leaves it for a
  // whole grace period. A file prune-blobs took in between is gone (ENOENT):
  // write it again.
  if (::stat(final_path.c_str(), &st) == 0 &&
      static_cast<size_t>(st.st_size) == bytes.size() &&
      ::utimensat(AT_FDCWD, final_path.c_str(), nullptr, 0) == 0) {
    return rel;
  }
  const std::string dir = final_path.parent_path().string();
  if (!MadeDir(dir)) {
    BEIAN_RETURN_IF_ERROR(MakePrivateDirs(dir));
    NoteDir(dir, true);
  }
  const std::string tmp = final_path.string() + ".tmp." +
                          std::to_string(::getpid()) + "." +
                          std::to_string(g_next_temp++);
  constexpr int kFlags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
  int fd = ::open(tmp.c_str(), kFlags, 0600);
  if (fd < 0 && errno == ENOENT) {  // the folder went away since: again
    NoteDir(dir, false);
    BEIAN_RETURN_IF_ERROR(MakePrivateDirs(dir));
    NoteDir(dir, true);
    fd = ::open(tmp.c_str(), kFlags, 0600);
  }
  if (fd < 0)
    return IoError("cannot create " + tmp + ": " + std::strerror(errno));
  Status w = WriteAll(fd, bytes, tmp, !state_->defer_sync);
  ::close(fd);
  if (!w.ok()) {
    ::unlink(tmp.c_str());
    return w;
  }
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) {
    const std::string err = std::strerror(errno);
    ::unlink(tmp.c_str());
    return IoError("cannot rename " + tmp + " to " + final_path.string() +
                   ": " + err);
  }
  if (wrote != nullptr) *wrote = true;
  return rel;
}

StatusOr<std::string> FileBlobStore::Get(std::string_view relative_path) const {
  const std::string path = AbsolutePath(relative_path);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return NotFound("stored file " + path +
                    " is missing; restore the data dir from backup");
  }
  std::string bytes;
  struct stat st {};
  if (::fstat(fd, &st) == 0) bytes.reserve(static_cast<size_t>(st.st_size));
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      ::close(fd);
      if (n < 0)
        return IoError("cannot read " + path + ": " + std::strerror(err));
      return bytes;
    }
    bytes.append(buf, static_cast<size_t>(n));
  }
}

bool FileBlobStore::Has(std::string_view relative_path, int64_t size) const {
  std::error_code ec;
  const uintmax_t n = fs::file_size(AbsolutePath(relative_path), ec);
  return !ec && n == static_cast<uintmax_t>(size);
}

StatusOr<bool> FileBlobStore::Remove(std::string_view name) {
  std::error_code ec;
  const bool removed = fs::remove(AbsolutePath(name), ec);
  if (ec) {
    return IoError("cannot remove " + AbsolutePath(name) + ": " + ec.message());
  }
  return removed;
}

Status FileBlobStore::ListBlobsPutBefore(
    TimePoint before,
    const std::function<Status(const BlobEntry&)>& each) const {
  for (const char* kind : kBlobKinds) {
    const fs::path top = fs::path(data_dir_) / kind;
    std::error_code ec;
    if (!fs::exists(top, ec)) continue;
    for (auto it = fs::recursive_directory_iterator(top, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      struct stat st {};
      if (::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        continue;  // a folder, or a file removed since it was listed
      }
      const TimePoint age = ListedAgeOf(it->path(), st);
      if (age >= before) continue;
      BEIAN_RETURN_IF_ERROR(each(
          {fs::relative(it->path(), data_dir_).string(), st.st_size, age}));
    }
    if (ec) {
      return IoError("cannot list " + top.string() + ": " + ec.message() +
                     "; check that beian's user may read it");
    }
  }
  return Status::Ok();
}

// rename() is the one step that takes the file from every later Put: a Put
// that touched it before sees it kept (its mtime is new), one after finds
// no file and writes it again.
StatusOr<bool> FileBlobStore::RemoveIfPutBefore(std::string_view name,
                                                TimePoint before) {
  const std::string path = AbsolutePath(name);
  const std::string aside = path + std::string(kAside) +
                            std::to_string(::getpid()) + "." +
                            std::to_string(g_next_temp++);
  if (::rename(path.c_str(), aside.c_str()) != 0) {
    if (errno == ENOENT) return false;
    return IoError("cannot move " + path +
                   " aside to remove it: " + std::strerror(errno));
  }
  struct stat st {};
  if (::stat(aside.c_str(), &st) != 0) {
    return IoError("cannot read " + aside + " (was " + path +
                   "): " + std::strerror(errno) + "; rename it back by hand");
  }
  if (MtimeOf(st) < before) {
    if (::unlink(aside.c_str()) != 0) {
      return IoError("cannot remove " + aside + " (was " + path +
                     "): " + std::strerror(errno));
    }
    return true;
  }
  // Put again just now: back under its name, unless a Put wrote it anew.
  if (::link(aside.c_str(), path.c_str()) != 0 && errno != EEXIST) {
    return IoError("cannot move " + aside + " back to " + path + ": " +
                   std::strerror(errno) + "; rename it back by hand");
  }
  ::unlink(aside.c_str());
  return false;
}

Status FileBlobStore::SyncAll() { return SyncFileSystemOf(data_dir_); }

std::string FileBlobStore::AbsolutePath(std::string_view relative_path) const {
  return (fs::path(data_dir_) / relative_path).string();
}

StatusOr<bool> FileBlobStore::CopyTo(const FileBlobStore& target,
                                     std::string_view relative_path) const {
  const fs::path from = fs::path(data_dir_) / relative_path;
  const fs::path to = fs::path(target.data_dir_) / relative_path;
  std::error_code ec;
  const uintmax_t size = fs::file_size(from, ec);
  if (ec) {
    return NotFound("cannot read " + from.string() + ": " + ec.message());
  }
  if (target.Has(relative_path, static_cast<int64_t>(size))) return false;
  BEIAN_RETURN_IF_ERROR(MakePrivateDirs(to.parent_path()));
  const fs::path temp = to.string() + ".copy-" + std::to_string(::getpid());
  fs::copy_file(from, temp, fs::copy_options::overwrite_existing, ec);
  if (!ec)
    fs::permissions(temp, fs::perms::owner_read | fs::perms::owner_write, ec);
  if (!ec) fs::rename(temp, to, ec);
  if (ec) {
    fs::remove(temp);
    return IoError("cannot copy " + from.string() + " to " + to.string() +
                   ": " + ec.message());
  }
  return true;
}

}  // namespace beian
