// Which mail beian is reading right now, kept in a small file beside the
// data, so that a mail which crashes beian (a signal in the MIME parser or
// the OCR libraries) is known for one when beian starts again, instead of
// crashing every poll and holding up the rest of the mailbox.
//
//   InstallCrashHandlers();                 // once per process
//   auto journal = CrashJournal::Open(data_dir + "/inflight");
//   {
//     CrashJournal::Mark mark = (*journal)->Begin(kProcessing, "510682",
//                                                 sha256, key);
//     ... parse, OCR ...
//   }                                        // done: the slot is idle again
//   for (const auto& c : (*journal)->Crashes()) Record(c);   // next start
//   (*journal)->Forget();
//
// A crash here is SIGSEGV, SIGBUS, SIGFPE, SIGILL or SIGABRT while a slot is
// marked; the handler writes one byte into the file and the signal goes on
// to the handler that was there before (the default: the process dies). A
// kill (SIGKILL, the OOM killer) or a stop (SIGTERM) is not a crash and is
// not counted: the mail is only fetched again.
#ifndef BEIAN_SERVICE_CRASH_JOURNAL_H_
#define BEIAN_SERVICE_CRASH_JOURNAL_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "beian/base/status.h"

namespace beian {

// Installs the handlers for the signals above (idempotent).
void InstallCrashHandlers();

class CrashJournal {
 public:
  // One per thread that reads mails: the pipeline's preparing thread and
  // its own.
  enum Slot { kPreparing = 0, kProcessing = 1 };
  struct Crash {
    std::string attempt;  // unique per Begin(): recording twice counts once
    std::string region;
    std::string sha256;
    std::string key;
  };

  // Marks `slot` of the calling thread busy with a mail until destroyed.
  class Mark {
   public:
    Mark() = default;
    Mark(Mark&& other) noexcept;
    Mark& operator=(Mark&& other) noexcept;
    Mark(const Mark&) = delete;
    Mark& operator=(const Mark&) = delete;
    ~Mark();

   private:
    friend class CrashJournal;
    Mark(int fd, long offset);
    void Release();
    int fd_ = -1;
    long offset_ = -1;
  };

  // Creates `dir` if needed and takes a journal file in it that no running
  // process holds (a lock on the file, released when the process ends).
  static StatusOr<std::unique_ptr<CrashJournal>> Open(const std::string& dir);
  ~CrashJournal();
  CrashJournal(const CrashJournal&) = delete;
  CrashJournal& operator=(const CrashJournal&) = delete;

  // Safe to call from several threads, each with its own slot.
  Mark Begin(Slot slot, std::string_view region, std::string_view sha256,
             std::string_view key);
  // Crashes written to this file and to the files of processes that have
  // ended. Forget() clears them; call it once they are recorded elsewhere.
  std::vector<Crash> Crashes();
  void Forget();

  const std::string& path() const { return path_; }

 private:
  CrashJournal(std::string dir, std::string path, int fd, uint64_t first)
      : dir_(std::move(dir)),
        path_(std::move(path)),
        fd_(fd),
        next_attempt_(first) {}
  std::string dir_;
  std::string path_;
  int fd_;
  std::atomic<uint64_t> next_attempt_;  // Begin() runs on several threads
  std::vector<int> harvested_;  // files of ended processes, locked by us
};

}  // namespace beian

#endif  // BEIAN_SERVICE_CRASH_JOURNAL_H_
