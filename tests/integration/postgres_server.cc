#include "postgres_server.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "loopback.h"

namespace beian::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kBin[] = "/usr/lib/postgresql/15/bin/";

std::string Bin(const char* tool) { return std::string(kBin) + tool; }

bool KeepServers() {
  const char* keep = std::getenv("BEIAN_KEEP_SERVERS");
  return keep != nullptr && std::string(keep) == "1";
}

// 32 hex digits from /dev/urandom.
StatusOr<std::string> RandomPassword() {
  std::ifstream in("/dev/urandom", std::ios::binary);
  unsigned char bytes[16];
  if (!in.read(reinterpret_cast<char*>(bytes), sizeof bytes)) {
    return IoError("cannot read /dev/urandom");
  }
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

// Who runs the server: nobody else but root needs another user.
StatusOr<std::string> ServerUser() {
  if (geteuid() != 0) return std::string();
  const char* wanted = std::getenv("BEIAN_TEST_PG_USER");
  if (wanted != nullptr && *wanted != '\0') {
    if (getpwnam(wanted) == nullptr) {
      return FailedPrecondition(std::string("BEIAN_TEST_PG_USER=") + wanted +
                                " names no user on this machine");
    }
    return std::string(wanted);
  }
  for (const char* name : {"beian-test", "nobody"}) {
    if (getpwnam(name) != nullptr) return std::string(name);
  }
  return FailedPrecondition(
      "PostgreSQL refuses to run as root and this machine has neither a "
      "beian-test nor a nobody user; create one (useradd --system "
      "beian-test) or set BEIAN_TEST_PG_USER");
}

Status WriteOwnedFile(const std::string& path, const std::string& contents,
                      uid_t uid, gid_t gid) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << contents;
    if (!out.flush()) return IoError("cannot write " + path);
  }
  if (chmod(path.c_str(), 0600) != 0 || chown(path.c_str(), uid, gid) != 0) {
    return IoError("cannot hand " + path + " to the server's user");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::unique_ptr<PostgresServer>> PostgresServer::Start(
    Options options) {
  std::error_code ec;
  if (!fs::exists(Bin("postgres"), ec) || !fs::exists(Bin("initdb"), ec)) {
    return FailedPrecondition(
        "PostgreSQL 15 is not installed (no " + Bin("postgres") +
        "); run scripts/install-deps.sh (Debian packages postgresql, "
        "libpq-dev)");
  }
  std::unique_ptr<PostgresServer> server(new PostgresServer());
  BEIAN_RETURN_IF_ERROR(server->Prepare());
  BEIAN_RETURN_IF_ERROR(server->InitDb());
  server->tls_ = options.tls;
  if (options.tls) BEIAN_RETURN_IF_ERROR(server->MakeCertificates());
  Status started = server->StartPostgres(options.start_timeout);
  if (!started.ok()) {  // most likely the port was taken meanwhile
    server->postgres_.Stop();
    started = server->StartPostgres(options.start_timeout);
  }
  if (!started.ok()) return started;
  return server;
}

PostgresServer::~PostgresServer() {
  postgres_.Stop();  // SIGTERM to the group: backends end, then the server
  if (dir_.empty()) return;
  if (KeepServers()) {
    std::fprintf(stderr, "PostgreSQL test dir kept: %s\n", dir_.c_str());
    return;
  }
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

Status PostgresServer::Prepare() {
  StatusOr<std::string> user = ServerUser();
  if (!user.ok()) return user.status();
  run_as_ = *user;
  StatusOr<std::string> password = RandomPassword();
  if (!password.ok()) return password.status();
  password_ = *password;
  const char* tmp = std::getenv("TMPDIR");
  // The Unix socket's path under the dir must stay below 108 bytes.
  const std::string base =
      (tmp != nullptr && std::strlen(tmp) < 40) ? tmp : "/tmp";
  std::string pattern = base + "/beian-pg-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    return IoError("cannot create a temp dir under " + base);
  }
  dir_ = pattern;
  uid_t uid = geteuid();
  gid_t gid = getegid();
  if (!run_as_.empty()) {
    const passwd* pw = getpwnam(run_as_.c_str());
    uid = pw->pw_uid;
    gid = pw->pw_gid;
    if (chown(dir_.c_str(), uid, gid) != 0) {
      return IoError("cannot give " + dir_ + " to user " + run_as_);
    }
  }
  chmod(dir_.c_str(), 0700);
  return WriteOwnedFile(dir_ + "/password", password_ + "\n", uid, gid);
}

std::vector<std::string> PostgresServer::AsServerUser(
    std::vector<std::string> argv) const {
  if (run_as_.empty()) return argv;
  // env -C: the server's user may not enter the test's working directory.
  std::vector<std::string> out = {"runuser", "-u", run_as_, "--",
                                  "env",     "-C", dir_};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

Status PostgresServer::InitDb() {
  StatusOr<CommandResult> r = RunCommand(
      AsServerUser({Bin("initdb"), "-D", dir_ + "/data", "-U", user_,
                    "--pwfile=" + dir_ + "/password", "--auth-local=trust",
                    "--auth-host=scram-sha-256", "-E", "UTF8",
                    "--locale=C.UTF-8", "--no-sync", "--no-instructions"}));
  if (!r.ok()) return r.status();
  if (r->exit_code != 0) {
    return IoError("initdb in " + dir_ + " failed" +
                   (run_as_.empty() ? "" : " (as user " + run_as_ + ")") +
                   " with exit code " + std::to_string(r->exit_code) + ": " +
                   r->output);
  }
  return Status::Ok();
}

Status PostgresServer::MakeCertificates() {
  std::error_code ec;
  fs::create_directories(dir_ + "/tls", ec);
  if (ec) return IoError("cannot create " + dir_ + "/tls: " + ec.message());
  StatusOr<TestPki> pki = MakeTestPki(dir_ + "/tls");
  if (!pki.ok()) return pki.status();
  pki_ = *pki;
  if (run_as_.empty()) return Status::Ok();
  // The server reads its key and certificate as its own user.
  const passwd* pw = getpwnam(run_as_.c_str());
  for (const std::string& path :
       {dir_ + "/tls", pki_.server_key, pki_.server_cert}) {
    if (chown(path.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      return IoError("cannot give " + path + " to user " + run_as_);
    }
  }
  return Status::Ok();
}

Status PostgresServer::StartPostgres(std::chrono::milliseconds timeout) {
  StatusOr<std::vector<int>> ports = PickFreePorts(1);
  if (!ports.ok()) return ports.status();
  port_ = (*ports)[0];
  const std::string log = dir_ + "/postgres.log";
  std::vector<std::string> argv = {Bin("postgres"),
                                   "-D",
                                   dir_ + "/data",
                                   "-p",
                                   std::to_string(port_),
                                   "-k",
                                   dir_,
                                   "-F",
                                   "-c",
                                   "listen_addresses=127.0.0.1",
                                   "-c",
                                   "full_page_writes=off",
                                   "-c",
                                   "synchronous_commit=off",
                                   "-c",
                                   "max_connections=100"};
  if (tls_) {
    argv.insert(argv.end(),
                {"-c", "ssl=on", "-c", "ssl_cert_file=" + pki_.server_cert,
                 "-c", "ssl_key_file=" + pki_.server_key});
  }
  StatusOr<Child> child = Child::Spawn(AsServerUser(argv), log);
  if (!child.ok()) return child.status();
  postgres_ = std::move(*child);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!postgres_.Running()) {
      return IoError("PostgreSQL exited while starting on port " +
                     std::to_string(port_) + "; " + log + " ends:\n" +
                     TailOfFile(log));
    }
    StatusOr<CommandResult> ready =
        RunCommand({Bin("pg_isready"), "-q", "-h", dir_, "-p",
                    std::to_string(port_), "-U", user_, "-d", "postgres"});
    if (ready.ok() && ready->exit_code == 0) return Status::Ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return IoError("PostgreSQL did not accept connections on port " +
                 std::to_string(port_) + " within " +
                 std::to_string(timeout.count()) + " ms; " + log + " ends:\n" +
                 TailOfFile(log));
}

std::string PostgresServer::Url(const std::string& database) const {
  return "postgresql://" + user_ + "@127.0.0.1:" + std::to_string(port_) + "/" +
         database;
}

StatusOr<std::string> PostgresServer::Psql(const std::string& database,
                                           const std::string& sql) {
  return RunOrFail({Bin("psql"), "-X", "-q", "-A", "-t", "-v",
                    "ON_ERROR_STOP=1", "-h", dir_, "-p", std::to_string(port_),
                    "-U", user_, "-d", database, "-c", sql});
}

StatusOr<std::string> PostgresServer::CreateDatabase(const std::string& name) {
  if (name.empty() ||
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") !=
          std::string::npos) {
    return InvalidArgument("database name '" + name +
                           "': use lower-case letters, digits and _");
  }
  StatusOr<std::string> out =
      Psql("postgres", "CREATE DATABASE " + name + " OWNER " + user_);
  if (!out.ok()) return out.status();
  return Url(name);
}

StatusOr<PostgresServer*> SharedPostgresServer() {
  static std::mutex mu;
  static std::unique_ptr<PostgresServer> server;  // stopped at exit
  static Status failed;
  static bool tried = false;
  std::lock_guard lock(mu);
  if (!tried) {
    tried = true;
    StatusOr<std::unique_ptr<PostgresServer>> s = PostgresServer::Start({});
    if (s.ok()) {
      server = std::move(*s);
    } else {
      failed = s.status();
    }
  }
  if (!server) {
    return Status(failed.code(),
                  "no PostgreSQL for the test: " + failed.message());
  }
  return server.get();
}

Status TestDatabase::Create(const std::string& test) {
  StatusOr<PostgresServer*> server = SharedPostgresServer();
  if (!server.ok()) return server.status();
  server_ = *server;
  name_.clear();
  for (char c : test.substr(0, 50)) {
    const unsigned char u = static_cast<unsigned char>(c);
    name_ += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
  }
  StatusOr<std::string> url = server_->CreateDatabase(name_);
  if (!url.ok()) return url.status();
  url_ = *url;
  return Status::Ok();
}

void TestDatabase::Drop() {
  if (server_ == nullptr) return;
  (void)server_->Psql("postgres",
                      "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
}

}  // namespace beian::testing
