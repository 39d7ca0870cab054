#include "subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <thread>
#include <utility>

namespace beian::testing {
namespace {

// Closes a file descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Reset(); }
  int get() const { return fd_; }
  void Reset() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

std::vector<char*> ArgvPointers(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (const std::string& arg : argv)
    out.push_back(const_cast<char*>(arg.c_str()));
  out.push_back(nullptr);
  return out;
}

int ExitCode(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

// In the forked child: wires stdin to /dev/null and stdout/stderr to `out`,
// then execs. On failure reports errno through `error_pipe` and exits.
[[noreturn]] void ExecChild(char* const* argv, int in, int out, int error_pipe,
                            bool own_session) {
  if (own_session) {
    setsid();
    prctl(PR_SET_PDEATHSIG, SIGTERM);
  }
  dup2(in, STDIN_FILENO);
  dup2(out, STDOUT_FILENO);
  dup2(out, STDERR_FILENO);
  execvp(argv[0], argv);
  int error = errno;
  (void)!write(error_pipe, &error, sizeof error);
  _exit(127);
}

// Forks and execs argv with the given stdin/stdout fds; returns the pid once
// the exec has succeeded.
StatusOr<pid_t> ForkExec(const std::vector<std::string>& argv, int in, int out,
                         bool own_session) {
  if (argv.empty()) return InvalidArgument("empty command line");
  std::vector<char*> pointers = ArgvPointers(argv);
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) return IoError("pipe2 failed");
  Fd read_end(pipe_fds[0]), write_end(pipe_fds[1]);
  pid_t pid = fork();
  if (pid < 0) return IoError(std::string("fork failed: ") + strerror(errno));
  if (pid == 0)
    ExecChild(pointers.data(), in, out, write_end.get(), own_session);
  write_end.Reset();
  int error = 0;
  if (read(read_end.get(), &error, sizeof error) == sizeof error) {
    waitpid(pid, nullptr, 0);
    return IoError("cannot run " + argv[0] + ": " + strerror(error));
  }
  return pid;
}

}  // namespace

Child::Child(Child&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)), exited_(other.exited_) {}

Child& Child::operator=(Child&& other) noexcept {
  if (this != &other) {
    Stop();
    pid_ = std::exchange(other.pid_, -1);
    exited_ = other.exited_;
  }
  return *this;
}

StatusOr<Child> Child::Spawn(const std::vector<std::string>& argv,
                             const std::string& log_path) {
  Fd log(
      open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (log.get() < 0) return IoError("cannot open log " + log_path);
  Fd null(open("/dev/null", O_RDONLY | O_CLOEXEC));
  StatusOr<pid_t> pid = ForkExec(argv, null.get(), log.get(), true);
  if (!pid.ok()) return pid.status();
  return Child(*pid);
}

bool Child::Running() {
  if (pid_ < 0 || exited_) return false;
  exited_ = waitpid(pid_, nullptr, WNOHANG) == pid_;
  return !exited_;
}

void Child::Stop(std::chrono::milliseconds grace) {
  if (pid_ < 0) return;
  auto deadline = std::chrono::steady_clock::now() + grace;
  for (int i = 0; Running() && std::chrono::steady_clock::now() < deadline;
       ++i) {
    // Again every 250 ms: a server still starting up may miss the first one.
    if (i % 25 == 0) kill(-pid_, SIGTERM);  // the child leads its group
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(-pid_, SIGKILL);  // also reaches grandchildren left behind
  if (!exited_) waitpid(pid_, nullptr, 0);
  pid_ = -1;
  exited_ = false;
}

void Child::Signal(int signal) const {
  if (pid_ > 0) kill(pid_, signal);
}

StatusOr<CommandResult> RunCommand(const std::vector<std::string>& argv) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) return IoError("pipe2 failed");
  Fd read_end(pipe_fds[0]), write_end(pipe_fds[1]);
  Fd null(open("/dev/null", O_RDONLY | O_CLOEXEC));
  StatusOr<pid_t> pid = ForkExec(argv, null.get(), write_end.get(), false);
  if (!pid.ok()) return pid.status();
  write_end.Reset();
  CommandResult result;
  char buffer[4096];
  ssize_t n;
  while ((n = read(read_end.get(), buffer, sizeof buffer)) > 0) {
    result.output.append(buffer, static_cast<size_t>(n));
  }
  int wait_status = 0;
  waitpid(*pid, &wait_status, 0);
  result.exit_code = ExitCode(wait_status);
  return result;
}

StatusOr<std::string> RunOrFail(const std::vector<std::string>& argv) {
  StatusOr<CommandResult> result = RunCommand(argv);
  if (!result.ok()) return result.status();
  if (result->exit_code != 0) {
    return IoError(argv[0] + " exited with " +
                   std::to_string(result->exit_code) + ": " + result->output);
  }
  return std::move(result->output);
}

std::string TailOfFile(const std::string& path, int lines) {
  std::ifstream in(path);
  std::deque<std::string> last;
  for (std::string line; std::getline(in, line);) {
    last.push_back(line);
    if (static_cast<int>(last.size()) > lines) last.pop_front();
  }
  std::string out;
  for (const std::string& line : last) out += line + "\n";
  return out;
}

}  // namespace beian::testing
