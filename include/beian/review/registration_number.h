// Registration numbers (电子备案号) that beian issues on confirm. Numbers
// entered from the national platform are opaque and never pass through here.
//
//   FormatRegistrationNumber("{region}{yyyymmdd}{seq4}{check}", "510682",
//                            2026y/11/24, 7) -> "510682202611240007" + check
#ifndef BEIAN_REVIEW_REGISTRATION_NUMBER_H_
#define BEIAN_REVIEW_REGISTRATION_NUMBER_H_

#include <chrono>
#include <string>
#include <string_view>

#include "beian/base/status.h"

namespace beian {

// ISO 7064 MOD 11-2 over ASCII digits (the identity-number algorithm,
// generalised to any length): '0'..'9' or 'X'. Non-digits are skipped.
char Mod11_2Check(std::string_view digits);

// Tokens: {region}, {yyyymmdd}, {seq4} (zero-padded; longer sequences keep
// all their digits), {check}; other characters are copied. InvalidArgument
// for an unknown token.
StatusOr<std::string> FormatRegistrationNumber(std::string_view pattern,
                                               std::string_view region,
                                               std::chrono::year_month_day day,
                                               int64_t sequence);

}  // namespace beian

#endif  // BEIAN_REVIEW_REGISTRATION_NUMBER_H_
