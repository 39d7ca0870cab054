// Four `beian serve` processes on one PostgreSQL store (started by the
// test) and the loopback Dovecot and Postfix, sharing one data dir: mails
// in two regions' mailboxes become exactly one case each, reviewers
// confirming from several processes at once get one registration number
// per case and never one twice, and every reply reaches the citizen
// exactly once; then the same while serve processes are killed with
// SIGKILL every second or two and started again; then both with the work
// split by role: one `serve --roles poll,send` stores the mails and two
// `serve --roles read` read them into cases (read jobs claimed in the
// store, a killed reader's claim taken over after [service] read_lease).
//
// BEIAN_KILL_MAILS (default 60) and BEIAN_KILL_RUNS (default 3) size the
// kill scenario; the full size is 200 mails and 20 runs:
//   BEIAN_KILL_MAILS=200 BEIAN_KILL_RUNS=20
//   build/tests/integration/serve_postgres_test
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "beian/identity/id_number.h"
#include "beian/store/postgres_store.h"
#include "mail_servers.h"
#include "postgres_server.h"
#include "subprocess.h"

namespace beian {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::Child;
using testing::MailServers;

constexpr int kServes = 4;
// Each serve process's --roles; "" = the default, all of them.
using Roles = std::vector<std::string>;
const Roles kAllRoles(kServes, "");
const Roles kSplitRoles = {"poll,send", "read", "read"};
const char* const kRegionCodes[2] = {"510682", "510681"};
const char* const kRegionNames[2] = {"什邡市", "广汉市"};
constexpr char kConfigDir[] = BEIAN_SOURCE_DIR "/config";
constexpr char kTemplatesDir[] = BEIAN_SOURCE_DIR "/templates";

std::string Mailbox(int region) {
  return std::string("beian") + kRegionCodes[region] + "@ybj.example.cn";
}

std::string Citizen(int n) { return "citizen" + std::to_string(n) + "@qq.com"; }

// Mail n goes to region n % 2, from its own citizen, with its own ID number.
std::string Mail(int n) {
  char seq[8];
  std::snprintf(seq, sizeof seq, "%03u", static_cast<unsigned>(n) % 1000u);
  const std::string first17 = std::string("51068219750505") + seq;
  const std::string id = first17 + ComputeCheckCharacter(first17);
  return "From: " + Citizen(n) + "\r\nTo: " + Mailbox(n % 2) +
         "\r\nSubject: =?UTF-8?B?5byg5LiJ?=+" + id +
         "+=?UTF-8?B?6Leo55yB5byC5Zyw5bCx5Yy75aSH5qGI?=\r\nMessage-ID: <m" +
         std::to_string(n) +
         "@qq.com>\r\nMIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n"
         "Content-Type: text/plain\r\n\r\nhi\r\n--B\r\nContent-Type: "
         "image/jpeg; name=a.jpg\r\nContent-Transfer-Encoding: base64\r\n\r\n"
         "/9j/4AAQ" +
         std::to_string(5000 + n) + "\r\n--B--\r\n";
}

int EnvInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  int n = 0;
  if (v == nullptr ||
      std::from_chars(v, v + std::strlen(v), n).ec != std::errc() || n <= 0)
    return fallback;
  return n;
}

