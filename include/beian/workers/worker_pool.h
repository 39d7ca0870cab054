// A pool of document worker processes (`beian ocr-worker`): each reads one
// document at a time under a memory and CPU limit, with a wall deadline the
// pool enforces. Engines stay loaded in a worker between documents; a worker
// that dies (deadline, limit, crash, a kill from outside) is replaced on the
// next document, and the document it held comes back `lost` with why.
//
//   WorkerPool pool({{"/usr/bin/beian", "ocr-worker"}, 2}, log);
//   std::shared_future<ReadOutcome> r = pool.Submit(request);
//   use(r.get());
#ifndef BEIAN_WORKERS_WORKER_POOL_H_
#define BEIAN_WORKERS_WORKER_POOL_H_

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "beian/base/log.h"
#include "beian/ocr/document_queue.h"

namespace beian {

struct WorkerPoolOptions {
  // argv of a worker: it reads requests on fd 3 and answers on fd 4.
  std::vector<std::string> command;
  int workers = 1;
  // Wall time one document may take; a mail's ReadBudget can shorten it.
  std::chrono::milliseconds document_deadline{std::chrono::seconds(60)};
  // Wall time for a worker to load its engines and say it is ready.
  std::chrono::milliseconds start_deadline{std::chrono::seconds(120)};
  size_t memory_mb = 2048;  // the worker's RLIMIT_AS, for messages
};

struct WorkerPoolStats {
  int documents = 0;     // answered or lost
  int started = 0;       // worker processes started
  int deaths = 0;        // workers that died on a document
  long peak_rss_kb = 0;  // the largest resident size any worker reached
};

class WorkerPool final : public DocumentQueue {
 public:
  WorkerPool(WorkerPoolOptions options, Logger& log);
  // Finishes the documents being read, answers the ones not begun with an
  // error, then ends the workers.
  ~WorkerPool() override;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  std::shared_future<ReadOutcome> Submit(ReadRequest request) override;
  WorkerPoolStats Stats() const;
  int size() const { return int(threads_.size()); }

 private:
  struct Job {
    ReadRequest request;
    std::promise<ReadOutcome> done;
  };
  // One worker process and the pipes to it; pid -1 = not running.
  struct Worker {
    pid_t pid = -1;
    int to = -1;    // requests
    int from = -1;  // answers
  };
  void Serve();
  ReadOutcome Read(Worker& w, const ReadRequest& request);
  Status Start(Worker& w);
  // Ends `w` (closing its pipes first, then SIGKILL after `grace`) and says
  // how it ended.
  std::string End(Worker& w, std::chrono::milliseconds grace);
  std::string Died(Worker& w, bool killed_for_deadline,
                   std::chrono::milliseconds deadline);
  void NoteRss(long kb);

  const WorkerPoolOptions options_;
  Logger& log_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  WorkerPoolStats stats_;
  std::vector<std::thread> threads_;  // last: they use everything above
};

}  // namespace beian

#endif  // BEIAN_WORKERS_WORKER_POOL_H_
