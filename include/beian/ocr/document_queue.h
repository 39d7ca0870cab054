// Documents handed over to be read elsewhere (worker processes, several at
// a time), each answered through a future.
//
//   std::shared_ptr<ReadBudget> budget =
//   ReadBudget::Of(std::chrono::minutes(3)); std::shared_future<ReadOutcome> r
//   =
//       queue.Submit({"身份证.jpg", "image/jpeg", bytes, hints, budget});
//   ... submit the mail's other attachments, then:
//   if (!r.get().lost.empty()) CountDeath(r.get().lost);
//
// A document whose reader died (deadline, memory or CPU limit, a crash, the
// OCR killer) comes back `lost`, with why; the pages it gave before are gone.
#ifndef BEIAN_OCR_DOCUMENT_QUEUE_H_
#define BEIAN_OCR_DOCUMENT_QUEUE_H_

#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>

#include "beian/ocr/document_reader.h"

namespace beian {

// The reading time one mail may still spend, shared by its attachments.
class ReadBudget {
 public:
  explicit ReadBudget(std::chrono::milliseconds left) : left_(left) {}
  static std::shared_ptr<ReadBudget> Of(std::chrono::milliseconds left) {
    return std::make_shared<ReadBudget>(left);
  }
  std::chrono::milliseconds Left() const {
    std::lock_guard<std::mutex> lock(mu_);
    return left_;
  }
  void Spend(std::chrono::milliseconds used) {
    std::lock_guard<std::mutex> lock(mu_);
    left_ -= used;
  }

 private:
  mutable std::mutex mu_;
  std::chrono::milliseconds left_;
};

struct ReadRequest {
  std::string filename;
  std::string content_type;
  std::string bytes;
  ReadHints hints;
  std::shared_ptr<ReadBudget> budget;  // null = no mail budget
};

struct ReadOutcome {
  StatusOr<DocumentReading> reading = DocumentReading{};
  // "" or why the reader died on this document, for the reviewer, e.g.
  // "the worker reading it ran past its 60 s deadline and was stopped".
  std::string lost;
};

// The problem an attachment gets when it was not read: its worker died on
// it (`why`) or the mail's time budget was spent before it.
Problem NotReadProblem(std::string_view filename, std::string_view why);

class DocumentQueue {
 public:
  virtual ~DocumentQueue() = default;
  // Safe to call from several threads.
  virtual std::shared_future<ReadOutcome> Submit(ReadRequest request) = 0;
};

// Reads each document at once, in the caller's thread, with `reader` (tests,
// and `--ocr-workers 0`): no isolation, no deadline, no budget.
class InlineDocumentQueue final : public DocumentQueue {
 public:
  explicit InlineDocumentQueue(DocumentReader& reader) : reader_(reader) {}
  std::shared_future<ReadOutcome> Submit(ReadRequest request) override;

 private:
  std::mutex mu_;  // DocumentReader is not thread-safe
  DocumentReader& reader_;
};

}  // namespace beian

#endif  // BEIAN_OCR_DOCUMENT_QUEUE_H_
