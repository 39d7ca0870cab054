// beian ocr-worker: hidden; started by beian itself (WorkerPool) to read
// attachments in a process of their own, under limits.
#include <cstdlib>

#include "beian/ocr/tesseract_reader.h"
#include "beian/workers/document_worker.h"
#include "cli_context.h"

namespace beian::cli {
namespace {

struct WorkerArgs {
  std::string divisions;
  size_t memory_mb = 2048;
  int max_pages = 10;
  int max_megapixels = 40;
  int pdf_page_megapixels = 12;
};

int RunWorker(const WorkerArgs& args) {
  if (Status s = PrepareWorkerProcess({args.memory_mb}); !s.ok()) return 1;
  OcrReaderOptions o;
  o.divisions_tsv = args.divisions;
  o.large_chinese_dir = InstalledLargeChineseDir();
  o.max_pages = args.max_pages;
  o.max_pixels = long(args.max_megapixels) * 1'000'000;
  o.pdf_page_pixels = long(args.pdf_page_megapixels) * 1'000'000;
  StatusOr<std::unique_ptr<DocumentReader>> reader =
      NewTesseractDocumentReader(o);
  const char* hooks = std::getenv("BEIAN_WORKER_TEST_HOOKS");
  return ServeDocuments(
      reader, kRequestFd, kAnswerFd,
      {hooks != nullptr && std::string(hooks) == "1", args.memory_mb});
}

}  // namespace

void AddWorkerCommand(CLI::App& app, Context& /*ctx*/, int* exit_code) {
  auto args = std::make_shared<WorkerArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ocr-worker", "Read attachments for a beian parent (fds 3 and 4)");
  cmd->group("");  // not listed: only beian starts it
  cmd->add_option("--divisions", args->divisions, "divisions.tsv");
  cmd->add_option("--memory-mb", args->memory_mb, "Address space limit");
  cmd->add_option("--max-pages", args->max_pages, "Pages per attachment");
  cmd->add_option("--max-megapixels", args->max_megapixels, "Per image");
  cmd->add_option("--pdf-page-megapixels", args->pdf_page_megapixels,
                  "Per rendered PDF page");
  cmd->callback([args, exit_code] { *exit_code = RunWorker(*args); });
}

}  // namespace beian::cli
