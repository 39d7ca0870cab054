// `beian serve` in the process registry, through the real executable on a
// SQLite store: listed by `beian status` while it runs, beating, gone after
// SIGTERM; after kill -9 still listed, and stale once its beats stopped.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Result {
  int code = -1;
  std::string out;  // stdout and stderr
};

std::string Host() {
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0) return "localhost";
  return host[0] != '\0' ? host : "localhost";
}

class ServeStatusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("beian-serve-status-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // A region without IMAP: serve polls nothing, but runs its cycles.
    std::ofstream(dir_ / "serve.toml")
        << "[store]\npath = \"" << (dir_ / "beian.db").string()
        << "\"\ndata_dir = \"" << (dir_ / "data").string()
        << "\"\noutbox_dir = \"" << (dir_ / "outbox").string()
        << "\"\n[service]\nidle_sleep = \"1s\"\n[[regions]]\n"
           "code = \"510682\"\nname = \"什邡市\"\n"
           // A mailbox whose poll fails (no password): a poll shows.
           "[[regions]]\ncode = \"510681\"\nname = \"广汉市\"\n"
           "imap_url = \"imaps://127.0.0.1:1/INBOX\"\n"
           "imap_user = \"u@example.cn\"\n"
           "imap_password_env = \"BEIAN_SERVE_TEST_UNSET\"\n";
    ::unsetenv("BEIAN_SERVE_TEST_UNSET");
    // The store made before serve starts: two processes creating one new
    // SQLite file at once can collide in its migration.
    ASSERT_EQ(Run("status").code, 0);
  }
  void TearDown() override {
    if (serving_ > 0) {
      ::kill(serving_, SIGKILL);
      ::waitpid(serving_, nullptr, 0);
    }
    fs::remove_all(dir_);
  }

  std::string Command(const std::string& args) const {
    return std::string(BEIAN_BINARY) + " --config " +
           (dir_ / "serve.toml").string() +
           " --templates-dir " BEIAN_SOURCE_DIR
           "/templates --no-ocr --config-dir " BEIAN_SOURCE_DIR "/config " +
           args;
  }
  Result Run(const std::string& args) const {
    Result r;
    FILE* p = ::popen((Command(args) + " 2>&1").c_str(), "r");
    if (p == nullptr) return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0)
      r.out.append(buf.data(), n);
    const int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
  }
  // Starts `beian <args>` in the background; its pid is beian's own.
  void Serve(const std::string& args) {
    const std::string cmd = "exec " + Command(args) + " >/dev/null 2>&1";
    serving_ = ::fork();
    if (serving_ == 0) {
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), nullptr);
      ::_exit(127);
    }
  }
  // `beian status --json` once `want(status)` holds (or after 15 s, for
  // the test to fail on).
  json StatusOnceIt(const std::function<bool(const json&)>& want) {
    json status;
    for (int i = 0; i < 150; ++i) {
      Result r = Run("status --json");
      if (r.code == 0) {
        status = json::parse(r.out.substr(r.out.find('{')));
        if (want(status)) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return status;
  }
  json ProcessesOnceThey(const std::function<bool(const json&)>& want) {
    return StatusOnceIt(
        [&](const json& s) { return want(s["processes"]); })["processes"];
  }
  int Outbox() const {
    int n = 0;
    if (!fs::exists(dir_ / "outbox")) return 0;
    for (const auto& e : fs::directory_iterator(dir_ / "outbox"))
      n += e.is_regular_file();
    return n;
  }
  // Confirms a case without problems that is not `except`; its
  // registration reply waits in the outbox table. Returns its number.
  std::string ConfirmACase(const std::string& except = "") {
    json list = json::parse(Run("cases list --status needs_review --json").out);
    for (const auto& c : list) {
      if (c["problems"].get<int>() != 0 || c["number"] == except) continue;
      const std::string number = c["number"];
      EXPECT_EQ(Run("cases edit " + number +
                    " filing_type=异地长期居住人员 "
                    "treatment_place=广东省深圳市")
                    .code,
                0);
      EXPECT_EQ(Run("confirm " + number).code, 0);
      return number;
    }
    ADD_FAILURE() << "no case to confirm";
    return "";
  }
  // Stops the serve process with `signal`; its exit status.
  int Stop(int signal) {
    ::kill(serving_, signal);
    int status = 0;
    ::waitpid(serving_, &status, 0);
    serving_ = -1;
    return status;
  }

  fs::path dir_;
  pid_t serving_ = -1;
};

TEST_F(ServeStatusTest, ServeIsListedWhileItRunsAndLeavesOnSigterm) {
  Serve("serve");
  ASSERT_GT(serving_, 0);
  json ps = ProcessesOnceThey([](const json& p) { return p.size() == 1; });
  ASSERT_EQ(ps.size(), 1u) << ps.dump();
  EXPECT_EQ(ps[0]["host"], Host());
  EXPECT_EQ(ps[0]["pid"].get<int64_t>(), serving_);
  EXPECT_EQ(ps[0]["roles"], "poll,read,send");
  EXPECT_EQ(ps[0]["stale"], false);
  const std::string started = ps[0]["started_at"];
  // It beats each cycle (idle_sleep 1 s).
  ps = ProcessesOnceThey([&](const json& p) {
    return p.size() == 1 && p[0]["heartbeat_at"] != started;
  });
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_GT(ps[0]["heartbeat_at"].get<std::string>(), started);
  EXPECT_EQ(ps[0]["started_at"], started);
  Result text = Run("status");
  EXPECT_NE(text.out.find("进程 " + Host() + ":" + std::to_string(serving_) +
                          " 角色 poll,read,send"),
            std::string::npos)
      << text.out;
  EXPECT_EQ(text.out.find("stale"), std::string::npos) << text.out;

  const int status = Stop(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_TRUE(
      ProcessesOnceThey([](const json& p) { return p.empty(); }).empty());
}

TEST_F(ServeStatusTest, AKilledServeStaysListedAndGoesStale) {
  Serve("serve");
  ASSERT_GT(serving_, 0);
  const pid_t pid = serving_;
  ASSERT_EQ(
      ProcessesOnceThey([](const json& p) { return p.size() == 1; }).size(),
      1u);
  const int status = Stop(SIGKILL);
  ASSERT_TRUE(WIFSIGNALED(status));
  // Just killed: its last beat is recent, nothing tells it apart yet.
  json ps = ProcessesOnceThey([](const json&) { return true; });
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0]["pid"].get<int64_t>(), pid);
  EXPECT_EQ(ps[0]["stale"], false);
  // An hour later (cycle 1 s, a mail at most 180 s: stale after 543 s).
  Result r = Run("--now 2100-01-01T00:00:00Z status --json");
  ASSERT_EQ(r.code, 0) << r.out;
  ps = json::parse(r.out.substr(r.out.find('{')))["processes"];
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0]["stale"], true);
  r = Run("--now 2100-01-01T00:00:00Z status");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find(Host() + ":" + std::to_string(pid)), std::string::npos);
  EXPECT_NE(r.out.find("stale"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("进程可能已停止"), std::string::npos) << r.out;
}

