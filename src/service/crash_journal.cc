#include "beian/service/crash_journal.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <random>

namespace beian {
namespace {

constexpr long kSlotBytes = 512;
constexpr int kSlots = 2;
constexpr int kMaxFiles = 64;
constexpr char kIdle = '-';
constexpr char kBusy = 'B';
constexpr char kCrashed = 'C';
constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

// The slot this thread has marked, for the signal handler.
thread_local int t_fd = -1;
thread_local long t_offset = -1;

struct sigaction g_previous[NSIG];

void OnCrash(int sig, siginfo_t* info, void*) {
  if (t_fd >= 0 && t_offset >= 0) {
    const char c = kCrashed;
    (void)!::pwrite(t_fd, &c, 1, t_offset);
  }
  // On to whoever had the signal before (the default: the process dies).
  // A fault comes back when the instruction runs again; a signal that was
  // sent (abort(), kill) is sent again.
  ::sigaction(sig, &g_previous[sig], nullptr);
  if (info == nullptr || info->si_code <= 0) ::raise(sig);
}

// A stack overflow (deep recursion in a parser) needs a stack of its own to
// run the handler on. A thread that has one already (a sanitizer gives each
// thread its own and unmaps it itself) keeps it; ours is taken down before
// its memory goes with the thread.
class SignalStack {
 public:
  SignalStack() {
    stack_t old{};
    if (::sigaltstack(nullptr, &old) != 0 || !(old.ss_flags & SS_DISABLE))
      return;
    memory_ = std::make_unique<char[]>(kBytes);
    stack_t ss{};
    ss.ss_sp = memory_.get();
    ss.ss_size = kBytes;
    if (::sigaltstack(&ss, nullptr) != 0) memory_.reset();
  }
  ~SignalStack() {
    if (!memory_) return;
    stack_t off{};
    off.ss_flags = SS_DISABLE;
    (void)::sigaltstack(&off, nullptr);
  }
  SignalStack(const SignalStack&) = delete;
  SignalStack& operator=(const SignalStack&) = delete;

 private:
  static constexpr size_t kBytes = 128 * 1024;
  std::unique_ptr<char[]> memory_;
};

void EnsureSignalStack() { thread_local SignalStack stack; }

std::string ReadAll(int fd) {
  std::string bytes(static_cast<size_t>(kSlotBytes * kSlots), '\0');
  const ssize_t n = ::pread(fd, bytes.data(), bytes.size(), 0);
  bytes.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return bytes;
}

std::vector<CrashJournal::Crash> CrashesIn(const std::string& bytes) {
  std::vector<CrashJournal::Crash> out;
  for (int i = 0; i < kSlots; ++i) {
    const size_t at = static_cast<size_t>(i * kSlotBytes);
    if (bytes.size() <= at || bytes[at] != kCrashed) continue;
    const std::string slot = bytes.substr(at + 1, kSlotBytes - 1);
    std::vector<std::string> f(1);
    for (char c : slot.substr(0, slot.find('\n'))) {
      if (c == '\t') {
        f.emplace_back();
      } else {
        f.back() += c;
      }
    }
    if (f.size() == 4) out.push_back({f[0], f[1], f[2], f[3]});
  }
  return out;
}

}  // namespace

void InstallCrashHandlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction act {};
    act.sa_sigaction = OnCrash;
    act.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&act.sa_mask);
    for (int sig : kSignals) ::sigaction(sig, &act, &g_previous[sig]);
  });
}

CrashJournal::Mark::Mark(int fd, long offset) : fd_(fd), offset_(offset) {}

CrashJournal::Mark::Mark(Mark&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      offset_(std::exchange(other.offset_, -1)) {}

CrashJournal::Mark& CrashJournal::Mark::operator=(Mark&& other) noexcept {
  if (this != &other) {
    Release();
    fd_ = std::exchange(other.fd_, -1);
    offset_ = std::exchange(other.offset_, -1);
  }
  return *this;
}

CrashJournal::Mark::~Mark() { Release(); }

void CrashJournal::Mark::Release() {
  if (fd_ < 0) return;
  if (t_fd == fd_ && t_offset == offset_) {
    t_fd = -1;
    t_offset = -1;
  }
  const char c = kIdle;
  (void)!::pwrite(fd_, &c, 1, offset_);
  fd_ = -1;
}

StatusOr<std::unique_ptr<CrashJournal>> CrashJournal::Open(
    const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return IoError("cannot create folder " + dir + ": " + ec.message() +
                   "; check the data dir's permissions");
  }
  for (int i = 0; i < kMaxFiles; ++i) {
    const std::string path = dir + "/journal." + std::to_string(i);
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
      return IoError("cannot open " + path + ": " + std::strerror(errno));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      std::random_device random;
      const uint64_t first = (static_cast<uint64_t>(random()) << 32) | random();
      return std::unique_ptr<CrashJournal>(
          new CrashJournal(dir, path, fd, first));
    }
    ::close(fd);
  }
  return ResourceExhausted("all " + std::to_string(kMaxFiles) +
                           " journal files in " + dir +
                           " are held by running beian processes");
}

CrashJournal::~CrashJournal() {
  for (int fd : harvested_) ::close(fd);
  ::close(fd_);
}

CrashJournal::Mark CrashJournal::Begin(Slot slot, std::string_view region,
                                       std::string_view sha256,
                                       std::string_view key) {
  std::string record(1, kBusy);
  record += std::to_string(next_attempt_++) + "\t" + std::string(region) +
            "\t" + std::string(sha256) + "\t" +
            std::string(key.substr(0, 400)) + "\n";
  record.resize(static_cast<size_t>(kSlotBytes), ' ');
  const long offset = static_cast<long>(slot) * kSlotBytes;
  if (::pwrite(fd_, record.data(), record.size(), offset) !=
      static_cast<ssize_t>(record.size())) {
    return Mark();  // not marked: a crash here would only not be counted
  }
  EnsureSignalStack();
  t_fd = fd_;
  t_offset = offset;
  return Mark(fd_, offset);
}

std::vector<CrashJournal::Crash> CrashJournal::Crashes() {
  std::vector<Crash> out = CrashesIn(ReadAll(fd_));
  for (int i = 0; i < kMaxFiles; ++i) {
    const std::string path = dir_ + "/journal." + std::to_string(i);
    if (path == path_) continue;
    const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) continue;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {  // a running process's
      ::close(fd);
      continue;
    }
    for (Crash& c : CrashesIn(ReadAll(fd))) out.push_back(std::move(c));
    harvested_.push_back(fd);
  }
  return out;
}

void CrashJournal::Forget() {
  std::string idle(static_cast<size_t>(kSlotBytes * kSlots), ' ');
  for (int i = 0; i < kSlots; ++i)
    idle[static_cast<size_t>(i * kSlotBytes)] = kIdle;
  std::string own = ReadAll(fd_);
  for (int i = 0; i < kSlots; ++i) {
    const size_t at = static_cast<size_t>(i * kSlotBytes);
    if (own.size() > at && own[at] == kCrashed) {
      const char c = kIdle;
      (void)!::pwrite(fd_, &c, 1, static_cast<long>(at));
    }
  }
  for (int fd : harvested_) {
    (void)!::pwrite(fd, idle.data(), idle.size(), 0);
    ::close(fd);
  }
  harvested_.clear();
}

}  // namespace beian
