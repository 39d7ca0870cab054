#include "mail_servers.h"

#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <thread>

#include "loopback.h"

namespace beian::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kDovecot[] = "/usr/sbin/dovecot";
constexpr char kDoveadm[] = "/usr/bin/doveadm";
constexpr char kPostfixMaster[] = "/usr/lib/postfix/sbin/master";

Status WriteFile(const std::string& path, const std::string& contents) {
  std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << contents;
    if (!out.flush()) return IoError("cannot write " + temp);
  }
  std::error_code error;
  fs::rename(temp, path, error);  // readers never see half a file
  if (error) return IoError("cannot rename " + temp + ": " + error.message());
  return Status::Ok();
}

// Postfix waits until a table or main.cf is two seconds old before reading it
// (in 300 ms sleeps): backdating its files saves that at every start.
Status WritePostfixFile(const std::string& path, const std::string& contents) {
  BEIAN_RETURN_IF_ERROR(WriteFile(path, contents));
  std::error_code error;
  fs::last_write_time(
      path, fs::file_time_type::clock::now() - std::chrono::minutes(1), error);
  return Status::Ok();
}

StatusOr<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

StatusOr<std::string> MakeTempRoot() {
  const char* tmp = std::getenv("TMPDIR");
  // Unix socket paths under the root must stay below 108 bytes.
  std::string base = (tmp != nullptr && std::strlen(tmp) < 40) ? tmp : "/tmp";
  std::string pattern = base + "/beian-servers-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    return IoError("cannot create a temp dir under " + base);
  }
  chmod(pattern.c_str(), 0755);  // the servers' unprivileged users traverse it
  return pattern;
}

bool ValidUserField(const std::string& text) {
  return !text.empty() && text.find_first_of(": \t\r\n") == std::string::npos;
}

// A Maildir file name no other delivery in this process or dir can share.
std::string UniqueMessageName() {
  static std::atomic<int> counter{0};
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return std::to_string(now.tv_sec) + ".M" +
         std::to_string(now.tv_nsec / 1000) + "P" + std::to_string(getpid()) +
         "Q" + std::to_string(++counter) + ".beian-test";
}

void RemoveFilesStartingWith(const std::string& dir,
                             const std::vector<std::string>& prefixes) {
  std::error_code ignored;
  for (const auto& entry : fs::directory_iterator(dir, ignored)) {
    std::string name = entry.path().filename().string();
    for (const std::string& prefix : prefixes) {
      if (name.starts_with(prefix)) fs::remove(entry.path(), ignored);
    }
  }
}

// What `postfix check` would create (but that takes seconds of shell).
Status MakePostfixQueue(const std::string& dir) {
  const passwd* postfix = getpwnam("postfix");
  const group* postdrop = getgrnam("postdrop");
  if (postfix == nullptr || postdrop == nullptr) {
    return FailedPrecondition(
        "no postfix user or postdrop group: install postfix");
  }
  struct QueueDir {
    const char* name;
    gid_t group;
    mode_t mode;
  };
  const gid_t root = 0;
  const QueueDir dirs[] = {{"data", root, 0700},
                           {"queue/active", root, 0700},
                           {"queue/bounce", root, 0700},
                           {"queue/corrupt", root, 0700},
                           {"queue/defer", root, 0700},
                           {"queue/deferred", root, 0700},
                           {"queue/flush", root, 0700},
                           {"queue/hold", root, 0700},
                           {"queue/incoming", root, 0700},
                           {"queue/private", root, 0700},
                           {"queue/saved", root, 0700},
                           {"queue/trace", root, 0700},
                           {"queue/maildrop", postdrop->gr_gid, 0730},
                           {"queue/public", postdrop->gr_gid, 0710}};
  for (const QueueDir& d : dirs) {
    std::string path = dir + "/" + d.name;
    fs::create_directories(path);
    if (chown(path.c_str(), postfix->pw_uid, d.group) != 0 ||
        chmod(path.c_str(), d.mode) != 0) {
      return IoError("cannot set up " + path);
    }
  }
  fs::create_directories(dir + "/queue/pid");  // root's
  return Status::Ok();
}

// Dovecot runs as the current user and owns the mail itself.
Status RunAsCurrentUser(ServerLayout* layout) {
  const passwd* me = getpwuid(geteuid());
  const group* my_group = getgrgid(getegid());
  if (me == nullptr || my_group == nullptr) {
    return Internal("cannot look up the current user or group");
  }
  layout->run_user = me->pw_name;
  layout->run_group = my_group->gr_name;
  layout->mail_uid = static_cast<int>(geteuid());
  layout->mail_gid = static_cast<int>(getegid());
  return Status::Ok();
}

