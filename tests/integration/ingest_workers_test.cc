// `beian ingest` with its document workers, end to end: the real binary,
// real Tesseract in the workers, a real SQLite file. Hostile attachments
// made here (a page bomb, a pixel bomb, damaged files, test hooks that make
// a worker's document abort, spin or allocate without end) each get their
// reason within the deadline, the next mail is read, nothing is lost, and a
// mail that takes down two workers is quarantined. Two workers give every
// mail one case and the same draft as one.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "beian/base/base64.h"
#include "beian/identity/id_number.h"
#include "beian/store/store.h"
#include "subprocess.h"
#include "test_dir.h"
#include "test_files.h"

namespace beian {
namespace {

namespace fs = std::filesystem;
using beian::testing::RunCommand;

using beian::testing::ReadFile;

struct File {
  std::string name;
  std::string bytes;
};

// A synthetic ID number (Beijing Chaoyang, born 1949-12-31) with a valid
// check digit: a person per mail, so that no mail joins another's case.
std::string IdNumber(int person) {
  char first17[18];
  std::snprintf(first17, sizeof first17, "11010519491231%03d", person);
  return std::string(first17) + ComputeCheckCharacter(first17);
}

std::string Mail(const std::string& id, const std::vector<File>& files) {
  std::string m = "From: citizen" + id +
                  "@qq.com\r\nTo: beian@ybj.example.cn\r\nSubject: "
                  "张三+" +
                  IdNumber(std::stoi(id)) +
                  "+跨省异地就医备案\r\nMessage-ID: <" + id +
                  "@qq.com>\r\nMIME-Version: 1.0\r\nContent-Type: "
                  "multipart/mixed; boundary=B\r\n\r\n";
  for (const File& f : files) {
    m += "--B\r\nContent-Type: application/octet-stream; name=" + f.name +
         "\r\nContent-Disposition: attachment; filename=" + f.name +
         "\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
         EncodeBase64Lines(f.bytes);
  }
  return m + "--B--\r\n";
}

std::string Card() {
  return ReadFile(fs::path(BEIAN_SOURCE_DIR) /
                  "tests/data/ocr/0000-id_front-clean.jpg");
}

class IngestWorkersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = beian::testing::FreshTestDir("beian-workers");
    fs::create_directories(dir_ / "mails");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void AddMail(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / "mails" / (name + ".eml"), std::ios::binary) << text;
  }
  // Runs ingest over the mails folder, with BEIAN_WORKER_TEST_HOOKS=1 when
  // `hooks`.
  beian::testing::CommandResult Ingest(int workers, const std::string& db,
                                       bool hooks,
                                       const std::string& deadline = "60s") {
    std::ofstream(dir_ / "beian.toml")
        << "[store]\npath = \"" << (dir_ / db).string() << "\"\ndata_dir = \""
        << (dir_ / (db + ".data")).string()
        << "\"\n[ocr]\ndocument_deadline = \"" << deadline
        << "\"\nworker_memory_mb = 1536\n"
        << ocr_extra_;
    std::vector<std::string> argv = {"env"};
    if (hooks) argv.push_back("BEIAN_WORKER_TEST_HOOKS=1");
    for (const std::string& a :
         {std::string(BEIAN_BINARY), std::string("--config"),
          (dir_ / "beian.toml").string(), std::string("--config-dir"),
          std::string(BEIAN_SOURCE_DIR) + "/config",
          std::string("--ocr-workers"), std::to_string(workers),
          std::string("ingest"), std::string("--region"), std::string("510682"),
          std::string("--no-replies"), (dir_ / "mails").string()}) {
      argv.push_back(a);
    }
    StatusOr<beian::testing::CommandResult> r = RunCommand(argv);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : beian::testing::CommandResult{};
  }
  std::unique_ptr<SqliteStore> Open(const std::string& db) {
    auto s = SqliteStore::Open((dir_ / db).string());
    EXPECT_TRUE(s.ok());
    return s.ok() ? std::move(*s) : nullptr;
  }
  // Each mail's case: "problem codes | page kinds" by the mail's file name.
  std::map<std::string, std::string> Outcomes(SqliteStore& store) {
    std::map<std::string, std::string> out;
    auto cases = store.ListCases({});
    EXPECT_TRUE(cases.ok());
    for (const CaseRecord& c : *cases) {
      auto d = store.GetCaseById(c.id);
      EXPECT_TRUE(d.ok());
      std::set<std::string> codes, kinds;
      for (const CaseProblem& p : d->problems) codes.insert(p.problem.code);
      for (const StoredPage& p : d->pages) kinds.insert(p.kind);
      std::string line;
      for (const auto& c : codes) line += c + " ";
      line += "|";
      for (const auto& k : kinds) line += " " + k;
      for (const MailRecord& m : d->mails)
        out[fs::path(m.source.key).stem().string()] = line;
    }
    return out;
  }
  fs::path dir_;
  std::string ocr_extra_;  // more [ocr] keys
};

