// Intake throughput: MIME parsing with attachment hashing, and subject
// parsing, over the sample mails in samples/. Prints figures; never fails on
// time. Compare BM_ParseMime with scripts/bench_mailparser.mjs (node
// mailparser's simpleParser + sha256 of every attachment, same mails).
//
//   cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release
//   cmake --build build-bench --target bench_intake && build-bench/bench/bench_intake
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "beian/base/sha256.h"
#include "beian/identity/subject_parser.h"
#include "beian/mime/parsed_mail.h"
#include "mime/codec.h"

namespace {

namespace fs = std::filesystem;

const fs::path kSamples = fs::path(BEIAN_SOURCE_DIR) / "samples";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Regular files under `dir`, sorted by path so runs are comparable.
std::vector<fs::path> FilesUnder(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

const std::vector<std::string>& SampleMails() {
  static const std::vector<std::string> mails = [] {
    std::vector<std::string> out;
    for (const fs::path& p : FilesUnder(kSamples / "maildir" / "new")) {
      out.push_back(ReadFile(p));
    }
    for (const fs::path& p : FilesUnder(kSamples / "maildir" / "cur")) {
      out.push_back(ReadFile(p));
    }
    return out;
  }();
  return mails;
}

const std::vector<std::string>& SampleSubjects() {
  static const std::vector<std::string> subjects = [] {
    std::vector<std::string> out;
    for (const fs::path& p : FilesUnder(kSamples / "expected")) {
      if (p.extension() != ".expected") continue;
      nlohmann::json j = nlohmann::json::parse(ReadFile(p), nullptr, false);
      if (j.is_object() && j.contains("subject") && j["subject"].is_string()) {
        out.push_back(j["subject"].get<std::string>());
      }
    }
    return out;
  }();
  return subjects;
}

// Each iteration parses every sample mail and hashes every decoded
// attachment, as a mail client's "parse + decode attachments" does.
void BM_ParseMime(benchmark::State& state) {
  const std::vector<std::string>& mails = SampleMails();
  if (mails.empty()) {
    state.SkipWithError("no mails under samples/maildir");
    return;
  }
  int64_t bytes = 0;
  for (const std::string& m : mails) bytes += static_cast<int64_t>(m.size());
  int64_t attachments = 0;
  for (auto _ : state) {
    for (const std::string& m : mails) {
      beian::StatusOr<beian::ParsedMail> mail = beian::ParseMime(m);
      if (!mail.ok()) continue;
      for (const beian::Attachment& a : mail->attachments) {
        std::string digest = beian::Sha256Hex(a.data);
        benchmark::DoNotOptimize(digest);
        ++attachments;
      }
    }
  }
  const auto iterations = static_cast<int64_t>(state.iterations());
  state.SetBytesProcessed(iterations * bytes);
  state.counters["mails/s"] = benchmark::Counter(
      static_cast<double>(iterations * static_cast<int64_t>(mails.size())),
      benchmark::Counter::kIsRate);
  state.counters["mails"] = static_cast<double>(mails.size());
  state.counters["attachments"] =
      static_cast<double>(attachments) / static_cast<double>(iterations);
}
BENCHMARK(BM_ParseMime)->Unit(benchmark::kMillisecond);

// A scanned attachment's body: 150 KB of bytes as base64 in 76-symbol lines
// with CRLF, the shape every mail client sends.
void BM_DecodeBase64(benchmark::State& state) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string text;
  uint32_t x = 12345;
  for (int line = 0; line < 2700; ++line) {
    for (int i = 0; i < 76; ++i) {
      x = x * 1103515245u + 12345u;
      text += kAlphabet[(x >> 16) & 63];
    }
    text += "\r\n";
  }
  for (auto _ : state) {
    std::string bytes = beian::internal::DecodeBase64(text);
    benchmark::DoNotOptimize(bytes);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_DecodeBase64)->Unit(benchmark::kMicrosecond);

void BM_ParseSubject(benchmark::State& state) {
  const std::vector<std::string>& subjects = SampleSubjects();
  if (subjects.empty()) {
    state.SkipWithError("no subjects in samples/expected/*.expected");
    return;
  }
  for (auto _ : state) {
    for (const std::string& s : subjects) {
      beian::SubjectParse parse = beian::ParseSubject(s);
      benchmark::DoNotOptimize(parse);
    }
  }
  state.counters["subjects/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * subjects.size()),
      benchmark::Counter::kIsRate);
  state.counters["subjects"] = static_cast<double>(subjects.size());
}
BENCHMARK(BM_ParseSubject)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
