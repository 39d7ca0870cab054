// Poll throughput against real Dovecot on loopback: N synthetic citizen mails
// of ~200 KB each, fetched over IMAPS and committed by beian's Poller (raw
// mail stored and synced, parsed, case opened, mail moved to Processed; OCR
// off), compared with `mbsync` (isync) pulling the same mails from the same
// Dovecot into a local Maildir. Prints figures; never fails on time (exit 1
// only when a run did not transfer all N mails or could not run).
//
//   scripts/bench_poll.sh [N]          # installs isync, builds Release, runs
//   build-bench/bench/bench_poll [N] [--kb 200] [--connections 1]
//                                [--no-plain] [--no-starttls] [--beian-only]
//                                [--rounds K]
// --connections sets the region's imap_connections (fetch connections).
//
// Must run as root (the Dovecot harness). Each tool reads its own copy of the
// mails (a separate user's INBOX with identical bytes), so each pays Dovecot's
// first open of a fresh Maildir.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "beian/base/allocator.h"
#include "beian/base/clock.h"
#include "beian/base/log.h"
#include "beian/base/sha256.h"
#include "beian/identity/id_number.h"
#include "beian/mime/parsed_mail.h"
#include "beian/service/poller.h"
#include "beian/store/blob_store.h"
#include "beian/store/store.h"
#include "mail_servers.h"

namespace {

namespace fs = std::filesystem;
using beian::testing::MailServers;
using Clock = std::chrono::steady_clock;

const char kBeianUser[] = "beian510682@ybj.example.cn";
const char kPassword[] = "bench-pw";

double Seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// ---------------------------------------------------------------- mails

std::string Base64Lines(const std::string& in) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve(in.size() * 4 / 3 + in.size() / 38 + 8);
  size_t line = 0;
  for (size_t i = 0; i < in.size(); i += 3) {
    const uint32_t b0 = static_cast<unsigned char>(in[i]);
    const uint32_t b1 =
        i + 1 < in.size() ? static_cast<unsigned char>(in[i + 1]) : 0;
    const uint32_t b2 =
        i + 2 < in.size() ? static_cast<unsigned char>(in[i + 2]) : 0;
    const uint32_t v = (b0 << 16) | (b1 << 8) | b2;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += i + 2 < in.size() ? kAlphabet[v & 63] : '=';
    line += 4;
    if (line == 76) {
      out += "\r\n";
      line = 0;
    }
  }
  if (line != 0) out += "\r\n";
  return out;
}

// A citizen's mail: text part plus a base64 "scan" of pseudo-random bytes,
// `total_bytes` long in all (±100 bytes). Unique Message-ID and ID number.
std::string CitizenMail(int n, size_t total_bytes) {
  char first17[18];
  // 510682 + birth date (year varies every 1000 mails) + sequence number.
  std::snprintf(first17, sizeof first17, "510682%04d0101%03d",
                1960 + (n / 1000) % 50, n % 1000);
  const std::string id =
      std::string(first17) + beian::ComputeCheckCharacter(first17);
  std::string head =
      "From: citizen" + std::to_string(n) + "@qq.com\r\nTo: " + kBeianUser +
      "\r\nSubject: =?UTF-8?B?5byg5LiJ?=+" + id +
      "+=?UTF-8?B?6Leo55yB5byC5Zyw5bCx5Yy75aSH5qGI?=\r\n"
      "Message-ID: <bench" +
      std::to_string(n) +
      ".citizen@qq.com>\r\n"
      "Date: Mon, 23 Nov 2026 09:00:00 +0800\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"=_bench_B\"\r\n\r\n"
      "--=_bench_B\r\nContent-Type: text/plain; charset=UTF-8\r\n"
      "Content-Transfer-Encoding: 8bit\r\n\r\n"
      "您好，附件是我的身份证和异地就医备案表，请审核。谢谢！\r\n"
      "--=_bench_B\r\nContent-Type: image/jpeg; name=\"card.jpg\"\r\n"
      "Content-Disposition: attachment; filename=\"card.jpg\"\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n";
  const std::string tail = "--=_bench_B--\r\n";
  const size_t room = total_bytes > head.size() + tail.size() + 100
                          ? total_bytes - head.size() - tail.size()
                          : 100;
  const size_t binary = room / 78 * 57;  // 76 base64 chars + CRLF per 57 bytes
  std::mt19937_64 rng(0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(n));
  std::string bytes(binary, '\0');
  bytes[0] = '\xff';
  bytes[1] = '\xd8';
  for (size_t i = 2; i < bytes.size(); i += 8) {
    const uint64_t r = rng();
    std::memcpy(&bytes[i], &r, std::min<size_t>(8, bytes.size() - i));
  }
  return head + Base64Lines(bytes) + tail;
}