// One scenario's world: a fresh database, fresh mail servers, a shared
// data dir, and the config every serve process reads.
class World {
 public:
  static std::unique_ptr<World> Make(const std::string& database, int mails) {
    auto w = std::unique_ptr<World>(new World);
    w->mails_ = mails;
    StatusOr<testing::PostgresServer*> pg = testing::SharedPostgresServer();
    EXPECT_TRUE(pg.ok()) << pg.status().ToString();
    if (!pg.ok()) return nullptr;
    StatusOr<std::string> url = (*pg)->CreateDatabase(database);
    EXPECT_TRUE(url.ok()) << url.status().ToString();
    if (!url.ok()) return nullptr;
    w->url_ = *url;
    w->password_ = (*pg)->password();
    MailServers::Options o;
    for (int r = 0; r < 2; ++r) o.users[Mailbox(r)] = "pw";
    for (int i = 0; i < mails; ++i) o.users[Citizen(i)] = "x";
    auto servers = MailServers::Start(o);
    EXPECT_TRUE(servers.ok()) << servers.status().ToString();
    if (!servers.ok()) return nullptr;
    w->servers_ = std::move(*servers);
    w->dir_ = fs::path(w->servers_->dir()) / "beian";
    fs::create_directories(w->dir_);
    std::ofstream(w->config()) << w->Config();
    ::setenv("BEIAN_SERVE_PG_PASSWORD", w->password_.c_str(), 1);
    ::setenv("BEIAN_SERVE_PW", "pw", 1);
    for (int i = 0; i < mails; ++i) {
      EXPECT_TRUE(
          w->servers_->InjectMail(Mailbox(i % 2), "INBOX", Mail(i)).ok());
    }
    return w;
  }

  std::string config() const { return (dir_ / "beian.toml").string(); }
  const fs::path& dir() const { return dir_; }
  MailServers& servers() { return *servers_; }
  int mails() const { return mails_; }

  std::unique_ptr<PostgresStore> OpenStore() const {
    auto s = PostgresStore::Open({url_, password_});
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(*s) : nullptr;
  }

  std::vector<std::string> Beian(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {
        BEIAN_BINARY, "--config",        config(),      "--config-dir",
        kConfigDir,   "--templates-dir", kTemplatesDir, "--no-ocr"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }

 private:
  World() = default;
  std::string Config() const {
    std::string c = "[store]\nurl = \"" + url_ +
                    "\"\npassword_env = \"BEIAN_SERVE_PG_PASSWORD\"\n"
                    "data_dir = \"" +
                    (dir_ / "data").string() + "\"\noutbox_dir = \"" +
                    (dir_ / "outbox").string() +
                    "\"\n[service]\nidle_sleep = \"1s\"\npoll_lease = "
                    "\"5s\"\nread_lease = \"5s\"\n";
    for (int r = 0; r < 2; ++r) {
      c += std::string("[[regions]]\ncode = \"") + kRegionCodes[r] +
           "\"\nname = \"" + kRegionNames[r] +
           "\"\nimap_url = \"imaps://127.0.0.1:" +
           std::to_string(servers_->imaps_port()) + "/INBOX\"\nimap_user = \"" +
           Mailbox(r) +
           "\"\nimap_password_env = \"BEIAN_SERVE_PW\"\npoll_interval = "
           "\"1s\"\nsmtp_url = \"smtp://127.0.0.1:" +
           std::to_string(servers_->smtp_port()) + "\"\nsmtp_user = \"" +
           Mailbox(r) + "\"\nsmtp_password_env = \"BEIAN_SERVE_PW\"\n" +
           "from = \"" + kRegionNames[r] + "医保事务中心 <" + Mailbox(r) +
           ">\"\nca_file = \"" + servers_->ca_file() + "\"\n";
    }
    return c;
  }

  int mails_ = 0;
  std::string url_, password_;
  std::unique_ptr<MailServers> servers_;
  fs::path dir_;
};

// A serve process for each of `roles`; with `kill` set, Tick() kills one at
// random every 1–2 s and starts a new one with its roles in its place.
class ServeFleet {
 public:
  ServeFleet(const World& world, const Roles& roles, bool kill, uint32_t seed)
      : world_(world), roles_(roles), kill_(kill), rng_(seed) {
    for (size_t i = 0; i < roles_.size(); ++i) Start(static_cast<int>(i));
    next_kill_ = std::chrono::steady_clock::now() + KillDelay();
  }
  ~ServeFleet() { StopAll(); }

  void Tick() {
    if (!kill_ || std::chrono::steady_clock::now() < next_kill_) return;
    const int i = std::uniform_int_distribution<int>(
        0, static_cast<int>(roles_.size()) - 1)(rng_);
    serves_[i].Signal(SIGKILL);
    serves_[i].Stop();
    ++kills_;
    Start(i);
    next_kill_ = std::chrono::steady_clock::now() + KillDelay();
  }
  // SIGTERM: each finishes its current mail and leaves.
  void StopAll() {
    for (Child& c : serves_) c.Stop(seconds(20));
  }
  int kills() const { return kills_; }
  // The log files of the processes started for `roles` ("read", ...).
  std::vector<fs::path> Logs(const std::string& roles) const {
    std::vector<fs::path> out;
    for (const auto& [path, r] : logs_) {
      if (r == roles) out.push_back(path);
    }
    return out;
  }

