// End to end through the command line: the demo's path on real files.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Result {
  int code = -1;
  std::string out;  // stdout and stderr
};

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("beian-cli-" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static Result Run(const std::string& args, bool with_stderr = false) {
    const std::string cmd = std::string(BEIAN_BINARY) + " --db " +
                            (*dir_ / "beian.db").string() + " --data-dir " +
                            (*dir_ / "data").string() + " --config-dir " +
                            BEIAN_SOURCE_DIR "/config " + args +
                            (with_stderr ? " 2>&1" : " 2>/dev/null");
    Result r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
  }
  static std::string Samples() { return BEIAN_SOURCE_DIR "/samples/maildir"; }
  static fs::path* dir_;
};
fs::path* CliTest::dir_ = nullptr;

TEST_F(CliTest, HelpExplainsEveryCommand) {
  Result r = Run("--help");
  EXPECT_EQ(r.code, 0);
  for (const char* cmd : {"ingest", "parse", "cases", "quarantine", "summary"}) {
    EXPECT_NE(r.out.find(cmd), std::string::npos) << cmd;
  }
  r = Run("cases show --help");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("source and confidence"), std::string::npos);
}

TEST_F(CliTest, IngestTwiceThenListAndShow) {
  Result r = Run("ingest --region 510682 " + Samples());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("needs_review"), std::string::npos) << r.out;
  r = Run("ingest --region 510682 --json " + Samples());
  ASSERT_EQ(r.code, 0) << r.out;
  json again = json::parse(r.out);
  EXPECT_EQ(again["run"]["stored"], 0);
  EXPECT_GE(again["run"]["already_known"].get<int>(), 30);

  r = Run("cases list --json");
  ASSERT_EQ(r.code, 0);
  json list = json::parse(r.out);
  ASSERT_GE(list.size(), 30u);
  const std::string masked = list[0]["id_number"];
  EXPECT_NE(masked.find("**********"), std::string::npos) << masked;

  r = Run("cases show " + list[0]["number"].get<std::string>() + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  json d = json::parse(r.out);
  EXPECT_EQ(d["id_number"].get<std::string>().find('*'), std::string::npos);
  ASSERT_FALSE(d["fields"].empty());
  EXPECT_EQ(d["fields"][0]["source"], "subject");
  ASSERT_FALSE(d["attachments"].empty());
  EXPECT_TRUE(fs::exists(d["attachments"][0]["path"].get<std::string>()));

  r = Run("cases list --status needs_review --region 110105 --json");
  ASSERT_EQ(r.code, 0);
  EXPECT_TRUE(json::parse(r.out).empty());
}

TEST_F(CliTest, ParsePrintsTheDocumentedShape) {
  const std::string file =
      Samples() + "/new/" +
      fs::directory_iterator(Samples() + "/new")->path().filename().string();
  Result r = Run("parse --json '" + file + "'");
  ASSERT_EQ(r.code, 0) << r.out;
  json j = json::parse(r.out);
  for (const char* key : {"subject", "from", "reply_to", "message_id", "date",
                          "text", "attachments", "claim", "problems"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_TRUE(j["from"].contains("address"));
  EXPECT_TRUE(j["claim"].contains("id_number"));
}

TEST_F(CliTest, BadInputGetsAClearErrorAndIsQuarantined) {
  Result r = Run("ingest --region 5106 " + Samples(), true);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("6-digit"), std::string::npos) << r.out;

  r = Run("ingest --region 510682 /no/such/dir", true);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("/no/such/dir"), std::string::npos) << r.out;

  const fs::path junk = *dir_ / "junk";
  fs::create_directories(junk);
  std::ofstream(junk / "broken.eml", std::ios::binary) << "\x89PNG\r\n\x1a\nbinary";
  r = Run("ingest --region 510682 " + junk.string());
  ASSERT_EQ(r.code, 0) << r.out;
  r = Run("quarantine list --json");
  ASSERT_EQ(r.code, 0);
  json q = json::parse(r.out);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_NE(q[0]["reason"].get<std::string>().find("not a mail"), std::string::npos);
  r = Run("quarantine show " + std::to_string(q[0]["id"].get<int>()));
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("raw_path"), std::string::npos);
  r = Run("quarantine retry " + std::to_string(q[0]["id"].get<int>()));
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("quarantined again 1"), std::string::npos) << r.out;
  r = Run("cases show 999999", true);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("beian cases list"), std::string::npos) << r.out;
}

}  // namespace
