#include "content_reader.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <regex>

#include "beian/base/text.h"
#include "beian/identity/id_number.h"
#include "check_box.h"
#include "field_parsers.h"

namespace beian::ocr {
namespace {

// Character height (px) the fast Chinese model reads best at; values are
// read again at this size from the region the labels point to.
constexpr int kPreferredCharHeight = 34;

const std::vector<std::string> kNameLabels = {"姓名"};
const std::vector<std::string> kSexLabels = {"性别"};
const std::vector<std::string> kEthnicityLabels = {"民族"};
const std::vector<std::string> kBirthLabels = {"出生"};
const std::vector<std::string> kAddressLabels = {"住址"};
const std::vector<std::string> kIdLabels = {"公民身份号码", "身份号码"};
const std::vector<std::string> kAuthorityLabels = {"签发机关"};
const std::vector<std::string> kValidityLabels = {"有效期限"};

Rect Clip(const GrayImage& img, int x0, int y0, int x1, int y1) {
  x0 = std::clamp(x0, 0, img.width), x1 = std::clamp(x1, 0, img.width);
  y0 = std::clamp(y0, 0, img.height), y1 = std::clamp(y1, 0, img.height);
  return {x0, y0, std::max(0, x1 - x0), std::max(0, y1 - y0)};
}

// Where a label's value is: the characters read after it when there are
// any, else a band to its right `widths` label heights long.
Rect PaddedValueRegion(const GrayImage& img, const TextRow& row,
                       const LabelHit& hit, int end, double widths) {
  const Rect label = SpanBox(row, hit.begin, hit.end);
  const int h = std::max(8, label.h);
  const Rect value =
      SpanBox(row, hit.end, end < 0 ? int(row.chars.size()) : end);
  if (value.w > 0 && value.h > 0) {
    const int pad = std::max(h, value.h) * 2 / 5;
    return Clip(img, std::max(Right(label) + 1, value.x - pad), value.y - pad,
                Right(value) + pad, Bottom(value) + pad);
  }
  return Clip(img, Right(label) + h / 3, label.y - h / 2,
              Right(label) + int(widths * h), Bottom(label) + h / 2);
}

// `region` kept off the rows above and below row `r` that share its columns
// (it never cuts into row r's own characters): a line read with the top of
// the next line in it reads as nothing.
Rect OffNeighbours(const std::vector<TextRow>& rows, int r, Rect region) {
  const Rect own = rows[r].box;
  int top = region.y, bottom = Bottom(region);
  auto shares_columns = [&](const Rect& b) {
    return b.x < Right(region) && region.x < Right(b);
  };
  for (int k = r - 1; k >= 0; --k) {
    if (!shares_columns(rows[k].box) || Bottom(rows[k].box) > own.y) continue;
    top = std::max(top, std::min(own.y, Bottom(rows[k].box) + 1));
    break;
  }
  for (int k = r + 1; k < int(rows.size()); ++k) {
    if (!shares_columns(rows[k].box) || rows[k].box.y < Bottom(own)) continue;
    bottom = std::min(bottom, std::max(Bottom(own), rows[k].box.y - 1));
    break;
  }
  return {region.x, top, region.w, std::max(0, bottom - top)};
}

// Where the value after label `hit` lies, padded, off the neighbouring rows
// and, when nothing was read after the label, short of the next label.
Rect ValueRegion(const GrayImage& img, const std::vector<TextRow>& rows,
                 const LabelHit& hit, int end, double widths) {
  const TextRow& row = rows[hit.row];
  Rect r = PaddedValueRegion(img, row, hit, end, widths);
  if (end == hit.end && end < int(row.chars.size())) {
    const int stop = row.chars[end].box.x - row.chars[end].box.h / 4;
    r.w = std::max(0, std::min(Right(r), stop) - r.x);
  }
  return OffNeighbours(rows, hit.row, r);
}

double ScaleFor(const Rect& region, int char_height) {
  const int h = char_height > 0 ? char_height : region.h * 2 / 3;
  return std::clamp(double(kPreferredCharHeight) / std::max(1, h), 0.4, 3.0);
}

OcrResult ReadRegion(OcrEngine& engine, const GrayImage& img,
                     const Rect& region, const OcrRequest& req,
                     int char_height) {
  if (region.w < 4 || region.h < 4) return {};
  return RecognizeRegionScaled(engine, img, region, req,
                               ScaleFor(region, char_height));
}

OcrRequest LineRequest(const std::string& whitelist = "",
                       bool alternatives = false) {
  OcrRequest r;
  r.whitelist = whitelist;
  r.alternatives = alternatives;
  return r;
}

// The first label of `labels` in the same row as `hit` after it, or the
// row's end: where `hit`'s value stops.
int ValueEnd(const std::vector<TextRow>& rows, const LabelHit& hit,
             const std::vector<std::vector<std::string>>& stops) {
  int end = int(rows[hit.row].chars.size());
  for (const auto& labels : stops) {
    for (const std::string& l : labels) {
      std::vector<TextRow> one = {rows[hit.row]};
      std::optional<LabelHit> other = FindLabel(one, l);
      if (other && other->begin >= hit.end) end = std::min(end, other->begin);
    }
  }
  return end;
}

// Mean confidence of the characters of `r` that are among `wanted` (the
// value's own characters; noise around it does not count). The whole
// reading's when none is.
double ValueConfidence(const OcrResult& r, const std::string& wanted) {
  double sum = 0;
  int n = 0;
  for (const OcrChar& c : r.chars) {
    if (c.text.empty() || wanted.find(c.text) == std::string::npos) continue;
    sum += c.confidence, ++n;
  }
  return n ? sum / n : r.confidence;
}

// --- ID numbers -----------------------------------------------------------

// The 18-character window of `chars` that passes the check digit (the
// first), or the whole when it is exactly 18.
IdNumberReading BestWindow(const std::vector<IdChar>& chars,
                           const std::string& birth) {
  if (chars.size() <= 18) return ReadIdNumber(chars, birth);
  IdNumberReading first_invalid;
  for (size_t i = 0; i + 18 <= chars.size(); ++i) {
    std::vector<IdChar> w(chars.begin() + i, chars.begin() + i + 18);
    IdNumberReading r = ReadIdNumber(w, birth);
    if (r.valid) return r;
    if (i == 0) first_invalid = r;
  }
  return first_invalid;
}

bool KnownDivision(const std::string& id, const Knowledge& known) {
  return known.division_codes.empty() ||
         std::binary_search(known.division_codes.begin(),
                            known.division_codes.end(), id.substr(0, 6));
}

// The valid readings of one number, each taken only when it can be trusted
// alone (the subject's claim; or all 18 characters of the row, with a known
// division code) or when another reading found the same number: a check
// digit alone passes one misread number in eleven.
class IdVote {
 public:
  IdVote(const Knowledge& known, const ReadHints& hints, std::string birth)
      : known_(known), hints_(hints), birth_(std::move(birth)) {}

  // True when `chars` give a number that may be taken; it is then best().
  bool Offer(const std::vector<IdChar>& chars) {
    IdNumberReading r = BestWindow(chars, birth_);
    if (!best_.valid && best_.raw.empty()) best_ = r;
    if (!r.valid) return false;
    const bool claimed =
        !hints_.id_number.empty() && r.value == hints_.id_number;
    const bool alone = chars.size() == 18 && KnownDivision(r.value, known_);
    for (const std::string& v : seen_) {
      if (v == r.value) return Take(r);
    }
    if (claimed || alone) return Take(r);
    seen_.push_back(r.value);
    best_ = r;
    best_.valid = false;
    best_.note = KnownDivision(r.value, known_)
                     ? "read once, from a longer line"
                     : "division code " + r.value.substr(0, 6) + " unknown";
    return false;
  }
  const IdNumberReading& best() const { return best_; }

