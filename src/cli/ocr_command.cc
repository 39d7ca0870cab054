// beian ocr FILE... [--json]: read attachments the way the pipeline does and
// print what was found (stores nothing). One JSON object per file:
// {"file","kind","fields","confidence","quality","problems","seconds"}, plus
// "raw" (what OCR read per field), "notes" (repairs) and "rejected" (fields
// left out, with their reading, confidence and why); for a multi-page file, the
// page with the most fields.
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "beian/base/whole_file.h"
#include "beian/ocr/tesseract_reader.h"
#include "cli_context.h"

namespace beian::cli {
namespace {

struct OcrArgs {
  std::vector<std::string> files;
  bool json = false;
  std::string name;  // hints, as the subject gives them
  std::string id_number;
};

const PageReading* BestPage(const DocumentReading& r) {
  const PageReading* best = nullptr;
  for (const PageReading& p : r.pages) {
    if (best == nullptr || p.fields.size() > best->fields.size()) best = &p;
  }
  return best;
}

nlohmann::json FileJson(const std::string& file, const DocumentReading& r,
                        double seconds) {
  nlohmann::json j = {{"file", file},
                      {"kind", "other"},
                      {"fields", nlohmann::json::object()},
                      {"confidence", nlohmann::json::object()},
                      {"quality", nlohmann::json::object()},
                      {"problems", nlohmann::json::array()},
                      {"pages", r.pages.size()},
                      {"seconds", seconds}};
  for (const Problem& p : r.problems) {
    j["problems"].push_back({{"code", p.code}, {"detail", p.detail}});
  }
  const PageReading* page = BestPage(r);
  if (page == nullptr) return j;
  j["kind"] = PageKindName(page->kind);
  for (const FieldReading& f : page->fields) {
    j["fields"][f.name] = f.value;
    j["confidence"][f.name] = std::round(f.confidence * 100) / 100;
    if (!f.note.empty()) j["notes"][f.name] = f.note;
    if (!f.raw_text.empty()) j["raw"][f.name] = f.raw_text;
  }
  for (const FieldReading& f : page->rejected) {
    j["rejected"][f.name] = {
        {"value", f.value},
        {"confidence", std::round(f.confidence * 100) / 100},
        {"raw", f.raw_text}};
    if (!f.note.empty()) j["rejected"][f.name]["note"] = f.note;
  }
  for (const auto& [key, value] : page->quality) j["quality"][key] = value;
  for (const Problem& p : page->problems) {
    j["problems"].push_back({{"code", p.code}, {"detail", p.detail}});
  }
  return j;
}

void PrintText(Context& ctx, const nlohmann::json& j) {
  std::ostream& out = *ctx.out;
  out << j["file"].get<std::string>() << ": " << j["kind"].get<std::string>()
      << " (" << j["seconds"].get<double>() << " s)\n";
  for (const auto& [name, value] : j["fields"].items()) {
    out << "  " << name << " = " << value.get<std::string>() << "  ["
        << j["confidence"][name].get<double>() << "]\n";
  }
  for (const auto& p : j["problems"]) {
    out << "  problem: " << p["code"].get<std::string>() << " "
        << p["detail"].get<std::string>() << "\n";
  }
}

int RunOcr(Context& ctx, const OcrArgs& args) {
  OcrReaderOptions options;
  options.divisions_tsv = ctx.ConfigPath("divisions.tsv");
  options.large_chinese_dir = InstalledLargeChineseDir();
  StatusOr<std::unique_ptr<DocumentReader>> reader =
      NewTesseractDocumentReader(options);
  if (!reader.ok()) return Fail(ctx, reader.status());
  if (options.large_chinese_dir.empty())
    ctx.log.Warn("ocr_model_missing", LargeChineseModelMissing());
  int rc = 0;
  for (const std::string& file : args.files) {
    StatusOr<std::string> bytes = ReadWholeFile(file);
    if (!bytes.ok()) {
      rc =
          Fail(ctx, InvalidArgument(bytes.status().message() +
                                    "; give the path of an image, PDF or ZIP"));
      continue;
    }
    const auto start = std::chrono::steady_clock::now();
    StatusOr<DocumentReading> r =
        (*reader)->Read(file, "", *bytes, ReadHints{args.name, args.id_number});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    if (!r.ok()) {
      rc = Fail(ctx, r.status());
      continue;
    }
    const nlohmann::json j =
        FileJson(file, *r, std::round(seconds * 1000) / 1000);
    if (args.json) {
      *ctx.out << j.dump() << "\n";
    } else {
      PrintText(ctx, j);
    }
  }
  return rc;
}

}  // namespace

void AddOcrCommand(CLI::App& app, Context& ctx, int* exit_code) {
  auto args = std::make_shared<OcrArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ocr",
      "Read ID cards, the 备案表 and proofs in image/PDF/ZIP files "
      "(stores nothing)");
  cmd->add_option("files", args->files, "Attachment files")->required();
  cmd->add_flag("--json", args->json, "One JSON object per file");
  cmd->add_option("--name", args->name,
                  "The name the mail's subject claims (as intake reads it)");
  cmd->add_option("--id-number", args->id_number,
                  "The ID number the mail's subject claims");
  cmd->callback([&ctx, args, exit_code] { *exit_code = RunOcr(ctx, *args); });
}

}  // namespace beian::cli
