// A document worker with a fake reader, for worker_pool_test: the page kind
// comes from the file name, the name field from the hints, and a file named
// "sleep-N..." takes N milliseconds. Its problem's detail says which loaded
// worker read it (the parent of the document's process) and how many
// documents this reader had read before. `fake_worker MEMORY_MB` limits its
// address space; `fake_worker broken` cannot read anything.
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "beian/workers/document_worker.h"

namespace {

class NameReader final : public beian::DocumentReader {
 public:
  beian::StatusOr<beian::DocumentReading> Read(
      std::string_view filename, std::string_view /*content_type*/,
      std::string_view bytes, const beian::ReadHints& hints) override {
    if (filename.starts_with("sleep-")) {
      const int ms = std::atoi(std::string(filename.substr(6)).c_str());
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    }
    if (filename.starts_with("fail")) {
      return beian::FailedPrecondition("the reader cannot read " +
                                       std::string(filename));
    }
    beian::PageReading page;
    page.kind = filename.find("front") != std::string_view::npos
                    ? beian::PageKind::kIdFront
                    : beian::PageKind::kOther;
    page.fields.push_back({"name", hints.name, 0.9, std::string(bytes), ""});
    beian::DocumentReading r;
    r.pages.push_back(page);
    r.problems.push_back(
        {"scan_blurry", beian::Severity::kWarning,
         std::to_string(::getppid()) + "/" + std::to_string(read_before_++)});
    return r;
  }

 private:
  int read_before_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const std::string arg = argc > 1 ? argv[1] : "";
  beian::WorkerProcessLimits limits;
  limits.memory_mb = arg == "broken" ? 0 : size_t(std::atoi(arg.c_str()));
  if (!beian::PrepareWorkerProcess(limits).ok()) return 1;
  beian::StatusOr<std::unique_ptr<beian::DocumentReader>> reader =
      arg == "broken" ? beian::StatusOr<std::unique_ptr<beian::DocumentReader>>(
                            beian::FailedPrecondition("no language data"))
                      : std::unique_ptr<beian::DocumentReader>(
                            std::make_unique<NameReader>());
  return beian::ServeDocuments(
      reader, beian::kRequestFd, beian::kAnswerFd,
      {.test_hooks = true, .memory_mb = limits.memory_mb});
}
