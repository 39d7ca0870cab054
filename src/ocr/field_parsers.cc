#include "field_parsers.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <map>
#include <vector>

#include "beian/base/text.h"

namespace beian::ocr {
bool IsCjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x2A6DF);
}

namespace {

bool IsDot(char32_t c) {
  return c == 0xB7 || c == 0x2022 || c == 0x30FB || c == 0xFF0E ||
         c == 0x2027 || c == 0x22C5 || c == 0x2219 || c == '.' || c == 0xFF65 ||
         c == 0xFF0C || c == ',' || c == 0x3001 || c == '-' || c == 0x2014 ||
         // Ellipses, quotes and colons: the dot read with its neighbours.
         c == 0x2026 || c == 0x2025 || c == '"' || c == '\'' || c == 0x201C ||
         c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x3002 || c == ':' ||
         c == 0xFF1A || c == '`' || c == 0xFF40;
}

const char* const kEthnicities[] = {
    "汉",       "蒙古",   "回",     "藏",   "维吾尔", "苗",     "彝",
    "壮",       "布依",   "朝鲜",   "满",   "侗",     "瑶",     "白",
    "土家",     "哈尼",   "哈萨克", "傣",   "黎",     "傈僳",   "佤",
    "畲",       "高山",   "拉祜",   "水",   "东乡",   "纳西",   "景颇",
    "柯尔克孜", "土",     "达斡尔", "仫佬", "羌",     "布朗",   "撒拉",
    "毛南",     "仡佬",   "锡伯",   "阿昌", "普米",   "塔吉克", "怒",
    "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安",   "裕固",   "京",
    "塔塔尔",   "独龙",   "鄂伦春", "赫哲", "门巴",   "珞巴",   "基诺"};

}  // namespace

const std::vector<std::string>& EthnicityNames() {
  static const std::vector<std::string> names(std::begin(kEthnicities),
                                              std::end(kEthnicities));
  return names;
}

namespace {

int ToInt(std::string_view s) {
  int v = -1;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

std::optional<std::string> FormatDate(int y, int m, int d) {
  const std::chrono::year_month_day ymd{std::chrono::year(y),
                                        std::chrono::month(unsigned(m)),
                                        std::chrono::day(unsigned(d))};
  if (y < 1900 || y > 2100 || !ymd.ok()) return std::nullopt;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

// Splits folded text into runs of ASCII digits.
std::vector<std::string> DigitRuns(std::string_view text) {
  std::vector<std::string> runs;
  std::string cur;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      cur += c;
    } else if (!cur.empty()) {
      runs.push_back(cur), cur.clear();
    }
  }
  if (!cur.empty()) runs.push_back(cur);
  return runs;
}

// A date from three digit runs starting at runs[i], or from one 8-digit run.
std::optional<std::string> DateFromRuns(const std::vector<std::string>& runs,
                                        size_t i) {
  if (runs[i].size() == 8) {
    return FormatDate(ToInt(runs[i].substr(0, 4)), ToInt(runs[i].substr(4, 2)),
                      ToInt(runs[i].substr(6, 2)));
  }
  if (i + 2 < runs.size() && runs[i].size() == 4 && runs[i + 1].size() <= 2 &&
      runs[i + 2].size() <= 2) {
    return FormatDate(ToInt(runs[i]), ToInt(runs[i + 1]), ToInt(runs[i + 2]));
  }
  return std::nullopt;
}

}  // namespace

const char* const kFilingTypes[6] = {
    "异地安置退休人员", "异地长期居住人员", "常驻异地工作人员",
    "异地转诊人员",     "异地急诊抢救人员", "其他临时外出就医人员"};

std::vector<std::string> OptionWordings(const std::string& option) {
  static const std::map<std::string, std::vector<std::string>> kOthers = {
      {"异地转诊人员", {"异地转诊就医人员"}},
      {"其他临时外出就医人员", {"其他跨省临时外出就医人员"}},
  };
  std::vector<std::string> out = {option};
  if (auto it = kOthers.find(option); it != kOthers.end())
    out.insert(out.end(), it->second.begin(), it->second.end());
  return out;
}

int CharCount(std::string_view text) { return int(DecodeUtf8(text).size()); }

