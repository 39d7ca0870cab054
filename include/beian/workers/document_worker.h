// The child side of a document worker (`beian ocr-worker`, started by a
// WorkerPool): requests on fd 3, answers on fd 4, one document at a time.
//
//   PrepareWorkerProcess(limits);            // before loading the engines
//   StatusOr<std::unique_ptr<DocumentReader>> r =
//   NewTesseractDocumentReader(o); return ServeDocuments(r, kRequestFd,
//   kAnswerFd, {.memory_mb = 2048});
//
// The worker loads its engines once and reads each document in a child it
// forks for it: every document starts from the same state (Tesseract keeps
// global state between pages, so a reading depended on the pages read
// before it), whatever killed a child leaves the loaded worker standing,
// and the memory a document used is returned when its child ends.
#ifndef BEIAN_WORKERS_DOCUMENT_WORKER_H_
#define BEIAN_WORKERS_DOCUMENT_WORKER_H_

#include <cstddef>
#include <memory>

#include "beian/base/status.h"
#include "beian/ocr/document_reader.h"

namespace beian {

inline constexpr int kRequestFd = 3;
inline constexpr int kAnswerFd = 4;
// Exit status of a document's child that ran out of its address space.
inline constexpr int kWorkerOutOfMemory = 3;

struct WorkerProcessLimits {
  size_t memory_mb = 2048;  // RLIMIT_AS; 0 = none
};

// Dies with the parent, leaves SIGINT/SIGTERM to the parent (which finishes
// the mails in flight and then closes the pipes), and limits its address
// space.
Status PrepareWorkerProcess(const WorkerProcessLimits& limits);

struct ServeOptions {
  // For tests only: a document whose name starts with "beian-test-abort",
  // "beian-test-loop" or "beian-test-alloc" makes its child abort, spin
  // forever or allocate until its limit.
  bool test_hooks = false;
  size_t memory_mb = 0;  // the limit set, for messages
};

// Says ready (or `reader`'s error) and then answers requests until the
// parent closes the request pipe. Returns the process's exit status.
int ServeDocuments(const StatusOr<std::unique_ptr<DocumentReader>>& reader,
                   int request_fd, int answer_fd, ServeOptions options);

}  // namespace beian

#endif  // BEIAN_WORKERS_DOCUMENT_WORKER_H_