 private:
  bool Take(const IdNumberReading& r) {
    best_ = r;
    return true;
  }
  const Knowledge& known_;
  const ReadHints& hints_;
  std::string birth_;
  std::vector<std::string> seen_;
  IdNumberReading best_;
};

// A row's number read from the page, then again from its own region with
// digits only, then with the English model, then repaired by knowledge.
IdNumberReading ReadIdInRow(OcrEngine& engine, const GrayImage& img,
                            const TextRow& row, int begin, int end,
                            const Knowledge& known, const ReadHints& hints,
                            const std::string& birth,
                            const CardFacts* facts = nullptr) {
  IdVote vote(known, hints, birth);
  if (vote.Offer(ToIdChars(Slice(row, begin, end)))) return vote.best();
  Rect box = SpanBox(row, begin, end);
  if (box.w <= 0) return vote.best();
  const int pad = std::max(4, box.h / 2);
  const Rect region =
      Clip(img, box.x - pad, box.y - pad, Right(box) + pad, Bottom(box) + pad);
  OcrRequest req = LineRequest(kIdWhitelist, true);
  const std::vector<IdChar> chars =
      ToIdChars(ReadRegion(engine, img, region, req, box.h));
  if (vote.Offer(chars)) return vote.best();
  req.language = "eng";
  if (vote.Offer(ToIdChars(ReadRegion(engine, img, region, req, box.h))))
    return vote.best();
  if (chars.size() == 18) {
    IdNumberReading repaired = RepairFromKnowledge(
        chars, birth, known.division_codes, hints.id_number);
    if (repaired.valid && KnownDivision(repaired.value, known)) return repaired;
    if (facts) {
      repaired = RepairFromCard(chars, *facts);
      if (repaired.valid) return repaired;
    }
  }
  return vote.best();
}

int DigitCount(const TextRow& row) {
  int n = 0;
  for (const OcrChar& c : row.chars) {
    n += c.text.size() == 1 && ((c.text[0] >= '0' && c.text[0] <= '9') ||
                                c.text[0] == 'X' || c.text[0] == 'x');
  }
  return n;
}

// The row of the card's number: the one labelled 公民身份号码, else the one
// with the most digits (at least 15).
std::optional<LabelHit> IdRow(const std::vector<TextRow>& rows) {
  if (auto hit = FindAnyLabel(rows, kIdLabels)) return hit;
  int best = -1, most = 14;
  for (int r = 0; r < int(rows.size()); ++r) {
    if (DigitCount(rows[r]) > most) best = r, most = DigitCount(rows[r]);
  }
  if (best < 0) return std::nullopt;
  return LabelHit{best, 0, 0};
}

bool HasValidIdNumber(const std::vector<TextRow>& rows) {
  for (const TextRow& row : rows) {
    if (DigitCount(row) < 18) continue;
    if (BestWindow(ToIdChars(Slice(row, 0, int(row.chars.size()))), "").valid)
      return true;
  }
  return false;
}

// A number of an ID number's shape whose check digit may be misread: 17
// digits then a digit or X, the 7th to 14th a date of birth (19xx/20xx,
// a real month, a day up to 31).
bool HasIdShapedNumber(const std::vector<TextRow>& rows) {
  for (const TextRow& row : rows) {
    std::string run;
    for (const IdChar& c : ToIdChars(Slice(row, 0, int(row.chars.size()))))
      run += c.best;
    for (size_t i = 0; i + 18 <= run.size(); ++i) {
      const std::string id = run.substr(i, 18);
      if (id.find('X') < 17) continue;
      const int year = std::atoi(id.substr(6, 4).c_str());
      const int month = std::atoi(id.substr(10, 2).c_str());
      const int day = std::atoi(id.substr(12, 2).c_str());
      if (year >= 1900 && year <= 2030 && month >= 1 && month <= 12 &&
          day >= 1 && day <= 31)
        return true;
    }
  }
  return false;
}

// --- front fields -----------------------------------------------------------

// A name's reading without the label read into it (姓名夏莉, or 狂名夏莉 when
// the label itself was misread and put back by RestoreFrontLabels): a
// leading 姓名, or 名 as the second of four or more characters — a name
// with 名 there is far rarer than a label read with its value.
OcrResult WithoutLabelRemnant(const OcrResult& r) {
  std::vector<size_t> cjk;  // indexes of the CJK characters
  for (size_t i = 0; i < r.chars.size(); ++i) {
    if (CharCount(CleanCjkText(r.chars[i].text)) == 1 &&
        !std::isalnum(static_cast<unsigned char>(r.chars[i].text[0])))
      cjk.push_back(i);
  }
  if (cjk.size() < 3 || r.chars[cjk[1]].text != "名") return r;
  if (r.chars[cjk[0]].text != "姓" && cjk.size() < 4) return r;
  OcrResult out = r;
  out.chars.erase(out.chars.begin(), out.chars.begin() + cjk[1] + 1);
  out.text.clear();
  for (const OcrChar& c : out.chars) out.text += c.text;
  return out;
}

// Whether at least two of `names` have the length of `name` and differ from
// it in one character at most: the fast model misread one character of it.
bool OneCharacterFrom(const std::string& name,
                      const std::vector<NameMatch>& names) {
  const std::vector<char32_t> want = DecodeUtf8(name);
  int close = 0;
  for (const NameMatch& n : names) {
    const std::vector<char32_t> got = DecodeUtf8(*n.value);
    if (got.size() != want.size()) continue;
    int diff = 0;
    for (size_t i = 0; i < got.size(); ++i) diff += got[i] != want[i];
    close += diff <= 1;
  }
  return close >= 2;
}

// The fast model misreads some characters the same way at every size (霞
// as 起), and on forms its readings often all differ: the larger model
// (`read_large`, at a character height) decides. Its name is taken when a
// fast reading gave it too, or offered it among its alternatives (货 read
// with 贺 second), or when it reads the name alike at two sizes and the fast
// readings are one character from it; otherwise `best` is none.
template <typename ReadLarge>
void LargeModelDecides(ReadLarge read_large, int h,
                       const OcrResult (&readings)[3],
                       const std::vector<NameMatch>& names, double threshold,
                       NameMatch& best) {
  auto decide = [&](const NameMatch& large) {
    if (!large.value) return false;
    const auto seconded = std::find_if(
        names.begin(), names.end(),
        [&](const NameMatch& n) { return n.value == large.value; });
    if (seconded != names.end()) {
      if (best.value != large.value) {
        const double confidence = best.value ? best.confidence : 0;
        best = *seconded;
        best.confidence = std::max(confidence, seconded->confidence);
        best.note = "the larger Chinese model agrees with one reading";
      }
      best.agreed = true;
      return true;
    }
    for (const OcrResult& r : readings) {
      if (MatchName(WithoutLabelRemnant(r), *large.value).value != large.value)
        continue;
      best = large;
      best.confidence = std::max(threshold, MinConfidence(r));
      best.agreed = true;
      best.note = "the larger Chinese model read " + *large.value +
                  ", among the fast model's alternatives";
      return true;
    }
    return false;
  };
  const NameMatch first = read_large(h);
  if (decide(first)) return;
  const NameMatch second = read_large(h > 0 ? h * 5 / 7 : 0);
  if (decide(second)) return;
  if (first.value && first.value == second.value &&
      OneCharacterFrom(*first.value, names)) {
    best = first;
    best.confidence = std::max(threshold, best.confidence);
    best.agreed = true;
    best.note = "the larger Chinese model read " + *first.value +
                " at two sizes; the fast model one character from it";
    return;
  }
  if (!best.value) return;
  best.agreed = false;
  best.confidence = std::min(best.confidence, threshold * 0.9);
  best.note = "the larger Chinese model read " + first.value.value_or("") +
              " / " + second.value.value_or("");
}

// A name read three times — as the page read it, and again from its own
// region at the preferred size and at 1.4 times it — and kept only when two
// readings agree (or one is the subject's claim, which MatchName moves a
// reading to only where OCR offered the claimed characters). Names have no
// check digit: agreement is their check.
NameMatch ReadNameAt(OcrEngine& engine, const GrayImage& img,
                     const std::vector<TextRow>& rows, const LabelHit& label,
                     int end, const ReadHints& hints, double threshold,
                     std::string* raw_out) {
  const TextRow& row = rows[label.row];
  const OcrResult on_page = CharsAfter(row, label, end);
  const Rect region = ValueRegion(img, rows, label, end, 9);
  const Rect value_box = SpanBox(row, label.end, end);
  const int h = value_box.h > 0 ? value_box.h : 0;
  OcrRequest req = LineRequest("", true);
  const OcrResult readings[] = {
      on_page, ReadRegion(engine, img, region, req, h),
      ReadRegion(engine, img, region, req, h > 0 ? h * 5 / 7 : 0)};
  std::vector<NameMatch> names;
  std::vector<std::string> raws;
  for (const OcrResult& read : readings) {
    const OcrResult r = WithoutLabelRemnant(read);
    NameMatch m = MatchName(r, hints.name);
    if (!m.value) continue;
    names.push_back(std::move(m));
    raws.push_back(r.text);
  }
  NameMatch best;
  *raw_out = raws.empty() ? on_page.text : raws.front();
  for (size_t i = 0; i < names.size(); ++i) {
    int votes = 0;
    double confidence = 0;
    for (const NameMatch& other : names) {
      if (other.value != names[i].value) continue;
      ++votes;
      confidence = std::max(confidence, other.confidence);
    }
    const bool claimed = !hints.name.empty() && names[i].value == hints.name;
    if ((votes >= 2 || claimed) &&
        (!best.value || confidence > best.confidence)) {
      best = names[i];
      best.confidence = confidence;
      best.agreed = true;
      *raw_out = raws[i];
    }
  }
  if (!names.empty() && best.value != hints.name &&
      engine.Knows(kChineseLarge)) {
    req.language = kChineseLarge;
    LargeModelDecides(
        [&](int height) {
          return MatchName(
              WithoutLabelRemnant(ReadRegion(engine, img, region, req, height)),
              hints.name);
        },
        h, readings, names, threshold, best);
  }
  if (!best.value && !names.empty()) {
    // No two readings agree: one of them may be right, but a wrong name is
    // worse than none.
    best = names.front();
    best.confidence = std::min(best.confidence, threshold * 0.9);
    best.note = "readings disagree:";
    for (const NameMatch& n : names) best.note += " " + *n.value;
  }
  return best;
}

void ReadNameByLabel(OcrEngine& engine, const GrayImage& img,
                     const std::vector<TextRow>& rows, const ReadHints& hints,
                     double threshold, FieldCollector& out) {
  const std::optional<LabelHit> hit = FindAnyLabel(rows, kNameLabels);
  if (!hit) return out.Add("name", std::nullopt, 0, "", "姓名 label not found");
  std::string raw;
  const NameMatch name =
      ReadNameAt(engine, img, rows, *hit, ValueEnd(rows, *hit, {kSexLabels}),
                 hints, threshold, &raw);
  out.Add("name", name.value, name.confidence, raw, name.note);
  if (name.agreed) out.MarkChecked("name");
}

void ReadSexByLabel(OcrEngine& engine, const GrayImage& img,
                    const std::vector<TextRow>& rows, FieldCollector& out) {
  const std::optional<LabelHit> hit = FindAnyLabel(rows, kSexLabels);
  if (!hit) return out.Add("sex", std::nullopt, 0, "", "性别 label not found");
  const int end = ValueEnd(rows, *hit, {kEthnicityLabels});
  const OcrResult on_page = CharsAfter(rows[hit->row], *hit, end);
  std::optional<std::string> sex = ParseSex(on_page.text);
  double confidence = sex ? ValueConfidence(on_page, *sex) : 0;
  std::string raw = on_page.text;
  if (!sex) {
    OcrRequest req = LineRequest("男女");
    req.layout = Layout::kSingleWord;
    const Rect region = ValueRegion(img, rows, *hit, end, 3);
    const OcrResult cell = ReadRegion(engine, img, region, req, 0);
    sex = ParseSex(cell.text);
    confidence = cell.confidence, raw = cell.text;
  }
  out.Add("sex", sex, confidence, raw);
}

std::optional<std::string> EthnicityOf(const OcrResult& r) {
  if (auto e = ParseEthnicity(r.text)) return e;
  return SnapByAlternatives(r, EthnicityNames(), 1);
}

void ReadEthnicityByLabel(OcrEngine& engine, const GrayImage& img,
                          const std::vector<TextRow>& rows,
                          FieldCollector& out) {
  const std::optional<LabelHit> hit = FindAnyLabel(rows, kEthnicityLabels);
  if (!hit) {
    return out.Add("ethnicity", std::nullopt, 0, "", "民族 label not found");
  }
  const OcrResult on_page = CharsAfter(rows[hit->row], *hit);
  std::optional<std::string> eth = ParseEthnicity(on_page.text);
  double confidence = eth ? ValueConfidence(on_page, *eth) : 0;
  std::string raw = on_page.text, note;
  if (!eth) {
    const Rect region = ValueRegion(img, rows, *hit, -1, 5);
    OcrRequest req = LineRequest("", true);
    const OcrResult cell = ReadRegion(engine, img, region, req, 0);
    eth = EthnicityOf(cell);
    confidence = std::min(cell.confidence, 0.9), raw = cell.text;
    if (!eth && engine.Knows(kChineseLarge)) {
      req.language = kChineseLarge;
      const OcrResult large = ReadRegion(engine, img, region, req, 0);
      eth = EthnicityOf(large);
      confidence = std::min(large.confidence, 0.9);
      if (eth) note = "民族 read by the larger Chinese model";
    }
  }
  out.Add("ethnicity", eth, confidence, raw, note);
}

// What the 出生 line says: a full date when it parses, and the raw texts.
struct BirthReading {
  std::optional<std::string> date;  // YYYY-MM-DD
  double confidence = 0;
  std::vector<std::string> texts;  // every reading, for the number's check
  bool labelled = false;
};

BirthReading ReadBirthLine(OcrEngine& engine, const GrayImage& img,
                           const std::vector<TextRow>& rows) {
  BirthReading b;
  const std::optional<LabelHit> hit = FindAnyLabel(rows, kBirthLabels);
  if (!hit) return b;
  b.labelled = true;
  const OcrResult on_page = CharsAfter(rows[hit->row], *hit);
  b.texts.push_back(on_page.text);
  b.date = ParseChineseDate(on_page.text);
  b.confidence = ValueConfidence(on_page, "0123456789年月日");
  if (b.date) return b;
  const Rect region = ValueRegion(img, rows, *hit, -1, 12);
  const OcrResult cell =
      ReadRegion(engine, img, region, LineRequest("0123456789年月日"), 0);
  b.texts.push_back(cell.text);
  b.date = ParseChineseDate(cell.text);
  b.confidence = cell.confidence;
  return b;
}

// Whether a 出生 line read with digits missing ("196年2月7日") agrees with
// the date in a valid number: month and day equal, the year's digits read
// in order within the number's year.
std::vector<std::string> DigitGroups(const std::string& text) {
  std::vector<std::string> parts(1);
  for (char c : FoldDigits(text)) {
    if (c >= '0' && c <= '9') {
      parts.back() += c;
    } else if (!parts.back().empty()) {
      parts.emplace_back();
    }
  }
  if (parts.back().empty()) parts.pop_back();
  return parts;
}

bool BirthLineFits(const std::string& text, const std::string& yyyymmdd) {
  const std::vector<std::string> parts = DigitGroups(text);
  if (parts.size() != 3 || parts[0].size() < 2) return false;
  const std::string year = yyyymmdd.substr(0, 4);
  size_t at = 0;
  for (char c : parts[0]) {
    at = year.find(c, at);
    if (at == std::string::npos) return false;
    ++at;
  }
  return std::atoi(parts[1].c_str()) ==
             std::atoi(yyyymmdd.substr(4, 2).c_str()) &&
         std::atoi(parts[2].c_str()) ==
             std::atoi(yyyymmdd.substr(6, 2).c_str());
}

// The 出生 date the number is checked against: the one read, when it was
// read with confidence and no other reading of the line gives another date
// (the page read 1964年11月5日, the line read again 1964年1月5日: the line
// does not say which, and the number may).
std::optional<std::string> BirthHint(const BirthReading& b, double threshold) {
  if (!b.date || b.confidence < threshold) return std::nullopt;
  std::string ymd;
  for (char c : *b.date) {
    if (c != '-') ymd += c;
  }
  for (const std::string& t : b.texts) {
    if (DigitGroups(t).size() == 3 && !BirthLineFits(t, ymd))
      return std::nullopt;
  }
  return b.date;
}

// 出生 as read when it parses and the number says nothing against it; else
// the number's date when what was read of the line agrees with it (the
// number passed its check digit); else nothing.
void AddBirth(const BirthReading& b, const FieldCollector* id_fields,
              FieldCollector& out) {
  const std::string raw = b.texts.empty() ? "" : b.texts.front();
  if (!b.labelled) {
    return out.Add("birth", b.date, b.confidence, raw, "出生 label not found");
  }
  const FieldReading* id = id_fields ? id_fields->Find("id_number") : nullptr;
  if (id != nullptr) {
    const std::string date = id->value.substr(6, 8);
    const std::string dashed =
        date.substr(0, 4) + "-" + date.substr(4, 2) + "-" + date.substr(6, 2);
    if (b.date == dashed) return out.Add("birth", b.date, b.confidence, raw);
    for (const std::string& t : b.texts) {
      if (!BirthLineFits(t, date)) continue;
      return out.Add("birth", dashed, id->confidence, t,
                     "出生 read as " + t + "; the number's date agrees");
    }
    if (b.date) {
      return out.Add("birth", std::nullopt, b.confidence, raw,
                     "出生 read as " + *b.date + "; the number says " + dashed);
    }
  }
  // With no number to check it, the line must read whole: 年, 月 and 日
  // (1957年10及5 is a line misread, its 2 perhaps a 7).
  const std::string& text = b.texts.empty() ? raw : b.texts.back();
  if (id == nullptr && b.date &&
      (text.find("年") == std::string::npos ||
       text.find("月") == std::string::npos ||
       text.find("日") == std::string::npos)) {
    return out.Add("birth", std::nullopt, b.confidence, text,
                   "出生 read as " + text + ", not whole, and no number");
  }
  out.Add("birth", b.date, b.confidence, raw);
}

// The box of a line of characters, ignoring characters whose height is
// far from the line's median (a quote mark, a speck joined to a glyph).
Rect LineBox(const GrayImage& img, const OcrResult& line) {
  std::vector<int> tops, bottoms, heights;
  for (const OcrChar& c : line.chars) heights.push_back(c.box.h);
  std::nth_element(heights.begin(), heights.begin() + heights.size() / 2,
                   heights.end());
  const int h = heights[heights.size() / 2];
  int x0 = img.width, x1 = 0;
  for (const OcrChar& c : line.chars) {
    if (c.box.h < h / 2 || c.box.h > h * 3 / 2) continue;
    tops.push_back(c.box.y), bottoms.push_back(Bottom(c.box));
    x0 = std::min(x0, c.box.x), x1 = std::max(x1, Right(c.box));
  }
  if (tops.empty()) return Clip(img, 0, 0, 0, 0);
  std::sort(tops.begin(), tops.end());
  std::sort(bottoms.begin(), bottoms.end());
  return Clip(img, x0, tops[tops.size() / 2], x1, bottoms[bottoms.size() / 2]);
}

// After a number in an address comes a unit (号, 栋, 单元, 组 ...): a
// character there that is none is moved to the unit among OCR's
// alternatives. Stray lower-case Latin letters are dropped.
std::string AddressText(const OcrResult& r) {
  const std::string& kUnits = AddressUnits();
  std::string out;
  bool after_digit = false;
  const size_t end = EndBeforeGap(r.chars);  // the portrait, the edge
  for (size_t i = 0; i < end; ++i) {
    const OcrChar& c = r.chars[i];
    std::string ch = c.text;
    if (ch.size() == 1 && ch[0] >= 'a' && ch[0] <= 'z') continue;
    const bool digit = ch.size() == 1 && ch[0] >= '0' && ch[0] <= '9';
    if (after_digit && !digit && kUnits.find(ch) == std::string::npos) {
      for (const auto& [alt, conf] : c.alternatives) {
        if (alt.size() == 3 && kUnits.find(alt) != std::string::npos) {
          ch = alt;
          break;
        }
      }
    }
    after_digit = digit;
    out += ch;
  }
  // A region read again may take in the label beside the line, read right
  // or not (住圭浙江省…).
  std::string text = CleanCjkText(out);
  if (text.rfind("住址", 0) == 0) text.erase(0, std::string("住址").size());
  return FromProvinceOn(text);
}

// One line of an address as read, whether two readings gave it, and every
// reading of it.
struct AddressLine {
  std::string text;
  bool agreed = false;
  std::vector<std::string> readings;
};

// The reading of `texts` closest to the others (the longer on a tie: the
// engine drops characters more often than it adds them); a reading whose
// numbers have their units comes first.
int Medoid(const std::vector<std::string>& texts) {
  int best = 0, best_distance = 1 << 30;
  bool best_fits = false;
  for (int i = 0; i < int(texts.size()); ++i) {
    if (texts[i].empty()) continue;  // nothing read votes for nothing
    const bool fits = NumbersHaveUnits(texts[i]);
    if (best_fits && !fits) continue;  // a reading that fits comes first
    if (fits && !best_fits) best_distance = 1 << 30;
    best_fits = best_fits || fits;
    int d = 0;
    for (const std::string& other : texts) {
      if (!other.empty()) d += EditDistance(texts[i], other);
    }
    if (d < best_distance ||
        (d == best_distance && CharCount(texts[i]) > CharCount(texts[best]))) {
      best = i, best_distance = d;
    }
  }
  return best;
}

bool SeenTwice(const std::vector<std::string>& texts, const std::string& t) {
  return !t.empty() && std::count(texts.begin(), texts.end(), t) >= 2;
}

// One line of an address: as the page read it, and read again at the
// preferred size and at the size it has; the reading closest to the others
// is kept. Addresses have no check digit: the line counts as read only
// when two readings give it exactly — when the fast model's three do not,
// the larger model reads it too and may second one of them.
AddressLine BestAddressLine(OcrEngine& engine, const GrayImage& img,
                            const OcrResult& line) {
  const Rect box = LineBox(img, line);
  const int pad = std::max(4, box.h / 3);
  const Rect region =
      Clip(img, box.x - pad, box.y - pad, Right(box) + pad, Bottom(box) + pad);
  OcrRequest req = LineRequest("", true);
  std::vector<std::string> texts = {
      AddressText(line),
      AddressText(ReadRegion(engine, img, region, req, box.h)),
      AddressText(RecognizeRegion(engine, img, region, req))};
  const std::string medoid = texts[Medoid(texts)];
  if (SeenTwice(texts, medoid)) return {medoid, true, texts};
  if (!engine.Knows(kChineseLarge)) return {medoid, false, texts};
  req.language = kChineseLarge;
  texts.push_back(AddressText(ReadRegion(engine, img, region, req, box.h)));
  if (SeenTwice(texts, texts.back())) return {texts.back(), true, texts};
  return {texts[Medoid(texts)], false, texts};
}

// Whether an address made of `lines` is read: every line given by two
// readings — or by two once the address's leading place name is snapped to
// the known ones (a line that differs only inside 四川省甘孜藏族自治州 is
// read).
bool AddressAgreed(const std::vector<AddressLine>& lines,
                   const std::vector<std::string>& places) {
  std::string chosen;
  for (const AddressLine& l : lines) chosen += l.text;
  std::string note;
  const std::string snapped = SnapAddressPrefix(chosen, places, &note);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].agreed) continue;
    int same = 0;
    for (const std::string& reading : lines[i].readings) {
      std::string variant;
      for (size_t j = 0; j < lines.size(); ++j)
        variant += j == i ? reading : lines[j].text;
      same += !reading.empty() &&
              SnapAddressPrefix(variant, places, &note) == snapped;
    }
    if (same < 2) return false;
  }
  return true;
}

