// The real `beian` on a real PostgreSQL (started by the test): the store
// chosen by [store] url or --db postgresql://..., the same cases as on
// SQLite from the same mails.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "beian/base/sha256.h"
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
        << "[service]\nidle_sleep = \"1s\"\n"
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
  // `beian serve <args>` on the config's store, in the background.
  pid_t Serve(const std::string& args) { return Serve(Config(), args); }
  pid_t Serve(const std::string& store, const std::string& args) {
    const std::string cmd = "exec " + std::string(BEIAN_BINARY) + " " + store +
                            " --no-ocr --templates-dir " +
                            BEIAN_SOURCE_DIR "/templates --config-dir " +
                            BEIAN_SOURCE_DIR "/config serve " + args +
                            " >/dev/null 2>&1";
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), nullptr);
      ::_exit(127);
    }
    return pid;
  }

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
  // status's backlog, from the database.
  Result st = Run(Config(), "status --json");
  ASSERT_EQ(st.code, 0) << st.out;
  const json backlog = json::parse(st.out.substr(st.out.find('{')))["backlog"];
  size_t waiting = 0;
  for (const std::string& row : pg_rows)
    waiting += row.find(" needs_review ") != std::string::npos;
  EXPECT_GT(waiting, 0u);
  EXPECT_EQ(backlog["cases_waiting_for_review"], waiting) << backlog.dump();
  Result quarantined = Run(Config(), "quarantine list --json");
  ASSERT_EQ(quarantined.code, 0) << quarantined.out;
  EXPECT_EQ(
      backlog["mails_quarantined"],
      json::parse(quarantined.out.substr(quarantined.out.find('['))).size());
  EXPECT_EQ(pg_rows, CaseRows(lite.out));

  // --db takes the url too (the password from libpq's PGPASSWORD here).
  ::setenv("PGPASSWORD", server_->password().c_str(), 1);
  Result by_flag = Run("--db " + url_, "cases list --json");
  ::unsetenv("PGPASSWORD");
  ASSERT_EQ(by_flag.code, 0) << by_flag.out;
  EXPECT_EQ(CaseRows(by_flag.out), pg_rows);
}

// `text` with every occurrence of `from` replaced by `to`.
std::string Replace(std::string text, const std::string& from,
                    const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// The JSON a command printed, from its first line that starts with [ or {
// (log lines on stderr come first).
json Json(const Result& r) {
  size_t line = 0;
  while (line < r.out.size() && r.out[line] != '[' && r.out[line] != '{') {
    const size_t end = r.out.find('\n', line);
    line = end == std::string::npos ? r.out.size() : end + 1;
  }
  return json::parse(r.out.substr(line));
}

// The rows store copy's table says it copied into `table`; 0 if missing.
size_t CopiedRows(const std::string& out, const std::string& table) {
  const size_t line = out.find("\n  " + table + " ");
  if (line == std::string::npos) return 0;
  size_t at = out.find_first_not_of(' ', line + 3 + table.size());
  size_t rows = 0;
  std::from_chars(out.data() + at, out.data() + out.size(), rows);
  return rows;
}

size_t CountFiles(const fs::path& dir) {
  size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    n += e.is_regular_file();
  }
  return n;
}

