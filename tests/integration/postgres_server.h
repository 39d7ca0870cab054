// A real PostgreSQL 15 on loopback for beian's tests.
//
//   StatusOr<PostgresServer*> pg = SharedPostgresServer();
//   ASSERT_TRUE(pg.ok()) << pg.status().ToString();
//   StatusOr<std::string> url = (*pg)->CreateDatabase("store_test_1");
//   // url: "postgresql://beian@127.0.0.1:<port>/store_test_1",
//   // password: (*pg)->password()
//
// Start() makes a temp dir /tmp/beian-pg-XXXXXX, runs initdb there (user
// "beian" with a random password, scram-sha-256 over TCP, trust on the
// Unix socket inside the dir) and starts `postgres` in the foreground on a
// free port of 127.0.0.1, fsync off. PostgreSQL refuses to run as root: as
// root, the dir is handed to an unprivileged user (BEIAN_TEST_PG_USER, else
// "beian-test" when that user exists, else "nobody") and initdb and
// postgres run as that user through runuser. With Options::tls (the
// default) it speaks TLS with a certificate from a test CA. The server is a
// Child: in its
// own process group, SIGTERM when the test process dies. The destructor
// stops it and removes the dir (kept with BEIAN_KEEP_SERVERS=1).
#ifndef BEIAN_TESTS_INTEGRATION_POSTGRES_SERVER_H_
#define BEIAN_TESTS_INTEGRATION_POSTGRES_SERVER_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "beian/base/status.h"
#include "subprocess.h"
#include "test_pki.h"

namespace beian::testing {

class PostgresServer {
 public:
  struct Options {
    std::chrono::milliseconds start_timeout = std::chrono::seconds(30);
    // TLS with a test CA's certificate for localhost and 127.0.0.1 (clients
    // may then ask for sslmode=verify-full with sslrootcert=ca_file()).
    bool tls = true;
  };

  // FailedPrecondition naming the package when PostgreSQL 15 is not
  // installed; IoError with the tail of the server's log when it does not
  // start.
  static StatusOr<std::unique_ptr<PostgresServer>> Start(Options options);
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;
  ~PostgresServer();

  int port() const { return port_; }
  const std::string& dir() const { return dir_; }
  const std::string& user() const { return user_; }
  const std::string& password() const { return password_; }
  // The user the server runs as ("" = this process's user).
  const std::string& run_as() const { return run_as_; }
  // With Options::tls: the CA that signed the server's certificate, and one
  // that did not.
  const std::string& ca_file() const { return pki_.ca_file; }
  const std::string& wrong_ca_file() const { return pki_.wrong_ca_file; }
  // "postgresql://beian@127.0.0.1:<port>/<database>" (no password).
  std::string Url(const std::string& database) const;
  // Creates an empty database owned by user(); returns its Url().
  StatusOr<std::string> CreateDatabase(const std::string& name);
  // Runs SQL as user() through the Unix socket (psql); returns its output.
  StatusOr<std::string> Psql(const std::string& database,
                             const std::string& sql);

 private:
  PostgresServer() = default;
  Status Prepare();
  Status InitDb();
  Status MakeCertificates();
  Status StartPostgres(std::chrono::milliseconds timeout);
  // argv, run as run_as_ when set.
  std::vector<std::string> AsServerUser(std::vector<std::string> argv) const;

  std::string dir_;
  std::string run_as_;
  std::string user_ = "beian";
  std::string password_;
  int port_ = 0;
  bool tls_ = false;
  TestPki pki_;
  Child postgres_;
};

// One server for the whole test process, started by the first call and
// stopped when the process exits. A failed start is returned to every
// caller (the tests fail with its message).
StatusOr<PostgresServer*> SharedPostgresServer();

// A database of its own for one test on the shared server, named after the
// test (lower case, so PostgreSQL takes it unquoted), dropped by Drop().
class TestDatabase {
 public:
  Status Create(const std::string& test);
  void Drop();
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }
  PostgresServer& server() { return *server_; }

 private:
  PostgresServer* server_ = nullptr;
  std::string name_;
  std::string url_;
};

}  // namespace beian::testing

#endif  // BEIAN_TESTS_INTEGRATION_POSTGRES_SERVER_H_
