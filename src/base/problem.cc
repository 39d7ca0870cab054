#include "beian/base/problem.h"

#include <algorithm>

namespace beian {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kBlocking:
      return "blocking";
  }
  return "unknown";
}

bool HasProblem(const Problems& problems, const std::string& code) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const Problem& p) { return p.code == code; });
}

}  // namespace beian
