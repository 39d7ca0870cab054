// One background thread that runs the jobs handed to it, in order.
//
//   SerialWorker worker;
//   std::future<int> n = worker.Submit([] { return Count(); });
//   ... other work ...
//   use(n.get());
//
// The thread starts with the first job and lives until the worker is
// destroyed, so a job per mail costs no thread creation. The destructor runs
// the jobs still queued, then joins. A job must not outlive what it reads:
// unlike std::async's, these futures do not wait when destroyed, so a job
// holds (shared) ownership of its inputs.
#ifndef BEIAN_BASE_SERIAL_WORKER_H_
#define BEIAN_BASE_SERIAL_WORKER_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>

namespace beian {

class SerialWorker {
 public:
  SerialWorker() = default;
  SerialWorker(const SerialWorker&) = delete;
  SerialWorker& operator=(const SerialWorker&) = delete;
  ~SerialWorker();

  template <typename F>
  std::future<std::invoke_result_t<F>> Submit(F job) {
    using Result = std::invoke_result_t<F>;
    auto task = std::make_shared<std::packaged_task<Result()>>(std::move(job));
    std::future<Result> result = task->get_future();
    Post([task] { (*task)(); });
    return result;
  }

 private:
  void Post(std::function<void()> job);
  void Loop();

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace beian

#endif  // BEIAN_BASE_SERIAL_WORKER_H_