 private:
  void Start(int i) {
    const std::string log =
        (world_.dir() / ("serve-" + std::to_string(i) + "-" +
                         std::to_string(started_++) + ".log"))
            .string();
    logs_.emplace_back(log, roles_[i]);
    std::vector<std::string> args = {"serve"};
    if (!roles_[i].empty()) args.insert(args.end(), {"--roles", roles_[i]});
    auto child = Child::Spawn(world_.Beian(args), log);
    ASSERT_TRUE(child.ok()) << child.status().ToString();
    serves_[i] = std::move(*child);
  }
  milliseconds KillDelay() {
    return milliseconds(std::uniform_int_distribution<int>(1000, 2000)(rng_));
  }

  const World& world_;
  const Roles roles_;
  const bool kill_;
  std::mt19937 rng_;
  Child serves_[kServes];
  std::vector<std::pair<fs::path, std::string>> logs_;  // and its roles
  int started_ = 0;
  int kills_ = 0;
  std::chrono::steady_clock::time_point next_kill_;
};

// Waits (ticking the fleet) until `done` or `limit`; false on timeout.
template <typename Done>
bool WaitFor(ServeFleet& fleet, seconds limit, Done done) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    fleet.Tick();
    std::this_thread::sleep_for(milliseconds(200));
  }
  return done();
}

size_t CountCases(PostgresStore& store) {
  StatusOr<std::vector<CaseRecord>> cases = store.ListCases({});
  return cases.ok() ? cases->size() : 0;
}

size_t CountReplies(PostgresStore& store) {
  StatusOr<std::vector<OutboxEntry>> outbox = store.ListOutbox(std::nullopt);
  return outbox.ok() ? outbox->size() : 0;
}

// True when every reply in the outbox has left (sent, or handed over
// without an answer) and there are `expected` of them.
bool AllRepliesOut(PostgresStore& store, size_t expected) {
  StatusOr<std::vector<OutboxEntry>> outbox = store.ListOutbox(std::nullopt);
  if (!outbox.ok() || outbox->size() < expected) return false;
  for (const OutboxEntry& e : *outbox) {
    if (e.state != OutboxState::kSent && e.state != OutboxState::kUnconfirmed)
      return false;
  }
  return true;
}

// Reviewers in `kReviewers` processes at once confirm every case, each case
// by two of them: exactly one confirm per case succeeds. Returns how many
// confirms succeeded per case number.
std::map<std::string, int> ConfirmEverything(
    const World& world, ServeFleet& fleet,
    const std::vector<std::string>& numbers) {
  constexpr int kReviewers = 4;
  std::map<std::string, int> confirmed;
  std::mutex mu;
  std::vector<std::thread> reviewers;
  for (int t = 0; t < kReviewers; ++t) {
    reviewers.emplace_back([&, t] {
      for (size_t i = 0; i < numbers.size(); ++i) {
        const int first = static_cast<int>(i % kReviewers);
        if (t != first && t != (first + 1) % kReviewers) continue;
        auto r = testing::RunCommand(
            world.Beian({"--reviewer", "r" + std::to_string(t), "confirm",
                         numbers[i], "--force", "--note", "test"}));
        std::lock_guard lock(mu);
        if (r.ok() && r->exit_code == 0) ++confirmed[numbers[i]];
      }
    });
  }
  // The fleet keeps being killed meanwhile.
  std::atomic<bool> done = false;
  std::thread ticker([&] {
    while (!done) {
      fleet.Tick();
      std::this_thread::sleep_for(milliseconds(200));
    }
  });
  for (std::thread& t : reviewers) t.join();
  done = true;
  ticker.join();
  return confirmed;
}

