// WorkerPool with real child processes (fake_worker: a fake reader behind
// the real serving loop): answers, deaths of every kind, replacement,
// budgets and two workers at once.
#include "beian/workers/worker_pool.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <set>
#include <string>

namespace beian {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class QuietLog final : public Logger {
 public:
  void Write(LogLevel, std::string_view event, std::string_view) override {
    events.push_back(std::string(event));
  }
  std::vector<std::string> events;
};

WorkerPoolOptions Options(int workers, std::string arg = "1024") {
  WorkerPoolOptions o;
  o.command = {FAKE_WORKER, std::move(arg)};
  o.workers = workers;
  o.document_deadline = milliseconds(3000);
  o.memory_mb = 1024;
  return o;
}

ReadRequest Request(std::string filename, std::string bytes = "bytes") {
  return {std::move(filename), "image/jpeg", std::move(bytes),
          ReadHints{"张三", "110101199003070014"}, nullptr};
}

// "worker pid/documents read before", as the fake reader says it.
std::string ReaderState(const ReadOutcome& o) {
  return o.reading.ok() && !o.reading->problems.empty()
             ? o.reading->problems[0].detail
             : "";
}

std::string WorkerPid(const ReadOutcome& o) {
  const std::string s = ReaderState(o);
  return s.substr(0, s.find('/'));
}

TEST(WorkerPoolTest, ReadsDocumentsInAWorkerThatStaysLoaded) {
  QuietLog log;
  WorkerPool pool(Options(1), log);
  ReadOutcome a = pool.Submit(Request("front.jpg", "12345")).get();
  ReadOutcome b = pool.Submit(Request("back.jpg")).get();
  ASSERT_TRUE(a.reading.ok()) << a.reading.status().message();
  EXPECT_THAT(a.lost, IsEmpty());
  ASSERT_EQ(a.reading->pages.size(), 1u);
  EXPECT_EQ(a.reading->pages[0].kind, PageKind::kIdFront);
  EXPECT_EQ(a.reading->pages[0].fields[0].value, "张三");
  EXPECT_EQ(a.reading->pages[0].fields[0].raw_text, "12345");
  ASSERT_TRUE(b.reading.ok());
  EXPECT_EQ(b.reading->pages[0].kind, PageKind::kOther);
  EXPECT_EQ(WorkerPid(a), WorkerPid(b));
  // Each document starts from the state the worker had when it was loaded,
  // so a reading never depends on the documents read before it.
  EXPECT_EQ(ReaderState(a), WorkerPid(a) + "/0");
  EXPECT_EQ(ReaderState(b), WorkerPid(b) + "/0");
  const WorkerPoolStats s = pool.Stats();
  EXPECT_EQ(s.started, 1);
  EXPECT_EQ(s.documents, 2);
  EXPECT_EQ(s.deaths, 0);
  EXPECT_GT(s.peak_rss_kb, 0);
}

TEST(WorkerPoolTest, ACrashLosesOneDocumentAndTheNextWorkerReadsOn) {
  QuietLog log;
  WorkerPool pool(Options(1), log);
  ReadOutcome before = pool.Submit(Request("front.jpg")).get();
  ReadOutcome crash = pool.Submit(Request("beian-test-abort.jpg")).get();
  ReadOutcome after = pool.Submit(Request("front.jpg")).get();
  EXPECT_THAT(crash.lost, HasSubstr("crashed (signal 6"));
  ASSERT_TRUE(after.reading.ok());
  EXPECT_THAT(after.lost, IsEmpty());
  // The document's own process died; the loaded worker reads on.
  EXPECT_EQ(WorkerPid(before), WorkerPid(after));
  EXPECT_EQ(pool.Stats().started, 1);
  EXPECT_EQ(pool.Stats().deaths, 1);
  EXPECT_THAT(log.events, ::testing::Contains("document_worker_died"));
}

TEST(WorkerPoolTest, AWorkerPastItsDeadlineIsStopped) {
  QuietLog log;
  WorkerPoolOptions o = Options(1);
  o.document_deadline = milliseconds(1500);
  WorkerPool pool(o, log);
  const auto start = std::chrono::steady_clock::now();
  ReadOutcome loop = pool.Submit(Request("beian-test-loop.jpg")).get();
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_THAT(loop.lost, HasSubstr("longer than its 2 s deadline"));
  EXPECT_LT(took, std::chrono::seconds(30));  // stopped, not waited out
  ReadOutcome next = pool.Submit(Request("front.jpg")).get();
  EXPECT_TRUE(next.reading.ok());
  EXPECT_THAT(next.lost, IsEmpty());
}

TEST(WorkerPoolTest, AWorkerThatAllocatesWithoutEndHitsItsMemoryLimit) {
  QuietLog log;
  WorkerPool pool(Options(1, "256"), log);
  ReadOutcome hog = pool.Submit(Request("beian-test-alloc.jpg")).get();
  EXPECT_THAT(hog.lost, HasSubstr("memory limit"));
  EXPECT_LT(pool.Stats().peak_rss_kb, 300 * 1024);
  EXPECT_TRUE(pool.Submit(Request("front.jpg")).get().reading.ok());
}

TEST(WorkerPoolTest, AMailWhoseBudgetIsSpentGetsItsOtherAttachmentsUnread) {
  QuietLog log;
  WorkerPool pool(Options(1), log);
  ReadRequest slow = Request("sleep-3000.jpg");
  slow.budget = ReadBudget::Of(milliseconds(1500));
  ReadRequest second = Request("front.jpg");
  second.budget = slow.budget;
  ReadOutcome first = pool.Submit(std::move(slow)).get();
  ReadOutcome unread = pool.Submit(std::move(second)).get();
  EXPECT_THAT(first.lost, HasSubstr("deadline"));
  ASSERT_TRUE(unread.reading.ok());
  EXPECT_THAT(unread.lost, IsEmpty());
  ASSERT_EQ(unread.reading->problems.size(), 1u);
  EXPECT_EQ(unread.reading->problems[0].code, "document_not_read");
  EXPECT_THAT(unread.reading->problems[0].detail, HasSubstr("front.jpg"));
  EXPECT_EQ(pool.Stats().documents, 2);
}

TEST(WorkerPoolTest, AWorkerKilledFromOutsideIsReplaced) {
  QuietLog log;
  WorkerPool pool(Options(1), log);
  ReadOutcome first = pool.Submit(Request("front.jpg")).get();
  ASSERT_TRUE(first.reading.ok());
  ::kill(std::stoi(WorkerPid(first)), SIGKILL);  // as the OOM killer would
  ReadOutcome lost = pool.Submit(Request("front.jpg")).get();
  EXPECT_THAT(lost.lost, HasSubstr("the worker reading it died"));
  ReadOutcome next = pool.Submit(Request("front.jpg")).get();
  ASSERT_TRUE(next.reading.ok());
  EXPECT_NE(WorkerPid(next), WorkerPid(first));
  EXPECT_EQ(pool.Stats().started, 2);
}

TEST(WorkerPoolTest, TheReadersOwnErrorIsAnErrorNotADeath) {
  QuietLog log;
  WorkerPool pool(Options(1), log);
  ReadOutcome r = pool.Submit(Request("fail.jpg")).get();
  EXPECT_FALSE(r.reading.ok());
  EXPECT_THAT(r.reading.status().message(), HasSubstr("cannot read fail.jpg"));
  EXPECT_THAT(r.lost, IsEmpty());
  EXPECT_EQ(pool.Stats().deaths, 0);
}

TEST(WorkerPoolTest, AWorkerThatCannotStartSaysWhy) {
  QuietLog log;
  WorkerPool pool(Options(1, "broken"), log);
  ReadOutcome r = pool.Submit(Request("front.jpg")).get();
  ASSERT_FALSE(r.reading.ok());
  EXPECT_THAT(r.reading.status().message(), HasSubstr("no language data"));
}

TEST(WorkerPoolTest, TwoWorkersShareTheQueue) {
  QuietLog log;
  WorkerPool pool(Options(2), log);
  std::vector<std::shared_future<ReadOutcome>> results;
  for (int i = 0; i < 6; ++i)
    results.push_back(pool.Submit(Request("sleep-200-front.jpg")));
  std::set<std::string> pids;
  for (auto& r : results) {
    ASSERT_TRUE(r.get().reading.ok());
    pids.insert(WorkerPid(r.get()));
  }
  EXPECT_EQ(pids.size(), 2u);
  EXPECT_EQ(pool.Stats().started, 2);
  EXPECT_EQ(pool.Stats().documents, 6);
}

}  // namespace
}  // namespace beian