// Whether the file has `text` after its first `offset` bytes.
bool FileContainsAfter(const std::string& path, uintmax_t offset,
                       const std::string& text) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(offset));
  std::string rest(std::istreambuf_iterator<char>(in), {});
  return rest.find(text) != std::string::npos;
}

// The message files of a Maildir folder, ordered by name (delivery time).
std::vector<fs::path> MessageFiles(const std::string& dir) {
  std::vector<fs::path> files;
  for (const char* sub : {"/new", "/cur"}) {
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(dir + sub, error)) {
      if (entry.is_regular_file(error)) files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) {
              return a.filename() < b.filename();
            });
  return files;
}

bool KeepServers() {
  const char* keep = std::getenv("BEIAN_KEEP_SERVERS");
  return keep != nullptr && std::string(keep) == "1";
}

}  // namespace

StatusOr<std::unique_ptr<MailServers>> MailServers::Start(Options options) {
  std::unique_ptr<MailServers> servers(new MailServers());
  BEIAN_RETURN_IF_ERROR(servers->Prepare(options));
  Status started = servers->StartAll();
  if (!started.ok()) {  // most likely a port taken meanwhile: once more
    servers->StopAll();
    started = servers->StartAll();
  }
  if (!started.ok()) return started;
  return servers;
}

MailServers::~MailServers() {
  StopAll();
  if (layout_.root.empty()) return;
  if (KeepServers()) {
    std::fprintf(stderr, "BEIAN_KEEP_SERVERS=1: kept %s\n",
                 layout_.root.c_str());
    return;
  }
  std::error_code ignored;
  fs::remove_all(layout_.root, ignored);
}

Status MailServers::Prepare(const Options& options) {
  options_ = options;
  layout_.as_root = geteuid() == 0;
  if (options.smtp && !layout_.as_root) {
    return FailedPrecondition(
        "Postfix needs root; run as root or set "
        "MailServers::Options::smtp = false");
  }
  if (!layout_.as_root) BEIAN_RETURN_IF_ERROR(RunAsCurrentUser(&layout_));
  StatusOr<std::string> root = MakeTempRoot();
  if (!root.ok()) return root.status();
  layout_.root = *root;
  for (const std::string& dir :
       {layout_.root + "/tls", layout_.ImapDir() + "/run",
        layout_.AuthDir() + "/run", layout_.PostfixDir()}) {
    fs::create_directories(dir);
  }
  BEIAN_RETURN_IF_ERROR(MakeMailDirs(layout_.MailRoot()));
  StatusOr<TestPki> pki = MakeTestPki(layout_.root + "/tls");
  if (!pki.ok()) return pki.status();
  pki_ = *pki;
  layout_.cert_file = options.server_cert_from_wrong_ca ? pki_.wrong_server_cert
                                                        : pki_.server_cert;
  layout_.key_file = pki_.server_key;
  layout_.imap_capability = options.imap_capability;
  layout_.rawlog = options.rawlog;
  fs::create_directories(layout_.RawlogDir());
  fs::permissions(layout_.RawlogDir(), fs::perms::all);  // the mail user
  for (const auto& [user, password] : options.users) {
    BEIAN_RETURN_IF_ERROR(AddUser(user, password));
  }
  return WriteUsers();
}

Status MailServers::StartAll() {
  StatusOr<std::vector<int>> ports = PickFreePorts(4);
  if (!ports.ok()) return ports.status();
  layout_.imap_port = (*ports)[0];
  layout_.imaps_port = (*ports)[1];
  layout_.smtp_port = (*ports)[2];
  layout_.smtps_port = (*ports)[3];
  BEIAN_RETURN_IF_ERROR(WriteFile(layout_.ImapDir() + "/dovecot.conf",
                                  DovecotImapConfig(layout_)));
  BEIAN_RETURN_IF_ERROR(StartImap());
  if (!options_.smtp) return Status::Ok();
  BEIAN_RETURN_IF_ERROR(WriteFile(layout_.AuthDir() + "/dovecot.conf",
                                  DovecotAuthConfig(layout_)));
  std::error_code ignored;
  fs::remove(layout_.AuthSocket(), ignored);  // left by a failed attempt
  BEIAN_RETURN_IF_ERROR(
      StartDovecot(layout_.AuthDir(), layout_.AuthLog(), &dovecot_auth_));
  BEIAN_RETURN_IF_ERROR(AwaitReady(
      [this] { return fs::exists(layout_.AuthSocket()); }, dovecot_auth_,
      "Dovecot auth socket " + layout_.AuthSocket(), layout_.AuthLog()));
  return StartPostfix();
}

void MailServers::StopAll() {
  postfix_.Stop();
  dovecot_imap_.Stop();
  dovecot_auth_.Stop();
}