// ---------------------------------------------------------------- probes

long StatusKb(const char* field) {  // VmRSS / VmHWM of this process, in kB
  std::ifstream in("/proc/self/status");
  std::string line;
  const size_t len = std::strlen(field);
  while (std::getline(in, line)) {
    if (line.compare(0, len, field) == 0 && line.size() > len &&
        line[len] == ':') {
      return std::strtol(line.c_str() + len + 1, nullptr, 10);
    }
  }
  return -1;
}

std::string LoadAvg() {  // other work on the machine skews every figure
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

long MaxRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

double CpuSeconds(int who) {
  rusage u{};
  getrusage(who, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec +
         u.ru_stime.tv_usec / 1e6;
}

// Machine-wide CPU from /proc/stat (all processes, Dovecot included), seconds.
// Each timed run starts with nothing dirty on disk: beian's group commit
// syncs whole filesystems (syncfs), which would otherwise also write out the
// mails just injected for every user, and the next tool would find less to
// write back.
void FlushDirtyPages() { ::sync(); }

struct MachineCpu {
  // busy excludes steal: time the hypervisor gave to other guests, shown
  // apart because it says how much the host slowed this run down.
  double busy = 0, iowait = 0, steal = 0;
  static MachineCpu Read() {
    std::ifstream in("/proc/stat");
    std::string cpu;
    unsigned long long user = 0, nice = 0, sys = 0, idle = 0, iow = 0, irq = 0,
                       soft = 0, steal = 0;
    in >> cpu >> user >> nice >> sys >> idle >> iow >> irq >> soft >> steal;
    const double hz = static_cast<double>(sysconf(_SC_CLK_TCK));
    return {(user + nice + sys + irq + soft) / hz, iow / hz, steal / hz};
  }
  MachineCpu operator-(const MachineCpu& o) const {
    return {busy - o.busy, iowait - o.iowait, steal - o.steal};
  }
};

class NullLogger final : public beian::Logger {
 public:
  void Write(beian::LogLevel level, std::string_view event,
             std::string_view detail) override {
    if (level == beian::LogLevel::kInfo) return;
    ++problems;
    last = std::string(event) + ": " + std::string(detail);
  }
  int problems = 0;
  std::string last;
};

// Wraps the real client: times each IMAP operation and samples VmRSS.
struct ImapCounters {
  int fetches = 0;
  int moves = 0;
  uint64_t bytes = 0;
  Clock::duration setup{}, fetch{}, move{};
  std::vector<std::pair<int, long>> rss_kb;   // (fetches so far, VmRSS)
  std::vector<std::pair<int, long>> anon_kb;  // (fetches so far, RssAnon: heap)
  int sample_every = 100;
  // Fetch / move time per block of `sample_every` mails, in order.
  std::vector<double> fetch_block, move_block;
  // At each RSS sample: wall clock and this process's CPU seconds.
  std::vector<std::pair<Clock::time_point, double>> at_sample;
};

class CountingClient final : public beian::ImapClient {
 public:
  CountingClient(std::unique_ptr<beian::ImapClient> real, ImapCounters& c)
      : real_(std::move(real)), c_(c) {}
  beian::StatusOr<beian::MailboxStatus> Status(const std::string& f) override {
    const auto t = Clock::now();
    auto r = real_->Status(f);
    c_.setup += Clock::now() - t;
    return r;
  }
  beian::StatusOr<std::vector<uint32_t>> ListUids(const std::string& f,
                                                  uint32_t a,
                                                  uint32_t b) override {
    const auto t = Clock::now();
    auto r = real_->ListUids(f, a, b);
    c_.setup += Clock::now() - t;
    return r;
  }
  beian::StatusOr<std::string> Fetch(const std::string& f, uint32_t v,
                                     uint32_t uid) override {
    const auto t = Clock::now();
    auto r = real_->Fetch(f, v, uid);
    CountFetch(Clock::now() - t, r.ok() ? r->size() : 0);
    return r;
  }
  // Several mails per command: each mail's time is the wait since the one
  // before it (or since the command was sent).
  beian::Status FetchEach(const std::string& f, uint32_t v,
                          const std::vector<uint32_t>& uids,
                          const OnFetched& on_mail) override {
    auto t = Clock::now();
    return real_->FetchEach(f, v, uids, [&](uint32_t uid, std::string bytes) {
      CountFetch(Clock::now() - t, bytes.size());
      on_mail(uid, std::move(bytes));
      t = Clock::now();
    });
  }
  void CountFetch(Clock::duration d, size_t bytes) {
    c_.fetch += d;
    const size_t block = static_cast<size_t>(c_.fetches / c_.sample_every);
    if (c_.fetch_block.size() <= block) c_.fetch_block.resize(block + 1);
    c_.fetch_block[block] += Seconds(d);
    ++c_.fetches;
    c_.bytes += bytes;
    if (c_.fetches == 1 || c_.fetches % c_.sample_every == 0) {
      c_.rss_kb.emplace_back(c_.fetches, StatusKb("VmRSS"));
      c_.anon_kb.emplace_back(c_.fetches, StatusKb("RssAnon"));
      c_.at_sample.emplace_back(Clock::now(), CpuSeconds(RUSAGE_SELF));
    }
  }
  beian::Status Move(const std::string& f, const std::vector<uint32_t>& uid,
                     const std::string& to) override {
    const auto t = Clock::now();
    auto r = real_->Move(f, uid, to);
    const auto d = Clock::now() - t;
    c_.move += d;
    const size_t block = static_cast<size_t>(c_.moves / c_.sample_every);
    if (c_.move_block.size() <= block) c_.move_block.resize(block + 1);
    c_.move_block[block] += Seconds(d);
    ++c_.moves;
    return r;
  }
  beian::Status Flag(const std::string& f,
                     const std::vector<uint32_t>& uid) override {
    return real_->Flag(f, uid);
  }
  beian::Status CreateFolder(const std::string& f) override {
    const auto t = Clock::now();
    auto r = real_->CreateFolder(f);
    c_.setup += Clock::now() - t;
    return r;
  }

 private:
  std::unique_ptr<beian::ImapClient> real_;
  ImapCounters& c_;
};

// ---------------------------------------------------------------- results

struct Row {
  std::string tool;
  int mails = 0;  // verified transferred
  double seconds = 0;
  uint64_t bytes = 0;  // mail bytes transferred
  double cpu = 0;      // the tool's own CPU seconds
  MachineCpu machine;  // whole machine during the run
  long peak_rss_kb = 0;
  int round = 0;
};

// Round r's copy of a user's mailbox: "x@y" for round 0, "x-r2@y" for 2.
std::string RoundUser(const std::string& user, int round) {
  if (round == 0) return user;
  const size_t at = user.find('@');
  return user.substr(0, at) + "-r" + std::to_string(round) + user.substr(at);
}
std::string RoundName(const std::string& name, int round) {
  return round == 0 ? name : name + "-r" + std::to_string(round);
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

// With several rounds: each tool's mails/s per round and the median, and
// beian's speed over each mbsync variant's within the same round.
void PrintRounds(const std::vector<Row>& rows, int rounds) {
  if (rounds < 2) return;
  std::vector<std::string> tools;
  for (const Row& r : rows) {
    if (r.tool.starts_with("curl")) continue;  // diagnostics, run once
    if (std::find(tools.begin(), tools.end(), r.tool) == tools.end())
      tools.push_back(r.tool);
  }
  const auto rate = [&](const std::string& tool, int round) {
    for (const Row& r : rows) {
      if (r.tool == tool && r.round == round) return r.mails / r.seconds;
    }
    return 0.0;
  };
  std::printf("\nmails/s by round (%d rounds, order alternating):\n", rounds);
  for (const std::string& t : tools) {
    std::vector<double> v;
    std::printf("  %-24s", t.c_str());
    for (int i = 0; i < rounds; ++i) {
      v.push_back(rate(t, i));
      std::printf(" %7.1f", v.back());
    }
    std::printf("   median %7.1f\n", Median(v));
  }
  const std::string beian = tools.empty() ? "" : tools.front();
  for (const std::string& t : tools) {
    if (!t.starts_with("mbsync")) continue;
    std::vector<double> v;
    std::printf("  beian / %-16s", t.c_str());
    for (int i = 0; i < rounds; ++i) {
      v.push_back(rate(t, i) > 0 ? rate(beian, i) / rate(t, i) : 0);
      std::printf(" %7.2f", v.back());
    }
    std::printf("   median %7.2f\n", Median(v));
  }
}

void PrintTable(const std::vector<Row>& rows) {
  std::printf("\n%-26s %6s %8s %8s %7s %8s %9s %9s %8s %9s\n", "tool", "mails",
              "seconds", "mails/s", "MB/s", "toolCPU", "machCPU", "iowait",
              "steal", "peakRSS");
  for (const Row& r : rows) {
    std::printf(
        "%-26s %6d %8.2f %8.1f %7.1f %7.2fs %8.2fs %8.2fs %7.2fs %7.1fMB\n",
        r.tool.c_str(), r.mails, r.seconds, r.mails / r.seconds,
        r.bytes / 1e6 / r.seconds, r.cpu, r.machine.busy, r.machine.iowait,
        r.machine.steal, r.peak_rss_kb / 1024.0);
  }
  std::printf(
      "(MB = 10^6 bytes of mail; toolCPU = user+sys of beian's process during\n"
      " the poll / of the mbsync child; machCPU, iowait = all processes incl.\n"
      " Dovecot, from /proc/stat; steal = CPU time the host gave to other\n"
      " guests during the run; peakRSS = ru_maxrss)\n");
}

// ---------------------------------------------------------------- mbsync

struct CountResult {
  int files = 0;
  uint64_t bytes = 0;
};

CountResult CountMaildir(const fs::path& inbox) {
  CountResult c;
  for (const char* sub : {"new", "cur"}) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(inbox / sub, ec)) {
      if (!e.is_regular_file()) continue;
      ++c.files;
      c.bytes += e.file_size();
    }
  }
  return c;
}

// Runs `mbsync -c <rc> -a`; returns false when it could not or failed.
bool RunMbsync(const MailServers& servers, const fs::path& work,
               const std::string& name, const std::string& user, int port,
               const std::string& ssl_type, int n, uint64_t wire_bytes,
               Row& row) {
  const fs::path root = work / name;
  const fs::path local = root / "maildir";
  fs::create_directories(local);
  const fs::path rc = root / "mbsyncrc";
  {
    std::ofstream out(rc);
    // mbsync 1.4 checks the certificate against DNS names only (the test
    // certificate has IP:127.0.0.1 and DNS:localhost).
    out << "IMAPAccount bench\nHost localhost\nPort " << port << "\nUser "
        << user << "\nPass " << kPassword << "\nSSLType " << ssl_type << "\n";
    if (ssl_type != "None")
      out << "CertificateFile " << servers.ca_file() << "\n";
    out << "\nIMAPStore remote\nAccount bench\n\n"
        << "MaildirStore local\nPath " << local.string() << "/\nInbox "
        << (local / "INBOX").string() << "\nSubFolders Verbatim\n\n"
        << "Channel bench\nFar :remote:\nNear :local:\nPatterns INBOX\n"
        << "Create Near\nSync Pull\nSyncState *\n";
  }
  const fs::path log = root / "mbsync.log";
  FlushDirtyPages();
  const MachineCpu m0 = MachineCpu::Read();
  const auto t0 = Clock::now();
  const pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    execlp("mbsync", "mbsync", "-c", rc.c_str(), "-a",
           static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
  }
  row.seconds = Seconds(Clock::now() - t0);
  row.machine = MachineCpu::Read() - m0;
  row.tool = "mbsync (" + name + ")";
  row.cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
            ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
  row.peak_rss_kb = ru.ru_maxrss;
  const CountResult c = CountMaildir(local / "INBOX");
  row.mails = c.files;
  row.bytes =
      c.files == n ? wire_bytes : c.bytes;  // Maildir files have LF line ends
  const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  std::printf(
      "mbsync %-14s exit %d, %d of %d mails in %s (%.1f MB, LF line ends)\n",
      name.c_str(), WIFEXITED(status) ? WEXITSTATUS(status) : -1, c.files, n,
      (local / "INBOX").c_str(), c.bytes / 1e6);
  if (!ok) {
    std::ifstream in(log);
    std::stringstream ss;
    ss << in.rdbuf();
    std::printf("mbsync log:\n%s\n", ss.str().c_str());
  }
  return ok && c.files == n;
}

// ---------------------------------------------------------------- phases

// Per-mail cost of the pipeline's local steps, measured alone on copies of the
// same mails in a scratch store: tells where the non-IMAP time goes.
void MeasurePhases(const fs::path& scratch, int count, size_t mail_bytes) {
  fs::create_directories(scratch);
  auto store = beian::SqliteStore::Open((scratch / "phases.db").string());
  if (!store.ok()) {
    std::printf("phases: cannot open store: %s\n",
                store.status().ToString().c_str());
    return;
  }
  beian::FileBlobStore blobs((scratch / "data").string());
  Clock::duration sha{}, put_raw{}, db_add{}, get{}, parse{}, sha_att{},
      put_att{};
  beian::SystemClock clock;
  for (int i = 0; i < count; ++i) {
    const std::string raw = CitizenMail(1000000 + i, mail_bytes);
    auto t = Clock::now();
    const std::string hash = beian::Sha256Hex(raw);
    sha += Clock::now() - t;
    t = Clock::now();
    auto path = blobs.Put("raw", hash, ".eml", raw);
    put_raw += Clock::now() - t;
    if (!path.ok()) return;
    t = Clock::now();
    beian::NewRawMail row{{"510682", "bench", "1:" + std::to_string(i)},
                          hash,
                          static_cast<int64_t>(raw.size()),
                          *path,
                          clock.Now()};
    (void)(*store)->AddRawMail(row);
    db_add += Clock::now() - t;
    t = Clock::now();
    auto back = blobs.Get(*path);
    get += Clock::now() - t;
    t = Clock::now();
    auto mail = beian::ParseMime(*back);
    parse += Clock::now() - t;
    if (!mail.ok() || mail->attachments.empty()) {
      std::printf("phases: parse failed\n");
      return;
    }
    t = Clock::now();
    const std::string att_hash = beian::Sha256Hex(mail->attachments[0].data);
    sha_att += Clock::now() - t;
    t = Clock::now();
    (void)blobs.Put("attachments", att_hash, "", mail->attachments[0].data);
    put_att += Clock::now() - t;
  }
  auto ms = [&](Clock::duration d) { return Seconds(d) * 1000 / count; };
  std::printf(
      "\nLocal steps alone, ms per mail (avg of %d, same mail size, scratch "
      "store):\n",
      count);
  std::printf(
      "  sha256 raw %.2f | blob put raw (write+fsync) %.2f | sqlite AddRawMail "
      "(1 txn, synchronous=FULL) %.2f\n",
      ms(sha), ms(put_raw), ms(db_add));
  std::printf("  blob get raw %.2f | ParseMime %.2f\n", ms(get), ms(parse));
  std::printf(
      "  sum %.2f ms (the poll also runs ~6 lookups, analysis and an\n"
      "  ApplyCaseUpdate transaction per mail, not measured here)\n",
      ms(sha + put_raw + db_add + get + parse));
  std::printf(
      "  not in the poll: the first `cases show` of a case also hashes and\n"
      "  writes each attachment: sha256 %.2f | blob put (write+fsync) %.2f\n",
      ms(sha_att), ms(put_att));
}

// With BEIAN_BENCH_PERF_CTL naming perf record's control FIFO
// (`perf record -D -1 --control fifo:PATH ...`), only beian's poll is
// profiled: the mail generation and Dovecot's injection are left out.
void PerfControl(const char* command) {
  const char* path = std::getenv("BEIAN_BENCH_PERF_CTL");
  if (path == nullptr || *path == '\0') return;
  if (std::FILE* f = std::fopen(path, "w")) {
    std::fprintf(f, "%s\n", command);
    std::fclose(f);
  }
}

int Main(int argc, char** argv) {
  int n = 1000;
  size_t kb = 200;
  bool plain = true, starttls = true, beian_only = false;
  int connections = 1;  // the region's imap_connections
  int rounds = 1;       // each tool this many times, orders alternating
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--kb" && i + 1 < argc) {
      kb = std::strtoul(argv[++i], nullptr, 10);
    } else if (a == "--no-plain") {
      plain = false;
    } else if (a == "--beian-only") {
      beian_only = true;
      plain = starttls = false;
    } else if (a == "--connections" && i + 1 < argc) {
      connections = std::atoi(argv[++i]);
    } else if (a == "--no-starttls") {
      starttls = false;
    } else if (a == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else if (!a.empty() && a[0] != '-') {
      n = std::atoi(a.c_str());
    } else {
      std::fprintf(stderr,
                   "usage: %s [N] [--kb 200] [--connections 1] [--no-plain] "
                   "[--no-starttls] [--beian-only] [--rounds 1]\n",
                   argv[0]);
      return 2;
    }
  }
  if (n <= 0) return 2;
  const size_t mail_bytes = kb * 1024;

  const std::string u_imaps = "mbsync-imaps@example.cn";
  const std::string u_starttls = "mbsync-starttls@example.cn";
  const std::string u_plain = "mbsync-plain@example.cn";
  const std::string u_diag = "diag@example.cn";
  MailServers::Options o;
  for (int r = 0; r < rounds; ++r) {
    o.users[RoundUser(kBeianUser, r)] = kPassword;
    if (!beian_only) o.users[RoundUser(u_imaps, r)] = kPassword;
    if (starttls) o.users[RoundUser(u_starttls, r)] = kPassword;
    if (plain) o.users[RoundUser(u_plain, r)] = kPassword;
  }
  if (!beian_only) o.users[u_diag] = kPassword;
  o.smtp = false;
  auto servers = MailServers::Start(o);
  if (!servers.ok()) {
    std::fprintf(stderr, "cannot start Dovecot: %s\n",
                 servers.status().ToString().c_str());
    return 1;
  }
  MailServers& s = **servers;
  const fs::path work = fs::path(s.dir()) / "bench";
  fs::create_directories(work);

  // Inject: identical bytes into every user's INBOX (not timed).
  const auto ti = Clock::now();
  uint64_t injected_bytes = 0;
  for (int i = 0; i < n; ++i) {
    const std::string mail = CitizenMail(i, mail_bytes);
    injected_bytes += mail.size();
    for (const auto& [user, pw] : o.users) {
      auto r = s.InjectMail(user, "INBOX", mail);
      if (!r.ok()) {
        std::fprintf(stderr, "inject: %s\n", r.status().ToString().c_str());
        return 1;
      }
    }
  }
  std::printf(
      "Dovecot at %s (IMAPS %d, IMAP %d); injected %d mails x %zu users, "
      "%.1f MB per user, avg %.0f bytes/mail, in %.1fs\n",
      s.dir().c_str(), s.imaps_port(), s.imap_port(), n, o.users.size(),
      injected_bytes / 1e6, static_cast<double>(injected_bytes) / n,
      Seconds(Clock::now() - ti));
  std::printf("load average before the runs: %s\n", LoadAvg().c_str());
  std::fflush(stdout);

  std::vector<Row> rows;
  bool all_ok = true;

  // (a) beian: Poller.PollOnce over IMAPS into a fresh store.
  const auto run_beian = [&](const std::string& user,
                             const fs::path& dir) -> bool {
    fs::create_directories(dir);
    ::setenv("BEIAN_BENCH_IMAP_PW", kPassword, 1);
    beian::ServiceConfig config;
    config.store_path = (dir / "beian.db").string();
    config.data_dir = (dir / "data").string();
    beian::RegionConfig r;
    r.code = "510682";
    r.imap_url =
        "imaps://127.0.0.1:" + std::to_string(s.imaps_port()) + "/INBOX";
    r.imap_user = user;
    r.imap_password = {"BEIAN_BENCH_IMAP_PW", "", "regions.imap_password"};
    r.ca_file = s.ca_file();
    r.after_fetch = "move";
    r.imap_connections = connections;
    config.regions = {r};
    auto store = beian::SqliteStore::Open(config.store_path);
    if (!store.ok()) {
      std::fprintf(stderr, "store: %s\n", store.status().ToString().c_str());
      return false;
    }
    beian::FileBlobStore blobs(config.data_dir);
    beian::SystemClock clock;
    NullLogger log;
    ImapCounters counters;
    counters.sample_every = n >= 1000 ? 100 : std::max(1, n / 10);
    beian::Poller poller(
        config, **store, blobs, clock, nullptr, log,
        [&](const beian::ImapAccount& a) -> std::unique_ptr<beian::ImapClient> {
          return std::make_unique<CountingClient>(beian::NewCurlImapClient(a),
                                                  counters);
        });
    const long rss0 = StatusKb("VmRSS");
    const long maxrss0 = MaxRssKb();
    const double cpu0 = CpuSeconds(RUSAGE_SELF);
    FlushDirtyPages();
    const MachineCpu m0 = MachineCpu::Read();
    const auto t0 = Clock::now();
    PerfControl("enable");
    auto report = poller.PollOnce(false);
    PerfControl("disable");
    const auto elapsed = Clock::now() - t0;
    Row row;
    row.tool = connections == 1 ? "beian Poller (IMAPS)"
                                : "beian Poller (IMAPS, " +
                                      std::to_string(connections) + " conn.)";
    row.seconds = Seconds(elapsed);
    row.machine = MachineCpu::Read() - m0;
    row.cpu = CpuSeconds(RUSAGE_SELF) - cpu0;
    row.peak_rss_kb = MaxRssKb();
    const long rss1 = StatusKb("VmRSS");
    if (!report.ok()) {
      std::printf("beian: PollOnce failed: %s\n",
                  report.status().ToString().c_str());
      return false;
    }
    const beian::IntakeStats& st = report->accounts.at(0).stats;
    const size_t cases = (*store)->ListCases({})->size();
    const int stored_mails = (*store)->Summarize()->mails;
    // Counted in the Maildir (ListMailbox would read all the bytes in).
    const size_t in_processed =
        CountMaildir(fs::path(s.maildir(user)) / ".Processed").files;
    const size_t in_inbox = CountMaildir(s.maildir(user)).files;
    row.mails = static_cast<int>(cases);
    row.bytes = counters.bytes;
    std::printf(
        "\nbeian: errors %d%s%s; read %d stored %d processed %d cases_opened "
        "%d "
        "duplicates %d quarantined %d source_errors %d\n",
        report->errors(), report->errors() ? " — " : "",
        report->errors() ? report->accounts[0].error.c_str() : "", st.read,
        st.stored, st.processed, st.cases_opened, st.duplicates, st.quarantined,
        st.source_errors);
    std::printf(
        "beian: store holds %d mails, %zu cases; server: %zu in Processed, %zu "
        "left in INBOX; %d fetches, %d moves, %.1f MB fetched; warnings/errors "
        "logged %d%s%s\n",
        stored_mails, cases, in_processed, in_inbox, counters.fetches,
        counters.moves, counters.bytes / 1e6, log.problems,
        log.problems ? ", last: " : "", log.last.c_str());
    // Fetches run on ImapMailSource's prefetch thread, overlapping the
    // store work, so the wall time is setup + moves + the main thread's own
    // work (and its waits for fetches), not the sum of all four.
    const double main_thread =
        row.seconds - Seconds(counters.setup + counters.move);
    std::printf(
        "beian time split: IMAP setup %.2fs, IMAP fetch %.2fs on the prefetch "
        "thread (%.2f ms/mail, overlapped), IMAP move %.2fs (%.2f ms/move), "
        "rest of the wall = store+parse+commit and waits for fetches %.2fs "
        "(%.2f ms/mail)\n",
        Seconds(counters.setup), Seconds(counters.fetch),
        Seconds(counters.fetch) * 1000 / std::max(1, counters.fetches),
        Seconds(counters.move),
        Seconds(counters.move) * 1000 / std::max(1, counters.moves),
        main_thread, main_thread * 1000 / std::max(1, n));
    std::printf(
        "beian ms/mail by block of %d (mails still in INBOX falls from %d to "
        "0):\n"
        "  fetch:",
        counters.sample_every, n);
    for (double v : counters.fetch_block)
      std::printf(" %.1f", v * 1000 / counters.sample_every);
    std::printf("\n  move: ");
    for (double v : counters.move_block)
      std::printf(" %.1f", v * 1000 / counters.sample_every);
    std::printf("\n  wall: ");
    for (size_t i = 1; i < counters.at_sample.size(); ++i) {
      const int k = counters.rss_kb[i].first - counters.rss_kb[i - 1].first;
      std::printf(" %.1f", Seconds(counters.at_sample[i].first -
                                   counters.at_sample[i - 1].first) *
                               1000 / k);
    }
    std::printf("\n  beian CPU:");
    for (size_t i = 1; i < counters.at_sample.size(); ++i) {
      const int k = counters.rss_kb[i].first - counters.rss_kb[i - 1].first;
      std::printf(" %.1f", (counters.at_sample[i].second -
                            counters.at_sample[i - 1].second) *
                               1000 / k);
    }
    std::printf("\n");
    std::error_code db_ec;
    std::printf("beian store after the run: %s %.1f MB, -wal %.1f MB\n",
                config.store_path.c_str(),
                fs::file_size(config.store_path, db_ec) / 1e6,
                fs::file_size(config.store_path + "-wal", db_ec) / 1e6);
    std::printf(
        "beian memory: VmRSS before %ld kB, after %ld kB; ru_maxrss before %ld "
        "kB, after %ld kB\nbeian VmRSS by fetches:",
        rss0, rss1, maxrss0, row.peak_rss_kb);
    for (const auto& [k, v] : counters.rss_kb) std::printf(" %d:%ld", k, v);
    std::printf(" (kB)\nbeian RssAnon by fetches:");
    for (const auto& [k, v] : counters.anon_kb) std::printf(" %d:%ld", k, v);
    std::printf(
        " (kB; VmRSS minus this is file-backed: binary, libs, SQLite -shm)\n");
    std::fflush(stdout);
    const bool ok = report->errors() == 0 && static_cast<int>(cases) == n &&
                    stored_mails == n && static_cast<int>(in_processed) == n &&
                    in_inbox == 0;
    if (!ok)
      std::printf("beian: NOT all %d mails transferred and committed\n", n);
    all_ok = all_ok && ok;
    rows.push_back(row);
    return ok;
  };

  // (b) mbsync pulling the same mails into a local Maildir.
  struct Variant {
    std::string name, user;
    int port;
    std::string ssl;
  };
  std::vector<Variant> variants;
  if (!beian_only)
    variants.push_back({"imaps", u_imaps, s.imaps_port(), "IMAPS"});
  if (starttls)
    variants.push_back({"starttls", u_starttls, s.imap_port(), "STARTTLS"});
  if (plain) variants.push_back({"plain", u_plain, s.imap_port(), "None"});

  // Each round reads its own copies of the mails. Rounds alternate the order
  // (beian first, then last), so a machine that speeds up or slows down
  // during the run favours no tool.
  for (int round = 0; round < rounds; ++round) {
    std::vector<std::function<void()>> runs;
    runs.push_back([&, round] {
      run_beian(RoundUser(kBeianUser, round), work / RoundName("beian", round));
      rows.back().round = round;
    });
    for (const Variant& v : variants) {
      runs.push_back([&, round, v] {
        Row row;
        const bool ok = RunMbsync(s, work, RoundName(v.name, round),
                                  RoundUser(v.user, round), v.port, v.ssl, n,
                                  injected_bytes, row);
        if (!ok)
          std::printf("mbsync %s: NOT all %d mails transferred\n",
                      v.name.c_str(), n);
        all_ok = all_ok && ok;
        row.tool = "mbsync (" + v.name + ")";
        row.round = round;
        rows.push_back(row);
        std::fflush(stdout);
      });
    }
    if (round % 2 == 1) std::reverse(runs.begin(), runs.end());
    for (const auto& run : runs) run();
  }
  if (beian_only) {
    PrintTable(rows);
    PrintRounds(rows, rounds);
    return all_ok ? 0 : 1;
  }

  // (c) Diagnostic: beian's libcurl client alone fetching the same mails
  // again (now in beian's Processed folder) — no store, no MOVE.
  {
    beian::ImapAccount a;
    a.region = "510682";
    a.url =
        "imaps://127.0.0.1:" + std::to_string(s.imaps_port()) + "/Processed";
    a.user = kBeianUser;
    a.password = kPassword;
    a.ca_file = s.ca_file();
    FlushDirtyPages();
    const MachineCpu m0 = MachineCpu::Read();
    const double cpu0 = CpuSeconds(RUSAGE_SELF);
    const auto t0 = Clock::now();
    auto client = beian::NewCurlImapClient(a);
    auto st = client->Status("Processed");
    auto uids = client->ListUids("Processed", 1, UINT32_MAX);
    Row row;
    row.tool = "curl fetch-only (IMAPS)";
    if (st.ok() && uids.ok()) {
      for (uint32_t uid : *uids) {
        auto m = client->Fetch("Processed", st->uidvalidity, uid);
        if (!m.ok()) break;
        ++row.mails;
        row.bytes += m->size();
      }
    }
    row.seconds = Seconds(Clock::now() - t0);
    row.machine = MachineCpu::Read() - m0;
    row.cpu = CpuSeconds(RUSAGE_SELF) - cpu0;
    row.peak_rss_kb = MaxRssKb();
    std::printf(
        "curl fetch-only: %d of %d mails fetched again from Processed "
        "(diagnostic, not a result)\n",
        row.mails, n);
    rows.push_back(row);
  }

  // (d) Diagnostic: the libcurl client fetching and moving each mail of a
  // fresh INBOX, like the poll but with no store: the IMAP share of the poll.
  {
    beian::ImapAccount a;
    a.region = "510682";
    a.url = "imaps://127.0.0.1:" + std::to_string(s.imaps_port()) + "/INBOX";
    a.user = u_diag;
    a.password = kPassword;
    a.ca_file = s.ca_file();
    FlushDirtyPages();
    const MachineCpu m0 = MachineCpu::Read();
    const double cpu0 = CpuSeconds(RUSAGE_SELF);
    const auto t0 = Clock::now();
    auto client = beian::NewCurlImapClient(a);
    auto st = client->Status("INBOX");
    auto uids = client->ListUids("INBOX", 1, UINT32_MAX);
    (void)client->CreateFolder("Processed");
    Row row;
    row.tool = "curl fetch+move (IMAPS)";
    Clock::duration fetch{}, move{};
    if (st.ok() && uids.ok()) {
      for (uint32_t uid : *uids) {
        auto t = Clock::now();
        auto m = client->Fetch("INBOX", st->uidvalidity, uid);
        fetch += Clock::now() - t;
        if (!m.ok()) break;
        t = Clock::now();
        if (!client->Move("INBOX", {uid}, "Processed").ok()) break;
        move += Clock::now() - t;
        ++row.mails;
        row.bytes += m->size();
      }
    }
    row.seconds = Seconds(Clock::now() - t0);
    row.machine = MachineCpu::Read() - m0;
    row.cpu = CpuSeconds(RUSAGE_SELF) - cpu0;
    row.peak_rss_kb = MaxRssKb();
    std::printf(
        "curl fetch+move: %d of %d mails; fetch %.2f ms/mail, move %.2f "
        "ms/mail "
        "(diagnostic, not a result)\n",
        row.mails, n, Seconds(fetch) * 1000 / std::max(1, row.mails),
        Seconds(move) * 1000 / std::max(1, row.mails));
    rows.push_back(row);
  }

  PrintTable(rows);
  PrintRounds(rows, rounds);
  std::printf("load average at the end: %s (%ld CPUs)\n", LoadAvg().c_str(),
              sysconf(_SC_NPROCESSORS_ONLN));
  MeasurePhases(work / "phases", std::min(n, 200), mail_bytes);
  return all_ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  beian::TuneAllocatorForMail();  // as the beian executable does
  return Main(argc, argv);
}
