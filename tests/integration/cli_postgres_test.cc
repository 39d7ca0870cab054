// The real `beian` on a real PostgreSQL (started by the test): the store
// chosen by [store] url or --db postgresql://..., the same cases as on
// SQLite from the same mails.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "postgres_server.h"

namespace beian::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Result {
  int code = -1;
  std::string out;  // stdout and stderr
};

class CliPostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StatusOr<PostgresServer*> server = SharedPostgresServer();
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = *server;
    const std::string name =
        ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::string database = "cli_";
    for (char c : name) database += static_cast<char>(std::tolower(c));
    StatusOr<std::string> url = server_->CreateDatabase(database);
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    url_ = *url;
    dir_ = fs::temp_directory_path() /
           ("beian-cli-pg-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "beian.toml")
        << "[store]\nurl = \"" << url_ << "\"\n"
        << "password_env = \"BEIAN_TEST_DB_PASSWORD\"\n"
        << "data_dir = \"" << (dir_ / "data").string() << "\"\n"
        << "outbox_dir = \"" << (dir_ / "outbox").string() << "\"\n"
        << "[[regions]]\ncode = \"510682\"\n";
    ::setenv("BEIAN_TEST_DB_PASSWORD", server_->password().c_str(), 1);
  }
  void TearDown() override {
    ::unsetenv("BEIAN_TEST_DB_PASSWORD");
    fs::remove_all(dir_);
  }
  // beian with `store` ("--config <file>" or "--db ..."), stderr included.
  Result Run(const std::string& store, const std::string& args) {
    const std::string cmd =
        std::string(BEIAN_BINARY) + " " + store + " --no-ocr --reviewer t" +
        " --templates-dir " BEIAN_SOURCE_DIR "/templates --config-dir " +
        BEIAN_SOURCE_DIR "/config " + args + " 2>&1";
    Result r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) {
      r.out.append(buf.data(), n);
    }
    const int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
  }
  std::string Config() const {
    return "--config " + (dir_ / "beian.toml").string();
  }
  static std::string Samples() { return BEIAN_SOURCE_DIR "/samples/maildir"; }

  PostgresServer* server_ = nullptr;
  std::string url_;
  fs::path dir_;
};

// (number, status, masked id number) of every case, in order.
std::vector<std::string> CaseRows(const std::string& list_json) {
  std::vector<std::string> rows;
  for (const json& c : json::parse(list_json.substr(list_json.find('[')))) {
    rows.push_back(c["number"].get<std::string>() + " " +
                   c["status"].get<std::string>() + " " +
                   c["id_number"].get<std::string>());
  }
  return rows;
}

TEST_F(CliPostgresTest, IngestOnPostgresqlMakesTheCasesSqliteMakes) {
  Result r = Run(Config(), "ingest --region 510682 " + Samples());
  ASSERT_EQ(r.code, 0) << r.out;
  r = Run(Config(), "ingest --region 510682 --json " + Samples());
  ASSERT_EQ(r.code, 0) << r.out;
  json again = json::parse(r.out.substr(r.out.find('{')));
  EXPECT_EQ(again["run"]["stored"], 0);  // deduplicated by the database
  EXPECT_GE(again["run"]["already_known"].get<int>(), 30);
  Result pg = Run(Config(), "cases list --json");
  ASSERT_EQ(pg.code, 0) << pg.out;

  const std::string sqlite = "--db " + (dir_ / "beian.db").string() +
                             " --data-dir " + (dir_ / "sqlite-data").string();
  ASSERT_EQ(Run(sqlite, "ingest --region 510682 " + Samples()).code, 0);
  Result lite = Run(sqlite, "cases list --json");
  ASSERT_EQ(lite.code, 0) << lite.out;
  const std::vector<std::string> pg_rows = CaseRows(pg.out);
  EXPECT_GE(pg_rows.size(), 30u);
  EXPECT_EQ(pg_rows, CaseRows(lite.out));

  // --db takes the url too (the password from libpq's PGPASSWORD here).
  ::setenv("PGPASSWORD", server_->password().c_str(), 1);
  Result by_flag = Run("--db " + url_, "cases list --json");
  ::unsetenv("PGPASSWORD");
  ASSERT_EQ(by_flag.code, 0) << by_flag.out;
  EXPECT_EQ(CaseRows(by_flag.out), pg_rows);
}

TEST_F(CliPostgresTest, WhatCannotRunSaysSo) {
  ::setenv("BEIAN_TEST_DB_PASSWORD", "wrong", 1);
  Result r = Run(Config(), "cases list");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("password authentication failed"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("password_env"), std::string::npos) << r.out;
  ::setenv("BEIAN_TEST_DB_PASSWORD", server_->password().c_str(), 1);
  r = Run(Config(), "poll --once");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("does not run on a PostgreSQL store yet"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace beian::testing
