#include "beian/base/serial_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace beian {
namespace {

TEST(SerialWorkerTest, RunsJobsInOrderOnOneOtherThread) {
  SerialWorker worker;
  std::vector<int> order;  // only the worker's thread touches it
  std::vector<std::future<std::thread::id>> ids;
  for (int i = 0; i < 50; ++i) {
    ids.push_back(worker.Submit([&order, i] {
      order.push_back(i);
      return std::this_thread::get_id();
    }));
  }
  std::set<std::thread::id> threads;
  for (auto& f : ids) threads.insert(f.get());
  ASSERT_EQ(threads.size(), 1u);
  EXPECT_NE(*threads.begin(), std::this_thread::get_id());
  ASSERT_EQ(order.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(order[i], i);
}

TEST(SerialWorkerTest, HandsBackResultsAndExceptions) {
  SerialWorker worker;
  std::future<int> sum = worker.Submit([] { return 20 + 22; });
  std::future<int> bad =
      worker.Submit([]() -> int { throw std::runtime_error("boom"); });
  EXPECT_EQ(sum.get(), 42);
  EXPECT_THROW(bad.get(), std::runtime_error);
  EXPECT_EQ(worker.Submit([] { return 7; }).get(), 7);  // still running
}

TEST(SerialWorkerTest, DestructionRunsWhatIsQueuedThenJoins) {
  std::atomic<int> ran = 0;
  {
    SerialWorker worker;
    for (int i = 0; i < 100; ++i) {
      (void)worker.Submit([&ran] {
        std::this_thread::yield();
        ++ran;
      });
    }
  }
  EXPECT_EQ(ran.load(), 100);
}

}  // namespace
}  // namespace beian
