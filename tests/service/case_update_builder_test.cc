#include "service/case_update_builder.h"

#include <gtest/gtest.h>

namespace beian::internal {
namespace {

using namespace std::chrono;

MailAnalysis Analyze(const ParsedMail& m) {
  return AnalyzeMail(m, nullptr, 2026y / 11 / 23);
}

TEST(CaseUpdateBuilderTest, NewCaseTakesSubjectFields) {
  ParsedMail m;
  m.subject = "张三+11010519491231002X+跨省异地就医备案";
  m.from.address = "z3@qq.com";
  m.reply_to = "son@163.com";
  m.message_id = "m1@qq.com";
  m.attachments.push_back({"a.jpg", "image/jpeg", "", "x", false});
  MailRecord r;
  r.id = 7;
  r.source.region = "510682";
  CaseUpdate u = BuildCaseUpdate(r, m, Analyze(m), std::nullopt, TimePoint{});
  EXPECT_FALSE(u.case_id.has_value());
  EXPECT_EQ(u.citizen_address, "son@163.com");
  EXPECT_EQ(u.applicant_name, "张三");
  EXPECT_EQ(u.thread_ids, std::vector<std::string>{"m1@qq.com"});
  bool has_birth = false;
  for (const DraftField& f : u.fields) {
    if (f.name == "birth_date") {
      has_birth = true;
      EXPECT_EQ(f.value, "1949-12-31");
      EXPECT_EQ(f.source, "subject");
    }
  }
  EXPECT_TRUE(has_birth);
  EXPECT_TRUE(u.problems.empty());
  ASSERT_EQ(u.attachments.size(), 1u);  // listed, not yet read
  EXPECT_EQ(u.attachments[0].position, 1);
  EXPECT_EQ(u.attachments[0].filename, "a.jpg");
  EXPECT_EQ(u.attachments[0].size, 1);
  EXPECT_TRUE(u.attachments[0].pages.empty());
}

TEST(CaseUpdateBuilderTest,
     FollowUpKeepsOldIdentityProblemsAndCountsAttachments) {
  CaseDetail existing;
  existing.record.id = 3;
  existing.record.id_number = "11010519491231002X";
  existing.attachments.push_back({});
  existing.problems.push_back(
      {{"id_check_digit", Severity::kBlocking, "old"}, 1, TimePoint{}});
  ParsedMail m;
  m.subject = "Re: 补充";  // no identity, no attachments
  MailRecord r;
  r.id = 8;
  CaseUpdate u = BuildCaseUpdate(r, m, Analyze(m), existing, TimePoint{});
  EXPECT_EQ(u.case_id, 3);
  ASSERT_EQ(u.problems.size(), 1u);
  EXPECT_EQ(u.problems[0].code, "id_check_digit");
}

}  // namespace
}  // namespace beian::internal
