// Intake keeps raw mails only; WriteAttachmentFiles writes each attachment
// when a case is first shown. Real SQLite file and data dir in a temp dir.
#include "beian/service/attachment_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "beian/base/sha256.h"
#include "beian/mime/parsed_mail.h"
#include "beian/service/intake_pipeline.h"
#include "test_dir.h"
#include "test_files.h"

namespace beian {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

// A citizen's mail with an ID card scan and a form (both base64).
std::string TwoAttachments(const std::string& front, const std::string& form) {
  return "From: citizen@qq.com\r\nTo: beian@ybj.example.cn\r\n"
         "Subject: 张三+11010519491231002X+跨省异地就医备案\r\n"
         "Message-ID: <two@qq.com>\r\n"
         "Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n"
         "Content-Type: text/plain; charset=utf-8\r\n\r\n见附件\r\n--B\r\n"
         "Content-Type: image/jpeg; name=front.jpg\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\n" +
         front +
         "\r\n--B\r\n"
         "Content-Type: application/pdf; name=form.pdf\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\n" +
         form + "\r\n--B--\r\n";
}

const std::string kMail = TwoAttachments("/9j/4AAQSkZJRg==", "JVBERi0xLjQK");

using beian::testing::ReadFile;

class AttachmentFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = beian::testing::FreshTestDir("beian-attfiles");
    auto s = SqliteStore::Open((dir_ / "beian.db").string());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    blobs_ = FileBlobStore((dir_ / "data").string());
    FakeMailSource src;
    src.Add({{"510682", "maildir:/test", "k1"}, kMail});
    IntakePipeline p(*store_, blobs_, clock_, nullptr, log_);
    ASSERT_TRUE(p.Run(src).ok());
  }
  void TearDown() override { fs::remove_all(dir_); }
  CaseDetail Case() {
    StatusOr<CaseDetail> d = store_->GetCase("1");
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? *d : CaseDetail{};
  }

  fs::path dir_;
  std::unique_ptr<SqliteStore> store_;
  FileBlobStore blobs_{""};
  FakeClock clock_{sys_days{2026y / 11 / 23} + 1h};
  RecordingLogger log_;
};

TEST_F(AttachmentFilesTest, IntakeKeepsTheRawMailOnly) {
  const CaseDetail d = Case();
  ASSERT_EQ(d.attachments.size(), 2u);
  EXPECT_EQ(d.attachments[0].filename, "front.jpg");
  EXPECT_EQ(d.attachments[0].size, 10);  // decoded bytes
  EXPECT_EQ(d.attachments[1].size, 9);
  for (const AttachmentRecord& a : d.attachments) {
    EXPECT_EQ(a.path, "");
    EXPECT_EQ(a.sha256, "");
  }
  EXPECT_TRUE(fs::exists(dir_ / "data" / d.mails.at(0).raw_path));
  EXPECT_FALSE(fs::exists(dir_ / "data" / "attachments"));
}

TEST_F(AttachmentFilesTest, WritesEachAttachmentDecodedAndRecordsIt) {
  CaseDetail d = Case();
  EXPECT_TRUE(WriteAttachmentFiles(*store_, blobs_, d).empty());
  StatusOr<ParsedMail> mail = ParseMime(kMail);
  ASSERT_TRUE(mail.ok());
  for (size_t i = 0; i < 2; ++i) {
    const AttachmentRecord& a = d.attachments[i];
    const std::string& want = mail->attachments[i].data;
    EXPECT_EQ(a.sha256, Sha256Hex(want));
    EXPECT_EQ(a.path, "attachments/" + a.sha256.substr(0, 2) + "/" + a.sha256);
    EXPECT_EQ(ReadFile(dir_ / "data" / a.path), want);
    EXPECT_EQ(fs::status(dir_ / "data" / a.path).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
  }
  const CaseDetail again = Case();  // kept in the store
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(again.attachments[i].path, d.attachments[i].path);
    EXPECT_EQ(again.attachments[i].sha256, d.attachments[i].sha256);
  }
}

TEST_F(AttachmentFilesTest, AWrittenAttachmentIsNotReadAgain) {
  CaseDetail d = Case();
  ASSERT_TRUE(WriteAttachmentFiles(*store_, blobs_, d).empty());
  fs::remove(dir_ / "data" / d.mails.at(0).raw_path);
  CaseDetail later = Case();
  EXPECT_TRUE(WriteAttachmentFiles(*store_, blobs_, later).empty());
  EXPECT_EQ(later.attachments[0].path, d.attachments[0].path);
}

TEST_F(AttachmentFilesTest, AMissingRawFileIsNamedAndNothingIsRecorded) {
  CaseDetail d = Case();
  const std::string raw = d.mails.at(0).raw_path;
  fs::remove(dir_ / "data" / raw);
  const std::map<int64_t, std::string> errors =
      WriteAttachmentFiles(*store_, blobs_, d);
  ASSERT_EQ(errors.size(), 2u);
  const std::string& e = errors.at(d.attachments[0].id);
  EXPECT_NE(e.find(raw), std::string::npos) << e;
  EXPECT_NE(e.find("restore the data dir from backup"), std::string::npos) << e;
  EXPECT_EQ(Case().attachments[0].path, "");
}

TEST_F(AttachmentFilesTest, ARawMailThatNoLongerMatchesIsRefused) {
  CaseDetail d = Case();
  // The same file now decodes to a longer first attachment.
  std::ofstream(dir_ / "data" / d.mails.at(0).raw_path, std::ios::trunc)
      << TwoAttachments("/9j/4AAQSkZJRgABAQ==", "JVBERi0xLjQK");
  const std::map<int64_t, std::string> errors =
      WriteAttachmentFiles(*store_, blobs_, d);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors.at(d.attachments[0].id).find("no longer reads as intake"),
            std::string::npos);
  EXPECT_EQ(d.attachments[0].path, "");
  EXPECT_NE(d.attachments[1].path, "");  // the form still matches
}

TEST_F(AttachmentFilesTest, APurgedCaseSaysSo) {
  CaseDetail d = Case();
  d.record.purged_at = clock_.Now();
  const std::map<int64_t, std::string> errors =
      WriteAttachmentFiles(*store_, blobs_, d);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors.begin()->second.find("purged"), std::string::npos);
}

TEST_F(AttachmentFilesTest, TheStoreRefusesAnUnknownAttachment) {
  Status s = store_->SetAttachmentFile(999, std::string(64, 'a'), "x");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("999"), std::string::npos);
}

}  // namespace
}  // namespace beian
