// Identity numbers (GB 11643-1999 and the documents that share its layout).
//
//   IdCheck c = ValidateIdNumber("11010519491231002X", &divisions, today);
//   if (c.info) Use(c.info->normalized, c.info->birth_date, c.info->sex);
//   for (const Problem& p : c.problems) Report(p);
//
// Nothing here rejects a person: problems say what is wrong and how serious.
#ifndef BEIAN_IDENTITY_ID_NUMBER_H_
#define BEIAN_IDENTITY_ID_NUMBER_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "beian/base/problem.h"

namespace beian {

class DivisionTable;

enum class IdDocumentKind {
  kResidentCard,             // 居民身份证, 18 characters
  kLegacyResidentCard,       // 15-digit number issued before 1999
  kHkMacaoTaiwanResidence,   // 港澳台居民居住证 (810000/820000/830000)
  kForeignPermanentResident, // 2023 外国人永久居留身份证 (starts with 9)
};

const char* IdDocumentKindName(IdDocumentKind kind);  // "resident_card", ...

enum class Sex { kMale, kFemale };

struct IdNumberInfo {
  std::string normalized;  // 18 characters, upper-case X (15-digit converted)
  IdDocumentKind kind = IdDocumentKind::kResidentCard;
  std::chrono::year_month_day birth_date;
  Sex sex = Sex::kMale;
  std::string division_code;  // first 6 digits
  std::string division_name;  // "四川省德阳市什邡市", empty when unknown
};

struct IdCheck {
  // Set when the number has a usable shape (length, digits, a real date),
  // even if the check digit is wrong: the reviewer still sees what it says.
  std::optional<IdNumberInfo> info;
  Problems problems;
};

// MOD 11-2 check character for the first 17 digits ('0'..'9' or 'X').
// `first17` must be 17 ASCII digits.
char ComputeCheckCharacter(std::string_view first17);

// 15-digit legacy number -> 18 characters ("19" inserted, check appended).
// Returns an empty string when `id15` is not 15 ASCII digits.
std::string ConvertLegacyIdNumber(std::string_view id15);

// Validates an ASCII id number (callers fold full-width digits and lower-case
// x first). `divisions` may be null (no division check). `today` bounds the
// birth date. Problem codes: id_format, id_check_digit, id_birth_date
// (blocking); id_unknown_division (warning); id_legacy_15 (info).
IdCheck ValidateIdNumber(std::string_view id, const DivisionTable* divisions,
                         std::chrono::year_month_day today);

// "51068219800101001X" -> "5106**********001X"; shorter inputs keep at most
// their first and last two characters.
std::string MaskIdNumber(std::string_view id);

}  // namespace beian

#endif  // BEIAN_IDENTITY_ID_NUMBER_H_
