// Review rules of a region (config/rules/default.toml + <region>.toml).
#ifndef BEIAN_REVIEW_RULES_H_
#define BEIAN_REVIEW_RULES_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "beian/base/status.h"

namespace beian {

struct ReviewRules {
  bool accept_commitment = true;
  bool auto_acknowledge = true;
  bool auto_correction = true;
  int max_replies_per_address_per_day = 10;
  int retention_days = 365;
  std::string registration_pattern = "{region}{yyyymmdd}{seq4}{check}";
  std::set<std::string> certain;   // problem codes for automatic corrections
  std::set<std::string> warnings;  // severity overrides
  std::set<std::string> blocking;
  // 备案类型 -> page kinds of which one must be present.
  std::map<std::string, std::vector<std::string>> materials;
  std::set<std::string> commitment_replaces;
  std::set<std::string> long_term_types;
  int temporary_months = 6;
};

// Reads `dir`/default.toml, then `dir`/<region>.toml if present, whose keys
// replace the defaults. InvalidArgument names the file and the key.
StatusOr<ReviewRules> LoadReviewRules(const std::string& dir,
                                      const std::string& region);

// Parses one TOML document over `base` (for tests and overrides).
StatusOr<ReviewRules> ParseReviewRules(std::string_view toml,
                                       const std::string& source_name,
                                       ReviewRules base = {});

}  // namespace beian

#endif  // BEIAN_REVIEW_RULES_H_