Status MailServers::StartDovecot(const std::string& dir, const std::string& log,
                                 Child* child) {
  StatusOr<Child> spawned =
      Child::Spawn({kDovecot, "-F", "-c", dir + "/dovecot.conf"}, log);
  if (!spawned.ok()) return spawned.status();
  *child = std::move(*spawned);
  return Status::Ok();
}

Status MailServers::StartPostfix() {
  const std::string& dir = layout_.PostfixDir();
  BEIAN_RETURN_IF_ERROR(
      WritePostfixFile(dir + "/main.cf", PostfixMainCf(layout_)));
  BEIAN_RETURN_IF_ERROR(
      WritePostfixFile(dir + "/master.cf", PostfixMasterCf(layout_)));
  BEIAN_RETURN_IF_ERROR(
      WritePostfixFile(dir + "/rcpt_access", PostfixRecipientAccess()));
  BEIAN_RETURN_IF_ERROR(WritePostfixFile(dir + "/domains", "/./ OK\n"));
  BEIAN_RETURN_IF_ERROR(MakePostfixQueue(layout_.root + "/postfix"));
  std::error_code ignored;
  uintmax_t log_size = fs::file_size(layout_.PostfixLog(), ignored);
  if (ignored) log_size = 0;
  StatusOr<Child> master =
      Child::Spawn({kPostfixMaster, "-s", "-c", dir}, layout_.PostfixLog());
  if (!master.ok()) return master.status();
  postfix_ = std::move(*master);
  for (int port : {layout_.smtp_port, layout_.smtps_port}) {
    BEIAN_RETURN_IF_ERROR(
        AwaitPort(port, postfix_, "Postfix", layout_.PostfixLog()));
  }
  // Logged once its signal handlers are set: a SIGHUP (AddUser) before that
  // would kill it.
  return AwaitReady(
      [&] {
        return FileContainsAfter(layout_.PostfixLog(), log_size,
                                 "daemon started");
      },
      postfix_, "Postfix master", layout_.PostfixLog());
}