TEST_F(ServeStatusTest, UnknownRolesAreRefused) {
  Result r = Run("serve --roles poll,ocr");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("--roles: \"ocr\" is no role; the roles are poll, "
                       "read, send"),
            std::string::npos)
      << r.out;
  EXPECT_TRUE(ProcessesOnceThey([](const json&) { return true; }).empty());
}

// Mails stored unread wait in the backlog; a reader alone (on SQLite) reads
// every one into cases and polls no mailbox.
TEST_F(ServeStatusTest, AReaderAloneReadsTheMailsStoredUnread) {
  Result stored =
      Run("ingest --store-only --no-replies --json --region "
          "510682 " BEIAN_SOURCE_DIR "/samples/maildir");
  ASSERT_EQ(stored.code, 0) << stored.out;
  const json run = json::parse(stored.out.substr(stored.out.find('{')))["run"];
  const int mails = run["stored"];
  ASSERT_GT(mails, 0) << run.dump();
  EXPECT_EQ(run["cases_opened"], 0) << run.dump();
  json status = StatusOnceIt([](const json&) { return true; });
  EXPECT_EQ(status["backlog"]["reads_waiting"], mails) << status.dump();
  EXPECT_EQ(status["backlog"]["reads_claimed"], 0) << status.dump();

  Serve("serve --roles read");
  status = StatusOnceIt([](const json& s) {
    return s["processes"].size() == 1 && s["backlog"]["reads_waiting"] == 0;
  });
  ASSERT_EQ(status["processes"].size(), 1u) << status.dump();
  EXPECT_EQ(status["processes"][0]["roles"], "read");
  EXPECT_EQ(status["backlog"]["reads_waiting"], 0) << status.dump();
  EXPECT_TRUE(status["accounts"].empty()) << status.dump();  // polled nothing
  Stop(SIGTERM);
  json summary = json::parse(Run("summary --json").out);
  int cases = 0;
  for (const auto& [name, n] : summary["cases_by_status"].items())
    cases += n.get<int>();
  EXPECT_GT(cases, 0) << summary.dump();
  EXPECT_EQ(summary["mails"], mails) << summary.dump();
}

TEST_F(ServeStatusTest, EachRoleDoesItsPartOnly) {
  ASSERT_EQ(
      Run("ingest --region 510682 " BEIAN_SOURCE_DIR "/samples/maildir").code,
      0);
  const int acks = Outbox();  // ingest sent them
  ASSERT_GT(acks, 0);
  const std::string first = ConfirmACase();
  ASSERT_EQ(Outbox(), acks);

  Serve("serve --roles send");
  json ps = ProcessesOnceThey([](const json& p) { return p.size() == 1; });
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0]["roles"], "send");
  for (int i = 0; i < 150 && Outbox() == acks; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(Outbox(), acks + 1);  // the registration, sent
  // It did not poll: no account was tried.
  EXPECT_TRUE(
      StatusOnceIt([](const json&) { return true; })["accounts"].empty());
  Stop(SIGTERM);

  ConfirmACase(first);
  Serve("serve --roles poll,read");
  json status = StatusOnceIt([](const json& s) {
    return !s["accounts"].empty() && s["processes"].size() == 1;
  });
  ASSERT_EQ(status["accounts"].size(), 1u) << status.dump();
  EXPECT_EQ(status["accounts"][0]["region"], "510681");
  EXPECT_EQ(status["processes"][0]["roles"], "poll,read");
  // A round polls, then would send: give it that and another cycle.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(Outbox(), acks + 1);  // the second registration waits
  Stop(SIGTERM);
}

}  // namespace
