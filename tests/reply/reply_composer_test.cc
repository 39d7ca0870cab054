#include "beian/reply/reply_composer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "beian/mime/parsed_mail.h"
#include "beian/reply/template.h"
#include "test_files.h"

namespace beian {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

const fs::path kSource(BEIAN_SOURCE_DIR);
const fs::path kTemplates = kSource / "templates";
const fs::path kGolden = kSource / "tests/reply/golden";

// Synthetic applicant: the GB 11643 example number, masked.
constexpr char kMaskedId[] = "1101**********002X";
constexpr char kSubject[] = "张三+11010519491231002X+跨省异地就医备案";

using beian::testing::ReadFile;

void WriteFile(const fs::path& p, std::string_view text) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// Compares with tests/reply/golden/<name>; BEIAN_UPDATE_GOLDEN=1 rewrites.
void ExpectGolden(const std::string& name, const std::string& actual) {
  const fs::path file = kGolden / name;
  if (std::getenv("BEIAN_UPDATE_GOLDEN") != nullptr) WriteFile(file, actual);
  ASSERT_TRUE(fs::exists(file)) << file << " missing; run with "
                                << "BEIAN_UPDATE_GOLDEN=1 and read it";
  EXPECT_EQ(actual, ReadFile(file)) << "differs from " << file;
}

ReplyRequest BaseRequest(const std::string& kind) {
  ReplyRequest r;
  r.kind = kind;
  r.region = "510682";
  r.from = "什邡市医保事务中心 <beian510682@example.cn>";
  r.to = "zhangsan@example.com";
  r.original_subject = kSubject;
  r.original_message_id = "orig-1@mail.example.com";
  r.original_references = {"first@mail.example.com"};
  r.message_id = kind + "-0007@beian.example.cn";
  // 2026-02-13 09:00:05 UTC = 17:00:05 Beijing time.
  r.date = std::chrono::sys_days(std::chrono::year{2026} /
                                 std::chrono::February / 13) +
           9h + 5s;
  r.vars = {{"name", "张三"},
            {"id_masked", kMaskedId},
            {"case_number", "510682-20260213-0007"}};
  return r;
}

ReplyRequest Acknowledgement() {
  ReplyRequest r = BaseRequest("acknowledgement");
  r.vars["received_at"] = "2026年2月13日 17:00";
  r.vars["due_at"] = "2026年2月14日 17:00";
  return r;
}

ReplyRequest Correction() {
  ReplyRequest r = BaseRequest("correction");
  r.reason_codes = {"missing_id_back", "scan_blurry", "form_unsigned",
                    "scan_blurry", "other"};
  r.note = "备案表上的联系电话少了一位数字，请核对后重新填写。";
  return r;
}

ReplyRequest Registration(bool long_term) {
  ReplyRequest r = BaseRequest("registration");
  r.vars["registration_number"] = "5106822026021400017";
  r.vars["filing_type"] = long_term ? "异地长期居住人员" : "异地转诊人员";
  r.vars["destination"] = "广东省广州市";
  r.vars["valid_from"] = "2026年2月14日";
  r.vars["valid_until"] = long_term ? "" : "2026年8月13日";
  return r;
}

class ReplyComposerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StatusOr<ReplyComposer> c = ReplyComposer::Load(kTemplates.string());
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    composer_.emplace(std::move(*c));
  }

  ComposedReply Compose(const ReplyRequest& r) {
    StatusOr<ComposedReply> reply = composer_->Compose(r);
    EXPECT_TRUE(reply.ok()) << reply.status().ToString();
    return reply.ok() ? *reply : ComposedReply{};
  }

  Status ComposeError(const ReplyRequest& r) {
    StatusOr<ComposedReply> reply = composer_->Compose(r);
    EXPECT_FALSE(reply.ok()) << reply->bytes;
    return reply.ok() ? Status::Ok() : reply.status();
  }

  ParsedMail ParseBack(const ComposedReply& reply) {
    StatusOr<ParsedMail> mail = ParseMime(reply.bytes);
    EXPECT_TRUE(mail.ok()) << mail.status().ToString();
    return mail.ok() ? *mail : ParsedMail{};
  }

  std::optional<ReplyComposer> composer_;
};