Status MailServers::AwaitReady(const std::function<bool()>& ready, Child& child,
                               const std::string& what,
                               const std::string& log) {
  auto deadline = std::chrono::steady_clock::now() + options_.start_timeout;
  while (!ready()) {
    std::string problem;
    if (!child.Running()) problem = " exited during start-up";
    if (std::chrono::steady_clock::now() >= deadline)
      problem = " is not ready in time";
    if (!problem.empty()) {
      return IoError(what + problem + "; last lines of " + log + ":\n" +
                     TailOfFile(log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return Status::Ok();
}

Status MailServers::AwaitPort(int port, Child& child, const std::string& name,
                              const std::string& log) {
  return AwaitReady([port] { return PortAccepts(port); }, child,
                    name + " on 127.0.0.1:" + std::to_string(port), log);
}

Status MailServers::StartImap() {
  if (dovecot_imap_.pid() > 0) return FailedPrecondition("IMAP is running");
  BEIAN_RETURN_IF_ERROR(
      StartDovecot(layout_.ImapDir(), layout_.ImapLog(), &dovecot_imap_));
  for (int port : {layout_.imap_port, layout_.imaps_port}) {
    BEIAN_RETURN_IF_ERROR(
        AwaitPort(port, dovecot_imap_, "Dovecot", layout_.ImapLog()));
  }
  return Status::Ok();
}

Status MailServers::StopImap() {
  if (dovecot_imap_.pid() <= 0)
    return FailedPrecondition("IMAP is not running");
  dovecot_imap_.Stop();
  return Status::Ok();
}

std::string MailServers::maildir(const std::string& user) const {
  return layout_.MailRoot() + "/" + user + "/Maildir";
}

std::string MailServers::ImapCommandsSent() const {
  std::string all;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(layout_.RawlogDir(), ec)) {
    if (e.path().extension() != ".in") continue;
    std::ifstream in(e.path(), std::ios::binary);
    all.append(std::istreambuf_iterator<char>(in), {});
  }
  return all;
}

std::string MailServers::FolderDir(const std::string& user,
                                   const std::string& folder) const {
  std::string upper;
  for (char c : folder) upper += static_cast<char>(std::toupper(c));
  if (upper == "INBOX") return maildir(user);
  std::string dotted = folder;  // Maildir++: "A/B" is ".A.B"
  for (char& c : dotted) c = c == '/' ? '.' : c;
  return maildir(user) + "/." + dotted;
}

Status MailServers::MakeMailDirs(const std::string& path) const {
  fs::path dir = layout_.MailRoot();
  std::vector<fs::path> dirs = {dir};
  for (const fs::path& part : fs::path(path).lexically_relative(dir)) {
    if (part != ".") dirs.push_back(dir /= part);
  }
  for (const fs::path& d : dirs) {
    std::error_code error;
    fs::create_directory(d, error);
    if (error)
      return IoError("cannot create " + d.string() + ": " + error.message());
    if (layout_.as_root) chown(d.c_str(), layout_.mail_uid, layout_.mail_gid);
  }
  return Status::Ok();
}

Status MailServers::MakeMaildir(const std::string& path) const {
  for (const char* sub : {"/cur", "/new", "/tmp"}) {
    BEIAN_RETURN_IF_ERROR(MakeMailDirs(path + sub));
  }
  return Status::Ok();
}

Status MailServers::WriteUsers() const {
  std::string passwd, mailboxes;
  for (const auto& [user, password] : users_) {
    passwd += user + ":{PLAIN}" + password + "\n";
    mailboxes += user + " " + user + "/Maildir/\n";
  }
  BEIAN_RETURN_IF_ERROR(WriteFile(layout_.UsersFile(), passwd));
  chmod(layout_.UsersFile().c_str(), 0644);
  return WritePostfixFile(layout_.MailboxesFile(), mailboxes);
}

Status MailServers::AddUser(const std::string& user,
                            const std::string& password) {
  if (!ValidUserField(user) || !ValidUserField(password) ||
      user.find('/') != std::string::npos) {
    return InvalidArgument(
        "user and password must be non-empty, without "
        "spaces, ':' or '/': " +
        user);
  }
  users_[user] = password;
  BEIAN_RETURN_IF_ERROR(MakeMaildir(maildir(user)));
  for (const std::string& folder : options_.folders) {
    BEIAN_RETURN_IF_ERROR(MakeMaildir(FolderDir(user, folder)));
  }
  if (layout_.imap_port == 0) return Status::Ok();  // Prepare writes them
  BEIAN_RETURN_IF_ERROR(WriteUsers());  // Dovecot rereads its passwd-file
  if (postfix_.pid() > 0) {
    postfix_.Signal(SIGHUP);  // texthash tables are read at process start
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  return Status::Ok();
}

StatusOr<std::string> MailServers::InjectMail(const std::string& user,
                                              const std::string& folder,
                                              const std::string& bytes) {
  std::string dir = FolderDir(user, folder);
  BEIAN_RETURN_IF_ERROR(MakeMaildir(dir));
  std::string name = UniqueMessageName();
  std::string temp = dir + "/tmp/" + name;
  {
    std::ofstream out(temp, std::ios::binary);
    out << bytes;
    if (!out.flush()) return IoError("cannot write " + temp);
  }
  if (layout_.as_root) chown(temp.c_str(), layout_.mail_uid, layout_.mail_gid);
  std::string final_path = dir + "/new/" + name;
  if (rename(temp.c_str(), final_path.c_str()) != 0) {
    return IoError("cannot move " + temp + " to new/");
  }
  return final_path;
}

StatusOr<std::vector<std::string>> MailServers::ListMailbox(
    const std::string& user, const std::string& folder) const {
  std::string dir = FolderDir(user, folder);
  Status last;
  for (int attempt = 0; attempt < 5; ++attempt) {
    std::vector<std::string> messages;
    last = Status::Ok();
    for (const fs::path& file : MessageFiles(dir)) {
      StatusOr<std::string> bytes = ReadFile(file);
      if (!bytes.ok()) {  // Dovecot moved it from new/ to cur/ meanwhile
        last = bytes.status();
        break;
      }
      messages.push_back(std::move(*bytes));
    }
    if (last.ok()) return messages;
  }
  return last;
}

StatusOr<uint32_t> MailServers::UidValidity(const std::string& user,
                                            const std::string& folder) const {
  StatusOr<std::string> output =
      RunOrFail({kDoveadm, "-c", layout_.ImapDir() + "/dovecot.conf", "mailbox",
                 "status", "-u", user, "uidvalidity", folder});
  if (!output.ok()) return output.status();
  size_t at = output->find("uidvalidity=");
  if (at == std::string::npos) return Internal("doveadm said: " + *output);
  return static_cast<uint32_t>(std::stoul(output->substr(at + 12)));
}

Status MailServers::ResetUidValidity(const std::string& user,
                                     const std::string& folder) {
  StatusOr<uint32_t> before = UidValidity(user, folder);
  if (!before.ok()) return before.status();
  BEIAN_RETURN_IF_ERROR(StopImap());
  RemoveFilesStartingWith(FolderDir(user, folder),
                          {"dovecot-uidlist", "dovecot.index"});
  RemoveFilesStartingWith(maildir(user), {"dovecot.list.index"});
  BEIAN_RETURN_IF_ERROR(StartImap());
  StatusOr<uint32_t> after = UidValidity(user, folder);
  if (!after.ok()) return after.status();
  if (*after == *before) {
    return Internal("UIDVALIDITY of " + folder + " stayed " +
                    std::to_string(*after));
  }
  return Status::Ok();
}

}  // namespace beian::testing
