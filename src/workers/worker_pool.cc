#include "beian/workers/worker_pool.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <utility>

#include "beian/workers/document_worker.h"
#include "worker_protocol.h"

extern char** environ;

namespace beian {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

// Less time than this left in a mail's budget reads nothing useful.
constexpr milliseconds kShortestRead{1000};
// The worker stops a document's child at its deadline; the worker itself is
// stopped if it has not answered this long after.
constexpr milliseconds kWorkerGrace{10'000};

// A pipe whose ends are both above the fds a worker is given (3, 4), so that
// dup2 always makes a new, inheritable descriptor.
bool HighPipe(int fds[2]) {
  int raw[2];
  if (::pipe2(raw, O_CLOEXEC) != 0) return false;
  for (int i = 0; i < 2; ++i) {
    fds[i] = ::fcntl(raw[i], F_DUPFD_CLOEXEC, 10);
    ::close(raw[i]);
  }
  return fds[0] >= 0 && fds[1] >= 0;
}

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

ReadOutcome BudgetSpent(const ReadRequest& r) {
  DocumentReading reading;
  reading.problems.push_back(NotReadProblem(
      r.filename,
      "the mail's reading time was spent on its other attachments"));
  return {reading, ""};
}

}  // namespace

WorkerPool::WorkerPool(WorkerPoolOptions options, Logger& log)
    : options_(std::move(options)), log_(log) {
  std::signal(SIGPIPE, SIG_IGN);  // a dead worker's pipe: EPIPE, not a signal
  for (int i = 0; i < std::max(1, options_.workers); ++i)
    threads_.emplace_back([this] { Serve(); });
}

WorkerPool::~WorkerPool() {
  std::deque<Job> unread;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    unread.swap(jobs_);
  }
  wake_.notify_all();
  // Documents not begun (read ahead for a mail a stop left unprocessed):
  // nobody waits for them; the mail is read again at the next start.
  for (Job& job : unread) {
    job.done.set_value({FailedPrecondition("beian stopped before reading " +
                                           job.request.filename),
                        ""});
  }
  for (std::thread& t : threads_) t.join();
}

std::shared_future<ReadOutcome> WorkerPool::Submit(ReadRequest request) {
  Job job{std::move(request), {}};
  std::shared_future<ReadOutcome> result = job.done.get_future().share();
  {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
  return result;
}

WorkerPoolStats WorkerPool::Stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

void WorkerPool::NoteRss(long kb) {
  std::lock_guard<std::mutex> lock(mu_);
  stats_.peak_rss_kb = std::max(stats_.peak_rss_kb, kb);
}

void WorkerPool::Serve() {
  Worker w;
  for (;;) {
    std::unique_lock<std::mutex> lock(mu_);
    wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (jobs_.empty()) break;  // stopping, with nothing left to read
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    ReadOutcome outcome = Read(w, job.request);
    {
      std::lock_guard<std::mutex> count(mu_);
      ++stats_.documents;
      if (!outcome.lost.empty()) ++stats_.deaths;
    }
    job.done.set_value(std::move(outcome));
  }
  if (w.pid > 0) End(w, milliseconds(5000));
}

Status WorkerPool::Start(Worker& w) {
  int req[2], ans[2];
  if (!HighPipe(req) || !HighPipe(ans))
    return IoError("cannot make pipes for a document worker: " +
                   std::string(std::strerror(errno)));
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, req[0], kRequestFd);
  posix_spawn_file_actions_adddup2(&fa, ans[1], kAnswerFd);
  posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO, STDOUT_FILENO);
  std::vector<char*> argv;
  for (const std::string& a : options_.command)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int rc =
      ::posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(req[0]);
  ::close(ans[1]);
  if (rc != 0) {
    ::close(req[1]);
    ::close(ans[0]);
    return IoError("cannot start the document worker " + options_.command[0] +
                   ": " + std::strerror(rc));
  }
  w = Worker{pid, req[1], ans[0]};
  std::string ready;
  const workers::Wait got = workers::ReadFrameBefore(
      w.from, Clock::now() + options_.start_deadline, ready);
  if (got != workers::Wait::kFrame) {
    const std::string how = End(w, milliseconds(0));
    return FailedPrecondition("the document worker did not start (" + how +
                              "); run `beian ocr FILE` to see why");
  }
  Status s = workers::ParseReady(ready);
  if (!s.ok()) {
    End(w, milliseconds(2000));
    return s;
  }
  std::lock_guard<std::mutex> lock(mu_);
  ++stats_.started;
  return Status::Ok();
}

std::string WorkerPool::End(Worker& w, milliseconds grace) {
  CloseFd(w.to);  // a healthy worker exits when its requests end
  CloseFd(w.from);
  int status = 0;
  rusage usage{};
  const auto give_up = Clock::now() + grace;
  pid_t got = 0;
  while ((got = ::wait4(w.pid, &status, WNOHANG, &usage)) == 0 &&
         Clock::now() < give_up) {
    ::usleep(10'000);
  }
  if (got == 0) {
    ::kill(w.pid, SIGKILL);
    got = ::wait4(w.pid, &status, 0, &usage);
  }
  w.pid = -1;
  if (got > 0) NoteRss(usage.ru_maxrss);
  return workers::DescribeEnd(status, options_.memory_mb);
}

std::string WorkerPool::Died(Worker& w, bool killed_for_deadline,
                             milliseconds deadline) {
  if (killed_for_deadline) {
    ::kill(w.pid, SIGKILL);
    End(w, milliseconds(0));
    return workers::DeadlineText(deadline);
  }
  return "the worker reading it died: " + End(w, milliseconds(1000));
}

ReadOutcome WorkerPool::Read(Worker& w, const ReadRequest& r) {
  milliseconds deadline = options_.document_deadline;
  if (r.budget) {
    deadline = std::min(deadline, r.budget->Left());
    if (deadline < kShortestRead) return BudgetSpent(r);
  }
  if (w.pid <= 0) {
    if (Status s = Start(w); !s.ok()) return {s, ""};
  }
  const auto began = Clock::now();
  workers::RequestHeader h{r.filename, r.content_type, r.hints,
                           deadline.count()};
  std::string answer;
  workers::Wait got = workers::Wait::kClosed;
  if (workers::WriteFrame(w.to, workers::RequestHeaderJson(h)) &&
      workers::WriteFrame(w.to, r.bytes)) {
    got = workers::ReadFrameBefore(w.from, began + deadline + kWorkerGrace,
                                   answer);
  }
  const auto used = duration_cast<milliseconds>(Clock::now() - began);
  if (r.budget) r.budget->Spend(used);
  if (got == workers::Wait::kFrame) {
    workers::Answer a = workers::ParseAnswer(answer);
    NoteRss(a.rss_kb);
    if (!a.lost.empty()) {
      log_.Error("document_worker_died", r.filename + ": " + a.lost);
      return {DocumentReading{}, std::move(a.lost)};
    }
    return {std::move(a.reading), ""};
  }
  ReadOutcome lost;
  lost.lost = Died(w, got == workers::Wait::kTimedOut, deadline);
  lost.reading = DocumentReading{};
  log_.Error("document_worker_died", r.filename + ": " + lost.lost);
  return lost;
}

}  // namespace beian
