#include "beian/review/registration_number.h"

#include <cstdio>

#include "beian/base/china_time.h"

namespace beian {

char Mod11_2Check(std::string_view digits) {
  std::string d;
  for (char c : digits) {
    if (c >= '0' && c <= '9') d += c;
  }
  // Weight of position i (1-based, n digits) is 2^(n-i+1) mod 11.
  int sum = 0;
  int weight = 2;
  for (size_t i = d.size(); i-- > 0;) {
    sum += (d[i] - '0') * weight;
    weight = weight * 2 % 11;
  }
  static constexpr char kChecks[] = "10X98765432";
  return kChecks[sum % 11];
}

StatusOr<std::string> FormatRegistrationNumber(std::string_view pattern,
                                               std::string_view region,
                                               std::chrono::year_month_day day,
                                               int64_t sequence) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] != '{') {
      out += pattern[i++];
      continue;
    }
    const size_t end = pattern.find('}', i);
    if (end == std::string_view::npos) {
      return InvalidArgument("registration_pattern has an unclosed '{'");
    }
    const std::string_view token = pattern.substr(i + 1, end - i - 1);
    char buf[32];
    if (token == "region") {
      out += region;
    } else if (token == "yyyymmdd") {
      out += FormatCompactDate(day);
    } else if (token == "seq4") {
      std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(sequence));
      out += buf;
    } else if (token == "check") {
      out += Mod11_2Check(out);
    } else {
      return InvalidArgument("registration_pattern has an unknown token {" +
                             std::string(token) +
                             "}; use {region} {yyyymmdd} {seq4} {check}");
    }
    i = end + 1;
  }
  return out;
}

}  // namespace beian
