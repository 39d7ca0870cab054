#include "worker_protocol.h"

#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

#include "beian/service/ocr_draft.h"
#include "beian/workers/document_worker.h"

namespace beian::workers {
namespace {

using nlohmann::json;

bool WriteAll(int fd, const char* p, size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= size_t(w);
  }
  return true;
}

bool ReadAll(int fd, char* p, size_t n) {
  while (n > 0) {
    const ssize_t r = ::read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= size_t(r);
  }
  return true;
}

json ProblemsJson(const Problems& problems) {
  json out = json::array();
  for (const Problem& p : problems) {
    out.push_back({{"code", p.code},
                   {"severity", SeverityName(p.severity)},
                   {"detail", p.detail}});
  }
  return out;
}

Severity SeverityFromName(const std::string& s) {
  if (s == "info") return Severity::kInfo;
  if (s == "warning") return Severity::kWarning;
  return Severity::kBlocking;
}

Problems ProblemsFrom(const json& j) {
  Problems out;
  if (!j.is_array()) return out;
  for (const json& p : j) {
    out.push_back({p.value("code", ""),
                   SeverityFromName(p.value("severity", "blocking")),
                   p.value("detail", "")});
  }
  return out;
}

// Codes travel by number: both ends are the same binary.
Status StatusFrom(const json& j) {
  const int code = j.value("code", int(StatusCode::kInternal));
  return Status(StatusCode(code), j.value("error", "worker gave no reason"));
}

json StatusJson(const Status& s) {
  return {{"ok", false}, {"code", int(s.code())}, {"error", s.message()}};
}

}  // namespace

bool WriteFrame(int fd, std::string_view payload) {
  const uint32_t n = uint32_t(payload.size());
  return WriteAll(fd, reinterpret_cast<const char*>(&n), sizeof n) &&
         WriteAll(fd, payload.data(), payload.size());
}

std::optional<std::string> ReadFrame(int fd) {
  uint32_t n = 0;
  if (!ReadAll(fd, reinterpret_cast<char*>(&n), sizeof n) || n > kMaxFrame)
    return std::nullopt;
  std::string out(n, '\0');
  if (!ReadAll(fd, out.data(), n)) return std::nullopt;
  return out;
}

Wait ReadFrameBefore(int fd, std::chrono::steady_clock::time_point deadline,
                     std::string& frame) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  for (;;) {
    const auto left = duration_cast<milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Wait::kTimedOut;
    pollfd p{fd, POLLIN, 0};
    const int r = ::poll(&p, 1, int(std::min<long>(left.count(), 1'000'000)));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return Wait::kClosed;
    if (r == 0) continue;  // the loop re-checks the deadline
    // The worker writes an answer whole, right after reading: once it
    // begins, the rest follows without waiting on anything else.
    std::optional<std::string> f = ReadFrame(fd);
    if (!f) return Wait::kClosed;
    frame = std::move(*f);
    return Wait::kFrame;
  }
}

std::string RequestHeaderJson(const RequestHeader& h) {
  return json{{"filename", h.filename},
              {"content_type", h.content_type},
              {"name", h.hints.name},
              {"id_number", h.hints.id_number},
              {"wall_ms", h.wall_ms}}
      .dump();
}

std::optional<RequestHeader> ParseRequestHeader(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  RequestHeader h;
  h.filename = j.value("filename", "");
  h.content_type = j.value("content_type", "");
  h.hints.name = j.value("name", "");
  h.hints.id_number = j.value("id_number", "");
  h.wall_ms = j.value("wall_ms", int64_t(0));
  return h;
}

long PeakRssKb() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

std::string AnswerJson(const StatusOr<DocumentReading>& reading, long rss_kb) {
  if (!reading.ok()) {
    json j = StatusJson(reading.status());
    j["rss_kb"] = rss_kb;
    return j.dump();
  }
  json pages = json::array();
  for (const PageReading& p : reading->pages)
    pages.push_back(PageReadingToJson(p));
  return json{{"ok", true},
              {"pages", pages},
              {"problems", ProblemsJson(reading->problems)},
              {"rss_kb", rss_kb}}
      .dump();
}

std::string LostJson(std::string_view why, long rss_kb) {
  return json{{"ok", false}, {"lost", why}, {"rss_kb", rss_kb}}.dump();
}

std::string SecondsText(std::chrono::milliseconds ms) {
  return std::to_string((ms.count() + 999) / 1000) + " s";
}

std::string DeadlineText(std::chrono::milliseconds deadline) {
  return "reading it took longer than its " + SecondsText(deadline) +
         " deadline, so it was stopped";
}

std::string DescribeEnd(int status, size_t memory_mb) {
  if (WIFEXITED(status) && WEXITSTATUS(status) == kWorkerOutOfMemory)
    return "it ran out of its " + std::to_string(memory_mb) +
           " MB memory limit";
  if (WIFEXITED(status))
    return "it exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    if (sig == SIGXCPU) return "it used up its CPU time limit";
    if (sig == SIGKILL)
      return "it was killed (SIGKILL: at its deadline, or by the system's "
             "out-of-memory killer)";
    return "it crashed (signal " + std::to_string(sig) + ", " +
           ::strsignal(sig) + ")";
  }
  return "it ended";
}

Answer ParseAnswer(std::string_view text) {
  Answer a;
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    a.reading = Internal("a document worker sent an unreadable answer");
    return a;
  }
  a.rss_kb = j.value("rss_kb", 0L);
  if (j.contains("lost")) {
    a.lost = j.value("lost", "it died");
    return a;
  }
  if (!j.value("ok", false)) {
    a.reading = StatusFrom(j);
    return a;
  }
  DocumentReading r;
  for (const json& p : j.value("pages", json::array())) {
    std::optional<PageReading> page =
        p.is_string() ? PageReadingFromJson(p.get<std::string>())
                      : std::nullopt;
    if (!page) {
      a.reading = Internal("a document worker sent a page beian cannot read");
      return a;
    }
    r.pages.push_back(std::move(*page));
  }
  r.problems = ProblemsFrom(j.value("problems", json::array()));
  a.reading = std::move(r);
  return a;
}

std::string ReadyJson(const Status& status) {
  if (!status.ok()) return StatusJson(status).dump();
  return json{{"ok", true}, {"ready", true}}.dump();
}

Status ParseReady(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Internal("a document worker sent an unreadable greeting");
  if (j.value("ok", false)) return Status::Ok();
  return StatusFrom(j);
}

}  // namespace beian::workers