TEST_F(IngestWorkersTest, HostileAttachmentsGetReasonsAndTheRestIsRead) {
  const std::string heic = (dir_ / "card.heic").string();
  ASSERT_EQ(std::system(("heif-enc -q 80 -o '" + heic + "' '" +
                         std::string(BEIAN_SOURCE_DIR) +
                         "/tests/data/ocr/0000-id_front-clean.jpg' "
                         ">/dev/null 2>&1")
                            .c_str()),
            0)
      << "heif-enc: run scripts/install-deps.sh";
  std::string noise;
  for (int i = 0; i < 8192; ++i) noise += char((i * 7919 + 13) % 251);
  AddMail("m1-card", Mail("1", {{"card.jpg", Card()}}));
  AddMail("m2-loop",
          Mail("2", {{"beian-test-loop.jpg", Card()}, {"card.jpg", Card()}}));
  AddMail("m3-poison", Mail("3", {{"beian-test-abort.jpg", Card()},
                                  {"beian-test-alloc.jpg", Card()}}));
  AddMail("m4-pages",
          Mail("4", {{"scan.pdf", beian::testing::PdfOfPages(3000, 14173)}}));
  AddMail("m5-pixels",
          Mail("5", {{"big.png", beian::testing::PngDeclaring(60000, 60000)}}));
  AddMail("m6-heic", Mail("6", {{"IMG_0001.HEIC", ReadFile(heic)}}));
  AddMail("m7-damaged", Mail("7", {{"x.tif", std::string("II*\0", 4) + noise},
                                   {"x.pdf", "%PDF-1.7\n" + noise}}));
  // Few, small PDF pages: the page bomb's reason comes well within the
  // deadline even in a sanitizer build.
  ocr_extra_ = "max_pages = 2\npdf_page_megapixels = 2\n";
  beian::testing::CommandResult r =
      Ingest(2, "beian.db", /*hooks=*/true, "15s");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("quarantined 1"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("3 lost"), std::string::npos) << r.output;

  std::unique_ptr<SqliteStore> store = Open("beian.db");
  ASSERT_TRUE(store);
  std::map<std::string, std::string> got = Outcomes(*store);
  EXPECT_EQ(got.size(), 6u);  // every mail but the poison has its case
  EXPECT_NE(got["m1-card"].find("id_front"), std::string::npos)
      << got["m1-card"];
  EXPECT_NE(got["m2-loop"].find("document_not_read"), std::string::npos);
  EXPECT_NE(got["m2-loop"].find("id_front"), std::string::npos)
      << "the mail's other attachment is still read: " << got["m2-loop"];
  EXPECT_NE(got["m4-pages"].find("too_many_pages"), std::string::npos);
  EXPECT_NE(got["m5-pixels"].find("scan_too_large"), std::string::npos);
  EXPECT_NE(got["m6-heic"].find("id_front"), std::string::npos)
      << got["m6-heic"];
  EXPECT_NE(got["m7-damaged"].find("corrupt_file"), std::string::npos);
  auto q = store->ListQuarantine(false);
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 1u);
  EXPECT_NE((*q)[0].mail.source.key.find("m3-poison"), std::string::npos);
  EXPECT_NE((*q)[0].reason.find("document worker 2 times"), std::string::npos)
      << (*q)[0].reason;
  EXPECT_NE((*q)[0].reason.find("memory limit"), std::string::npos)
      << (*q)[0].reason;
  // Nothing lost: every mail's raw bytes are stored, and a second run
  // finds nothing new.
  beian::testing::CommandResult again = Ingest(2, "beian.db", true, "15s");
  EXPECT_NE(again.output.find("new 0"), std::string::npos) << again.output;
}

// The mails of the sample mailbox up to 0021 (0020 read before 0021 changed
// 0021's address while Tesseract kept state between pages in one process).
TEST_F(IngestWorkersTest, TwoWorkersGiveEachMailOneCaseAndTheSameDraft) {
  int copied = 0;
  for (const auto& e : fs::directory_iterator(fs::path(BEIAN_SOURCE_DIR) /
                                              "samples/maildir/new")) {
    if (e.path().filename().string() > "0022") continue;
    fs::copy_file(e.path(),
                  dir_ / "mails" / (e.path().filename().string() + ".eml"));
    ++copied;
  }
  ASSERT_GE(copied, 18);
  ASSERT_EQ(Ingest(1, "one.db", false).exit_code, 0);
  ASSERT_EQ(Ingest(2, "two.db", false).exit_code, 0);
  std::unique_ptr<SqliteStore> one = Open("one.db"), two = Open("two.db");
  ASSERT_TRUE(one && two);
  std::map<std::string, std::string> a = Outcomes(*one), b = Outcomes(*two);
  EXPECT_EQ(a.size(), size_t(copied));
  EXPECT_EQ(a, b);
  auto fields = [](SqliteStore& s) {
    std::map<std::string, std::string> out;
    auto cases = s.ListCases({});
    for (const CaseRecord& c : *cases) {
      auto d = s.GetCaseById(c.id);
      for (const DraftField& f : d->fields) {
        out[d->mails[0].source.key + "/" + f.name + "/" + f.source] = f.value;
      }
    }
    return out;
  };
  std::map<std::string, std::string> fa = fields(*one), fb = fields(*two);
  EXPECT_GT(fa.size(), 100u);
  EXPECT_EQ(fa, fb);
}

}  // namespace
}  // namespace beian