// Whether `text` has a character that numbers a place (号, 栋, 室, 组 …):
// a line of an address does; a speck or the guilloche read as letters
// does not.
bool HasAddressUnit(const std::string& text) {
  for (char32_t c : DecodeUtf8(text)) {
    std::string ch;
    AppendUtf8(c, ch);
    if (c >= 128 && AddressUnits().find(ch) != std::string::npos) return true;
  }
  return false;
}

int DigitCountOf(const std::string& text) {
  return int(std::count_if(text.begin(), text.end(),
                           [](char c) { return c >= '0' && c <= '9'; }));
}

// An address may have lost its last line from the page read (a short line
// over the guilloche: …田林路69号附9, …长安南路78号 of …78号院2号楼4门342号):
// the band below the last line read, as wide as the lines and above the
// next row, is read as one more line when it gives two characters or more,
// read with confidence.
bool AddLineBelow(OcrEngine& engine, const GrayImage& img,
                  const std::vector<TextRow>& rows, int last_bottom,
                  std::vector<OcrResult>& lines) {
  int x0 = img.width, x1 = 0, h = 0;
  for (const OcrResult& l : lines) {
    for (const OcrChar& c : l.chars) {
      x0 = std::min(x0, c.box.x), x1 = std::max(x1, Right(c.box));
      h = std::max(h, c.box.h);
    }
  }
  if (h <= 0 || x1 <= x0) return false;
  int y1 = last_bottom + h * 17 / 10;
  for (const TextRow& row : rows) {
    if (row.box.y > last_bottom) y1 = std::min(y1, row.box.y - 1);
  }
  const Rect band = Clip(img, x0 - h / 2, last_bottom + 1, x1 + h, y1);
  if (band.h < h * 2 / 3) return false;
  OcrResult below = ReadRegion(engine, img, band, LineRequest("", true), h);
  const bool ends_in_digit =
      !lines.empty() && !lines.back().text.empty() &&
      std::isdigit(static_cast<unsigned char>(lines.back().text.back()));
  if (ends_in_digit && !HasAddressUnit(CleanCjkText(below.text))) {
    // A number left without its unit: the line below is read again as
    // units and digits only (a lone 号 over the guilloche reads as 写人).
    GrayImage inked = img;  // the guilloche's faint lines left out
    const Rect left = Clip(img, band.x, band.y, band.x + 3 * h, Bottom(band));
    for (int y = left.y; y < Bottom(left); ++y)
      for (int x = left.x; x < Right(left); ++x)
        inked.at(x, y) = inked.at(x, y) < 128 ? 0 : 255;
    below = ReadRegion(engine, inked, left, LineRequest(), h);
  }
  const std::string text = CleanCjkText(below.text);
  std::string joined;
  for (const OcrResult& l : lines) joined += CleanCjkText(l.text);
  // One character is a line only as the unit of a number left without one
  // (…田林路69号附9 above 号).
  const bool unit_of_number = CharCount(text) == 1 && ends_in_digit;
  if ((CharCount(text) < 2 && !unit_of_number) || below.confidence < 0.6 ||
      !HasAddressUnit(text))
    return false;
  // Below an address that reads complete, only what continues one: new
  // text that ends in a numbered unit (院2号楼4门342号), not a speck.
  if (CompleteAddressHasUnits(joined) &&
      (joined.find(text) != std::string::npos ||
       !CompleteAddressHasUnits(text) || DigitCountOf(text) == 0))
    return false;
  lines.push_back(std::move(below));
  return true;
}

// Whether an address ends in a unit (号, 室, 村, 组 …) or a town (镇, 乡):
// not in a city's name (四川省广安市) or a word cut short (福建省厦门市中).
bool EndsWithUnit(const std::string& address) {
  const std::vector<char32_t> cps = DecodeUtf8(address);
  if (cps.empty() || cps.back() < 128) return false;
  if (cps.back() == U'镇' || cps.back() == U'乡') return true;
  std::string last;
  AppendUtf8(cps.back(), last);
  return AddressUnits().find(last) != std::string::npos;
}

// 住址: the label's row and the rows below it, left-aligned with the value,
// until the number's row. Each line is read again at the preferred size
// (the page read drops digits of house numbers); the lines so read are
// kept when they give at least as many characters.
void ReadAddressByLabel(OcrEngine& engine, const GrayImage& img,
                        const std::vector<TextRow>& rows,
                        const Knowledge& known, FieldCollector& out) {
  const std::optional<LabelHit> hit = FindAnyLabel(rows, kAddressLabels);
  if (!hit) {
    return out.Add("address", std::nullopt, 0, "", "住址 label not found");
  }
  const Rect label = SpanBox(rows[hit->row], hit->begin, hit->end);
  const int h = std::max(8, label.h);
  std::vector<OcrResult> lines = {CharsAfter(rows[hit->row], *hit)};
  int last_bottom = Bottom(rows[hit->row].box);
  for (int r = hit->row + 1; r < int(rows.size()) && r <= hit->row + 4; ++r) {
    if (FindAnyLabel({rows[r]}, kIdLabels) || DigitCount(rows[r]) >= 15) break;
    if (rows[r].box.y - last_bottom > 2 * h) break;
    OcrResult line;
    for (const OcrChar& c : rows[r].chars) {
      if (c.box.x < Right(label) - h / 2) continue;
      line.chars.push_back(c);
      line.text += c.text;
    }
    if (line.chars.empty()) continue;
    last_bottom = Bottom(rows[r].box);
    lines.push_back(std::move(line));
  }
  std::string page_text, best_text;
  std::vector<AddressLine> read;
  double sum = 0;
  int n = 0;
  auto take = [&](const OcrResult& line) {
    page_text += line.text;
    if (line.chars.empty()) return;
    for (const OcrChar& c : line.chars) sum += c.confidence, ++n;
    read.push_back(BestAddressLine(engine, img, line));
    best_text += read.back().text;
  };
  for (const OcrResult& line : lines) take(line);
  // Read last, once the lines found are: a line found below only adds.
  if (lines.size() < 4 && AddLineBelow(engine, img, rows, last_bottom, lines))
    take(lines.back());
  std::string note;
  const std::string address = SnapAddressPrefix(best_text, known.places, &note);
  double confidence = n ? sum / n : 0;
  if (!CompleteAddressHasUnits(address)) {
    confidence = std::min(confidence, out.threshold() * 0.9);
    note = "a number without its unit (号, 栋, 室 ...): misread";
  } else if (!EndsWithUnit(address)) {
    confidence = std::min(confidence, out.threshold() * 0.9);
    note = "the end is no house number or unit: lost";
  } else if (!AddressAgreed(read, known.places)) {
    confidence = std::min(confidence, out.threshold() * 0.9);
    note = "no two readings of a line agree";
  } else if (!StartsWithProvince(address, known.places)) {
    confidence = std::min(confidence, out.threshold() * 0.9);
    note = "the start is no province: lost or misread";
  }
  out.Add("address",
          CharCount(address) >= 6 ? std::optional(address) : std::nullopt,
          confidence, page_text, note);
}

