// The subject grammar: "姓名+身份证号+跨省异地就医备案" and the ways citizens
// really write it.
//
//   SubjectParse p = ParseSubject("回复：张三＋51068219800101001x 跨省备案");
//   p.claim.name == "张三"; p.claim.id_number == "51068219800101001X";
//   p.claim.purpose == "跨省备案";
//
// Pure and total: every input gives a result; what cannot be recovered
// becomes a problem, never an exception.
#ifndef BEIAN_IDENTITY_SUBJECT_PARSER_H_
#define BEIAN_IDENTITY_SUBJECT_PARSER_H_

#include <string>
#include <string_view>
#include <vector>

#include "beian/base/problem.h"

namespace beian {

struct SubjectClaim {
  std::string name;       // Han name; middle dots normalised to U+00B7 "·"
  std::string id_number;  // ASCII digits + upper-case X, 15 or 18 chars as
                          // written (not converted, not validated)
  std::string purpose;    // the purpose words as found, e.g. "跨省异地就医备案"
};

struct SubjectParse {
  SubjectClaim claim;
  // How the claim was recovered, for the reviewer, e.g. "removed prefix 回复:",
  // "full-width digits folded", "parts in another order".
  std::vector<std::string> notes;
  double confidence = 0;  // 1.0 canonical form; lower the more was repaired
  // Codes: subject_unparseable (neither name nor number found, blocking),
  // subject_missing_name, subject_missing_id (blocking),
  // subject_missing_purpose (warning, emitted whenever no purpose words).
  Problems problems;
};

SubjectParse ParseSubject(std::string_view subject);

}  // namespace beian

#endif  // BEIAN_IDENTITY_SUBJECT_PARSER_H_