// A SQLite site moved with `beian store copy`: the same cases, outbox and
// files on PostgreSQL, a second copy refused, and numbers that continue.
TEST_F(CliPostgresTest, StoreCopyMovesASqliteSite) {
  const std::string now = " --now 2026-11-24T02:00:00Z";
  const std::string lite = "--db " + (dir_ / "beian.db").string() +
                           " --data-dir " + (dir_ / "data").string() +
                           " --outbox-dir " + (dir_ / "outbox").string() + now;
  const std::string pg = "--db " + url_ + " --data-dir " +
                         (dir_ / "pgdata").string() + " --outbox-dir " +
                         (dir_ / "outbox").string() + now;
  Result r = Run(lite, "ingest --region 510682 " + Samples());
  ASSERT_EQ(r.code, 0) << r.out;
  r = Run(lite, "cases list --status needs_review --json");
  ASSERT_EQ(r.code, 0) << r.out;
  std::vector<std::string> clean;
  for (const json& c : Json(r)) {
    if (c["problems"].get<int>() == 0) clean.push_back(c["number"]);
  }
  ASSERT_GE(clean.size(), 2u);
  ASSERT_EQ(Run(lite, "cases edit " + clean[0] +
                          " filing_type=异地长期居住人员 "
                          "treatment_place=广东省深圳市")
                .code,
            0);
  r = Run(lite, "confirm " + clean[0] + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string first_number = Json(r)["registration_number"];

  const std::string copy = "store copy --to " + url_ +
                           " --password-env BEIAN_TEST_DB_PASSWORD"
                           " --to-data-dir " +
                           (dir_ / "pgdata").string();
  r = Run(lite, copy);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("rows and checksums (sha256 over the rows in key "
                       "order) agree"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("[store]\nurl = \"" + url_ +
                       "\"\n"
                       "password_env = \"BEIAN_TEST_DB_PASSWORD\"\n"
                       "data_dir = \"" +
                       (dir_ / "pgdata").string() + "\""),
            std::string::npos)
      << r.out;
  EXPECT_EQ(CountFiles(dir_ / "pgdata" / "raw"),
            CountFiles(dir_ / "data" / "raw"));
  EXPECT_GE(CountFiles(dir_ / "pgdata" / "raw"), 30u);

  ::setenv("PGPASSWORD", server_->password().c_str(), 1);
  // The same cases, case by case, the same outbox.
  Result lite_list = Run(lite, "cases list --json");
  Result pg_list = Run(pg, "cases list --json");
  ASSERT_EQ(pg_list.code, 0) << pg_list.out;
  EXPECT_EQ(Json(pg_list), Json(lite_list));
  EXPECT_EQ(CopiedRows(r.out, "cases"), Json(lite_list).size()) << r.out;
  for (const std::string& number : {clean[0], clean[1]}) {
    Result a = Run(lite, "cases show " + number + " --json");
    Result b = Run(pg, "cases show " + number + " --json");
    ASSERT_EQ(b.code, 0) << b.out;
    EXPECT_EQ(Replace(b.out, (dir_ / "pgdata").string(), "DATA"),
              Replace(a.out, (dir_ / "data").string(), "DATA"));
  }
  Result lite_outbox = Run(lite, "outbox list --json");
  Result pg_outbox = Run(pg, "outbox list --json");
  ASSERT_EQ(pg_outbox.code, 0) << pg_outbox.out;
  EXPECT_EQ(Json(pg_outbox), Json(lite_outbox));
  EXPECT_GE(Json(pg_outbox).size(), 1u);

  // Into a store that holds rows: refused, and it says what to do.
  r = Run(lite, copy);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("is not empty: cases ("), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("copied nothing"), std::string::npos) << r.out;
  EXPECT_EQ(Json(Run(pg, "cases list --json")), Json(lite_list));

  // --json, and without --to-data-dir the files stay where they are.
  StatusOr<std::string> other = server_->CreateDatabase("cli_storecopy_json");
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  r = Run(lite, "store copy --json --to " + *other +
                    " --password-env BEIAN_TEST_DB_PASSWORD");
  ASSERT_EQ(r.code, 0) << r.out;
  const json copied = Json(r);
  EXPECT_EQ(copied["config"]["url"], *other);
  EXPECT_EQ(copied["config"]["data_dir"], (dir_ / "data").string());
  EXPECT_EQ(copied["files"]["copied"], 0);
  // Raw mails, and the attachments `cases show` wrote out.
  EXPECT_EQ(copied["files"]["named"],
            CountFiles(dir_ / "data" / "raw") +
                CountFiles(dir_ / "data" / "attachments"));
  EXPECT_GT(CountFiles(dir_ / "data" / "attachments"), 0u);
  EXPECT_TRUE(copied["files"]["missing"].empty());
  for (const json& t : copied["tables"]) {
    if (t["table"] == "cases") {
      EXPECT_EQ(t["rows"], Json(lite_list).size());
    }
    EXPECT_EQ(t["sha256"].get<std::string>().size(), 64u);
  }
  ASSERT_EQ(copied["tables"].size(), 16u);  // StoreTables(), processes included

  // The next registration number, the same on both sides.
  ASSERT_EQ(Run(pg, "cases edit " + clean[1] +
                        " filing_type=异地长期居住人员 "
                        "treatment_place=广东省深圳市")
                .code,
            0);
  r = Run(pg, "confirm " + clean[1] + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string next_number = Json(r)["registration_number"];
  ::unsetenv("PGPASSWORD");
  EXPECT_NE(next_number, first_number);
  EXPECT_GT(next_number, first_number);
  ASSERT_EQ(Run(lite, "cases edit " + clean[1] +
                          " filing_type=异地长期居住人员 "
                          "treatment_place=广东省深圳市")
                .code,
            0);
  r = Run(lite, "confirm " + clean[1] + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(Json(r)["registration_number"], next_number);
}

// A background serve, killed and reaped when the test ends early.
struct Serving {
  pid_t pid = -1;
  ~Serving() {
    if (pid > 0 && ::kill(pid, SIGKILL) == 0) ::waitpid(pid, nullptr, 0);
  }
  int Stop(int signal) {
    ::kill(pid, signal);
    int status = 0;
    ::waitpid(pid, &status, 0);
    pid = -1;
    return status;
  }
};

// Two serve processes on one database, one per role: status lists both
// with their roles; the one stopped cleanly leaves, the killed one stays
// and is stale once its heartbeats are long overdue.
TEST_F(CliPostgresTest, StatusListsEveryServeOnTheDatabase) {
  Serving sender{Serve("--roles send")};
  Serving poller{Serve("--roles poll,read")};
  ASSERT_GT(sender.pid, 0);
  ASSERT_GT(poller.pid, 0);
  const auto processes = [&](const std::string& args) {
    Result r = Run(Config(), args + " status --json");
    return r.code == 0 ? json::parse(r.out.substr(r.out.find('{')))["processes"]
                       : json::array();
  };
  json ps;
  for (int i = 0; i < 150 && ps.size() != 2; ++i) {
    if (i > 0) ::usleep(100'000);
    ps = processes("");
  }
  ASSERT_EQ(ps.size(), 2u) << ps.dump();
  std::map<int64_t, std::string> roles;
  for (const json& p : ps) {
    roles[p["pid"].get<int64_t>()] = p["roles"];
    EXPECT_EQ(p["stale"], false);
  }
  EXPECT_EQ(roles[sender.pid], "send");
  EXPECT_EQ(roles[poller.pid], "poll,read");

  const int sent_status = sender.Stop(SIGTERM);
  ASSERT_TRUE(WIFEXITED(sent_status));
  EXPECT_EQ(WEXITSTATUS(sent_status), 0);
  const pid_t killed = poller.pid;
  poller.Stop(SIGKILL);
  ps = processes("");
  ASSERT_EQ(ps.size(), 1u) << ps.dump();
  EXPECT_EQ(ps[0]["pid"].get<int64_t>(), killed);
  ps = processes("--now 2100-01-01T00:00:00Z");
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0]["stale"], true);
}

// A config of this test's database with blobs = "database" and its own
// data dir: what one machine of a site without a shared folder has.
std::string MachineConfig(const fs::path& dir, const std::string& url,
                          const std::string& machine) {
  const fs::path file = dir / (machine + ".toml");
  std::ofstream(file) << "[store]\nurl = \"" << url << "\"\n"
                      << "password_env = \"BEIAN_TEST_DB_PASSWORD\"\n"
                      << "data_dir = \"" << (dir / machine).string() << "\"\n"
                      << "blobs = \"database\"\n"
                      << "outbox_dir = \"" << (dir / "outbox").string()
                      << "\"\n"
                      << "[service]\nidle_sleep = \"1s\"\n"
                      << "[[regions]]\ncode = \"510682\"\n";
  return "--config " + file.string();
}

// Raw mails and attachments held by no folder: blobs = "database". Machine
// A stores the mails, machine B reads them into cases, machine C shows a
// case with its attachments; no machine's data dir holds a mail.
TEST_F(CliPostgresTest, BlobsInTheDatabaseNeedNoSharedFolder) {
  const std::string a = MachineConfig(dir_, url_, "a");
  const std::string b = MachineConfig(dir_, url_, "b");
  const std::string c = MachineConfig(dir_, url_, "c");
  Result r = Run(a, "ingest --store-only --no-replies --json --region 510682 " +
                        Samples());
  ASSERT_EQ(r.code, 0) << r.out;
  const int stored = Json(r)["run"]["stored"];
  ASSERT_GE(stored, 30) << r.out;
  const std::string db = url_.substr(url_.rfind('/') + 1);
  StatusOr<std::string> raws = server_->Psql(
      db,
      "SELECT count(*) = (SELECT count(DISTINCT raw_path) FROM mails) "
      "FROM blobs WHERE name LIKE 'raw/%'");
  ASSERT_TRUE(raws.ok()) << raws.status().ToString();
  EXPECT_EQ(*raws, "t\n");

  Serving reader{Serve(b, "--roles read")};
  ASSERT_GT(reader.pid, 0);
  json backlog;
  for (int i = 0; i < 300; ++i) {
    Result st = Run(b, "status --json");
    if (st.code == 0) backlog = Json(st)["backlog"];
    if (backlog.contains("reads_waiting") && backlog["reads_waiting"] == 0 &&
        backlog["reads_claimed"] == 0) {
      break;
    }
    ::usleep(100'000);
  }
  ASSERT_EQ(backlog["reads_waiting"], 0) << backlog.dump();
  ASSERT_EQ(reader.Stop(SIGTERM), 0);
  r = Run(c, "cases list --json");
  ASSERT_EQ(r.code, 0) << r.out;
  ASSERT_GE(Json(r).size(), 25u) << r.out;

  // Machine C: every attachment of a case comes out of the database.
  std::string number;
  json shown;
  for (const json& k : Json(r)) {
    Result s =
        Run(c, "cases show " + k["number"].get<std::string>() + " --json");
    ASSERT_EQ(s.code, 0) << s.out;
    shown = Json(s);
    if (shown["attachments"].size() >= 2) {
      number = k["number"];
      break;
    }
  }
  ASSERT_FALSE(number.empty()) << "no case with two attachments";
  for (const json& att : shown["attachments"]) {
    EXPECT_FALSE(att.contains("file_error")) << att.dump();
    EXPECT_EQ(att["path"], nullptr) << att.dump();
    EXPECT_TRUE(att["blob"].get<std::string>().starts_with("attachments/"))
        << att.dump();
    EXPECT_EQ(att["sha256"].get<std::string>().size(), 64u);
  }
  EXPECT_EQ(shown["mail_list"][0]["raw_path"], nullptr);
  EXPECT_TRUE(
      shown["mail_list"][0]["raw_blob"].get<std::string>().starts_with("raw/"));
  StatusOr<std::string> atts = server_->Psql(
      db, "SELECT count(*) FROM blobs WHERE name LIKE 'attachments/%'");
  ASSERT_TRUE(atts.ok());
  EXPECT_GE(std::stoi(*atts), static_cast<int>(shown["attachments"].size()));
  const fs::path page = dir_ / "case.html";
  r = Run(c, "cases show " + number + " --html " + page.string());
  ASSERT_EQ(r.code, 0) << r.out;
  std::ifstream in(page);
  const std::string html((std::istreambuf_iterator<char>(in)),
                         std::istreambuf_iterator<char>());
  EXPECT_NE(html.find(";base64,"), std::string::npos);
  // ... and as files, byte for byte.
  const fs::path out = dir_ / "export";
  r = Run(c, "cases export " + number + " --to " + out.string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(CountFiles(out),
            shown["attachments"].size() + shown["mail_list"].size());
  for (const json& att : shown["attachments"]) {
    const fs::path file =
        out / (std::to_string(att["mail_id"].get<int>()) + "-" +
               std::to_string(att["position"].get<int>()) + "-" +
               (att["filename"] == "" ? std::string("attachment")
                                      : att["filename"].get<std::string>()));
    std::ifstream f(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(f)),
                            std::istreambuf_iterator<char>());
    EXPECT_EQ(Sha256Hex(bytes), att["sha256"]) << file;
    EXPECT_EQ(fs::status(file).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
  }
  for (const char* machine : {"a", "b", "c"}) {
    EXPECT_EQ(CountFiles(dir_ / machine / "raw") +
                  CountFiles(dir_ / machine / "attachments"),
              0u)
        << machine;
  }

  // Blobs in the database with the store on a SQLite file: refused.
  r = Run(c + " --db " + (dir_ / "beian.db").string(), "cases show " + number);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("blobs = \"files\""), std::string::npos) << r.out;
}

// A quarantined mail's raw bytes, from the blobs table, as a file on a
// machine that never held it.
TEST_F(CliPostgresTest, QuarantineExportWritesTheRawMailFromTheDatabase) {
  const std::string a = MachineConfig(dir_, url_, "a");
  const std::string b = MachineConfig(dir_, url_, "b");
  const fs::path junk = dir_ / "junk";
  fs::create_directories(junk);
  const std::string bytes = "\x89PNG\r\n\x1a\nnot a mail at all";
  std::ofstream(junk / "broken.eml", std::ios::binary) << bytes;
  Result r = Run(a, "ingest --no-replies --region 510682 " + junk.string());
  ASSERT_EQ(r.code, 0) << r.out;
  r = Run(b, "quarantine list --json");
  ASSERT_EQ(r.code, 0) << r.out;
  ASSERT_EQ(Json(r).size(), 1u) << r.out;
  const std::string id = std::to_string(Json(r)[0]["id"].get<int>());
  const int mail_id = Json(r)[0]["mail_id"];
  r = Run(b, "quarantine show " + id + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(Json(r)["raw_path"].get<std::string>().starts_with("raw/"));
  EXPECT_TRUE(Json(r).contains("raw_in")) << r.out;

  const fs::path out = dir_ / "export";
  r = Run(b, "quarantine export " + id + " --to " + out.string());
  ASSERT_EQ(r.code, 0) << r.out;
  const fs::path eml = out / ("mail-" + std::to_string(mail_id) + ".eml");
  std::ifstream f(eml, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(f), {}), bytes) << eml;
  EXPECT_EQ(fs::status(eml).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(CountFiles(dir_ / "a" / "raw") + CountFiles(dir_ / "b" / "raw"),
            0u);

  // Its blob gone from the database: said, with what to do, exit 1.
  const std::string db = url_.substr(url_.rfind('/') + 1);
  ASSERT_TRUE(server_->Psql(db, "DELETE FROM blobs").ok());
  r = Run(b, "quarantine export " + id + " --to " + out.string());
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("未能导出 mail-" + std::to_string(mail_id) + ".eml"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("restore the database from its backup"),
            std::string::npos)
      << r.out;
}

// store copy --blobs database: the files go into the blobs table, each
// read back with its sha256; a damaged file stops the copy.
TEST_F(CliPostgresTest, StoreCopyPutsTheFilesIntoTheDatabase) {
  const std::string lite = "--db " + (dir_ / "beian.db").string() +
                           " --data-dir " + (dir_ / "data").string() +
                           " --outbox-dir " + (dir_ / "outbox").string();
  Result r = Run(lite, "ingest --region 510682 " + Samples());
  ASSERT_EQ(r.code, 0) << r.out;
  r = Run(lite, "cases list --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string number = Json(r)[0]["number"];
  Result lite_show = Run(lite, "cases show " + number + " --json");
  ASSERT_EQ(lite_show.code, 0) << lite_show.out;
  ASSERT_GT(Json(lite_show)["attachments"].size(), 0u);
  // cases export from the files too.
  r = Run(lite, "cases export " + number + " --to " +
                    (dir_ / "lite-export").string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(CountFiles(dir_ / "lite-export"),
            Json(lite_show)["attachments"].size() +
                Json(lite_show)["mail_list"].size());

  r = Run(lite, "store copy --json --blobs database --to " + url_ +
                    " --password-env BEIAN_TEST_DB_PASSWORD");
  ASSERT_EQ(r.code, 0) << r.out;
  const json copied = Json(r);
  const size_t files = CountFiles(dir_ / "data" / "raw") +
                       CountFiles(dir_ / "data" / "attachments");
  EXPECT_EQ(copied["files"]["into"], "database");
  EXPECT_EQ(copied["files"]["named"], files);
  EXPECT_EQ(copied["files"]["copied"], files);
  EXPECT_EQ(copied["files"]["verified"], files);
  EXPECT_TRUE(copied["files"]["missing"].empty());
  EXPECT_EQ(copied["config"]["blobs"], "database");
  StatusOr<std::string> rows =
      server_->Psql(url_.substr(url_.rfind('/') + 1),
                    "SELECT count(*) FROM blobs WHERE sha256 = "
                    "encode(sha256(bytes), 'hex')");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, std::to_string(files) + "\n");

  // Read back with an empty data dir: the same attachments, from PostgreSQL.
  const std::string pg = MachineConfig(dir_, url_, "empty");
  Result pg_show = Run(pg, "cases show " + number + " --json");
  ASSERT_EQ(pg_show.code, 0) << pg_show.out;
  const json lite_atts = Json(lite_show)["attachments"];
  const json pg_atts = Json(pg_show)["attachments"];
  ASSERT_EQ(pg_atts.size(), lite_atts.size());
  for (size_t i = 0; i < pg_atts.size(); ++i) {
    EXPECT_EQ(pg_atts[i]["sha256"], lite_atts[i]["sha256"]);
    EXPECT_EQ(pg_atts[i]["blob"], lite_atts[i]["blob"]);
    EXPECT_FALSE(pg_atts[i].contains("file_error")) << pg_atts[i].dump();
  }
  EXPECT_EQ(CountFiles(dir_ / "empty"), 0u);

  // A file whose bytes no longer match its name: nothing is committed.
  fs::path damaged;
  for (const auto& e : fs::recursive_directory_iterator(dir_ / "data" / "raw"))
    if (e.is_regular_file()) damaged = e.path();
  ASSERT_FALSE(damaged.empty());
  std::ofstream(damaged, std::ios::app) << "x";
  StatusOr<std::string> other = server_->CreateDatabase("cli_blobcopy_damaged");
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  r = Run(lite, "store copy --blobs database --to " + *other +
                    " --password-env BEIAN_TEST_DB_PASSWORD");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find(damaged.string()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("restore it from the data dir's backup"),
            std::string::npos)
      << r.out;
  StatusOr<std::string> cases =
      server_->Psql("cli_blobcopy_damaged", "SELECT count(*) FROM cases");
  ASSERT_TRUE(cases.ok());
  EXPECT_EQ(*cases, "0\n");
  // Nor any blob: the attachments put before the damaged raw mail went
  // with the rows.
  StatusOr<std::string> blobs =
      server_->Psql("cli_blobcopy_damaged", "SELECT count(*) FROM blobs");
  ASSERT_TRUE(blobs.ok());
  EXPECT_EQ(*blobs, "0\n");
}

TEST_F(CliPostgresTest, WhatCannotRunSaysSo) {
  ::setenv("BEIAN_TEST_DB_PASSWORD", "wrong", 1);
  Result r = Run(Config(), "cases list");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("password authentication failed"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("password_env"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace beian::testing