// How many digits of two dates "YYYYMMDD" differ (9 when one is not a
// date).
int DigitsApart(const std::string& a, const std::string& b) {
  if (a.size() != 8 || b.size() != 8) return 9;
  int n = 0;
  for (size_t i = 0; i < 8; ++i) n += a[i] != b[i];
  return n;
}

// What the front's other fields say about its number: the address as kept,
// else as read (a misread house number still names the county).
CardFacts FrontFacts(const Knowledge& known, const std::string& birth,
                     const FieldCollector& card) {
  CardFacts facts;
  facts.birth = birth;
  if (const FieldReading* sex = card.Find("sex"))
    facts.sex = sex->value == "男" ? 'M' : 'F';
  const FieldReading* address = card.Find("address");
  std::string text = address ? address->value : "";
  for (const FieldReading& f : card.rejected()) {
    if (text.empty() && f.name == "address") text = f.value;
  }
  if (!text.empty()) facts.divisions = DivisionsNamedBy(known, text);
  return facts;
}

void ReadIdByLabel(OcrEngine& engine, const GrayImage& img,
                   const std::vector<TextRow>& rows, const Knowledge& known,
                   const ReadHints& hints,
                   const std::optional<std::string>& birth,
                   const FieldCollector& card, FieldCollector& out) {
  const std::optional<LabelHit> hit = IdRow(rows);
  if (!hit) {
    return out.Add("id_number", std::nullopt, 0, "", "no number found");
  }
  std::string hint;
  if (birth) {
    for (char c : *birth) {
      if (c != '-') hint += c;
    }
  }
  const CardFacts facts = FrontFacts(known, hint, card);
  IdNumberReading id =
      ReadIdInRow(engine, img, rows[hit->row], hit->end,
                  int(rows[hit->row].chars.size()), known, hints, hint, &facts);
  // A number read as it is, passing its check, outweighs a 出生 line one
  // digit away from it (8 for 9, a lost digit): the line is the misread.
  if (!(id.valid && id.note.empty() && id.confidence >= 0.9 &&
        DigitsApart(id.value.substr(6, 8), hint) == 1))
    DistrustIfBirthDiffers(id, hint);
  out.Add("id_number", id.valid ? std::optional(id.value) : std::nullopt,
          id.confidence, id.raw, id.note);
}

// --- back fields ----------------------------------------------------------

void ReadAuthorityByLabel(OcrEngine& engine, const GrayImage& img,
                          const std::vector<TextRow>& rows,
                          const Knowledge& known, const ReadHints& hints,
                          FieldCollector& out) {
  const std::optional<LabelHit> hit = FindAnyLabel(rows, kAuthorityLabels);
  if (!hit) {
    return out.Add("authority", std::nullopt, 0, "",
                   "签发机关 label not found");
  }
  const TextRow& row = rows[hit->row];
  OcrRequest req = LineRequest("", true);
  const Rect region = ValueRegion(img, rows, *hit, -1, 14);
  const Rect value_box = SpanBox(row, hit->end, int(row.chars.size()));
  std::vector<OcrResult> readings = {
      ReadRegion(engine, img, region, req, value_box.h), CharsAfter(row, *hit)};
  const std::string division = hints.id_number.substr(0, 6);
  if (!known.authorities.empty()) {
    // A name read exactly is taken from one reading; one snapped from
    // among all the known ones needs two (a third size is read only then).
    std::vector<std::optional<KnownMatch>> matches;
    for (size_t i = 0; i < 3; ++i) {
      if (i == 2) {
        readings.push_back(
            ReadRegion(engine, img, region, req,
                       value_box.h > 0 ? value_box.h * 5 / 7 : 0));
      }
      matches.push_back(known.authorities.Snap(readings[i], division));
      const std::optional<KnownMatch> m = TrustedMatch(matches);
      if (m) {
        return out.Add("authority", m->value, m->confidence, readings[i].text,
                       m->note);
      }
    }
    for (const auto& m : matches) {
      if (!m) continue;
      return out.Add("authority", std::nullopt, m->confidence, readings[0].text,
                     "snapped once to " + m->value + "; no reading agrees");
    }
  }
  // No list to snap to: a name of the authority's shape.
  for (const OcrResult& r : readings) {
    const std::string text = CleanCjkText(r.text);
    const bool shaped = known.authorities.empty() && CharCount(text) >= 4 &&
                        std::string_view(text).ends_with("局");
    if (shaped) return out.Add("authority", text, r.confidence, r.text);
  }
  out.Add("authority", std::nullopt, readings[0].confidence, readings[0].text);
}

std::optional<std::pair<std::string, std::string>> PlausiblePeriod(
    const std::string& text) {
  auto v = ParseValidity(text);
  if (v && PlausibleValidity(v->first, v->second)) return v;
  return std::nullopt;
}

void ReadValidityByLabel(OcrEngine& engine, const GrayImage& img,
                         const std::vector<TextRow>& rows,
                         FieldCollector& out) {
  const std::optional<LabelHit> hit = FindAnyLabel(rows, kValidityLabels);
  std::optional<std::pair<std::string, std::string>> period;
  std::string raw;
  double confidence = 0;
  if (hit) {
    const OcrResult on_page = CharsAfter(rows[hit->row], *hit);
    period = PlausiblePeriod(on_page.text);
    raw = on_page.text, confidence = on_page.confidence;
    if (!period) {
      const Rect region = ValueRegion(img, rows, *hit, -1, 16);
      const OcrResult cell =
          ReadRegion(engine, img, region, LineRequest("0123456789.-长期"), 0);
      period = PlausiblePeriod(cell.text);
      raw = cell.text, confidence = cell.confidence;
    }
  }
  for (const TextRow& row : rows) {  // the pattern wherever it is
    if (period) break;
    const OcrResult all = Slice(row, 0, int(row.chars.size()));
    period = PlausiblePeriod(all.text);
    if (period) raw = all.text, confidence = all.confidence;
  }
  out.Add("valid_from", period ? std::optional(period->first) : std::nullopt,
          confidence, raw);
  out.Add("valid_to", period ? std::optional(period->second) : std::nullopt,
          confidence, raw);
}

int CountLabels(const std::vector<TextRow>& rows,
                const std::vector<std::vector<std::string>>& groups) {
  int n = 0;
  for (const auto& g : groups) n += FindAnyLabel(rows, g).has_value();
  return n;
}

// --- forms ---------------------------------------------------------------

struct FormLabel {
  const char* field;  // "" = printed text that is no field's label
  std::vector<std::string> words;
};

// Label wordings seen on provinces' forms, longest first within a field.
const FormLabel kFormLabels[] = {
    {"name", {"参保人姓名", "申请人姓名", "姓名"}},
    {"sex", {"性别"}},
    {"id_number",
     {"公民身份号码", "身份证号码", "社会保障号码", "社会保障卡号", "证件号码",
      "身份证号"}},
    {"phone", {"联系电话", "手机号码", "联系方式", "手机号", "电话"}},
    {"insured_place", {"参保统筹区", "参保地区", "参保地"}},
    {"insurance_type", {"参保险种", "险种类型", "险种"}},
    {"treatment_place",
     {"异地就医地", "拟就医地", "就医地点", "就医地区", "就医地"}},
    {"filing_type", {"备案类型", "人员类别"}},
    {"contact_address",
     {"联系地址", "现居住地址", "居住地址", "通讯地址", "现住址"}},
    {"start_date", {"备案开始日期", "开始日期", "开始时间"}},
    {"apply_date", {"申请日期", "填表日期", "日期"}},
    {"signature", {"申请人签字", "申请人签名", "签字", "签名"}},
    {"",
     {"参保地经办机构", "经办机构", "经办人", "备注", "承诺", "结束日期",
      "出生日期", "签发日期", "代办人姓名", "代办人电话", "代办人证件号码",
      "单位名称", "证件类型", "定点医疗机构"}},
};

struct FoundLabel {
  std::string field;
  LabelHit hit;
};

bool Overlaps(const LabelHit& a, const LabelHit& b) {
  return a.row == b.row && a.begin < b.end && b.begin < a.end;
}

// Every label on the page; where two overlap the longer wins (参保地 inside
// 参保地经办机构, 日期 inside 开始日期).
std::vector<FoundLabel> FindFormLabels(const std::vector<TextRow>& rows) {
  std::vector<FoundLabel> all;
  for (const FormLabel& l : kFormLabels) {
    for (const std::string& w : l.words) {
      for (const LabelHit& h : FindAllLabels(rows, w))
        all.push_back({l.field, h});
    }
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const FoundLabel& a, const FoundLabel& b) {
                     return a.hit.end - a.hit.begin > b.hit.end - b.hit.begin;
                   });
  std::vector<FoundLabel> kept;
  for (const FoundLabel& f : all) {
    const bool covered = std::any_of(
        kept.begin(), kept.end(),
        [&](const FoundLabel& k) { return Overlaps(k.hit, f.hit); });
    if (!covered) kept.push_back(f);
  }
  std::sort(kept.begin(), kept.end(),
            [](const FoundLabel& a, const FoundLabel& b) {
              return a.hit.row != b.hit.row ? a.hit.row < b.hit.row
                                            : a.hit.begin < b.hit.begin;
            });
  return kept;
}

// Where the value of `label` ends in its row: the next label's start.
int NextLabelStart(const std::vector<FoundLabel>& labels,
                   const FoundLabel& label, int row_size) {
  int end = row_size;
  for (const FoundLabel& o : labels) {
    if (o.hit.row == label.hit.row && o.hit.begin >= label.hit.end)
      end = std::min(end, o.hit.begin);
  }
  return end;
}

constexpr char kTickMarks[] = "√✓✔☑■●◼▇█×✗✘☒⊙◉";

bool IsTickMark(const std::string& c) {
  return !c.empty() &&
         std::string_view(kTickMarks).find(c) != std::string_view::npos;
}

// The rows around `label`'s row where its printed options are (a label
// in a tall cell sits beside the middle of them); all rows without one.
std::vector<TextRow> RowsNear(const std::vector<TextRow>& rows,
                              const LabelHit* label) {
  if (label == nullptr) return rows;
  const Rect box = SpanBox(rows[label->row], label->begin, label->end);
  const int h = std::max(8, box.h);
  std::vector<TextRow> near;
  for (const TextRow& r : rows) {
    const int centre = r.box.y + r.box.h / 2;
    if (centre >= box.y - 4 * h && centre <= Bottom(box) + 5 * h)
      near.push_back(r);
  }
  return near;
}

// Ink inside `check` (beside an option `h` high) that is no ruling line: a
// table's border beside an option printed as a heading is no box, and
// runs longer than a box's side are left out.
double BoxInk(const GrayImage& img, const Rect& check, int h) {
  const Rect around = Clip(img, check.x - 2 * h, check.y - 2 * h,
                           Right(check) + 2 * h, Bottom(check) + 2 * h);
  const GrayImage part = RemoveRulings(Crop(img, around), 5 * h / 2, 128);
  return InkFraction(
      part, {check.x - around.x, check.y - around.y, check.w, check.h}, 128);
}

// Ink in a signature's `zone` (its value `band` and half that again above
// and below) that is not print: the characters of rows that read as a
// printed sentence (本人承诺以上信息真实有效。) centred outside the band are
// left out; a name signed on the line is centred in it.
double SignatureInk(const GrayImage& img, const Rect& zone, const Rect& band,
                    const std::vector<TextRow>& rows) {
  GrayImage part = Crop(img, zone);
  for (const TextRow& r : rows) {
    const int centre = r.box.y + r.box.h / 2;
    if (r.chars.size() < 5 || (centre >= band.y && centre < Bottom(band)))
      continue;
    double confidence = 0;
    for (const OcrChar& c : r.chars) confidence += c.confidence;
    if (confidence / r.chars.size() < 0.6) continue;
    for (const OcrChar& c : r.chars) {
      const int x0 = std::max(0, c.box.x - zone.x - 2);
      const int y0 = std::max(0, c.box.y - zone.y - 2);
      const int x1 = std::min(part.width, Right(c.box) - zone.x + 2);
      const int y1 = std::min(part.height, Bottom(c.box) - zone.y + 2);
      for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) part.at(x, y) = 255;
    }
  }
  return InkFraction(part, {0, 0, part.width, part.height}, 128);
}

