// Decisions on a real SQLite store with a recording reply factory.
#include "beian/service/decisions.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "test_dir.h"

namespace beian {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

class FakeReplies final : public ReplyFactory {
 public:
  StatusOr<NewReply> Make(const std::string& kind, const CaseDetail& d,
                          const std::vector<std::string>& reasons,
                          const std::string&) override {
    made_.push_back(kind);
    std::string body = kind + " " + d.record.number + " " + d.record.registration_number;
    for (const std::string& r : reasons) body += " " + r;
    return NewReply{kind, d.record.citizen_address,
                    kind + "." + d.record.number + "." + std::to_string(made_.size()) +
                        "@beian.test",
                    "Re: x", body};
  }
  bool KnowsReason(const std::string& code) const override {
    return code != "no_such_reason";
  }
  std::vector<std::string> made_;
};

ReviewRules Rules() {
  StatusOr<ReviewRules> r =
      LoadReviewRules(std::string(BEIAN_SOURCE_DIR) + "/config/rules", "510682");
  return r.ok() ? *r : ReviewRules{};
}

class DecisionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = beian::testing::FreshTestDir("beian-decisions");
    auto s = SqliteStore::Open((dir_ / "beian.db").string());
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    decisions_ = std::make_unique<Decisions>(
        *store_, *store_, replies_,
        [](const std::string&) -> StatusOr<ReviewRules> { return Rules(); }, clock_,
        log_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string OpenCase(const std::string& key, Problems problems,
                       const std::string& address = "z3@qq.com",
                       bool attachment = false) {
    auto mail = store_->AddRawMail(
        {{"510682", "maildir:/t", key}, "sha-" + key, 1, "raw/" + key, clock_.Now()});
    EXPECT_TRUE(mail.ok());
    CaseUpdate u;
    u.mail_id = *mail;
    u.region = "510682";
    u.citizen_address = address;
    u.applicant_name = "张三";
    u.id_number = "11010519491231002X";
    u.problems = std::move(problems);
    u.at = clock_.Now();
    if (attachment) {  // as intake leaves it: no file yet
      u.attachments.push_back({});
      u.attachments.back().position = 1;
      u.attachments.back().filename = "front.jpg";
    }
    auto c = store_->ApplyCaseUpdate(u);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? c->number : "";
  }

  fs::path dir_;
  std::unique_ptr<SqliteStore> store_;
  FakeReplies replies_;
  FakeClock clock_{sys_days{2026y / 11 / 23} + 2h};
  RecordingLogger log_;
  std::unique_ptr<Decisions> decisions_;
};

TEST_F(DecisionsTest, ConfirmIssuesNumberAndQueuesOneReply) {
  const std::string id = OpenCase("k1", {});
  auto d = decisions_->Confirm(id, {"li", "", false, ""});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->record.status, CaseStatus::kConfirmed);
  EXPECT_EQ(d->record.registration_number.substr(0, 14), "51068220261123");
  auto out = store_->ListOutbox(OutboxState::kQueued);
  ASSERT_EQ(out->size(), 1u);
  EXPECT_EQ((*out)[0].kind, "registration");
  EXPECT_NE((*out)[0].bytes.find(d->record.registration_number), std::string::npos);
  // A second confirm is refused: one decision, one reply.
  auto again = decisions_->Confirm(id, {"li", "", false, ""});
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->ListOutbox(std::nullopt)->size(), 1u);
  // The audit log names the reviewer and the change.
  bool audited = false;
  for (const AuditEntry& a : d->audit) {
    audited = audited || (a.action == "case_confirmed" && a.actor == "li");
  }
  EXPECT_TRUE(audited);
}

// Intake leaves attachments without files until a case is shown: purge
// returns only files that were written.
TEST_F(DecisionsTest, PurgeReturnsOnlyAttachmentFilesThatWereWritten) {
  for (const std::string key : {"k1", "k2"}) {
    const std::string id = OpenCase(key, {}, "z3@qq.com", true);
    ASSERT_TRUE(decisions_->Confirm(id, {"li", "", false, ""}).ok());
  }
  const int64_t shown = store_->GetCase("1")->attachments.at(0).id;
  ASSERT_TRUE(store_->SetAttachmentFile(shown, "ab12", "attachments/ab/ab12").ok());
  clock_.Advance(std::chrono::hours(1));
  auto paths = store_->PurgeDecidedBefore(clock_.Now(), {"li", clock_.Now(), ""});
  ASSERT_TRUE(paths.ok()) << paths.status().ToString();
  std::sort(paths->begin(), paths->end());
  EXPECT_EQ(*paths,
            (std::vector<std::string>{"attachments/ab/ab12", "raw/k1", "raw/k2"}));
}

TEST_F(DecisionsTest, BlockingProblemsNeedForceAndNote) {
  const std::string id = OpenCase("k1", {{"id_check_digit", Severity::kBlocking, ""}});
  auto r = decisions_->Confirm(id, {"li", "", false, ""});
  ASSERT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("id_check_digit"), std::string::npos);
  r = decisions_->Confirm(id, {"li", "", true, ""});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  r = decisions_->Confirm(id, {"li", "国家平台编号 A-1", true, "核对过原件"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->record.registration_number, "国家平台编号 A-1");
}