int EditDistance(std::string_view a, std::string_view b) {
  const std::vector<char32_t> x = DecodeUtf8(a), y = DecodeUtf8(b);
  std::vector<int> prev(y.size() + 1), cur(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) prev[j] = int(j);
  for (size_t i = 1; i <= x.size(); ++i) {
    cur[0] = int(i);
    for (size_t j = 1; j <= y.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1,
                         prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[y.size()];
}

std::string FoldDigits(std::string_view text) {
  const std::string folded = FoldFullWidth(text);
  std::string out;
  for (char c : folded) {
    switch (c) {
      case 'O':
      case 'o':
      case 'D':
      case 'Q':
        out += '0';
        break;
      case 'I':
      case 'l':
      case '|':
      case 'i':
        out += '1';
        break;
      case 'Z':
      case 'z':
        out += '2';
        break;
      case 'S':
      case 's':
        out += '5';
        break;
      case 'B':
        out += '8';
        break;
      case 'G':
      case 'b':
        out += '6';
        break;
      case ' ':
      case '\t':
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::optional<std::string> ParseChineseDate(std::string_view text) {
  const std::vector<std::string> runs = DigitRuns(FoldDigits(text));
  for (size_t i = 0; i < runs.size(); ++i) {
    if (std::optional<std::string> d = DateFromRuns(runs, i)) return d;
  }
  return std::nullopt;
}

std::optional<std::pair<std::string, std::string>> ParseValidity(
    std::string_view text) {
  const std::string folded = FoldDigits(text);
  const std::vector<std::string> runs = DigitRuns(folded);
  if (runs.empty()) return std::nullopt;
  std::optional<std::string> from = DateFromRuns(runs, 0);
  if (!from) return std::nullopt;
  const size_t next = runs[0].size() == 8 ? 1 : 3;
  if (folded.find("长期") != std::string::npos ||
      (folded.find("长") != std::string::npos && next >= runs.size())) {
    return std::make_pair(*from, std::string("长期"));
  }
  if (next >= runs.size()) return std::nullopt;
  std::optional<std::string> to = DateFromRuns(runs, next);
  if (!to || *to <= *from) return std::nullopt;
  return std::make_pair(*from, *to);
}

std::optional<std::string> ParseSex(std::string_view text) {
  const bool male = text.find("男") != std::string_view::npos;
  const bool female = text.find("女") != std::string_view::npos;
  if (male == female) return std::nullopt;
  return std::string(male ? "男" : "女");
}

std::optional<std::string> ParseEthnicity(std::string_view text) {
  std::string best;
  const std::string cleaned = CleanCjkText(text);
  for (const char* e : kEthnicities) {
    const std::string_view name(e);
    if (cleaned.find(name) != std::string::npos && name.size() > best.size()) {
      best = name;
    }
  }
  if (best.empty()) return std::nullopt;
  // Extra characters besides the name (and 族) mean a misread.
  std::string rest = cleaned;
  rest.erase(rest.find(best), best.size());
  if (const size_t z = rest.find("族"); z != std::string::npos)
    rest.erase(z, 3);
  if (CharCount(rest) > 1) return std::nullopt;
  return best;
}

namespace {

// A label read into the value: 名 of a letter-spaced 姓 名 before it (or
// 姓, or the whole label), the next cell's 性别 after it. No 姓名 value
// starts with them or ends with 性; only the parts of a name of three or
// more characters are taken off.
void StripLabelParts(std::string& name) {
  for (std::string_view part : {"姓名", "名", "姓"}) {
    if (name.starts_with(part) && CharCount(name) - CharCount(part) >= 2) {
      name.erase(0, part.size());
      break;
    }
  }
  for (std::string_view part : {"性别", "性"}) {
    if (name.ends_with(part) && CharCount(name) - CharCount(part) >= 2) {
      name.resize(name.size() - part.size());
      break;
    }
  }
}

}  // namespace

std::optional<std::string> CleanName(std::string_view text) {
  std::string out;
  for (char32_t c : DecodeUtf8(text)) {
    if (IsCjk(c)) {
      AppendUtf8(c, out);
    } else if (IsDot(c) && !out.empty() && out.back() != '\xB7') {
      AppendUtf8(0xB7, out);
    }
  }
  while (out.size() >= 2 && out.compare(out.size() - 2, 2, "\xC2\xB7") == 0) {
    out.resize(out.size() - 2);
  }
  StripLabelParts(out);
  const int n = CharCount(out);
  if (n < 2 || n > 20) return std::nullopt;
  // Han names have 2-4 characters; a longer one without its middle dot is
  // a minority name whose dot was lost: not safe to keep.
  if (n > 5 && out.find("\xC2\xB7") == std::string::npos) return std::nullopt;
  return out;
}

std::string CleanCjkText(std::string_view text) {
  std::string out;
  for (char32_t c : DecodeUtf8(FoldFullWidth(text))) {
    if (IsCjk(c) || (c < 128 && std::isalnum(int(c)))) AppendUtf8(c, out);
  }
  return out;
}

std::optional<std::string> ParsePhone(std::string_view text) {
  const std::string folded = FoldDigits(text);
  std::string digits;
  for (char c : folded) {
    if ((c >= '0' && c <= '9') || c == '-') digits += c;
  }
  std::string plain;
  for (char c : digits) {
    if (c != '-') plain += c;
  }
  // Mobile numbers are 1[3-9] and nine more digits.
  if (plain.size() == 11 && plain[0] == '1' && plain[1] >= '3' &&
      digits.find('-') == std::string::npos) {
    return plain;
  }
  if (plain.size() >= 10 && plain.size() <= 12 && plain[0] == '0' &&
      std::count(digits.begin(), digits.end(), '-') == 1) {
    return digits;
  }
  return std::nullopt;
}

namespace {
// A cell that prints both insurances as options (a box or empty brackets
// beside each, or two "…保险"), not one written answer: only the tick says
// which.
bool IsOptionList(std::string_view raw, const std::string& t) {
  int names = 0;
  for (const char* word : {"保险", "医保"}) {
    for (size_t at = t.find(word); at != std::string::npos;
         at = t.find(word, at + 1))
      ++names;
  }
  if (names >= 2) return true;
  // Each name holds one 医: two are two names, the second misread (居民医保
  // read as 民医份 when a circle drawn round it crosses its words).
  int yi = 0;
  for (size_t at = t.find("医"); at != std::string::npos;
       at = t.find("医", at + 1))
    ++yi;
  if (yi >= 2) return true;
  for (const char* box : {"□", "☐", "☑", "☒", "■", "口", "()", "（）", "( )"}) {
    if (raw.find(box) != std::string_view::npos) return true;
  }
  return false;
}
}  // namespace

std::optional<std::string> ParseInsuranceType(std::string_view text) {
  const std::string t = CleanCjkText(text);
  if (IsOptionList(text, t)) return std::nullopt;
  const bool worker =
      t.find("职工") != std::string::npos || t.find("职") != std::string::npos;
  const bool resident = t.find("居民") != std::string::npos ||
                        t.find("城乡") != std::string::npos;
  if (worker == resident) return std::nullopt;
  return std::string(worker ? "职工医保" : "居民医保");
}

std::optional<std::string> ParseFilingType(std::string_view text) {
  const std::string t = CleanCjkText(text);
  int best = 100, second = 100;
  const char* pick = nullptr;
  for (const char* type : kFilingTypes) {
    int d = 100;
    for (const std::string& w : OptionWordings(type))
      d = std::min(d, EditDistance(t, w));
    if (d < best) {
      second = best, best = d, pick = type;
    } else if (d < second) {
      second = d;
    }
  }
  if (pick == nullptr || best > 2 || second - best < 2) return std::nullopt;
  return std::string(pick);
}

std::optional<std::string> SnapToKnown(std::string_view text,
                                       const std::vector<std::string>& known) {
  const std::string cleaned = CleanCjkText(text);
  if (CharCount(cleaned) < 4) return std::nullopt;
  std::optional<std::string> found;
  for (const std::string& name : known) {
    if (name == cleaned) return name;
    if (EditDistance(cleaned, name) <= 1) {
      if (found && *found != name) return std::nullopt;
      found = name;
    }
  }
  return found;
}

namespace {

std::string SnapOnce(const std::string& address,
                     const std::vector<std::string>& known, std::string* note) {
  const std::vector<char32_t> cps = DecodeUtf8(address);
  for (size_t len = std::min<size_t>(14, cps.size()); len >= 6; --len) {
    const std::vector<char32_t> head(cps.begin(), cps.begin() + long(len));
    const std::string prefix = EncodeUtf8(head);
    std::optional<std::string> snapped = SnapToKnown(prefix, known);
    // A name one longer restores a lost character; one shorter would
    // swallow the next character of the address.
    if (!snapped || CharCount(*snapped) < int(len) ||
        CharCount(*snapped) > int(len) + 1) {
      continue;
    }
    if (*snapped == prefix) return address;
    *note = prefix;
    return *snapped + EncodeUtf8({cps.begin() + long(len), cps.end()});
  }
  return address;
}

}  // namespace

// Province, city and county may each carry one misread character: snap
// again after each change, a longer prefix each time.
std::string SnapAddressPrefix(const std::string& address,
                              const std::vector<std::string>& known,
                              std::string* note) {
  std::string current = address;
  for (int round = 0; round < 3; ++round) {
    std::string matched;
    const std::string next = SnapOnce(current, known, &matched);
    if (next == current) break;
    if (note->empty()) *note = "place name matched: " + matched;
    current = next;
  }
  return current;
}

const std::string& AddressUnits() {
  static const std::string kUnits =
      "号栋幢单元组室楼层弄巷村队排座社期区街里户院路坊段门";
  return kUnits;
}

// Chinese numerals and the stems that number a unit (甲栋, 三组).
constexpr std::string_view kNumerals = "〇零一二三四五六七八九十百千甲乙丙丁";

// Whether `address` holds a letter that looks like a digit (I, l, O, o)
// between two digits: "附1I8号" is a misread number, not a house's letter.
bool DigitLikeLetterInANumber(const std::string& address) {
  constexpr std::string_view kLookAlikes = "IlOo";
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (size_t i = 1; i + 1 < address.size(); ++i) {
    if (kLookAlikes.find(address[i]) != std::string_view::npos &&
        digit(address[i - 1]) && digit(address[i + 1]))
      return true;
  }
  return false;
}

// True when every number in `address` is followed by a unit, another
// number's characters or nothing: "14称" is a misread 栋, "1I8" a misread
// number.
bool NumbersHaveUnits(const std::string& address) {
  if (DigitLikeLetterInANumber(address)) return false;
  bool after_digit = false, after_numeral = false;
  for (size_t i = 0; i < address.size();) {
    const unsigned char c = address[i];
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    const std::string ch = address.substr(i, len);
    if (after_digit && len > 1 && AddressUnits().find(ch) == std::string::npos)
      return false;
    // 号 numbers something: "中山路号" lost its number.
    if (ch == "号" && !after_digit && !after_numeral) return false;
    after_digit = len == 1 && std::isalnum(c);
    after_numeral = len > 1 && kNumerals.find(ch) != std::string::npos;
    i += len;
  }
  return true;
}

bool CompleteAddressHasUnits(const std::string& address) {
  if (!NumbersHaveUnits(address)) return false;
  // What a number follows (单元 ends in 元), and the units that follow one.
  static const std::string kBeforeNumber =
      "路街道巷弄里村组号栋幢元楼层室区园苑庄城寓厦院队社坊段门排座期镇乡屯"
      "湾坝第附";
  static const std::vector<std::string> kNumbered = {"单元", "栋", "组", "室"};
  const std::vector<char32_t> cps = DecodeUtf8(address);
  auto text = [&](size_t i) {
    std::string s;
    AppendUtf8(cps[i], s);
    return s;
  };
  auto is_digit = [&](size_t i) { return cps[i] >= '0' && cps[i] <= '9'; };
  auto numbered = [&](size_t i) {  // a digit, numeral or letter (A栋)
    return cps[i] < 128 ? std::isalnum(int(cps[i])) != 0
                        : kNumerals.find(text(i)) != std::string::npos;
  };
  for (size_t i = 0; i < cps.size(); ++i) {
    const bool starts_number = is_digit(i) && (i == 0 || !is_digit(i - 1));
    if (starts_number && i > 0 && cps[i - 1] >= 128 &&
        kBeforeNumber.find(text(i - 1)) == std::string::npos)
      return false;
    for (const std::string& unit : kNumbered) {
      const std::vector<char32_t> u = DecodeUtf8(unit);
      if (i + u.size() > cps.size() ||
          !std::equal(u.begin(), u.end(), cps.begin() + i))
        continue;
      if (i == 0 || !numbered(i - 1)) return false;
    }
  }
  return cps.empty() || !is_digit(cps.size() - 1);
}

bool StartsWithProvince(const std::string& address,
                        const std::vector<std::string>& places) {
  if (places.empty()) return true;
  for (const std::string& place : places) {
    size_t end = std::string::npos;
    for (const char* level : {"省", "自治区", "市"}) {
      const size_t at = place.find(level);
      if (at != std::string::npos)
        end = std::min(end, at + std::string(level).size());
    }
    if (end != std::string::npos && address.compare(0, end, place, 0, end) == 0)
      return true;
  }
  return false;
}

namespace {

const char* const kProvinces[] = {
    "北京市",         "天津市",        "上海市",         "重庆市",
    "河北省",         "山西省",        "辽宁省",         "吉林省",
    "黑龙江省",       "江苏省",        "浙江省",         "安徽省",
    "福建省",         "江西省",        "山东省",         "河南省",
    "湖北省",         "湖南省",        "广东省",         "海南省",
    "四川省",         "贵州省",        "云南省",         "陕西省",
    "甘肃省",         "青海省",        "台湾省",         "内蒙古自治区",
    "广西壮族自治区", "西藏自治区",    "宁夏回族自治区", "新疆维吾尔自治区",
    "香港特别行政区", "澳门特别行政区"};

}  // namespace

bool StartsWithProvinceName(const std::string& text) {
  for (const char* p : kProvinces) {
    if (text.starts_with(p)) return true;
  }
  return false;
}

std::string FromProvinceOn(const std::string& text) {
  const std::vector<char32_t> cps = DecodeUtf8(text);
  for (size_t skip = 0; skip <= 3 && skip < cps.size(); ++skip) {
    const std::string rest =
        EncodeUtf8(std::vector<char32_t>(cps.begin() + skip, cps.end()));
    if (StartsWithProvinceName(rest)) return rest;
  }
  return text;
}

}  // namespace beian::ocr
