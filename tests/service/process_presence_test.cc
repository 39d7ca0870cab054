// ProcessPresence: this process in the registry, registered, beating (not
// more often than asked), registered again when its row vanished, gone
// when destroyed; and when a registered process counts as stale.
#include "beian/service/process_presence.h"

#include <gtest/gtest.h>

#include <map>
#include <utility>

namespace beian {
namespace {

using namespace std::chrono;

// A registry in memory that counts the heartbeats written.
class RecordingProcessStore final : public ProcessStore {
 public:
  Status RegisterProcess(const ProcessRecord& p) override {
    rows_[{p.host, p.pid}] = p;
    return Status::Ok();
  }
  Status HeartbeatProcess(std::string_view host, int64_t pid,
                          TimePoint now) override {
    auto it = rows_.find({std::string(host), pid});
    if (it == rows_.end()) return NotFound("not registered");
    it->second.heartbeat_at = now;
    ++beats_;
    return Status::Ok();
  }
  Status UnregisterProcess(std::string_view host, int64_t pid) override {
    rows_.erase({std::string(host), pid});
    return Status::Ok();
  }
  StatusOr<std::vector<ProcessRecord>> ListProcesses() override {
    std::vector<ProcessRecord> out;
    for (const auto& [key, p] : rows_) out.push_back(p);
    return out;
  }

  std::map<std::pair<std::string, int64_t>, ProcessRecord> rows_;
  int beats_ = 0;
};

class ProcessPresenceTest : public ::testing::Test {
 protected:
  std::unique_ptr<ProcessPresence> Enter() {
    auto me = ProcessPresence::Enter(store_, clock_, "host-a", 4711,
                                     "poll,read,send", seconds(10));
    EXPECT_TRUE(me.ok()) << me.status().ToString();
    return me.ok() ? std::move(*me) : nullptr;
  }
  const ProcessRecord& Row() { return store_.rows_.at({"host-a", 4711}); }

  const TimePoint start_ = sys_days{2026y / December / 7} + hours(4);
  FakeClock clock_{start_};
  RecordingProcessStore store_;
};

TEST_F(ProcessPresenceTest, RegisteredWhileItLivesGoneAfter) {
  {
    auto me = Enter();
    ASSERT_NE(me, nullptr);
    ASSERT_EQ(store_.rows_.size(), 1u);
    EXPECT_EQ(Row().roles, "poll,read,send");
    EXPECT_EQ(Row().started_at, start_);
    clock_.Advance(seconds(25));
    ASSERT_TRUE(me->Beat().ok());
    EXPECT_EQ(Row().heartbeat_at, start_ + seconds(25));
    EXPECT_EQ(Row().started_at, start_);
  }
  EXPECT_TRUE(store_.rows_.empty());
}

TEST_F(ProcessPresenceTest, BeatIfDueWritesAtMostOncePerInterval) {
  auto me = Enter();
  ASSERT_NE(me, nullptr);
  clock_.Advance(seconds(9));
  ASSERT_TRUE(me->BeatIfDue().ok());
  EXPECT_EQ(store_.beats_, 0);
  EXPECT_EQ(Row().heartbeat_at, start_);
  clock_.Advance(seconds(1));
  ASSERT_TRUE(me->BeatIfDue().ok());
  ASSERT_TRUE(me->BeatIfDue().ok());
  EXPECT_EQ(store_.beats_, 1);
  EXPECT_EQ(Row().heartbeat_at, start_ + seconds(10));
}

TEST_F(ProcessPresenceTest, ARemovedRowIsRegisteredAgainByTheNextBeat) {
  auto me = Enter();
  ASSERT_NE(me, nullptr);
  store_.rows_.clear();  // someone removed it
  clock_.Advance(minutes(1));
  ASSERT_TRUE(me->Beat().ok());
  ASSERT_EQ(store_.rows_.size(), 1u);
  EXPECT_EQ(Row().heartbeat_at, start_ + minutes(1));
  EXPECT_EQ(Row().started_at, start_);  // it did not restart
}

TEST(IsStaleTest, StaleAfterThreeCyclesWithAMailEach) {
  const TimePoint beat = sys_days{2026y / December / 7} + hours(4);
  const ProcessRecord p{"h", 1, "poll", beat, beat};
  // cycle 10 s, a mail at most 180 s: stale after 3 × 190 s = 570 s.
  EXPECT_FALSE(IsStale(p, beat + seconds(570), seconds(10), seconds(180)));
  EXPECT_TRUE(IsStale(p, beat + seconds(571), seconds(10), seconds(180)));
  EXPECT_FALSE(IsStale(p, beat + seconds(90), seconds(30), seconds(0)));
  EXPECT_TRUE(IsStale(p, beat + seconds(91), seconds(30), seconds(0)));
}

}  // namespace
}  // namespace beian
