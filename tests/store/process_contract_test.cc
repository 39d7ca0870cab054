// The process registry contract (ProcessStore) on every backend: a process
// registers, beats and leaves; one that died stays with its old heartbeat;
// a pid reused on the same host replaces the old row.
#include <gtest/gtest.h>

#include "store_contract.h"

namespace beian::testing {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

TEST_P(StoreContractTest, AProcessRegistersBeatsAndLeaves) {
  const ProcessRecord a{"host-a", 4711, "poll,read,send", now_, now_};
  ASSERT_TRUE(store_->RegisterProcess(a).ok());
  ASSERT_TRUE(store_->RegisterProcess({"host-b", 12, "send", now_, now_}).ok());
  ASSERT_TRUE(store_->HeartbeatProcess("host-a", 4711, now_ + minutes(3)).ok());
  auto list = store_->ListProcesses();
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].host, "host-a");
  EXPECT_EQ((*list)[0].pid, 4711);
  EXPECT_EQ((*list)[0].roles, "poll,read,send");
  EXPECT_EQ((*list)[0].started_at, now_);
  EXPECT_EQ((*list)[0].heartbeat_at, now_ + minutes(3));
  EXPECT_EQ((*list)[1].host, "host-b");
  EXPECT_EQ((*list)[1].heartbeat_at, now_);  // b did not beat

  ASSERT_TRUE(store_->UnregisterProcess("host-a", 4711).ok());
  list = store_->ListProcesses();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].host, "host-b");
  // Leaving twice is harmless.
  EXPECT_TRUE(store_->UnregisterProcess("host-a", 4711).ok());
}

TEST_P(StoreContractTest, AHeartbeatOfAnUnregisteredProcessIsNotFound) {
  ASSERT_TRUE(store_->RegisterProcess({"host-a", 1, "poll", now_, now_}).ok());
  // Same pid, another host: not the registered one.
  Status beat = store_->HeartbeatProcess("host-b", 1, now_ + minutes(1));
  EXPECT_EQ(beat.code(), StatusCode::kNotFound);
  EXPECT_NE(beat.message().find("host-b:1"), std::string::npos)
      << beat.message();
  auto list = store_->ListProcesses();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].heartbeat_at, now_);
}

TEST_P(StoreContractTest, AReusedPidReplacesTheDeadProcess) {
  ASSERT_TRUE(store_->RegisterProcess({"host-a", 7, "poll", now_, now_}).ok());
  // host-a rebooted; its new beian got the same pid.
  const TimePoint later = now_ + minutes(90);
  ASSERT_TRUE(
      store_->RegisterProcess({"host-a", 7, "send", later, later}).ok());
  auto list = store_->ListProcesses();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].roles, "send");
  EXPECT_EQ((*list)[0].started_at, later);
}

// Rows of processes dead for over a week go when a process registers; a
// process dead for less stays listed (stale) for the operator to see.
TEST_P(StoreContractTest, ProcessesDeadForAWeekAreForgottenAtTheNextStart) {
  ASSERT_TRUE(store_->RegisterProcess({"host-a", 1, "poll", now_, now_}).ok());
  ASSERT_TRUE(store_->RegisterProcess({"host-b", 2, "send", now_, now_}).ok());
  ASSERT_TRUE(store_->HeartbeatProcess("host-b", 2, now_ + hours(24)).ok());
  // host-a died at now_; host-b a day later.
  const TimePoint week = now_ + kDeadProcessRowsKept;
  ASSERT_TRUE(store_->RegisterProcess({"host-c", 3, "poll", week, week}).ok());
  auto list = store_->ListProcesses();
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 3u);  // exactly a week: still listed
  const TimePoint later = week + minutes(1);
  ASSERT_TRUE(
      store_->RegisterProcess({"host-c", 4, "send", later, later}).ok());
  list = store_->ListProcesses();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].host, "host-b");
  EXPECT_EQ((*list)[1].pid, 3);
  EXPECT_EQ((*list)[2].pid, 4);
}

TEST_P(StoreContractTest, RegisteredProcessesOutliveTheConnection) {
  ASSERT_TRUE(store_->RegisterProcess({"host-a", 9, "poll", now_, now_}).ok());
  Reopen();  // the process that wrote them is gone; the row stays
  auto list = store_->ListProcesses();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].pid, 9);
}

}  // namespace
}  // namespace beian::testing