// How one printed option is marked: ink in a check box before and after
// it, in a ring around its words (a circle drawn by hand), and a tick mark
// read as a character beside it. -1: not measured.
struct OptionSeen {
  int option = 0;
  double before = -1, after = -1, ring = -1;
  double box_before = -1, box_after = -1;  // inside a box found (check_box.h)
  Rect box_before_at, box_after_at;        // where those boxes are
  int row = -1, x0 = 0, x1 = 0, cy = 0;    // where the option's words are
  bool mark = false;
};

// Ink around `span` (an option's words, `h` high, on row `own` of `rows`)
// but not on them: a hand-drawn circle's, which runs both above the words
// and below them — the lesser of the two bands' ink, so that a circle round
// the option above or below, which crosses one band only, counts for
// nothing. The characters read on other rows are left out (a blurred page's
// lines close above and below would ink both bands). Ruling lines are left
// in: they cross every option alike.
double RingInk(const GrayImage& img, const Rect& span, int h,
               const std::vector<TextRow>& rows, const TextRow& own) {
  const int x0 = span.x - h * 7 / 10, x1 = Right(span) + h * 7 / 10;
  auto band_ink = [&](const Rect& band) {
    if (band.w <= 0 || band.h <= 0) return 0.0;
    GrayImage part = Crop(img, band);
    for (const TextRow& r : rows) {
      if (&r == &own) continue;
      for (const OcrChar& c : r.chars) {
        for (int y = std::max(0, c.box.y - band.y);
             y < std::min(part.height, Bottom(c.box) - band.y); ++y)
          for (int x = std::max(0, c.box.x - band.x);
               x < std::min(part.width, Right(c.box) - band.x); ++x)
            part.at(x, y) = 255;
      }
    }
    return InkFraction(part, {0, 0, part.width, part.height}, 128);
  };
  return std::min(
      band_ink(Clip(img, x0, span.y - h * 3 / 5, x1, span.y)),
      band_ink(Clip(img, x0, Bottom(span), x1, Bottom(span) + h * 3 / 5)));
}

OptionSeen SeeOption(const GrayImage& img, const std::vector<TextRow>& rows,
                     const LabelHit& at, int h) {
  const TextRow& row = rows[at.row];
  const Rect span = SpanBox(row, at.begin, at.end);
  const int x0 = row.chars[at.begin].box.x, x1 = Right(span);
  const int cy = span.y + span.h / 2;
  OptionSeen s;
  s.before = BoxInk(
      img,
      Clip(img, x0 - h * 8 / 5, cy - h * 7 / 10, x0 - h / 10, cy + h * 7 / 10),
      h);
  s.after = BoxInk(
      img,
      Clip(img, x1 + h / 10, cy - h * 7 / 10, x1 + h * 8 / 5, cy + h * 7 / 10),
      h);
  s.ring = RingInk(img, span, h, rows, row);
  const int y0 = cy - h * 9 / 10, y1 = cy + h * 9 / 10;
  if (auto box =
          FindCheckBox(img, Clip(img, x0 - h * 17 / 10, y0, x0, y1), h, true))
    s.box_before = box->ink, s.box_before_at = box->outline;
  if (auto box = FindCheckBox(img, Clip(img, x1 + 1, y0, x1 + h * 17 / 10, y1),
                              h, false))
    s.box_after = box->ink, s.box_after_at = box->outline;
  s.x0 = x0, s.x1 = x1, s.cy = cy;
  s.mark =
      (at.begin > 0 && IsTickMark(row.chars[at.begin - 1].text)) ||
      (at.end < int(row.chars.size()) && IsTickMark(row.chars[at.end].text));
  return s;
}

// The one option whose `ink` stands out from the others' (their median),
// clearly and alone; -1 when none does.
int StandsOut(std::vector<std::pair<double, int>> ink) {
  if (ink.size() < 2) return -1;
  std::sort(ink.begin(), ink.end(), std::greater<>());
  const double base = ink[ink.size() / 2].first;
  const double top = ink[0].first;
  if (top < base + 0.06 || top < 1.3 * base) return -1;
  if (ink.size() > 2 && ink[1].first > base + (top - base) / 2) return -1;
  return ink[0].second;
}

// A hand-drawn circle's ink around one option of all that are printed,
// every one of them found (a circle often hides its option's words: one
// not found may be the circled one, its circle's edge on a neighbour): the
// option with three times the others' ring ink (their median) and clearly
// more than the next; -1 when none.
int CircledAmongAll(std::vector<std::pair<double, int>> ring) {
  if (ring.size() < 3) return -1;
  std::sort(ring.begin(), ring.end(), std::greater<>());
  const double base = ring[ring.size() / 2].first, top = ring[0].first;
  if (top < std::max(0.03, 3 * base) || ring[1].first > base + (top - base) / 3)
    return -1;
  return ring[0].second;
}

constexpr int kTooFewBoxes = -2, kSeveralInked = -3;

// A box between two options on a line is found from either side: after the
// first, or before the next (a glyph ☑ read as a character pushes the next
// option's words off its own box). Each box found takes the place of the
// neighbour's box not found, when it lies within three characters of it.
void ShareBoxesBetweenNeighbours(std::vector<OptionSeen>& seen, int h) {
  // The nearest option on the same line after `s` (`next`), or before it.
  auto neighbour = [&](const OptionSeen& s, bool next) -> OptionSeen* {
    OptionSeen* best = nullptr;
    for (OptionSeen& t : seen) {
      if (t.row != s.row || &t == &s) continue;
      if (next && t.x0 > s.x1 && (!best || t.x0 < best->x0)) best = &t;
      if (!next && t.x1 < s.x0 && (!best || t.x1 > best->x1)) best = &t;
    }
    return best;
  };
  struct Shared {
    OptionSeen* to;
    bool before;  // the box is before `to`'s words
    double ink;
    Rect at;
  };
  std::vector<Shared> shared;
  for (const OptionSeen& s : seen) {
    OptionSeen* next = neighbour(s, true);
    if (s.box_after >= 0 && next && next->box_before < 0 &&
        Right(s.box_after_at) <= next->x0 &&
        Right(s.box_after_at) >= next->x0 - 3 * h)
      shared.push_back({next, true, s.box_after, s.box_after_at});
    OptionSeen* prev = neighbour(s, false);
    if (s.box_before >= 0 && prev && prev->box_after < 0 &&
        s.box_before_at.x >= prev->x1 && s.box_before_at.x <= prev->x1 + 3 * h)
      shared.push_back({prev, false, s.box_before, s.box_before_at});
  }
  for (const Shared& b : shared) {
    double& ink = b.before ? b.to->box_before : b.to->box_after;
    Rect& at = b.before ? b.to->box_before_at : b.to->box_after_at;
    if (ink < 0) ink = b.ink, at = b.at;
  }
}

// The option whose check box is inked, of boxes found beside a third of
// the options or more, on the side most are found on (the other side of each
// line's first or last option has none, or the next option's): -1 when no box
// is inked, kSeveralInked when more than one is (a blurred page, a changed
// mind: unclear), kTooFewBoxes when too few boxes were found to say.
int InkedBox(const std::vector<OptionSeen>& seen) {
  std::vector<std::pair<double, int>> before, after;
  for (const OptionSeen& s : seen) {
    if (s.box_before >= 0) before.push_back({s.box_before, s.option});
    if (s.box_after >= 0) after.push_back({s.box_after, s.option});
  }
  std::vector<std::pair<double, int>>& ink =
      after.size() > before.size() ? after : before;
  if (ink.size() < 2 || 3 * ink.size() < seen.size()) return kTooFewBoxes;
  std::sort(ink.begin(), ink.end(), std::greater<>());
  if (ink[0].first < 0.08) return -1;
  if (ink[1].first <= std::max(0.04, ink[0].first / 3)) return ink[0].second;
  return kSeveralInked;
}

// The one option of `options` not found among those `seen` (the caller
// found no box inked and no ring), when a mark hid its words: a stretch of
// the options' lines wide enough for it — before a line's first option
// (from the options' left edge), between two options or after a line's
// last — holding clearly more ink than a printed option with its box (a
// circle round it, a filled box), the only such stretch. An option lost
// to OCR and not marked inks its stretch like the others: -1.
int HiddenByItsMark(const GrayImage& img, const std::vector<TextRow>& rows,
                    const std::vector<OptionSeen>& seen,
                    const std::vector<std::string>& options, int h) {
  if (seen.size() + 1 != options.size() || seen.size() < 3) return -1;
  std::vector<bool> found(options.size(), false);
  for (const OptionSeen& s : seen) found[s.option] = true;
  const int lost =
      int(std::find(found.begin(), found.end(), false) - found.begin());
  const int box = h * 8 / 5;
  auto ink = [&](int x0, int x1, int cy) {
    return BoxInk(img, Clip(img, x0, cy - h * 9 / 10, x1, cy + h * 9 / 10), h);
  };
  const TextRow none;  // every row's characters are left out of a ring
  auto ring = [&](int x0, int x1, int cy) {
    return RingInk(img, {x0, cy - h / 2, x1 - x0, h}, h, rows, none);
  };
  std::vector<double> printed, rings;
  int left = img.width, right = 0;
  for (const OptionSeen& s : seen) {
    printed.push_back(ink(s.x0 - box, s.x1, s.cy));
    rings.push_back(ring(s.x0 - box, s.x1, s.cy));
    left = std::min(left, s.x0 - box), right = std::max(right, s.x1);
  }
  auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
  };
  const double base = median(printed), base_ring = median(rings);
  const int wide = (CharCount(options[lost]) + 1) * h * 4 / 5;
  int stretches = 0;
  auto offer = [&](int x0, int x1, int cy) {
    if (x1 - x0 < wide) return;
    // The most inked option-wide window of the stretch.
    double most = 0, most_ring = 0;
    for (int x = x0; x + wide <= x1; x += h / 2) {
      most = std::max(most, ink(x, x + wide, cy));
      most_ring = std::max(most_ring, ring(x, x + wide, cy));
    }
    if (most >= std::max(1.25 * base, base + 0.03) ||
        most_ring >= std::max(0.03, 3 * base_ring))
      ++stretches;
  };
  for (const OptionSeen& s : seen) {
    const OptionSeen* prev = nullptr;  // the option before it on its line
    bool last = true;
    for (const OptionSeen& t : seen) {
      if (t.row != s.row || &t == &s) continue;
      if (t.x0 < s.x0 && (!prev || t.x0 > prev->x0)) prev = &t;
      if (t.x0 > s.x0) last = false;
    }
    offer(prev ? prev->x1 + h / 4 : left, s.x0 - box - h / 10, s.cy);
    if (last) offer(s.x1 + h / 4, right + box, s.cy);
  }
  return stretches == 1 ? lost : -1;
}

// Where `option` is printed in `rows`, in any of its wordings: exactly, else —
// an option of five or more characters, one of them lost or misread
// (异地安退休人员) — the best window of each row one edit away from it.
std::vector<LabelHit> FindOption(const std::vector<TextRow>& rows,
                                 const std::string& option) {
  // Another wording first: 异地转诊人员 is two edits from 异地转诊就医人员.
  for (const std::string& other : OptionWordings(option)) {
    if (other == option) continue;
    if (std::vector<LabelHit> hits = FindOption(rows, other); !hits.empty())
      return hits;
  }
  std::vector<LabelHit> hits = FindAllLabels(rows, option);
  const int n = CharCount(option);
  if (!hits.empty() || n < 5) return hits;
  for (int r = 0; r < int(rows.size()); ++r) {
    const std::vector<OcrChar>& chars = rows[r].chars;
    std::optional<LabelHit> best;
    for (int begin = 0; begin < int(chars.size()) && !best; ++begin) {
      for (int len = n - 1; len <= n + 1 && !best; ++len) {
        if (begin + len > int(chars.size())) break;
        std::string text;
        for (int i = begin; i < begin + len; ++i) text += chars[i].text;
        if (EditDistance(text, option) <= 1)
          best = LabelHit{r, begin, begin + len};
      }
    }
    if (best) hits.push_back(*best);
  }
  return hits;
}

