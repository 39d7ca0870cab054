// Field accuracy of the OCR reader on the labelled set of
// samples/ocr/generate_eval.py, with the real Tesseract. Prints figures; it
// never passes or fails.
//
//   /usr/bin/python3 samples/ocr/generate_eval.py build-bench/ocr-eval
//   build-bench/bench/ocr_eval build-bench/ocr-eval [--set NAME] [--verbose]
//   [--hints] [--in-process]
//       [--repeat N]   (N passes over the set: memory per pass; the figures
//                       then count every pass)  [--no-large]
//
// --no-large leaves out the larger Chinese model (chi_sim_large) even when
// it is installed: the reader as on a machine without it.
// --hints passes each page's subject claim (name, ID number) to the reader,
// as the pipeline does. Every fourth claim is deliberately wrong (another
// given-name character, another valid number): "claim copied" counts the
// fields that took such a wrong claim instead of what the page shows.
//
// "correct" = the value equals the label; "wrong" = a value that differs
// (worse than "missing", which the reviewer sees as unreadable); "cost"
// weighs a wrong value as five missing ones.
//
// Each file is read in a child forked from the process that loaded the
// models, as `beian` reads documents (src/workers): Tesseract keeps state
// between pages, and a reading must not depend on the files read before it.
// --in-process reads every file in this one process instead (the memory
// line then measures that process across the set).
//
// --set NAME only names the set in the output. Set "a" is the tuning set
// (samples/ocr/generate_eval.py), set "b" the held-out set drawn by other
// code (samples/ocr_b/generate.py), never tuned on; scripts/ocr_eval.sh
// generates both and prints them one after the other.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "../src/ocr/field_parsers.h"
#include "../src/workers/worker_protocol.h"
#include "beian/base/text.h"
#include "beian/identity/id_number.h"
#include "beian/ocr/tesseract_reader.h"

namespace {

struct Tally {
  int correct = 0, wrong = 0, missing = 0;
  int total() const { return correct + wrong + missing; }
  void Add(const Tally& t) {
    correct += t.correct, wrong += t.wrong, missing += t.missing;
  }
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// A wrong value costs the reviewer more than a missing one (a missing
// field is flagged and typed from the image; a wrong one must be caught
// first): "cost" counts a wrong value as kWrongCost missing ones.
constexpr int kWrongCost = 5;

void PrintTally(const std::string& label, const Tally& t) {
  if (t.total() == 0) return;
  std::printf(
      "  %-22s %5.1f%% correct  %5.1f%% wrong  %5.1f%% missing  cost %5.1f%%"
      "  (n=%d)\n",
      label.c_str(), 100.0 * t.correct / t.total(), 100.0 * t.wrong / t.total(),
      100.0 * t.missing / t.total(),
      100.0 * (kWrongCost * t.wrong + t.missing) / t.total(), t.total());
}

// Resident set size of this process in MB (from /proc/self/status).
double RssMb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024;
  }
  return 0;
}

// A claim that is not the person's: the last character of the name and
// the sequence digit of the number changed (still a valid number).
beian::ReadHints WrongClaim(const beian::ReadHints& right) {
  beian::ReadHints wrong = right;
  std::vector<char32_t> name = beian::DecodeUtf8(right.name);
  if (!name.empty()) name.back() = name.back() == U'明' ? U'华' : U'明';
  wrong.name.clear();
  for (char32_t c : name) beian::AppendUtf8(c, wrong.name);
  if (wrong.id_number.size() == 18) {
    wrong.id_number[15] = char('0' + (wrong.id_number[15] - '0' + 1) % 10);
    wrong.id_number[17] =
        beian::ComputeCheckCharacter(wrong.id_number.substr(0, 17));
  }
  return wrong;
}

// `reader` reads `bytes` in a forked child, which answers over a pipe as a
// worker does; the child's peak memory comes back in `rss_kb`, and the
// moment its answer arrived (before the child has finished exiting) in
// `answered`.
beian::StatusOr<beian::DocumentReading> ReadInChild(
    beian::DocumentReader& reader, const std::string& file,
    const std::string& bytes, const beian::ReadHints& claim, long* rss_kb,
    std::chrono::steady_clock::time_point* answered) {
  int fds[2];
  if (pipe(fds) != 0) return beian::Internal("pipe failed");
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    const auto r = reader.Read(file, "image/jpeg", bytes, claim);
    beian::workers::WriteFrame(
        fds[1], beian::workers::AnswerJson(r, beian::workers::PeakRssKb()));
    _exit(0);
  }
  close(fds[1]);
  const std::optional<std::string> frame = beian::workers::ReadFrame(fds[0]);
  *answered = std::chrono::steady_clock::now();
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!frame) {
    return beian::Internal("the child reading " + file +
                           " died: " + beian::workers::DescribeEnd(status, 0));
  }
  beian::workers::Answer a = beian::workers::ParseAnswer(*frame);
  *rss_kb = a.rss_kb;
  return std::move(a.reading);
}

