// The process registry: every `beian serve` sharing the store says who it
// is (host, pid, roles) when it starts, beats while it runs and leaves when
// it stops cleanly. A process killed without leaving stays listed with an
// old heartbeat, which is how `beian status` tells it probably died.
//
//   ProcessRecord me{"host-a", 4711, "poll,read,send", now, now};
//   Status s = store.RegisterProcess(me);
//   ... each cycle:
//   if (store.HeartbeatProcess("host-a", 4711, clock.Now()).code() ==
//       StatusCode::kNotFound) { /* removed meanwhile: register again */ }
//   ... on a clean exit:
//   (void)store.UnregisterProcess("host-a", 4711);
//
// A process whose heartbeat is older than kDeadProcessRowsKept when another
// registers is forgotten then: its row goes.
//
// Times are the caller's clock (the injected Clock), as everywhere in the
// store: machines sharing the store need clocks in step (NTP).
#ifndef BEIAN_STORE_PROCESS_STORE_H_
#define BEIAN_STORE_PROCESS_STORE_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "beian/base/clock.h"
#include "beian/base/status.h"

namespace beian {

// How long a process that stopped beating stays listed (stale) in `beian
// status`: long enough for an operator back from a holiday to see it.
inline constexpr std::chrono::hours kDeadProcessRowsKept{24 * 7};

struct ProcessRecord {
  std::string host;
  int64_t pid = 0;
  std::string roles;  // what it does, e.g. "poll,read,send"
  TimePoint started_at;
  TimePoint heartbeat_at;
};

class ProcessStore {
 public:
  virtual ~ProcessStore() = default;
  // Adds `p`, keyed by host and pid. A row already there for the same host
  // and pid is replaced: its process is gone (the pid was reused). Rows
  // whose heartbeat is older than p.heartbeat_at - kDeadProcessRowsKept
  // are removed in the same transaction.
  virtual Status RegisterProcess(const ProcessRecord& p) = 0;
  // Sets the process's heartbeat to `now`. NotFound when it is not
  // registered (never was, or its row was removed).
  virtual Status HeartbeatProcess(std::string_view host, int64_t pid,
                                  TimePoint now) = 0;
  // Removes the process; nothing happens when it is not registered.
  virtual Status UnregisterProcess(std::string_view host, int64_t pid) = 0;
  // Every registered process by host, then pid; dead ones included.
  virtual StatusOr<std::vector<ProcessRecord>> ListProcesses() = 0;
};

}  // namespace beian

#endif  // BEIAN_STORE_PROCESS_STORE_H_
