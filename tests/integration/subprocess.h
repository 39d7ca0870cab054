// Child processes for the integration-test harness: RAII ownership of
// servers, and one-shot commands whose output the caller reads.
#ifndef BEIAN_TESTS_INTEGRATION_SUBPROCESS_H_
#define BEIAN_TESTS_INTEGRATION_SUBPROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "beian/base/status.h"

namespace beian::testing {

// A long-running child (a server) in its own session and process group, with
// stdout and stderr appended to a log file. It gets SIGTERM if the test
// process dies. Stop() or the destructor terminate the whole group and reap.
class Child {
 public:
  Child() = default;
  Child(Child&& other) noexcept;
  Child& operator=(Child&& other) noexcept;
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() { Stop(); }

  static StatusOr<Child> Spawn(const std::vector<std::string>& argv,
                               const std::string& log_path);

  // True while the process has not exited (reaps it if it has).
  bool Running();
  // SIGTERM to the group, up to `grace` to exit, then SIGKILL. Idempotent.
  void Stop(std::chrono::milliseconds grace = std::chrono::seconds(5));
  // Sends `signal` to the process alone (e.g. SIGHUP to reload).
  void Signal(int signal) const;
  pid_t pid() const { return pid_; }

 private:
  explicit Child(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
  bool exited_ = false;
};

struct CommandResult {
  int exit_code = -1;  // 128 + signal number if killed by a signal
  std::string output;  // stdout and stderr, interleaved
};

// Runs argv[0] (looked up in PATH) to completion. Fails only if it could not
// be started; a non-zero exit is in the result.
StatusOr<CommandResult> RunCommand(const std::vector<std::string>& argv);

// Like RunCommand, but a non-zero exit is an IoError with the output.
StatusOr<std::string> RunOrFail(const std::vector<std::string>& argv);

// The last `lines` lines of a text file ("" if it cannot be read).
std::string TailOfFile(const std::string& path, int lines = 20);

}  // namespace beian::testing

#endif  // BEIAN_TESTS_INTEGRATION_SUBPROCESS_H_
