#include "beian/service/process_presence.h"

#include <unistd.h>

namespace beian {

std::string ThisHost() {
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return host[0] != '\0' ? host : "localhost";
}

bool IsStale(const ProcessRecord& p, TimePoint now, std::chrono::seconds cycle,
             std::chrono::seconds longest_mail) {
  return now - p.heartbeat_at >
         kMissedBeatsBeforeStale * (cycle + longest_mail);
}

StatusOr<std::unique_ptr<ProcessPresence>> ProcessPresence::Enter(
    ProcessStore& store, const Clock& clock, std::string host, int64_t pid,
    std::string roles, std::chrono::seconds beat_every) {
  const TimePoint now = clock.Now();
  ProcessRecord me{std::move(host), pid, std::move(roles), now, now};
  BEIAN_RETURN_IF_ERROR(store.RegisterProcess(me));
  return std::unique_ptr<ProcessPresence>(
      new ProcessPresence(store, clock, std::move(me), beat_every));
}

ProcessPresence::~ProcessPresence() {
  (void)store_.UnregisterProcess(me_.host, me_.pid);
}

Status ProcessPresence::Beat() {
  const TimePoint now = clock_.Now();
  Status s = store_.HeartbeatProcess(me_.host, me_.pid, now);
  if (s.code() == StatusCode::kNotFound) {
    ProcessRecord again = me_;
    again.heartbeat_at = now;
    s = store_.RegisterProcess(again);
  }
  if (s.ok()) me_.heartbeat_at = now;
  return s;
}

Status ProcessPresence::BeatIfDue() {
  if (clock_.Now() - me_.heartbeat_at < beat_every_) return Status::Ok();
  return Beat();
}

}  // namespace beian