// The page with the most fields.
const beian::PageReading* BestPage(const beian::DocumentReading& r) {
  const beian::PageReading* best = nullptr;
  for (const auto& p : r.pages) {
    if (!best || p.fields.size() > best->fields.size()) best = &p;
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: ocr_eval EVAL_DIR [--set NAME] [--verbose] [--hints] "
                 "[--repeat N] [--only SUBSTR] [--no-large] [--in-process]\n");
    return 2;
  }
  const std::string dir = argv[1];
  bool verbose = false, hints = false, no_large = false, in_process = false;
  int repeat = 1;
  int claims = 0, wrong_claims = 0, claim_copied = 0;
  std::string only, set = "(unnamed)";
  for (int i = 2; i < argc; ++i) {
    if (std::string(argv[i]) == "--verbose") verbose = true;
    if (std::string(argv[i]) == "--hints") hints = true;
    if (std::string(argv[i]) == "--no-large") no_large = true;
    if (std::string(argv[i]) == "--in-process") in_process = true;
    if (std::string(argv[i]) == "--repeat" && i + 1 < argc)
      repeat = std::max(1, std::atoi(argv[++i]));
    if (std::string(argv[i]) == "--only" && i + 1 < argc) only = argv[++i];
    if (std::string(argv[i]) == "--set" && i + 1 < argc) set = argv[++i];
  }
  std::printf("== set %s: %s ==\n", set.c_str(), dir.c_str());
  const nlohmann::json truth =
      nlohmann::json::parse(ReadFile(dir + "/truth.json"));
  beian::OcrReaderOptions options;
  options.divisions_tsv =
      std::string(BEIAN_SOURCE_DIR) + "/config/divisions.tsv";
  options.large_chinese_dir = no_large ? "" : beian::InstalledLargeChineseDir();
  std::printf("larger Chinese model: %s\n",
              options.large_chinese_dir.empty()
                  ? "not used"
                  : options.large_chinese_dir.c_str());
  auto reader = beian::NewTesseractDocumentReader(options);
  if (!reader.ok()) {
    std::fprintf(stderr, "%s\n", reader.status().ToString().c_str());
    return 1;
  }
  std::map<std::string, std::map<std::string, Tally>> by_kind_field;
  std::map<std::string, Tally> by_distortion;
  std::map<std::string, std::pair<int, int>> kind_ok;  // kind -> (ok, n)
  std::map<std::string, std::vector<double>> seconds;
  long addr_edits = 0, addr_chars = 0;
  int pages_read = 0;
  double rss_after_20 = 0;
  long peak_child_kb = 0;
  std::vector<double> rss_per_pass;
  for (int pass = 0; pass < repeat; ++pass, rss_per_pass.push_back(RssMb()))
    for (const auto& item : truth) {
      const std::string file = item["file"];
      if (!only.empty() && file.find(only) == std::string::npos) continue;
      const std::string kind = item["kind"], distortion = item["distortion"];
      const std::string bytes = ReadFile(dir + "/" + file);
      const auto start = std::chrono::steady_clock::now();
      beian::ReadHints claim;
      bool wrong_claim = false;
      if (hints && item.contains("claim")) {
        claim.name = item["claim"]["name"];
        claim.id_number = item["claim"]["id_number"];
        if (++claims % 4 == 0) claim = WrongClaim(claim), wrong_claim = true;
        wrong_claims += wrong_claim;
      }
      long child_kb = 0;
      auto answered = std::chrono::steady_clock::now();
      auto r = in_process ? (*reader)->Read(file, "image/jpeg", bytes, claim)
                          : ReadInChild(**reader, file, bytes, claim, &child_kb,
                                        &answered);
      if (in_process) answered = std::chrono::steady_clock::now();
      peak_child_kb = std::max(peak_child_kb, child_kb);
      const double secs =
          std::chrono::duration<double>(answered - start).count();
      if (!r.ok()) continue;
      if (++pages_read == 20) rss_after_20 = RssMb();
      const beian::PageReading* page = BestPage(*r);
      const std::string got_kind =
          page ? beian::PageKindName(page->kind) : "none";
      auto& k = kind_ok[kind];
      k.second++;
      k.first += got_kind == kind;
      const bool is_card =
          kind == "id_front" || kind == "id_back" || kind == "id_both";
      seconds[is_card          ? "card"
              : kind == "form" ? "form"
                               : "proof"]
          .push_back(secs);
      if (verbose && got_kind != kind)
        std::printf("%s: kind %s\n", file.c_str(), got_kind.c_str());
      for (const auto& [name, want] : item["fields"].items()) {
        std::string got;
        bool found = false;
        if (page) {
          for (const auto& f : page->fields) {
            if (f.name == name) got = f.value, found = true;
          }
        }
        if (wrong_claim && found &&
            ((name == "name" && got == claim.name) ||
             (name == "id_number" && got == claim.id_number))) {
          ++claim_copied;
          if (verbose)
            std::printf("%s: %s took the wrong claim '%s'\n", file.c_str(),
                        name.c_str(), got.c_str());
        }
        Tally t;
        if (!found) {
          t.missing = 1;
        } else if (got == want.get<std::string>()) {
          t.correct = 1;
        } else {
          t.wrong = 1;
        }
        if (name == "address" && kind != "form") {
          addr_chars += beian::ocr::CharCount(want.get<std::string>());
          addr_edits +=
              found ? beian::ocr::EditDistance(got, want.get<std::string>())
                    : beian::ocr::CharCount(want.get<std::string>());
        }
        const std::string group = kind == "id_both" ? "id_both" : kind;
        by_kind_field[group][name].Add(t);
        by_distortion[kind + "/" + distortion].Add(t);
        if (verbose && !t.correct) {
          std::printf("%s: %s want '%s' got %s'%s'\n", file.c_str(),
                      name.c_str(), want.get<std::string>().c_str(),
                      found ? "" : "(missing) ", got.c_str());
        }
      }
    }
  std::printf("== page kind ==\n");
  int ok = 0, n = 0;
  for (const auto& [kind, c] : kind_ok) {
    std::printf("  %-22s %5.1f%% (%d/%d)\n", kind.c_str(),
                100.0 * c.first / c.second, c.first, c.second);
    ok += c.first, n += c.second;
  }
  if (n) std::printf("  %-22s %5.1f%% (%d/%d)\n", "all", 100.0 * ok / n, ok, n);
  for (const auto& [kind, fields] : by_kind_field) {
    std::printf("== fields: %s ==\n", kind.c_str());
    Tally all;
    for (const auto& [name, t] : fields) PrintTally(name, t), all.Add(t);
    PrintTally("(all fields)", all);
  }
  std::printf("== fields by distortion ==\n");
  for (const auto& [d, t] : by_distortion) PrintTally(d, t);
  if (addr_chars) {
    std::printf("== card address character error rate: %.2f%% ==\n",
                100.0 * addr_edits / addr_chars);
  }
  if (hints) {
    std::printf(
        "== subject claims: %d given, %d of them wrong; "
        "fields that took a wrong claim: %d ==\n",
        claims, wrong_claims, claim_copied);
  }
  std::printf("== memory: VmRSS %.1f MB after 20 files", rss_after_20);
  for (size_t i = 0; i < rss_per_pass.size(); ++i)
    std::printf(", %.1f MB after pass %zu", rss_per_pass[i], i + 1);
  std::printf(" (%d files read) ==\n", pages_read);
  if (!in_process) {
    std::printf(
        "== memory: peak VmHWM of a child reading one file %.1f MB ==\n",
        peak_child_kb / 1024.0);
  }
  std::printf("== seconds per page (median, whole Read incl. decoding%s) ==\n",
              in_process ? "" : ", in a forked child until its answer");
  for (const auto& [k, v] : seconds) {
    std::printf("  %-6s %.3f s  (n=%zu, max %.3f s)\n", k.c_str(), Median(v),
                v.size(),
                v.empty() ? 0 : *std::max_element(v.begin(), v.end()));
  }
  return 0;
}
