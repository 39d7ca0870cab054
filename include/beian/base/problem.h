// A problem found in a mail or a case: a stable code (used by rules, templates
// and tests), how serious it is, and a detail for the reviewer.
#ifndef BEIAN_BASE_PROBLEM_H_
#define BEIAN_BASE_PROBLEM_H_

#include <string>
#include <vector>

namespace beian {

enum class Severity {
  kInfo,      // worth knowing (a legacy 15-digit number was converted)
  kWarning,   // a reviewer should look (unknown division code)
  kBlocking,  // the case cannot be confirmed as is (wrong check digit)
};

const char* SeverityName(Severity s);  // "info", "warning", "blocking"

struct Problem {
  std::string code;    // e.g. "id_check_digit"; see docs in README
  Severity severity = Severity::kBlocking;
  std::string detail;  // Chinese or English sentence for the reviewer

  bool operator==(const Problem&) const = default;
};

using Problems = std::vector<Problem>;

bool HasProblem(const Problems& problems, const std::string& code);

}  // namespace beian

#endif  // BEIAN_BASE_PROBLEM_H_