// The option ticked among printed `options` in `rows`: a tick mark read
// beside it; else its check box holding clearly more ink than the others'
// boxes — boxes printed before the options or after them, whichever side
// every option has one on (the other side of a line's first or last option
// is blank); else a circle drawn around its words. -1 when unclear or fewer
// than two are printed.
int TickedOption(const GrayImage& img, const std::vector<TextRow>& rows,
                 const std::vector<std::string>& options) {
  std::vector<std::pair<int, LabelHit>> hits;
  std::vector<int> heights;
  for (int i = 0; i < int(options.size()); ++i) {
    for (const LabelHit& at : FindOption(rows, options[i])) {
      hits.push_back({i, at});
      for (int c = at.begin; c < at.end; ++c)
        heights.push_back(rows[at.row].chars[c].box.h);
    }
  }
  if (heights.empty()) return -1;
  // Every box measured alike: one character's height for all (a blurred
  // first character's box may be twice its size).
  std::nth_element(heights.begin(), heights.begin() + heights.size() / 2,
                   heights.end());
  const int h = std::max(6, heights[heights.size() / 2]);
  std::vector<OptionSeen> seen;
  for (int i = 0; i < int(options.size()); ++i) {
    std::optional<OptionSeen> best;  // an option printed twice: the marked
    for (const auto& [option, at] : hits) {
      if (option != i) continue;
      OptionSeen s = SeeOption(img, rows, at, h);
      s.row = at.row;
      s.option = i;
      const double ink = std::max(s.before, s.after);
      if (!best || ink > std::max(best->before, best->after)) best = s;
    }
    if (best) seen.push_back(*best);
  }
  if (seen.size() < 2) return -1;
  ShareBoxesBetweenNeighbours(seen, h);
  int marked = -1, marks = 0;
  for (const OptionSeen& s : seen) {
    if (s.mark) marked = s.option, ++marks;
  }
  if (marks == 1) return marked;
  const int inked = InkedBox(seen);
  if (inked >= 0) return inked;
  if (inked == kSeveralInked) return -1;
  // Options without a box on either side (a heading) say nothing of boxes.
  std::vector<const OptionSeen*> boxed;
  for (const OptionSeen& s : seen) {
    if (std::max(s.before, s.after) > 0.02) boxed.push_back(&s);
  }
  double least_before = 1, least_after = 1;
  for (const OptionSeen* s : boxed) {
    least_before = std::min(least_before, s->before);
    least_after = std::min(least_after, s->after);
  }
  // Boxes are printed beside most options, or there are none: ink beside
  // two of five is something else (a circle round the next option).
  if (inked == kTooFewBoxes && boxed.size() >= 2 &&
      2 * boxed.size() > seen.size() &&
      std::max(least_before, least_after) > 0.02) {
    const bool before = least_before >= least_after;
    std::vector<std::pair<double, int>> ink;
    for (const OptionSeen* s : boxed)
      ink.push_back({before ? s->before : s->after, s->option});
    if (const int ticked = StandsOut(ink); ticked >= 0) return ticked;
  }
  std::vector<std::pair<double, int>> ring;
  for (const OptionSeen& s : seen) ring.push_back({s.ring, s.option});
  if (seen.size() == options.size()) return CircledAmongAll(ring);
  if (const int circled = StandsOut(ring); circled >= 0) return circled;
  return HiddenByItsMark(img, rows, seen, options, h);
}

int PrintedOptions(const std::vector<TextRow>& rows,
                   const std::vector<std::string>& options) {
  int n = 0;
  for (const std::string& o : options) n += !FindOption(rows, o).empty();
  return n;
}

std::vector<std::string> FilingTypeOptions() {
  return std::vector<std::string>(std::begin(kFilingTypes),
                                  std::end(kFilingTypes));
}

// 备案类型: the ticked one of the printed options, else the one written.
// Whether the cell around the characters read after `label` holds ink that
// was not read — an option circled or crossed out so that OCR lost its
// words — between the label and them, or after them up to the row's next
// character (at most twelve characters on): what was read may be one
// option of several, not the answer written in the cell. Ruling lines are
// no such ink.
bool UnreadInkBeside(const GrayImage& img, const std::vector<TextRow>& rows,
                     const LabelHit* label, const OcrResult& value) {
  if (label == nullptr || value.chars.empty()) return false;
  const TextRow& row = rows[label->row];
  const Rect lab = SpanBox(row, label->begin, label->end);
  const int h = std::max(8, lab.h);
  auto inked = [&](int x0, int x1) {
    if (x1 - x0 < 2 * h) return false;
    return BoxInk(img, Clip(img, x0, lab.y - h / 4, x1, Bottom(lab) + h / 4),
                  h) > 0.03;
  };
  const int end = Right(value.chars.back().box);
  int next = end + 12 * h;
  for (const OcrChar& c : row.chars) {
    if (c.box.x > end) next = std::min(next, c.box.x);
  }
  return inked(Right(lab) + h / 2, value.chars[0].box.x - h / 2) ||
         inked(end + h / 2, next - h / 2);
}

std::optional<std::string> FilingTypeFrom(const GrayImage& img,
                                          const std::vector<TextRow>& rows,
                                          const LabelHit* label,
                                          const OcrResult& value) {
  const std::vector<std::string> options = FilingTypeOptions();
  const std::vector<TextRow> near = RowsNear(rows, label);
  if (PrintedOptions(near, options) >= 2) {
    const int ticked = TickedOption(img, near, options);
    if (ticked >= 0) return options[ticked];
    return std::nullopt;
  }
  if (UnreadInkBeside(img, rows, label, value)) return std::nullopt;
  return ParseFilingType(value.text);
}

// Words that name an insurance: not 居民身份证 (an ID type, printed on most
// forms), not 职工 alone (an employer's staff).
const std::vector<std::string> kWorkerInsurance = {"职工基本", "职工医保",
                                                   "职工医疗"};
const std::vector<std::string> kResidentInsurance = {"城乡居民", "居民基本",
                                                     "居民医保", "居民医疗"};
const std::vector<std::string> kInsuranceOptions = {
    "职工基本医疗保险", "城乡居民基本医疗保险", "职工医保", "居民医保"};

// How many insurance options `text` prints: its …保 endings (医保, 保险).
int OptionsPrinted(const std::string& text) {
  int n = 0;
  for (size_t at = text.find("保"); at != std::string::npos;
       at = text.find("保", at + 1))
    ++n;
  return n;
}

std::optional<std::string> InsuranceTypeFrom(const GrayImage& img,
                                             const std::vector<TextRow>& rows,
                                             const LabelHit* label,
                                             const OcrResult& value) {
  const std::vector<TextRow> near = RowsNear(rows, label);
  const bool worker = FindAnyLabel(near, kWorkerInsurance).has_value();
  const bool resident = FindAnyLabel(near, kResidentInsurance).has_value();
  if (worker && resident) {  // both printed: the ticked one
    const int ticked = TickedOption(img, near, kInsuranceOptions);
    if (ticked < 0) return std::nullopt;
    return std::string(ticked % 2 == 0 ? "职工医保" : "居民医保");
  }
  if (UnreadInkBeside(img, rows, label, value)) return std::nullopt;
  // Two options printed, one of them misread (职工医保国庆保 of □职工医保
  // ■居民医保): the one read is no answer.
  if (OptionsPrinted(value.text) >= 2) return std::nullopt;
  if (label != nullptr) return ParseInsuranceType(value.text);
  if (worker != resident) return std::string(worker ? "职工医保" : "居民医保");
  return std::nullopt;
}

// 性别 on a form: the ticked one when both are printed as options.
std::optional<std::string> SexFrom(const GrayImage& img, const TextRow& row,
                                   const OcrResult& value) {
  const bool both = value.text.find("男") != std::string::npos &&
                    value.text.find("女") != std::string::npos;
  if (!both) return ParseSex(value.text);
  const int ticked = TickedOption(img, {row}, {"男", "女"});
  if (ticked < 0) return std::nullopt;
  return std::string(ticked == 0 ? "男" : "女");
}

// A form's 性别 that contradicts the form's own number is not kept: one of
// the two was misread, and the number has its check digit.
void CheckSexAgainstNumber(FieldCollector& out) {
  const FieldReading* id = out.Find("id_number");
  const FieldReading* sex = out.Find("sex");
  if (id == nullptr || sex == nullptr || id->value.size() != 18) return;
  const std::string expected = (id->value[16] - '0') % 2 ? "男" : "女";
  if (sex->value == expected) return;
  const FieldReading seen = *sex;
  std::erase_if(out.fields(),
                [](const FieldReading& f) { return f.name == "sex"; });
  out.Add("sex", std::nullopt, seen.confidence, seen.raw_text,
          "read " + seen.value + ", but the ID number says " + expected);
}

// Words that may follow a place name in the same cell when OCR merged two
// cells (参保地 ... 职工基本医疗保险).
const char* const kAfterPlace[] = {"职工", "城乡", "居民", "参保", "险种",
                                   "就医", "备案", "开始", "联系"};

// The known place `value` starts with: exact (the longest), or one
// character off when it is the whole value. What follows a place must be
// nothing or another cell's word, else the place may be cut short.
std::optional<std::string> PlaceFrom(const std::string& text,
                                     const Knowledge& known,
                                     std::string* note) {
  const std::string value = CleanCjkText(text);
  if (CharCount(value) < 3) return std::nullopt;
  if (known.places.empty()) return value;
  const std::string* longest = nullptr;
  for (const std::string& p : known.places) {
    if (value.compare(0, p.size(), p) == 0 &&
        (!longest || p.size() > longest->size()))
      longest = &p;
  }
  if (longest) {
    const std::string rest = value.substr(longest->size());
    const bool clean_end =
        rest.empty() ||
        std::any_of(std::begin(kAfterPlace), std::end(kAfterPlace),
                    [&](const char* w) { return rest.rfind(w, 0) == 0; });
    if (clean_end) return *longest;
  }
  std::optional<std::string> snapped = SnapToKnown(value, known.places);
  // 西藏自治区那 is 西藏自治区 and the start of a city misread, not the
  // province: a place the reading runs on past is not what was written.
  if (snapped && value.size() > snapped->size() &&
      value.compare(0, snapped->size(), *snapped) == 0) {
    *note = "read past the place name " + *snapped + ": " + value;
    return std::nullopt;
  }
  if (snapped) *note = "place name matched: " + value;
  return snapped;
}

// A phone number has no check digit: it is read as the page read it and
// again from its region with digits only, at two sizes, and kept when two
// readings give the same number.
void ReadPhone(OcrEngine& engine, const GrayImage& img,
               const std::vector<TextRow>& rows, const LabelHit& label, int end,
               FieldCollector& out) {
  const TextRow& row = rows[label.row];
  const OcrResult on_page = CharsAfter(row, label, end);
  const Rect region = ValueRegion(img, rows, label, end, 12);
  const Rect value_box = SpanBox(row, label.end, end);
  const int h = value_box.h;
  const OcrRequest req = LineRequest("0123456789-");
  const OcrResult readings[] = {
      on_page, ReadRegion(engine, img, region, req, h),
      ReadRegion(engine, img, region, req, h > 0 ? h * 5 / 7 : 0)};
  std::vector<std::string> seen;
  for (const OcrResult& r : readings) {
    const std::optional<std::string> phone = ParsePhone(r.text);
    if (!phone) continue;
    if (std::find(seen.begin(), seen.end(), *phone) != seen.end()) {
      return out.Add("phone", phone, std::max(r.confidence, out.threshold()),
                     r.text);
    }
    seen.push_back(*phone);
  }
  std::string note = "no two readings agree:";
  for (const std::string& s : seen) note += " " + s;
  out.Add("phone", std::nullopt, on_page.confidence, on_page.text, note);
}

// One field of the form from the characters after its label (and, when they
// do not parse, its region read again).
void ReadFormField(OcrEngine& engine, const GrayImage& img,
                   const std::vector<TextRow>& rows,
                   const std::vector<FoundLabel>& labels,
                   const FoundLabel& label, const Knowledge& known,
                   const ReadHints& hints, FieldCollector& out) {
  const std::string& f = label.field;
  const TextRow& row = rows[label.hit.row];
  const int end = NextLabelStart(labels, label, int(row.chars.size()));
  if (f == "name") {
    std::string raw;
    const NameMatch name = ReadNameAt(engine, img, rows, label.hit, end, hints,
                                      out.threshold(), &raw);
    out.Add(f, name.value, name.confidence, raw, name.note);
    if (name.agreed) out.MarkChecked(f);
    return;
  }
  if (f == "id_number") {
    IdNumberReading id =
        ReadIdInRow(engine, img, row, label.hit.end, end, known, hints, "");
    return out.Add(f, id.valid ? std::optional(id.value) : std::nullopt,
                   id.confidence, id.raw, id.note);
  }
  if (f == "signature") {
    const Rect region = PaddedValueRegion(img, row, label.hit, end, 8);
    const Rect zone = Clip(img, region.x, region.y - region.h / 2,
                           Right(region), Bottom(region) + region.h / 2);
    const bool inked = SignatureInk(img, zone, region, rows) > 0.01;
    return out.Add(f, std::string(inked ? "inked" : "empty"), 0.9, "");
  }
  if (f == "phone") return ReadPhone(engine, img, rows, label.hit, end, out);
  OcrResult value = CharsAfter(row, label.hit, end);
  auto parse = [&](const OcrResult& r,
                   std::string* note) -> std::optional<std::string> {
    if (f == "sex") return SexFrom(img, row, r);
    if (f == "start_date" || f == "apply_date") return ParseChineseDate(r.text);
    if (f == "insured_place" || f == "treatment_place")
      return PlaceFrom(r.text, known, note);
    if (f == "filing_type") return FilingTypeFrom(img, rows, &label.hit, r);
    if (f == "insurance_type")
      return InsuranceTypeFrom(img, rows, &label.hit, r);
    if (f == "contact_address") {
      if (r.chars.empty()) return std::nullopt;
      const AddressLine line = BestAddressLine(engine, img, r);
      const std::string a = SnapAddressPrefix(line.text, known.places, note);
      if (!AddressAgreed({line}, known.places)) {
        *note = "no two readings agree";
        return std::nullopt;
      }
      // …号, …室, …村: an address that stops elsewhere (福建省厦门市中)
      // lost its end.
      if (!EndsWithUnit(a)) {
        *note = "the end is no house number or unit: lost";
        return std::nullopt;
      }
      return CharCount(a) >= 6 && CompleteAddressHasUnits(a) ? std::optional(a)
                                                             : std::nullopt;
    }
    return std::nullopt;
  };
  std::string note;
  std::optional<std::string> parsed = parse(value, &note);
  if (!parsed && f != "filing_type" && f != "insurance_type") {
    OcrRequest req;
    if (f == "start_date" || f == "apply_date")
      req.whitelist = "0123456789年月日-.";
    const Rect region = ValueRegion(img, rows, label.hit, end, 12);
    const Rect value_box = SpanBox(row, label.hit.end, end);
    OcrResult again = ReadRegion(engine, img, region, req, value_box.h);
    note.clear();
    parsed = parse(again, &note);
    if (parsed) value = std::move(again);
  }
  out.Add(f, parsed, parsed ? value.confidence : 0, value.text, note);
}

}  // namespace