// Every reply in the outbox is in its citizen's INBOX once if it was sent,
// at most once if unconfirmed, and nothing else is there.
void ExpectEachReplyOnce(World& world, const std::vector<OutboxEntry>& outbox) {
  std::map<std::string, std::vector<const OutboxEntry*>> by_citizen;
  for (const OutboxEntry& e : outbox) by_citizen[e.to_address].push_back(&e);
  // Delivery may lag a moment behind Postfix's acceptance.
  const auto arrived = [&](const OutboxEntry& e) {
    StatusOr<std::vector<std::string>> inbox =
        world.servers().ListMailbox(e.to_address, "INBOX");
    int n = 0;
    for (const std::string& m : *inbox)
      n += m.find("<" + e.message_id + ">") != std::string::npos;
    return n;
  };
  for (int wait = 0; wait < 100; ++wait) {
    bool all = true;
    for (const OutboxEntry& e : outbox)
      all = all && (e.state != OutboxState::kSent || arrived(e) > 0);
    if (all) break;
    std::this_thread::sleep_for(milliseconds(100));
  }
  std::this_thread::sleep_for(milliseconds(500));
  for (const auto& [citizen, entries] : by_citizen) {
    for (const OutboxEntry* e : entries) {
      const int n = arrived(*e);
      EXPECT_LE(n, 1) << citizen << " got the " << e->kind << " of "
                      << e->case_number << " " << n << " times";
      if (e->state == OutboxState::kSent) {
        EXPECT_GE(n, 1) << citizen << " never got the " << e->kind << " of "
                        << e->case_number;
      }
    }
    EXPECT_LE(world.servers().ListMailbox(citizen, "INBOX")->size(),
              entries.size())
        << citizen << " got mail the outbox does not know of";
  }
}

// How many lines of the files at `logs` hold `event`.
int CountInLogs(const std::vector<fs::path>& logs, const std::string& event) {
  int n = 0;
  for (const fs::path& log : logs) {
    std::ifstream in(log);
    for (std::string line; std::getline(in, line);)
      n += line.find(event) != std::string::npos;
  }
  return n;
}

// With the work split by role, the poller only stored mails: every case
// was opened by a reader (counted only without kills: a reader killed
// between its commit and its log line opened a case it did not log).
void ExpectReadersOpenedTheCases(const ServeFleet& fleet, const Roles& roles,
                                 int mails, bool kill) {
  if (roles != kSplitRoles) return;
  EXPECT_EQ(CountInLogs(fleet.Logs("poll,send"), "case_opened"), 0);
  EXPECT_GE(CountInLogs(fleet.Logs("poll,send"), "mail_stored"), mails);
  if (!kill) {
    EXPECT_EQ(CountInLogs(fleet.Logs("read"), "case_opened"), mails);
  }
}

