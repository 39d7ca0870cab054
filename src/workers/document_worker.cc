#include "beian/workers/document_worker.h"

#include <poll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "worker_protocol.h"

namespace beian {
namespace {

using std::chrono::milliseconds;

// AddressSanitizer reserves terabytes of address space for its shadow
// memory, so a sanitizer build cannot limit it; its test hook then stops
// allocating at the limit by itself.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kCanLimitAddressSpace = false;
#else
constexpr bool kCanLimitAddressSpace = true;
#endif

[[noreturn]] void RunTestHook(std::string_view filename, size_t memory_mb) {
  if (filename.starts_with("beian-test-abort")) std::abort();
  if (filename.starts_with("beian-test-alloc")) {
    std::vector<std::vector<char>> hoard;
    for (size_t mb = 64;; mb += 64) {
      if (!kCanLimitAddressSpace && memory_mb > 0 && mb >= memory_mb)
        throw std::bad_alloc();
      hoard.emplace_back(64u << 20, 'x');
    }
  }
  volatile unsigned long spins = 0;
  for (;;) spins = spins + 1;
}

bool IsTestHook(std::string_view filename) {
  return filename.starts_with("beian-test-abort") ||
         filename.starts_with("beian-test-alloc") ||
         filename.starts_with("beian-test-loop");
}

// In the document's child: reads it and leaves the answer in `out_fd` (a
// memory file), then ends without running destructors.
[[noreturn]] void ReadInChild(DocumentReader& reader,
                              const workers::RequestHeader& h,
                              const std::string& bytes, int out_fd,
                              const ServeOptions& options) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (h.wall_ms > 0) {  // CPU can never exceed wall time on one thread
    const rlim_t cpu = rlim_t(h.wall_ms / 1000 + 1);
    rlimit lim{cpu, cpu + 1};
    ::setrlimit(RLIMIT_CPU, &lim);
  }
  StatusOr<DocumentReading> r = DocumentReading{};
  try {
    if (options.test_hooks && IsTestHook(h.filename))
      RunTestHook(h.filename, options.memory_mb);
    r = reader.Read(h.filename, h.content_type, bytes, h.hints);
  } catch (const std::bad_alloc&) {
    ::_exit(kWorkerOutOfMemory);
  }
  const std::string answer = workers::AnswerJson(r, workers::PeakRssKb());
  ::_exit(workers::WriteFrame(out_fd, answer) ? 0 : 1);
}

// Waits for `child` until `wall_ms` has passed (then kills it); returns its
// wait status and resource use, and whether the deadline stopped it.
bool WaitForChild(pid_t child, int64_t wall_ms, int* status, rusage* usage) {
  const int pidfd = int(::syscall(SYS_pidfd_open, child, 0));
  bool killed = false;
  if (pidfd >= 0) {
    pollfd p{pidfd, POLLIN, 0};
    int r;
    do {
      r = ::poll(&p, 1, wall_ms > 0 ? int(wall_ms) : -1);
    } while (r < 0 && errno == EINTR);
    if (r == 0) {
      ::kill(child, SIGKILL);
      killed = true;
    }
    ::close(pidfd);
  }
  while (::wait4(child, status, 0, usage) < 0 && errno == EINTR) {
  }
  return killed;
}

std::optional<std::string> ReadBack(int fd) {
  if (::lseek(fd, 0, SEEK_SET) != 0) return std::nullopt;
  return workers::ReadFrame(fd);
}

// One document: a child reads it; the answer is its reading, or why it died.
std::string ServeOne(DocumentReader& reader, const workers::RequestHeader& h,
                     const std::string& bytes, const ServeOptions& options) {
  const int out = ::memfd_create("beian-answer", MFD_CLOEXEC);
  if (out < 0) return workers::LostJson("no memory file for its answer", 0);
  const pid_t child = ::fork();
  if (child == 0) ReadInChild(reader, h, bytes, out, options);
  if (child < 0) {
    ::close(out);
    return workers::LostJson("no process could be started to read it", 0);
  }
  int status = 0;
  rusage usage{};
  const bool killed = WaitForChild(child, h.wall_ms, &status, &usage);
  std::optional<std::string> answer;
  if (!killed && WIFEXITED(status) && WEXITSTATUS(status) == 0)
    answer = ReadBack(out);
  ::close(out);
  if (answer) return *answer;
  return workers::LostJson(
      killed ? workers::DeadlineText(milliseconds(h.wall_ms))
             : "the process reading it died: " +
                   workers::DescribeEnd(status, options.memory_mb),
      usage.ru_maxrss);
}

}  // namespace

Status PrepareWorkerProcess(const WorkerProcessLimits& limits) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() == 1) return FailedPrecondition("parent already gone");
  std::signal(SIGINT, SIG_IGN);
  std::signal(SIGTERM, SIG_IGN);
  std::signal(SIGPIPE, SIG_IGN);
  if (limits.memory_mb > 0 && kCanLimitAddressSpace) {
    const rlim_t bytes = rlim_t(limits.memory_mb) << 20;
    rlimit lim{bytes, bytes};
    if (::setrlimit(RLIMIT_AS, &lim) != 0)
      return FailedPrecondition("cannot limit the worker's memory");
  }
  return Status::Ok();
}

int ServeDocuments(const StatusOr<std::unique_ptr<DocumentReader>>& reader,
                   int request_fd, int answer_fd, ServeOptions options) {
  using workers::ReadFrame;
  using workers::WriteFrame;
  if (!WriteFrame(answer_fd, workers::ReadyJson(reader.status()))) return 1;
  if (!reader.ok()) return 2;
  for (;;) {
    std::optional<std::string> header = ReadFrame(request_fd);
    if (!header) return 0;  // the parent closed the pipe: done
    std::optional<std::string> bytes = ReadFrame(request_fd);
    std::optional<workers::RequestHeader> h =
        workers::ParseRequestHeader(*header);
    if (!bytes || !h) return 1;
    if (!WriteFrame(answer_fd, ServeOne(**reader, *h, *bytes, options)))
      return 1;
  }
}

}  // namespace beian
