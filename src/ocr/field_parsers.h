// Pure parsers from OCR text to normalised field values. Each returns
// nullopt when the text does not have the field's shape: the caller then
// leaves the field out instead of guessing.
//
//   ParseChineseDate("1962年3月20日")        -> "1962-03-20"
//   ParseValidity("2006.10.03-长期")         -> {"2006-10-03", "长期"}
//   CleanName("邵 婷桂")                     -> "邵婷桂"
#ifndef BEIAN_SRC_OCR_FIELD_PARSERS_H_
#define BEIAN_SRC_OCR_FIELD_PARSERS_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace beian::ocr {

// Maps letters OCR confuses with digits (O->0, l->1, S->5, B->8 ...) and
// full-width digits to ASCII digits; drops white space.
std::string FoldDigits(std::string_view text);

// "YYYY年M月D日" (also "YYYY-MM-DD", "YYYY.MM.DD", "YYYY/M/D") anywhere in
// the text -> "YYYY-MM-DD"; nullopt unless it is a real calendar date with
// 1900 <= year <= 2100.
std::optional<std::string> ParseChineseDate(std::string_view text);

// "YYYY.MM.DD-YYYY.MM.DD" or "YYYY.MM.DD-长期" -> {valid_from, valid_to}.
std::optional<std::pair<std::string, std::string>> ParseValidity(
    std::string_view text);

// "男" / "女" when exactly one of them occurs.
// What follows a house, building or room number in an address.
const std::string& AddressUnits();

// True when every number in `address` is followed by a unit, another
// number's characters or nothing ("14称" is a misread 栋), and every 号
// follows a number ("中山路号" lost its digits).
bool NumbersHaveUnits(const std::string& address);
// NumbersHaveUnits for a whole address, which also cannot end in a bare
// number (…村7组77: its 号 was lost; a line of it may, the unit is then on
// the next); whose numbers follow what numbers follow (a road, a village,
// another unit: 人民虹82号 is a misread 路); and whose 单元, 栋, 组, 室
// follow their number (2栋单元1528号 lost one).
bool CompleteAddressHasUnits(const std::string& address);

// Whether `address` starts with a province-level name of `places` (the
// known place names, PlaceNamesFromDivisions): an ID card's address always
// does, and one that does not lost or garbled its start. True when `places`
// is empty (nothing to check against).
bool StartsWithProvince(const std::string& address,
                        const std::vector<std::string>& places);

std::optional<std::string> ParseSex(std::string_view text);

// The 56 民族 names (without 族).
const std::vector<std::string>& EthnicityNames();

// One of the 56 民族 names (without 族), the longest that occurs.
std::optional<std::string> ParseEthnicity(std::string_view text);

// Keeps CJK ideographs and the middle dot of minority names (other dots
// OCR reads there become U+00B7); nullopt when fewer than 2 characters
// remain or more than 20.
std::optional<std::string> CleanName(std::string_view text);

// Keeps CJK ideographs, ASCII digits and letters; drops spaces and
// punctuation OCR adds at line ends.
std::string CleanCjkText(std::string_view text);

// `text` from a province's full name (浙江省, 内蒙古自治区) within its first
// four characters on: what is before it is a label's remnant (住圭浙江省… of
// 住址). `text` itself when no such name starts there.
std::string FromProvinceOn(const std::string& text);

// Whether `text` starts with a province's full name (四川省, 北京市,
// 广西壮族自治区 …).
bool StartsWithProvinceName(const std::string& text);

// A CJK ideograph (the basic block, extension A or B).
bool IsCjk(char32_t c);

// 11-digit mobile number starting with 1, or a fixed line of 7-12 digits
// (area code with '-'); nullopt otherwise.
std::optional<std::string> ParsePhone(std::string_view text);

// "职工医保" or "居民医保" from the written 参保险种.
std::optional<std::string> ParseInsuranceType(std::string_view text);

// One of the six 备案类型 when `text` is close to it (handwriting).
std::optional<std::string> ParseFilingType(std::string_view text);

// The six 备案类型, in the order of the form's check boxes.
extern const char* const kFilingTypes[6];

// How forms print `option`: itself, and for a 备案类型 the national rule's
// own wording where it differs (医保发〔2022〕22号: 异地转诊就医人员,
// 其他跨省临时外出就医人员), which provinces' forms copy.
std::vector<std::string> OptionWordings(const std::string& option);

// The one name of `known` within edit distance 1 of the cleaned `text`
// (texts of 4 or more characters); nullopt when none or several.
std::optional<std::string> SnapToKnown(std::string_view text,
                                       const std::vector<std::string>& known);

// `address` with its leading place name (6-14 characters) replaced by the
// known name one character away; sets `note` when it changed something.
std::string SnapAddressPrefix(const std::string& address,
                              const std::vector<std::string>& known,
                              std::string* note);

// Number of characters (code points) of UTF-8 text.
int CharCount(std::string_view text);
// Levenshtein distance over code points.
int EditDistance(std::string_view a, std::string_view b);

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_FIELD_PARSERS_H_