TEST_F(DecisionsTest, CorrectThenFollowUpReopensThenReopenCommand) {
  const std::string id = OpenCase("k1", {});
  EXPECT_EQ(decisions_->Correct(id, {"li", {"no_such_reason"}, ""}).status().code(),
            StatusCode::kInvalidArgument);
  auto d = decisions_->Correct(id, {"li", {"missing_id_back", "scan_blurry"}, "请重拍"});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->record.status, CaseStatus::kCorrectionRequested);
  auto out = store_->ListOutbox(std::nullopt);
  ASSERT_EQ(out->size(), 1u);
  EXPECT_NE((*out)[0].bytes.find("missing_id_back scan_blurry"), std::string::npos);
  auto reopened = store_->Reopen(id, {"li", clock_.Now(), "再看"});
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->record.status, CaseStatus::kNeedsReview);
  EXPECT_FALSE(store_->Reopen(id, {"li", clock_.Now(), ""}).ok());
}

TEST_F(DecisionsTest, SweepAcknowledgesOnceAndCorrectsCertainProblems) {
  OpenCase("k1", {});
  OpenCase("k2", {{"no_attachments", Severity::kBlocking, ""}}, "ls@163.com");
  int due_calls = 0;
  decisions_->set_due_time([&](const std::string&, TimePoint t) -> StatusOr<TimePoint> {
    ++due_calls;
    return t + hours(24);
  });
  auto st = decisions_->Sweep();
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->acknowledged, 1);
  EXPECT_EQ(st->auto_corrected, 1);
  EXPECT_EQ(st->due_set, 2);
  st = decisions_->Sweep();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->acknowledged, 0);
  EXPECT_EQ(st->auto_corrected, 0);
  EXPECT_EQ(due_calls, 2);
  EXPECT_EQ(store_->ListOutbox(std::nullopt)->size(), 2u);
  // Due times make cases overdue.
  clock_.Advance(hours(25));
  auto overdue = store_->ListCases({std::nullopt, "", clock_.Now()});
  ASSERT_TRUE(overdue.ok());
  EXPECT_EQ(overdue->size(), 1u);  // the corrected one waits for the citizen
}

TEST_F(DecisionsTest, LoopGuardAndDailyCapHoldAutomaticReplies) {
  OpenCase("k1", {});
  decisions_->set_auto_reply_check(
      [](const CaseDetail&) -> StatusOr<std::string> { return std::string("bounce"); });
  auto st = decisions_->Sweep();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->held, 1);
  EXPECT_TRUE(store_->ListOutbox(std::nullopt)->empty());

  decisions_->set_auto_reply_check(nullptr);
  for (int i = 0; i < 12; ++i) OpenCase("m" + std::to_string(i), {}, "same@qq.com");
  st = decisions_->Sweep();
  ASSERT_TRUE(st.ok());
  const int64_t scanned = store_->FullScanSteps();
  EXPECT_EQ(store_->RepliesTo("same@qq.com", clock_.Now() - hours(24)).value(), 10);
  // Addresses compare without case; the index does too, so the cap is a
  // lookup, not a pass over every reply ever queued.
  EXPECT_EQ(store_->RepliesTo("Same@QQ.com", clock_.Now() - hours(24)).value(), 10);
  EXPECT_EQ(store_->FullScanSteps(), scanned);
}

TEST_F(DecisionsTest, TwoProcessesConfirmingGetDistinctNumbers) {
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) ids.push_back(OpenCase("k" + std::to_string(i), {}));
  store_.reset();
  std::vector<pid_t> kids;
  for (int part = 0; part < 2; ++part) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      auto s = SqliteStore::Open((dir_ / "beian.db").string());
      if (!s.ok()) ::_exit(2);
      FakeReplies replies;
      Decisions d(**s, **s, replies,
                  [](const std::string&) -> StatusOr<ReviewRules> { return Rules(); },
                  clock_, log_);
      for (size_t i = part; i < ids.size(); i += 2) {
        if (!d.Confirm(ids[i], {"p" + std::to_string(part), "", false, ""}).ok()) {
          ::_exit(3);
        }
      }
      ::_exit(0);
    }
    kids.push_back(pid);
  }
  for (pid_t pid : kids) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  auto s = SqliteStore::Open((dir_ / "beian.db").string());
  ASSERT_TRUE(s.ok());
  std::set<std::string> numbers;
  std::set<int> sequences;
  auto cases = (*s)->ListCases({CaseStatus::kConfirmed, "", {}});
  ASSERT_EQ(cases->size(), 20u);
  for (const CaseRecord& c : *cases) {
    numbers.insert(c.registration_number);
    sequences.insert(std::stoi(c.registration_number.substr(14, 4)));
  }
  EXPECT_EQ(numbers.size(), 20u);
  EXPECT_EQ(*sequences.begin(), 1);
  EXPECT_EQ(*sequences.rbegin(), 20);  // no gaps
  EXPECT_EQ((*s)->ListOutbox(std::nullopt)->size(), 20u);
}

}  // namespace
}  // namespace beian
