// This process in the store's process registry (ProcessStore), for as long
// as it serves: registered when made, beating while it works, gone when
// destroyed. A process killed (kill -9, a crash, a power cut) cannot leave;
// its row keeps its last heartbeat and IsStale() tells `beian status` so.
//
//   StatusOr<std::unique_ptr<ProcessPresence>> me = ProcessPresence::Enter(
//       store, clock, ThisHost(), ::getpid(), "poll,read,send", cycle);
//   while (serving) { (void)(*me)->Beat(); ... (*me)->BeatIfDue(); ... }
//   me->reset();  // clean exit: unregistered
#ifndef BEIAN_SERVICE_PROCESS_PRESENCE_H_
#define BEIAN_SERVICE_PROCESS_PRESENCE_H_

#include <chrono>
#include <memory>
#include <string>

#include "beian/base/clock.h"
#include "beian/base/status.h"
#include "beian/store/process_store.h"

namespace beian {

// This machine's host name ("localhost" when it has none).
std::string ThisHost();

// Heartbeats a process may miss before it counts as stale.
inline constexpr int kMissedBeatsBeforeStale = 3;

// Longest time without a heartbeat that a live serve process can go: a
// cycle (`cycle`: the time it sleeps between rounds) plus one mail, which
// never takes longer than `longest_mail` (serve beats between mails).
// Stale: older than kMissedBeatsBeforeStale such gaps.
bool IsStale(const ProcessRecord& p, TimePoint now, std::chrono::seconds cycle,
             std::chrono::seconds longest_mail);

class ProcessPresence {
 public:
  // Registers host:pid with `roles`, started and beating at the clock's
  // now. `beat_every`: BeatIfDue() writes at most this often. The store and
  // clock must outlive the presence.
  static StatusOr<std::unique_ptr<ProcessPresence>> Enter(
      ProcessStore& store, const Clock& clock, std::string host, int64_t pid,
      std::string roles, std::chrono::seconds beat_every);
  // Unregisters; a failure leaves the row, which then goes stale.
  ~ProcessPresence();
  ProcessPresence(const ProcessPresence&) = delete;
  ProcessPresence& operator=(const ProcessPresence&) = delete;

  // Records a heartbeat now. Registers again when the row was removed
  // meanwhile (someone deleted it).
  Status Beat();
  // Beat() when `beat_every` passed since the last one; Ok otherwise.
  Status BeatIfDue();

 private:
  ProcessPresence(ProcessStore& store, const Clock& clock, ProcessRecord me,
                  std::chrono::seconds beat_every)
      : store_(store),
        clock_(clock),
        me_(std::move(me)),
        beat_every_(beat_every) {}

  ProcessStore& store_;
  const Clock& clock_;
  ProcessRecord me_;  // heartbeat_at: the last beat written
  std::chrono::seconds beat_every_;
};

}  // namespace beian

#endif  // BEIAN_SERVICE_PROCESS_PRESENCE_H_