// The whole scenario: intake, confirms, replies; then every check.
void RunScenario(const std::string& database, int mails, bool kill,
                 uint32_t seed, const Roles& roles = kAllRoles) {
  std::unique_ptr<World> world = World::Make(database, mails);
  ASSERT_NE(world, nullptr);
  std::unique_ptr<PostgresStore> store = world->OpenStore();
  ASSERT_NE(store, nullptr);
  const size_t n = static_cast<size_t>(mails);
  const auto started = std::chrono::steady_clock::now();
  int kills = 0;
  {
    ServeFleet fleet(*world, roles, kill, seed);
    // Every case acknowledged (or asked for corrections) first.
    ASSERT_TRUE(WaitFor(
        fleet, seconds(60 + mails),
        [&] { return CountCases(*store) >= n && CountReplies(*store) >= n; }))
        << CountCases(*store) << " cases and " << CountReplies(*store)
        << " replies for " << mails << " mails";
    std::vector<std::string> numbers;
    const std::vector<CaseRecord> opened = store->ListCases({}).value();
    for (const CaseRecord& c : opened) numbers.push_back(c.number);
    const std::map<std::string, int> confirmed =
        ConfirmEverything(*world, fleet, numbers);
    for (const std::string& number : numbers) {
      EXPECT_EQ(confirmed.count(number) ? confirmed.at(number) : 0, 1)
          << "confirms of " << number << " that succeeded";
    }
    EXPECT_TRUE(WaitFor(fleet, seconds(60 + mails),
                        [&] { return AllRepliesOut(*store, 2 * n); }));
    kills = fleet.kills();
    fleet.StopAll();
    ExpectReadersOpenedTheCases(fleet, roles, mails, kill);
  }
  // A last clean round finishes whatever the kills interrupted.
  auto last = testing::RunCommand(world->Beian({"poll", "--once"}));
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->exit_code, 0) << last->output;

  StatusOr<StoreSummary> sum = store->Summarize();
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->mails, mails);
  EXPECT_EQ(sum->duplicates, 0);
  EXPECT_EQ(sum->quarantined, 0);
  const std::vector<CaseRecord> cases = store->ListCases({}).value();
  EXPECT_EQ(cases.size(), n);
  std::set<std::string> ids, registrations;
  for (const CaseRecord& c : cases) {
    ids.insert(c.id_number);
    EXPECT_EQ(c.status, CaseStatus::kConfirmed) << c.number;
    EXPECT_FALSE(c.registration_number.empty()) << c.number;
    EXPECT_TRUE(registrations.insert(c.registration_number).second)
        << "registration number " << c.registration_number << " twice";
  }
  EXPECT_EQ(ids.size(), n);
  for (int r = 0; r < 2; ++r) {
    EXPECT_EQ(world->servers().ListMailbox(Mailbox(r), "INBOX")->size(), 0u);
    EXPECT_EQ(world->servers().ListMailbox(Mailbox(r), "Processed")->size(),
              n / 2 + (r == 0 ? n % 2 : 0));
  }
  const std::vector<OutboxEntry> outbox =
      store->ListOutbox(std::nullopt).value();
  std::map<std::pair<int64_t, std::string>, int> replies;  // (case, kind)
  int unconfirmed = 0;
  for (const OutboxEntry& e : outbox) {
    EXPECT_TRUE(e.state == OutboxState::kSent ||
                e.state == OutboxState::kUnconfirmed)
        << e.case_number << " " << e.kind << " " << OutboxStateName(e.state)
        << " " << e.last_error;
    unconfirmed += e.state == OutboxState::kUnconfirmed;
    ++replies[{e.case_id, e.kind == "registration" ? "registration" : "first"}];
  }
  EXPECT_EQ(replies.size(), 2 * n);
  for (const auto& [key, count] : replies)
    EXPECT_EQ(count, 1) << "case " << key.first << " " << key.second;
  ExpectEachReplyOnce(*world, outbox);
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();
  std::printf("%s: %d mails, %d kills, %d unconfirmed replies, %.1f s\n",
              database.c_str(), mails, kills, unconfirmed, took);
}

// One `serve --roles poll,send` and two `serve --roles read`: the poller
// stores, the readers claim and read, and every mail is one case once.
TEST(ServePostgresTest, APollerAndTwoReadersSplitTheWork) {
  RunScenario("serve_split", 30, false, 7, kSplitRoles);
}

// The same while the poller and the readers are killed at random: a read
// a killed reader had claimed is taken over after read_lease (5 s here).
TEST(ServePostgresTest, KilledReadersAndPollersLoseNothing) {
  RunScenario("serve_split_kill", 30, true, 20261208u, kSplitRoles);
}

TEST(ServePostgresTest, FourServesShareTheWorkExactlyOnce) {
  RunScenario("serve_four", EnvInt("BEIAN_KILL_MAILS", 60), false, 1);
}

TEST(ServePostgresTest, RandomSigkillsNeverLoseOrDuplicate) {
  const int runs = EnvInt("BEIAN_KILL_RUNS", 3);
  const int mails = EnvInt("BEIAN_KILL_MAILS", 60);
  for (int run = 0; run < runs && !HasFailure(); ++run) {
    RunScenario("serve_kill_" + std::to_string(run), mails, true,
                20261207u + static_cast<uint32_t>(run));
  }
}

}  // namespace
}  // namespace beian
