#include "beian/ocr/document_queue.h"

#include <utility>

namespace beian {

Problem NotReadProblem(std::string_view filename, std::string_view why) {
  return {"document_not_read", Severity::kBlocking,
          std::string(filename) + " was not read: " + std::string(why)};
}

std::shared_future<ReadOutcome> InlineDocumentQueue::Submit(
    ReadRequest request) {
  std::promise<ReadOutcome> done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    done.set_value(
        ReadOutcome{reader_.Read(request.filename, request.content_type,
                                 request.bytes, request.hints),
                    ""});
  }
  return done.get_future().share();
}

}  // namespace beian
