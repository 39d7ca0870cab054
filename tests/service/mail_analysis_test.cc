#include "beian/service/mail_analysis.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

using namespace std::chrono;

ParsedMail MailWithSubject(std::string subject) {
  ParsedMail m;
  m.subject = std::move(subject);
  m.attachments.push_back({"front.jpg", "image/jpeg", "", "x", false});
  return m;
}

TEST(MailAnalysisTest, ValidSubjectHasNoProblems) {
  MailAnalysis a = AnalyzeMail(MailWithSubject("张三+11010519491231002X+跨省异地就医备案"),
                               nullptr, 2026y / 11 / 23);
  EXPECT_TRUE(a.problems.empty());
  ASSERT_TRUE(a.id.has_value());
  EXPECT_EQ(a.id->sex, Sex::kFemale);
}

TEST(MailAnalysisTest, IdProblemsAndMissingAttachments) {
  ParsedMail m = MailWithSubject("张三+11010519491231002Y+跨省异地就医备案");
  m.attachments.clear();
  m.large_attachment_links.push_back("https://wx.mail.qq.com/ftn/download?k=1");
  MailAnalysis a = AnalyzeMail(m, nullptr, 2026y / 11 / 23);
  EXPECT_TRUE(HasProblem(a.problems, "no_attachments"));
  EXPECT_TRUE(HasProblem(a.problems, "qq_large_attachment"));
  EXPECT_TRUE(HasProblem(a.problems, "id_format") ||
              HasProblem(a.problems, "id_check_digit"));
}

}  // namespace
}  // namespace beian
