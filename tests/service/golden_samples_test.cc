// Golden test over samples/: every mail in the sample Maildir is decoded and
// analysed, and the result must match samples/expected/<name>.expected,
// which the generator wrote from what it put into the mail.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "beian/base/sha256.h"
#include "beian/identity/division_table.h"
#include "beian/service/mail_analysis.h"
#include "test_files.h"

namespace beian {
namespace {

namespace fs = std::filesystem;
using beian::testing::ReadFile;
using nlohmann::json;

const fs::path kSamples = fs::path(BEIAN_SOURCE_DIR) / "samples";

std::vector<fs::path> SampleMails() {
  std::vector<fs::path> out;
  for (const char* sub : {"new", "cur"}) {
    const fs::path dir = kSamples / "maildir" / sub;
    if (!fs::exists(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.is_regular_file()) out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string NameOf(const fs::path& mail) {
  const std::string n = mail.filename().string();
  return n.substr(0, n.find(":2,"));
}

class GoldenSampleTest : public ::testing::TestWithParam<fs::path> {
 protected:
  static void SetUpTestSuite() {
    StatusOr<DivisionTable> t = DivisionTable::LoadFile(
        std::string(BEIAN_SOURCE_DIR) + "/config/divisions.tsv");
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    divisions_ = new DivisionTable(std::move(*t));
  }
  static DivisionTable* divisions_;
};
DivisionTable* GoldenSampleTest::divisions_ = nullptr;

void ExpectAttachments(const ParsedMail& mail, const json& expected) {
  ASSERT_EQ(mail.attachments.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const Attachment& a = mail.attachments[i];
    const json& e = expected[i];
    EXPECT_EQ(a.filename, e["filename"].get<std::string>())
        << "attachment " << i;
    EXPECT_EQ(a.content_type, e["content_type"].get<std::string>())
        << a.filename;
    EXPECT_EQ(a.data.size(), e["size"].get<size_t>()) << a.filename;
    EXPECT_EQ(Sha256Hex(a.data), e["sha256"].get<std::string>()) << a.filename;
    EXPECT_EQ(a.in_forwarded, e["in_forwarded"].get<bool>()) << a.filename;
  }
}

TEST_P(GoldenSampleTest, MatchesExpected) {
  const fs::path mail_path = GetParam();
  const fs::path expected_path =
      kSamples / "expected" / (NameOf(mail_path) + ".expected");
  ASSERT_TRUE(fs::exists(expected_path)) << expected_path;
  const json e = json::parse(ReadFile(expected_path));

  StatusOr<ParsedMail> mail = ParseMime(ReadFile(mail_path));
  ASSERT_TRUE(mail.ok()) << mail.status().ToString();
  EXPECT_EQ(mail->subject, e["subject"].get<std::string>());
  EXPECT_EQ(mail->from.address, e["from"]["address"].get<std::string>());
  EXPECT_EQ(mail->from.name, e["from"]["name"].get<std::string>());
  EXPECT_EQ(mail->message_id, e["message_id"].get<std::string>());
  EXPECT_EQ(mail->reply_to.value_or(""),
            e["reply_to"].is_null() ? "" : e["reply_to"].get<std::string>());
  EXPECT_EQ(mail->in_reply_to, e["in_reply_to"].is_null()
                                   ? ""
                                   : e["in_reply_to"].get<std::string>());
  for (const auto& s : e["text_contains"]) {
    EXPECT_NE(mail->text.find(s.get<std::string>()), std::string::npos)
        << "text lacks '" << s.get<std::string>() << "'; text is:\n"
        << mail->text;
  }
  ExpectAttachments(*mail, e["attachments"]);

  const MailAnalysis a = AnalyzeMail(
      *mail, divisions_,
      std::chrono::year_month_day{std::chrono::year(2026) / 11 / 23});
  EXPECT_EQ(a.subject.claim.name, e["claim"]["name"].get<std::string>());
  EXPECT_EQ(a.subject.claim.id_number,
            e["claim"]["id_number"].get<std::string>());
  EXPECT_EQ(a.subject.claim.purpose, e["claim"]["purpose"].get<std::string>());
  std::vector<std::string> codes;
  for (const Problem& p : a.problems) codes.push_back(p.code);
  std::sort(codes.begin(), codes.end());
  EXPECT_EQ(codes, e["problems"].get<std::vector<std::string>>());
}

std::string TestName(const ::testing::TestParamInfo<fs::path>& info) {
  std::string n = NameOf(info.param);
  for (char& c : n) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return "m" + n;
}

INSTANTIATE_TEST_SUITE_P(Samples, GoldenSampleTest,
                         ::testing::ValuesIn(SampleMails()), TestName);

TEST(GoldenSamplesCoverage, AtLeastThirtyMailsWithExpectations) {
  EXPECT_GE(SampleMails().size(), 30u);
}

}  // namespace
}  // namespace beian