struct GoldenCase {
  const char* name;
  ReplyRequest request;
};

std::vector<GoldenCase> GoldenCases() {
  return {{"acknowledgement", Acknowledgement()},
          {"correction", Correction()},
          {"registration_long_term", Registration(true)},
          {"registration_temporary", Registration(false)}};
}

TEST_F(ReplyComposerTest, RenderedBodiesMatchGoldenFiles) {
  for (const GoldenCase& g : GoldenCases()) {
    SCOPED_TRACE(g.name);
    const ParsedMail mail = ParseBack(Compose(g.request));
    ExpectGolden(std::string(g.name) + ".txt", mail.text);
  }
}

TEST_F(ReplyComposerTest, ComposedMessagesMatchGoldenFiles) {
  for (const GoldenCase& g : GoldenCases()) {
    SCOPED_TRACE(g.name);
    ExpectGolden(std::string(g.name) + ".eml", Compose(g.request).bytes);
  }
}

TEST_F(ReplyComposerTest, ParsesBackWithTheProjectsMimeParser) {
  for (const GoldenCase& g : GoldenCases()) {
    SCOPED_TRACE(g.name);
    const ComposedReply reply = Compose(g.request);
    const ParsedMail mail = ParseBack(reply);
    EXPECT_EQ(reply.subject, "Re: 张三+1101**********002X+跨省异地就医备案");
    EXPECT_EQ(mail.subject, reply.subject);
    EXPECT_EQ(mail.from.name, "什邡市医保事务中心");
    EXPECT_EQ(mail.from.address, "beian510682@example.cn");
    ASSERT_EQ(mail.to.size(), 1u);
    EXPECT_EQ(mail.to[0].address, "zhangsan@example.com");
    EXPECT_EQ(mail.message_id, g.request.message_id);
    EXPECT_EQ(mail.in_reply_to, "orig-1@mail.example.com");
    EXPECT_THAT(mail.references, ElementsAre("first@mail.example.com",
                                             "orig-1@mail.example.com"));
    EXPECT_EQ(mail.Header("Date"), "Fri, 13 Feb 2026 17:00:05 +0800");
    EXPECT_EQ(mail.Header("Auto-Submitted"), "auto-replied");
    EXPECT_EQ(mail.Header("X-Auto-Response-Suppress"), "All");
    EXPECT_EQ(mail.Header("MIME-Version"), "1.0");
    // ParseMime re-quotes the parameter: charset="UTF-8".
    EXPECT_THAT(mail.Header("Content-Type"), HasSubstr("text/plain"));
    EXPECT_THAT(mail.Header("Content-Type"), HasSubstr("UTF-8"));
    EXPECT_TRUE(mail.attachments.empty());
    EXPECT_THAT(mail.warnings, ::testing::IsEmpty());
    EXPECT_THAT(mail.text, HasSubstr("什邡市医保事务中心"));
  }
}

TEST_F(ReplyComposerTest, LinesAreCrlfAndShort) {
  for (const GoldenCase& g : GoldenCases()) {
    SCOPED_TRACE(g.name);
    const std::string bytes = Compose(g.request).bytes;
    size_t start = 0;
    while (start < bytes.size()) {
      const size_t end = bytes.find("\r\n", start);
      ASSERT_NE(end, std::string::npos) << "last line lacks CRLF";
      const std::string line = bytes.substr(start, end - start);
      EXPECT_LE(line.size(), 76u) << line;
      EXPECT_EQ(line.find('\n'), std::string::npos) << "bare LF: " << line;
      for (char c : line)
        EXPECT_GE(static_cast<unsigned char>(c), 0x20) << line;
      for (char c : line)
        EXPECT_LT(static_cast<unsigned char>(c), 0x80) << line;
      start = end + 2;
    }
  }
}

TEST_F(ReplyComposerTest, SameRequestSameBytes) {
  EXPECT_EQ(Compose(Correction()).bytes, Compose(Correction()).bytes);
}

