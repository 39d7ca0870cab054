// What a parent and its document workers say to each other over two pipes:
// length-prefixed frames (4 bytes, host order, then the payload). A request
// is two frames (a JSON header, then the document's bytes); an answer is one
// JSON frame. The worker's first frame says whether it is ready.
#ifndef BEIAN_SRC_WORKERS_WORKER_PROTOCOL_H_
#define BEIAN_SRC_WORKERS_WORKER_PROTOCOL_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "beian/ocr/document_queue.h"

namespace beian::workers {

inline constexpr size_t kMaxFrame = 512u << 20;

// False when the other end has gone (EPIPE) or the write failed.
bool WriteFrame(int fd, std::string_view payload);
// nullopt at end of file, on an error or a frame over kMaxFrame.
std::optional<std::string> ReadFrame(int fd);

enum class Wait { kFrame, kClosed, kTimedOut };
// Reads one frame, waiting until `deadline` at most.
Wait ReadFrameBefore(int fd, std::chrono::steady_clock::time_point deadline,
                     std::string& frame);

struct RequestHeader {
  std::string filename;
  std::string content_type;
  ReadHints hints;
  int64_t wall_ms = 0;  // wall time this document may take (0 = no limit)
};
std::string RequestHeaderJson(const RequestHeader& h);
std::optional<RequestHeader> ParseRequestHeader(std::string_view json);

// The worker's answer: the reading (or the reader's error), or why the
// process reading it died; and the peak resident memory of that process.
std::string AnswerJson(const StatusOr<DocumentReading>& reading, long rss_kb);
// Peak resident memory of this process in kB (getrusage's ru_maxrss).
long PeakRssKb();
std::string LostJson(std::string_view why, long rss_kb);
struct Answer {
  StatusOr<DocumentReading> reading = DocumentReading{};
  std::string lost;
  long rss_kb = 0;
};
// An unreadable answer is an Internal error in `reading`.
Answer ParseAnswer(std::string_view json);

// How a process ended, from its wait status, e.g. "it crashed (signal 6,
// Aborted)"; `memory_mb` names the limit an exit kWorkerOutOfMemory hit.
std::string DescribeEnd(int wait_status, size_t memory_mb);
// "60 s", rounded up.
std::string SecondsText(std::chrono::milliseconds ms);
std::string DeadlineText(std::chrono::milliseconds deadline);

// The first frame: ready, or why the worker cannot read anything.
std::string ReadyJson(const Status& status);
Status ParseReady(std::string_view json);

}  // namespace beian::workers

#endif  // BEIAN_SRC_WORKERS_WORKER_PROTOCOL_H_
