// libFuzzer target for ParseSubject, which promises to be total: every input
// gives a SubjectParse, never a crash or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "beian/identity/subject_parser.h"

namespace {

void Touch(std::string_view s) {
  unsigned sum = 0;
  for (char c : s) sum += static_cast<unsigned char>(c);
  volatile unsigned sink = sum;
  (void)sink;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view subject(reinterpret_cast<const char*>(data), size);
  beian::SubjectParse parse = beian::ParseSubject(subject);
  Touch(parse.claim.name);
  Touch(parse.claim.id_number);
  Touch(parse.claim.purpose);
  for (const std::string& note : parse.notes) Touch(note);
  volatile double confidence = parse.confidence;
  (void)confidence;
  volatile size_t problem_count = parse.problems.size();
  (void)problem_count;
  return 0;
}