namespace {

// The characters of a band read again that have a character's size: a
// circle's arc or a ruling line read as one wide symbol is left out (it
// would hide the circle's ink from RingInk as print).
std::vector<OcrChar> CharacterSizedOnly(std::vector<OcrChar> chars, int h) {
  std::erase_if(chars, [h](const OcrChar& c) { return !CharacterSized(c, h); });
  return chars;
}

// Bands of `img` between `x0` and `x1` holding ink on rows no read row
// covers: [y0, y1) each, `h` high or more and at most three times that.
std::vector<std::pair<int, int>> UnreadBands(const GrayImage& img,
                                             const std::vector<TextRow>& rows,
                                             int x0, int x1, int h) {
  std::vector<bool> covered(img.height, false);
  for (const TextRow& r : rows) {
    for (int y = std::max(0, r.box.y - h / 4);
         y < std::min(img.height, Bottom(r.box) + h / 4); ++y)
      covered[y] = true;
  }
  std::vector<std::pair<int, int>> bands;
  int start = -1, last_inked = -1;
  for (int y = 0; y <= img.height; ++y) {
    bool inked = false;
    if (y < img.height && !covered[y]) {
      int dark = 0;
      for (int x = x0; x < x1; ++x) dark += img.at(x, y) < 128;
      inked = dark >= std::max(3, h / 4);
    }
    if (inked) {
      if (start < 0) start = y;
      last_inked = y;
      continue;
    }
    if (start >= 0 && y - last_inked > 2) {  // a gap of a few rows ends it
      const int height = last_inked + 1 - start;
      if (height >= h * 3 / 5 && height <= 3 * h)
        bands.push_back({start, last_inked + 1});
      start = -1;
    }
  }
  return bands;
}

}  // namespace

void RecoverLostRows(OcrEngine& engine, const GrayImage& img,
                     std::vector<TextRow>& rows) {
  const int h = MedianCharHeight(rows);
  if (rows.empty() || h <= 0) return;
  int x0 = img.width, x1 = 0;
  for (const TextRow& r : rows) {
    x0 = std::min(x0, r.box.x), x1 = std::max(x1, Right(r.box));
  }
  std::vector<TextRow> found;
  for (const auto& [y0, y1] : UnreadBands(img, rows, x0, x1, h)) {
    const Rect band = Clip(img, x0 - h / 2, y0 - h / 4, x1 + h / 2, y1 + h / 4);
    OcrResult line = ReadRegion(engine, img, band, LineRequest("", true), h);
    if (line.chars.size() < 2 || line.confidence < 0.6) continue;
    TextRow row;
    for (OcrChar& c : CharacterSizedOnly(std::move(line.chars), h)) {
      row.box = Union(row.box, c.box);
      row.chars.push_back(std::move(c));
    }
    if (!row.chars.empty()) found.push_back(std::move(row));
  }
  for (TextRow& r : found) rows.push_back(std::move(r));
  std::stable_sort(
      rows.begin(), rows.end(),
      [](const TextRow& a, const TextRow& b) { return a.box.y < b.box.y; });
}

void RecoverRowStarts(OcrEngine& engine, const GrayImage& img,
                      std::vector<TextRow>& rows) {
  const int h = MedianCharHeight(rows);
  if (rows.empty() || h <= 0) return;
  int margin = img.width;
  for (const TextRow& r : rows) margin = std::min(margin, r.box.x);
  for (TextRow& r : rows) {
    if (r.box.x - margin < h * 4 / 5) continue;
    const Rect band = Clip(img, margin - h / 2, r.box.y - h / 4,
                           r.box.x - h / 4, Bottom(r.box) + h / 4);
    const std::vector<OcrChar> left = CharacterSizedOnly(
        ReadRegion(engine, img, band, LineRequest("", true), h).chars, h);
    if (left.empty()) continue;
    r.chars.insert(r.chars.begin(), left.begin(), left.end());
    r.box = {std::min(r.box.x, band.x), r.box.y,
             Right(r.box) - std::min(r.box.x, band.x), r.box.h};
  }
}

void RecoverRowEnds(OcrEngine& engine, const GrayImage& img,
                    std::vector<TextRow>& rows) {
  // A band this inked holds more than specks or a ruling's remnant; words
  // are two CJK characters or more (a textured margin reads as letters).
  constexpr double kUnreadInk = 0.03;
  constexpr int kWords = 2;
  const int h = MedianCharHeight(rows);
  if (rows.empty() || h <= 0) return;
  int edge = 0;
  for (const TextRow& r : rows) edge = std::max(edge, Right(r.box));
  for (TextRow& r : rows) {
    if (edge - Right(r.box) < 3 * h) continue;
    const Rect band = Clip(img, Right(r.box) + h / 4, r.box.y - h / 4, edge,
                           Bottom(r.box) + h / 4);
    if (InkFraction(img, band, 128) < kUnreadInk) continue;
    const OcrResult read =
        ReadRegion(engine, img, band, LineRequest("", true), h);
    const std::vector<OcrChar> right = CharacterSizedOnly(read.chars, h);
    int cjk = 0;
    for (const OcrChar& c : right)
      cjk += !c.text.empty() && IsCjk(DecodeUtf8(c.text)[0]);
    if (cjk < kWords || read.confidence < 0.6) continue;
    for (const OcrChar& c : right) r.box = Union(r.box, c.box);
    r.chars.insert(r.chars.end(), right.begin(), right.end());
  }
}

bool PlausibleValidity(const std::string& from, const std::string& to) {
  if (from.size() != 10) return false;
  if (to == "长期") return true;
  if (to.size() != 10 || from.substr(4) != to.substr(4)) return false;
  const int years =
      std::atoi(to.substr(0, 4).c_str()) - std::atoi(from.substr(0, 4).c_str());
  return years == 5 || years == 10 || years == 20;
}

int FrontLabelCount(const std::vector<TextRow>& rows) {
  return CountLabels(rows, {kNameLabels, kSexLabels, kEthnicityLabels,
                            kBirthLabels, kAddressLabels, kIdLabels});
}

int BackLabelCount(const std::vector<TextRow>& rows) {
  return CountLabels(
      rows,
      {{"中华人民共和国"}, {"居民身份证"}, kAuthorityLabels, kValidityLabels});
}

namespace {

struct SideScores {
  double front = 0, back = 0;
};

// The words of either side, and a checked number (strong evidence; one of
// its shape with a misread digit still some) or a validity period.
SideScores CardSideScores(const std::vector<TextRow>& rows,
                          std::map<PageKind, double>& scores) {
  SideScores s;
  s.front = scores[PageKind::kIdFront] + (HasValidIdNumber(rows)    ? 2
                                          : HasIdShapedNumber(rows) ? 1
                                                                    : 0);
  s.back = scores[PageKind::kIdBack];
  for (const TextRow& row : rows) {
    if (PlausiblePeriod(RowText(row))) {
      s.back += 3;
      break;
    }
  }
  return s;
}

}  // namespace

// A date written 1971年12月14日 (digits misread or lost around it): the
// front's 出生; the back writes its dates 2016.12.18.
bool HasChineseDate(const std::vector<TextRow>& rows) {
  static const std::regex kDate(R"([0-9]年[0-9]{1,2}月[0-9]{1,2}日)");
  for (const TextRow& row : rows) {
    if (std::regex_search(RowText(row), kDate)) return true;
  }
  return false;
}

PageKind FaintCardSide(const std::vector<TextRow>& rows) {
  std::map<PageKind, double> scores = PageWords(PageText(rows)).Scores();
  SideScores s = CardSideScores(rows, scores);
  s.front += HasChineseDate(rows);
  if (s.front == s.back) return PageKind::kOther;
  return s.front > s.back ? PageKind::kIdFront : PageKind::kIdBack;
}

// Rows that read as running text: kProseRow CJK characters or more. No
// line of an ID card is that long (its longest, an address line or a
// 签发机关 with its label, has under 18); a letter's lines are, and so is a
// note written across a copy (此复印件仅供办理异地就医备案使用), but that is
// one line.
int ProseRows(const std::vector<TextRow>& rows) {
  constexpr int kProseRow = 22;
  int n = 0;
  for (const TextRow& row : rows) {
    int cjk = 0;
    for (char32_t c : DecodeUtf8(RowText(row))) cjk += IsCjk(c);
    n += cjk >= kProseRow;
  }
  return n;
}

KindGuess ClassifyRows(const std::vector<TextRow>& rows) {
  const PageWords words(PageText(rows));
  std::map<PageKind, double> scores = words.Scores();
  const auto [front, back] = CardSideScores(rows, scores);
  KindGuess other;  // the best of the documents that are not a card side
  KindGuess proof;  // the best of those that are not the form either
  for (const auto& [kind, score] : scores) {
    if (kind == PageKind::kIdFront || kind == PageKind::kIdBack) continue;
    if (score > other.score) other.kind = kind, other.score = score;
    if (kind != PageKind::kForm && score > proof.score)
      proof.kind = kind, proof.score = score;
  }
  // A proof's title (常住人口登记卡, 居住证, 转诊证明 ...) is never printed on
  // an ID card, while the proof repeats the card's labels and number: with
  // its title the page is the proof, unless both sides of a card are there
  // (a 居住证 prints both sides' labels, but not the card's 居民身份证).
  const bool both_sides = front >= 3 && back >= 3;
  const bool card_title = words.Contains("居民身份证");
  const bool proof_title = other.score >= 4 && other.kind != PageKind::kForm &&
                           !(both_sides && card_title);
  // Two words no card prints (患者, 户主, 证明 ...), or two lines of running
  // text: another document, unless it shows both sides of a card under the
  // card's own title.
  const bool no_card =
      (words.NeverOnACardCount() >= 2 || ProseRows(rows) >= 2) &&
      !(both_sides && card_title);
  KindGuess g;
  if (other.score >= 4 &&
      (other.score >= std::max(front, back) || proof_title)) {
    g = other;
  } else if (no_card) {
    // A form weighs as much as ever (its title or four of its labels): a
    // proof's few words shared with it (参保地, 就医地) are not enough, and
    // then the proof's own words (承诺人) say what it is.
    if (other.score >= (other.kind == PageKind::kForm ? 4 : 2)) {
      g = other;
    } else if (proof.score >= 2) {
      g = proof;
    }
  } else if (both_sides) {
    g.kind = PageKind::kIdBoth, g.score = front + back;
  } else if (std::max(front, back) >= 2) {
    g.kind = front >= back ? PageKind::kIdFront : PageKind::kIdBack;
    g.score = std::max(front, back);
  } else if (other.score >= 2) {
    g = other;
  }
  if (g.kind != PageKind::kOther) g.confidence = std::min(1.0, g.score / 6);
  return g;
}