TEST_F(ReplyComposerTest, CorrectionListsEveryReasonOnceInOrder) {
  const std::string text = ParseBack(Compose(Correction())).text;
  const size_t back = text.find("1. 缺少身份证国徽面");
  const size_t blurry = text.find("2. 有的照片太模糊");
  const size_t sign =
      text.find("3. 《跨省异地就医登记备案表》上没有申请人签名");
  const size_t note = text.find("4. 备案表上的联系电话少了一位数字");
  EXPECT_NE(back, std::string::npos) << text;
  EXPECT_LT(back, blurry);
  EXPECT_LT(blurry, sign);
  EXPECT_LT(sign, note);
  EXPECT_EQ(text.find("5. "), std::string::npos);
}

TEST_F(ReplyComposerTest, NeverShowsTheFullIdNumber) {
  for (const GoldenCase& g : GoldenCases()) {
    const ComposedReply reply = Compose(g.request);
    const ParsedMail mail = ParseBack(reply);
    EXPECT_THAT(mail.subject + mail.text, Not(HasSubstr("11010519491231002X")));
  }
  EXPECT_THAT(ParseBack(Compose(Registration(true))).text,
              HasSubstr(kMaskedId));
}

TEST_F(ReplyComposerTest, UnmaskedIdInAVariableIsRefused) {
  ReplyRequest r = Registration(true);
  r.vars["id_masked"] = "11010519491231002X";
  EXPECT_THAT(ComposeError(r).message(), HasSubstr("\"id_masked\""));
  r = Correction();
  r.note = "号码 11010519491231002X 有误";
  EXPECT_THAT(ComposeError(r).message(), HasSubstr("\"note\""));
}

TEST_F(ReplyComposerTest, SubjectIsNotDoubledAndHasADefault) {
  ReplyRequest r = Acknowledgement();
  r.original_subject = "Re: 回复：张三+跨省异地就医备案";
  EXPECT_EQ(Compose(r).subject, "Re: 张三+跨省异地就医备案");
  r.original_subject = "";
  EXPECT_EQ(Compose(r).subject, "Re: 跨省异地就医备案");
}

TEST_F(ReplyComposerTest, LongSubjectFoldsAndDecodes) {
  ReplyRequest r = Acknowledgement();
  r.original_subject = "";
  for (int i = 0; i < 12; ++i)
    r.original_subject += "阿卜杜拉·买买提+跨省异地就医备案 ";
  r.original_subject += "完";
  const ComposedReply reply = Compose(r);
  EXPECT_EQ(ParseBack(reply).subject, "Re: " + r.original_subject);
  EXPECT_GT(std::count(reply.bytes.begin(),
                       reply.bytes.begin() + reply.bytes.find("Date:"), '\n'),
            5);
}

TEST_F(ReplyComposerTest, WithoutOriginalMessageIdNoInReplyTo) {
  ReplyRequest r = Acknowledgement();
  r.original_message_id = "";
  r.original_references = {};
  const ComposedReply reply = Compose(r);
  EXPECT_THAT(reply.bytes, Not(HasSubstr("In-Reply-To")));
  EXPECT_THAT(reply.bytes, Not(HasSubstr("References")));
}

TEST_F(ReplyComposerTest, ReferencesKeepOrderWithoutDuplicates) {
  ReplyRequest r = Acknowledgement();
  r.original_references = {"a@x", "orig-1@mail.example.com", "b@x", "a@x",
                           "bad id@x"};
  EXPECT_THAT(ParseBack(Compose(r)).references,
              ElementsAre("a@x", "b@x", "orig-1@mail.example.com"));
}

