#include "beian/identity/id_number.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <utility>
#include <vector>

#include "beian/base/text.h"
#include "beian/identity/division_table.h"

namespace beian {
namespace {

using std::chrono::year_month_day;

constexpr std::array<int, 17> kWeights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                          3, 7, 9,  10, 5, 8, 4, 2};
constexpr std::string_view kCheckChars = "10X98765432";
constexpr year_month_day kEarliestBirth{
    std::chrono::year{1880}, std::chrono::January, std::chrono::day{1}};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

Problem MakeProblem(std::string code, Severity severity, std::string detail) {
  return Problem{std::move(code), severity, std::move(detail)};
}

// Empty when `id` (upper-cased already) has the shape of a 15- or
// 18-character number; otherwise why not, for the reviewer.
std::string ShapeError(std::string_view id) {
  if (id.size() != 18 && id.size() != 15) {
    return "号码有 " + std::to_string(id.size()) +
           " 个字符，应为 18 位（旧版 15 位）";
  }
  const std::string_view body = id.size() == 18 ? id.substr(0, 17) : id;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == 'X') return "X 只能出现在 18 位号码的最后一位";
    if (!IsDigit(body[i])) {
      return "第 " + std::to_string(i + 1) + " 个字符不是数字";
    }
  }
  if (id.size() == 18 && !IsDigit(id[17]) && id[17] != 'X') {
    return "最后一位应为数字或 X";
  }
  return "";
}

int ParseNumber(std::string_view digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

// The birth date in characters 7..14 of an 18-character number; detail is
// set (and the date meaningless) when it is impossible or out of range.
year_month_day ParseBirthDate(std::string_view id18, year_month_day today,
                              std::string& detail) {
  const std::string_view text = id18.substr(6, 8);
  const year_month_day date{
      std::chrono::year{ParseNumber(text.substr(0, 4))},
      std::chrono::month{static_cast<unsigned>(ParseNumber(text.substr(4, 2)))},
      std::chrono::day{static_cast<unsigned>(ParseNumber(text.substr(6, 2)))}};
  if (!date.ok()) {
    detail = "出生日期 " + std::string(text) + " 不存在";
  } else if (date > today) {
    detail = "出生日期 " + std::string(text) + " 晚于今天";
  } else if (date < kEarliestBirth) {
    detail = "出生日期 " + std::string(text) + " 早于 1880 年";
  }
  return date;
}

IdDocumentKind KindOf(std::string_view id18, bool legacy) {
  if (legacy) return IdDocumentKind::kLegacyResidentCard;
  const std::string_view code = id18.substr(0, 6);
  if (code == "810000" || code == "820000" || code == "830000") {
    return IdDocumentKind::kHkMacaoTaiwanResidence;
  }
  if (id18[0] == '9') return IdDocumentKind::kForeignPermanentResident;
  return IdDocumentKind::kResidentCard;
}

// Fills the division name, or reports an unknown code. Foreign permanent
// residence numbers carry no GB/T 2260 code.
void CheckDivision(const DivisionTable* divisions, IdNumberInfo& info,
                   Problems& problems) {
  if (divisions == nullptr ||
      info.kind == IdDocumentKind::kForeignPermanentResident) {
    return;
  }
  if (std::optional<std::string> name = divisions->Lookup(info.division_code)) {
    info.division_name = std::move(*name);
    return;
  }
  problems.push_back(
      MakeProblem("id_unknown_division", Severity::kWarning,
                  "地址码 " + info.division_code +
                      " 不在行政区划表中（可能是已撤销的旧代码）"));
}

}  // namespace

const char* IdDocumentKindName(IdDocumentKind kind) {
  switch (kind) {
    case IdDocumentKind::kResidentCard:
      return "resident_card";
    case IdDocumentKind::kLegacyResidentCard:
      return "legacy_resident_card";
    case IdDocumentKind::kHkMacaoTaiwanResidence:
      return "hk_macao_taiwan_residence";
    case IdDocumentKind::kForeignPermanentResident:
      return "foreign_permanent_resident";
  }
  return "unknown";
}

char ComputeCheckCharacter(std::string_view first17) {
  int sum = 0;
  for (size_t i = 0; i < kWeights.size() && i < first17.size(); ++i) {
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kCheckChars[((sum % 11) + 11) % 11];
}

std::string ConvertLegacyIdNumber(std::string_view id15) {
  if (id15.size() != 15 || !AllDigits(id15)) return "";
  std::string id18;
  id18.reserve(18);
  id18.append(id15.substr(0, 6)).append("19").append(id15.substr(6));
  id18 += ComputeCheckCharacter(id18);
  return id18;
}

IdCheck ValidateIdNumber(std::string_view id, const DivisionTable* divisions,
                         year_month_day today) {
  IdCheck check;
  std::string upper(TrimSpace(id));
  for (char& c : upper) {
    if (c == 'x') c = 'X';
  }
  if (std::string error = ShapeError(upper); !error.empty()) {
    check.problems.push_back(
        MakeProblem("id_format", Severity::kBlocking, std::move(error)));
    return check;
  }
  const bool legacy = upper.size() == 15;
  if (legacy) {
    upper = ConvertLegacyIdNumber(upper);
    check.problems.push_back(
        MakeProblem("id_legacy_15", Severity::kInfo,
                    "旧版 15 位号码，已转换为 " + MaskIdNumber(upper)));
  }
  std::string date_error;
  const year_month_day birth = ParseBirthDate(upper, today, date_error);
  if (!date_error.empty()) {
    check.problems.push_back(
        MakeProblem("id_birth_date", Severity::kBlocking, date_error));
  }
  const char expected = ComputeCheckCharacter(upper);
  if (expected != upper[17]) {
    check.problems.push_back(MakeProblem(
        "id_check_digit", Severity::kBlocking,
        std::string("校验位应为 ") + expected + "，号码中为 " + upper[17]));
  }
  if (!date_error.empty()) return check;

  IdNumberInfo info;
  info.normalized = upper;
  info.kind = KindOf(upper, legacy);
  info.birth_date = birth;
  info.sex = (upper[16] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale;
  info.division_code = upper.substr(0, 6);
  CheckDivision(divisions, info, check.problems);
  check.info = std::move(info);
  return check;
}

std::string MaskIdNumber(std::string_view id) {
  const std::vector<char32_t> cps = DecodeUtf8(id);
  const size_t n = cps.size();
  const size_t keep = n >= 9 ? 4 : std::min<size_t>(2, n / 4);
  std::vector<char32_t> masked = cps;
  for (size_t i = keep; i + keep < n; ++i) masked[i] = U'*';
  return EncodeUtf8(masked);
}

}  // namespace beian