namespace {

// A row that reads like the 出生 line: 年 and 月 after at least three digits.
bool LooksLikeBirthLine(const TextRow& row) {
  const std::string text = RowText(row);
  const size_t year = text.find("年");
  return year != std::string::npos && text.find("月") > year &&
         text.find("月") != std::string::npos && DigitCount(row) >= 3;
}

// `label` put back at the start of `row`, left of its first character, as
// if it had been read there (it has no confidence of its own) — or, when
// the row starts right of `value_column` (where the other rows' values
// start: 性别 and its value lost, the row read from 民族 on), ending half a
// character before that column.
void PutLabel(TextRow& row, const std::string& label, int value_column = -1) {
  // Read with one of its two characters wrong (住站): the label is there.
  if (label.size() == 6 && row.chars.size() > 2 &&
      (row.chars[0].text == label.substr(0, 3)) !=
          (row.chars[1].text == label.substr(3, 3))) {
    row.chars[0].text = label.substr(0, 3);
    row.chars[1].text = label.substr(3, 3);
    return;
  }
  const int h = std::max(8, row.box.h);
  // Read without its first character (the 住 of a letter-spaced 住 址 lost,
  // 址 read at the row's start): the first is put back before the second.
  if (label.size() == 6 && !row.chars.empty() &&
      row.chars[0].text == label.substr(3, 3)) {
    OcrChar first;
    first.text = label.substr(0, 3);
    first.box = {std::max(0, row.chars[0].box.x - h), row.box.y, h, row.box.h};
    row.chars.insert(row.chars.begin(), std::move(first));
    return;
  }
  std::vector<OcrChar> chars;
  const int width = h * (int(label.size()) / 3 + 1);
  int x = row.box.x - width;
  if (value_column >= 0 && value_column + h < row.box.x)
    x = value_column - h / 2 - h / 3 - (width - h);
  for (size_t i = 0; i + 3 <= label.size(); i += 3) {
    OcrChar c;
    c.text = label.substr(i, 3);
    c.box = {std::max(0, x), row.box.y, h, row.box.h};
    x += h;
    chars.push_back(std::move(c));
  }
  row.chars.insert(row.chars.begin(), chars.begin(), chars.end());
}

bool Found(const std::vector<TextRow>& rows,
           const std::vector<std::string>& labels) {
  return FindAnyLabel(rows, labels).has_value();
}

// Where the 出生 line's value starts (its row's start when its label was
// not read).
int ValueColumn(const std::vector<TextRow>& rows, int birth) {
  const std::optional<LabelHit> hit = FindAnyLabel({rows[birth]}, kBirthLabels);
  const TextRow& row = rows[birth];
  if (hit && hit->end < int(row.chars.size())) return row.chars[hit->end].box.x;
  return row.box.x;
}

}  // namespace

std::vector<TextRow> RestoreFrontLabels(std::vector<TextRow> rows) {
  const std::optional<LabelHit> id = IdRow(rows);
  if (!id) return rows;
  int birth = -1;
  for (int r = id->row - 1; r >= 0 && r >= id->row - 6; --r) {
    if (LooksLikeBirthLine(rows[r])) {
      birth = r;
      break;
    }
  }
  if (birth < 0) return rows;
  const bool has_birth = Found(rows, kBirthLabels);
  const bool has_address = Found(rows, kAddressLabels);
  const bool has_sex = Found(rows, kSexLabels);
  const bool has_name = Found(rows, kNameLabels);
  if (!has_address && birth + 1 < id->row) PutLabel(rows[birth + 1], "住址");
  if (!has_birth) PutLabel(rows[birth], "出生");
  int sex = -1;
  if (const auto eth = FindAnyLabel(rows, kEthnicityLabels)) {
    sex = eth->row;
  } else if (birth > 0 && ParseSex(RowText(rows[birth - 1]))) {
    sex = birth - 1;
  }
  if (sex < 0) return rows;
  if (!has_sex) PutLabel(rows[sex], "性别", ValueColumn(rows, birth));
  if (!has_name && sex > 0 && sex == birth - 1) PutLabel(rows[sex - 1], "姓名");
  return rows;
}

namespace {

// The name's line when neither it nor its label was read: read again from
// the band above the 性别 line, where the front prints the name.
void ReadNameLineAbove(OcrEngine& engine, const GrayImage& img,
                       std::vector<TextRow>& rows) {
  if (Found(rows, kNameLabels)) return;
  const std::optional<LabelHit> sex = FindAnyLabel(rows, kSexLabels);
  if (!sex) return;
  const TextRow& s = rows[sex->row];
  const int h = std::max(8, s.box.h);
  if (sex->row > 0 && Bottom(rows[sex->row - 1].box) > s.box.y - 3 * h) return;
  const Rect value = SpanBox(s, sex->end, int(s.chars.size()));
  const int x0 =
      value.w > 0 ? value.x : Right(SpanBox(s, sex->begin, sex->end));
  const Rect band =
      Clip(img, x0 - h / 2, s.box.y - 3 * h, x0 + 8 * h, s.box.y - h / 3);
  const OcrResult read =
      ReadRegion(engine, img, band, LineRequest("", true), h);
  TextRow row;
  for (const OcrChar& c : read.chars) {
    if (c.box.w <= 0 || c.box.h <= 0) continue;
    row.box = Union(row.box, c.box);
    row.chars.push_back(c);
  }
  if (row.chars.empty()) return;
  PutLabel(row, "姓名");
  rows.insert(rows.begin() + sex->row, std::move(row));
}

}  // namespace

void ReadFrontByLabels(OcrEngine& engine, const GrayImage& img,
                       const std::vector<TextRow>& read_rows,
                       const Knowledge& known, const ReadHints& hints,
                       FieldCollector& out) {
  std::vector<TextRow> rows = RestoreFrontLabels(read_rows);
  ReadNameLineAbove(engine, img, rows);
  ReadNameByLabel(engine, img, rows, hints, out.threshold(), out);
  ReadSexByLabel(engine, img, rows, out);
  ReadEthnicityByLabel(engine, img, rows, out);
  const BirthReading birth = ReadBirthLine(engine, img, rows);
  ReadAddressByLabel(engine, img, rows, known, out);
  FieldCollector id(out.threshold());
  ReadIdByLabel(engine, img, rows, known, hints,
                BirthHint(birth, out.threshold()), out, id);
  AddBirth(birth, &id, out);
  for (FieldReading& f : id.fields()) out.fields().push_back(std::move(f));
  for (FieldReading& f : id.rejected()) out.rejected().push_back(std::move(f));
  for (Problem& p : id.problems()) out.problems().push_back(std::move(p));
}

void ReadBackByLabels(OcrEngine& engine, const GrayImage& img,
                      const std::vector<TextRow>& rows, const Knowledge& known,
                      const ReadHints& hints, FieldCollector& out) {
  ReadAuthorityByLabel(engine, img, rows, known, hints, out);
  ReadValidityByLabel(engine, img, rows, out);
}

namespace {

// The one mobile number on a page whose phone label was not read: a run of
// exactly 11 digits 1[3-9]... standing alone (not inside a longer number).
// Nullopt when there is none or more than one different.
std::optional<std::string> OnlyMobileNumber(const std::vector<TextRow>& rows) {
  std::optional<std::string> found;
  for (const TextRow& row : rows) {
    const std::string text = FoldDigits(RowText(row)) + " ";
    std::string run;
    for (char c : text) {
      if (c >= '0' && c <= '9') {
        run += c;
        continue;
      }
      const bool mobile = run.size() == 11 && ParsePhone(run).has_value();
      if (mobile && found && *found != run) return std::nullopt;
      if (mobile) found = run;
      run.clear();
    }
  }
  return found;
}

// Fields whose label was not read, found by what they look like: the one
// valid ID number on the page, the one mobile number, the ticked 备案类型
// and 参保险种 options.
void ReadUnlabelled(OcrEngine& engine, const GrayImage& img,
                    const std::vector<TextRow>& rows, const Knowledge& known,
                    const ReadHints& hints,
                    const std::map<std::string, FieldReading>& failed,
                    std::vector<std::string>& done, FieldCollector& out) {
  const bool phone_labelled = failed.count("phone") > 0;
  auto missing = [&](const char* f) {
    return std::find(done.begin(), done.end(), f) == done.end();
  };
  if (missing("id_number")) {
    for (const TextRow& row : rows) {
      if (DigitCount(row) < 17) continue;
      const IdNumberReading id = ReadIdInRow(
          engine, img, row, 0, int(row.chars.size()), known, hints, "");
      if (!id.valid || id.confidence < out.threshold()) continue;
      out.Add("id_number", id.value, id.confidence, id.raw,
              "number found without its label");
      done.push_back("id_number");
      break;
    }
  }
  if (missing("phone") && !phone_labelled) {
    if (std::optional<std::string> phone = OnlyMobileNumber(rows)) {
      out.Add("phone", phone, out.threshold(), *phone,
              "the page's one mobile number, found without its label");
      done.push_back("phone");
    }
  }
  if (missing("filing_type")) {
    if (auto t = FilingTypeFrom(img, rows, nullptr, OcrResult{})) {
      out.Add("filing_type", t, 0.9, "",
              "ticked option found without its label");
      done.push_back("filing_type");
    }
  }
  // An insurance whose label was read and its cell not understood (one
  // option read, others lost) is not taken from anywhere on the page.
  if (missing("insurance_type") && !failed.count("insurance_type")) {
    if (auto t = InsuranceTypeFrom(img, rows, nullptr, OcrResult{})) {
      out.Add("insurance_type", t, 0.9, "", "found without its label");
      done.push_back("insurance_type");
    }
  }
}

// An ID number written one digit a box: the page read loses such a row
// (its boxes' sides taken for a picture, or read as digits). Each row of
// fifteen boxes or more is read again with the sides painted out, and its
// number taken when it passes the check digit whole with a known division
// code, or is the subject's.
bool ReadBoxedNumber(OcrEngine& engine, const GrayImage& img,
                     const std::vector<TextRow>& rows, const Knowledge& known,
                     const ReadHints& hints, FieldCollector& out) {
  for (const BoxRow& row : FindBoxRows(img, MedianCharHeight(rows), 15)) {
    const GrayImage band = WithoutSides(img, row);
    const OcrResult read =
        ReadRegion(engine, band, {0, 0, band.width, band.height},
                   LineRequest(kIdWhitelist, true), band.height / 2);
    IdVote vote(known, hints, "");
    if (!vote.Offer(ToIdChars(read))) continue;
    out.Add("id_number", vote.best().value, vote.best().confidence,
            vote.best().raw, "written in boxes");
    return true;
  }
  return false;
}

// A place labelled twice (参保统筹区：北京市 above the table, 参保地
// 北京市东城区 in it): the later label's reading replaces the one kept when it
// names a place inside it.
void RefinePlace(OcrEngine& engine, const GrayImage& img,
                 const std::vector<TextRow>& rows,
                 const std::vector<FoundLabel>& labels, const FoundLabel& label,
                 const Knowledge& known, const ReadHints& hints,
                 FieldCollector& out) {
  if (label.field != "insured_place" && label.field != "treatment_place")
    return;
  FieldCollector one(out.threshold());
  ReadFormField(engine, img, rows, labels, label, known, hints, one);
  if (one.fields().empty()) return;
  const FieldReading& inner = one.fields().front();
  for (FieldReading& kept : out.fields()) {
    if (kept.name == inner.name && inner.value.size() > kept.value.size() &&
        inner.value.starts_with(kept.value))
      kept = inner;
  }
}
}  // namespace

void ReadFormByLabels(OcrEngine& engine, const GrayImage& img,
                      const std::vector<TextRow>& rows, const Knowledge& known,
                      const ReadHints& hints, FieldCollector& out) {
  const std::vector<FoundLabel> labels = FindFormLabels(rows);
  std::map<std::string, FieldReading> failed;
  std::vector<std::string> done;
  for (const FoundLabel& l : labels) {
    if (l.field.empty()) continue;
    if (std::find(done.begin(), done.end(), l.field) != done.end()) {
      RefinePlace(engine, img, rows, labels, l, known, hints, out);
      continue;
    }
    FieldCollector one(out.threshold());
    ReadFormField(engine, img, rows, labels, l, known, hints, one);
    if (one.fields().empty()) {  // a later label of this field may read
      if (!one.rejected().empty() && !failed.count(l.field))
        failed[l.field] = one.rejected().front();
      continue;
    }
    done.push_back(l.field);
    out.fields().push_back(std::move(one.fields().front()));
  }
  ReadUnlabelled(engine, img, rows, known, hints, failed, done, out);
  if (std::find(done.begin(), done.end(), "id_number") == done.end() &&
      ReadBoxedNumber(engine, img, rows, known, hints, out))
    done.push_back("id_number");
  CheckSexAgainstNumber(out);
  for (const char* core : {"name", "id_number", "phone", "insured_place",
                           "treatment_place", "filing_type"}) {
    if (std::find(done.begin(), done.end(), core) != done.end()) continue;
    auto f = failed.find(core);
    if (f == failed.end()) {
      out.Add(core, std::nullopt, 0, "", "label not found");
    } else {
      out.Add(core, std::nullopt, f->second.confidence, f->second.raw_text,
              f->second.note);
    }
  }
}

}  // namespace beian::ocr