TEST_F(ReplyComposerTest, RequestErrorsNameTheProblem) {
  struct Case {
    const char* what;
    void (*edit)(ReplyRequest&);
    const char* expected;
  } cases[] = {
      {"kind", [](ReplyRequest& r) { r.kind = "refusal"; }, "\"refusal\""},
      {"reason", [](ReplyRequest& r) { r.reason_codes = {"scan_blury"}; },
       "\"scan_blury\""},
      {"note", [](ReplyRequest& r) { r.note = " "; }, "note"},
      {"variable", [](ReplyRequest& r) { r.vars.erase("case_number"); },
       "\"case_number\""},
      {"to", [](ReplyRequest& r) { r.to = "a@b\r\nBcc: x@y"; }, "to"},
      {"to empty", [](ReplyRequest& r) { r.to = ""; }, "to"},
      {"message id", [](ReplyRequest& r) { r.message_id = "no-at-sign"; },
       "message_id"},
      {"from", [](ReplyRequest& r) { r.from = "机构 <>"; }, "from"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    ReplyRequest r = Correction();
    c.edit(r);
    const Status s = ComposeError(r);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(s.message(), HasSubstr(c.expected));
  }
}

TEST_F(ReplyComposerTest, PlainAddressFromHasNoName) {
  ReplyRequest r = Acknowledgement();
  r.from = "beian@example.cn";
  r.vars["agency"] = "医保中心";
  const ParsedMail mail = ParseBack(Compose(r));
  EXPECT_EQ(mail.from.address, "beian@example.cn");
  EXPECT_EQ(mail.from.name, "");
  EXPECT_THAT(mail.text, HasSubstr("医保中心"));
}

TEST_F(ReplyComposerTest, AcknowledgementWithoutAName) {
  ReplyRequest r = Acknowledgement();
  r.vars["name"] = "";
  const std::string text = ParseBack(Compose(r)).text;
  EXPECT_TRUE(text.starts_with("您好！")) << text;
}

// A scratch templates directory with a region override.
class RegionOverrideTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("beian-reply-test-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::copy(kTemplates, dir_, fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
};

TEST_F(RegionOverrideTest, RegionTemplateAndReasonsTakePrecedence) {
  WriteFile(dir_ / "regions/510682/acknowledgement.txt",
            "什邡专用：{{case_number}}\n");
  WriteFile(dir_ / "regions/510682/reasons.toml",
            "[scan_blurry]\ntext = \"什邡：照片模糊。\"\nsend = \"重拍。\"\n");
  StatusOr<ReplyComposer> c = ReplyComposer::Load(dir_.string());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ReplyRequest r = Acknowledgement();
  EXPECT_EQ(*c->Template("acknowledgement", "510682"),
            "什邡专用：{{case_number}}\n");
  StatusOr<ParsedMail> mail = ParseMime(c->Compose(r)->bytes);
  EXPECT_EQ(mail->text, "什邡专用：510682-20260213-0007\n");

  r = Correction();  // the region keeps the default correction template
  mail = ParseMime(c->Compose(r)->bytes);
  EXPECT_THAT(mail->text, HasSubstr("2. 什邡：照片模糊。"));
  EXPECT_THAT(mail->text, HasSubstr("请直接回复这封邮件"));

  r.region = "110105";  // another region: defaults throughout
  mail = ParseMime(c->Compose(r)->bytes);
  EXPECT_THAT(mail->text, HasSubstr("2. 有的照片太模糊"));
  r = Acknowledgement();
  r.region = "";
  EXPECT_THAT(ParseMime(c->Compose(r)->bytes)->text, HasSubstr("受理编号"));
}

TEST_F(RegionOverrideTest, LoadErrors) {
  WriteFile(dir_ / "regions/510682/acknowlegement.txt", "x");
  EXPECT_THAT(ReplyComposer::Load(dir_.string()).status().message(),
              HasSubstr("acknowlegement.txt"));
  fs::remove(dir_ / "regions/510682/acknowlegement.txt");
  WriteFile(dir_ / "regions/510682/correction.txt", "{{#reasons}}");
  EXPECT_THAT(ReplyComposer::Load(dir_.string()).status().message(),
              HasSubstr("never closed"));
  fs::remove_all(dir_ / "regions");
  WriteFile(dir_ / "reasons.toml",
            "[scan_blurry]\ntext = \"a\"\nsend = \"b\"\n");
  EXPECT_THAT(ReplyComposer::Load(dir_.string()).status().message(),
              HasSubstr("no text for reason"));
  fs::remove(dir_ / "registration.txt");
  EXPECT_EQ(ReplyComposer::Load(dir_.string()).status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace beian
