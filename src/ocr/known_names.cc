#include "known_names.h"

#include <algorithm>

#include "beian/base/text.h"
#include "field_collector.h"
#include "field_parsers.h"

namespace beian::ocr {
namespace {

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t tab = line.find('\t', start);
    parts.push_back(line.substr(start, tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  parts.resize(4);
  return parts;
}

bool EndsWith(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() &&
         s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The CJK characters of an OCR result with their alternatives.
std::vector<const OcrChar*> CjkChars(const OcrResult& r) {
  std::vector<const OcrChar*> out;
  for (const OcrChar& c : r.chars) {
    if (CharCount(CleanCjkText(c.text)) == 1) out.push_back(&c);
  }
  return out;
}

// Whether `candidate` has the reading's length and every character that
// differs (at most `max_repairs`) is one of OCR's alternatives there.
bool ExplainedByAlternatives(const std::vector<const OcrChar*>& chars,
                             const std::string& candidate,
                             int max_repairs = 3) {
  const std::vector<char32_t> want = DecodeUtf8(CleanCjkText(candidate));
  if (want.size() != chars.size()) return false;
  int repairs = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    const std::vector<char32_t> got = DecodeUtf8(chars[i]->text);
    if (got.size() == 1 && got[0] == want[i]) continue;
    bool found = false;
    for (const auto& [alt, conf] : chars[i]->alternatives) {
      const std::vector<char32_t> a = DecodeUtf8(alt);
      if (a.size() == 1 && a[0] == want[i]) found = true;
    }
    if (!found || ++repairs > max_repairs) return false;
  }
  return true;
}

// The one name of `names` that `pred` accepts; nullopt when none or several.
template <typename Pred>
std::optional<std::string> Unique(const std::vector<std::string>& names,
                                  Pred pred) {
  std::optional<std::string> found;
  for (const std::string& n : names) {
    if (!pred(n)) continue;
    if (found && *found != n) return std::nullopt;
    found = n;
  }
  return found;
}

// The one nearest name within `limit` edits (ties: nullopt).
std::optional<std::string> Nearest(const std::string& reading,
                                   const std::vector<std::string>& names,
                                   int limit) {
  int best = limit + 1, count = 0;
  std::string pick;
  for (const std::string& n : names) {
    const int d = EditDistance(reading, n);
    if (d < best) {
      best = d, count = 1, pick = n;
    } else if (d == best && n != pick) {
      ++count;
    }
  }
  if (best > limit || count != 1) return std::nullopt;
  return pick;
}

}  // namespace

std::optional<std::string> SnapByAlternatives(
    const OcrResult& read, const std::vector<std::string>& vocabulary,
    int max_repairs) {
  const std::vector<const OcrChar*> chars = CjkChars(read);
  if (chars.empty()) return std::nullopt;
  return Unique(vocabulary, [&](const std::string& name) {
    return ExplainedByAlternatives(chars, name, max_repairs);
  });
}

bool ClaimFitsReading(const OcrResult& read, const std::string& claim,
                      int max_repairs) {
  if (CharCount(CleanCjkText(claim)) < 2) return false;
  return ExplainedByAlternatives(CjkChars(read), claim, max_repairs);
}

NameMatch MatchName(const OcrResult& read, const std::string& claim) {
  NameMatch m{CleanName(read.text), MinConfidence(read), ""};
  if (claim.empty() || !ClaimFitsReading(read, claim, 1)) return m;
  const bool same = CleanCjkText(read.text) == CleanCjkText(claim);
  m.confidence = std::max(m.confidence, same ? 0.95 : 0.9);
  if (!same) {
    m.note = "name read as " + CleanCjkText(read.text) +
             "; the subject's 姓名 is among OCR's alternatives";
  }
  m.value = claim;
  return m;
}

std::vector<std::string> PlaceNamesFromDivisions(std::string_view tsv) {
  std::vector<std::string> names;
  for (const DivisionRow& r : ParseDivisionRows(tsv)) {
    const std::string city =
        r.city.find("直辖") != std::string::npos ? "" : r.city;
    names.push_back(r.province + city + r.county);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::vector<std::string> DivisionCodes(const std::vector<DivisionRow>& rows) {
  std::vector<std::string> codes;
  for (const DivisionRow& r : rows) {
    if (r.code.size() == 6) codes.push_back(r.code);
  }
  std::sort(codes.begin(), codes.end());
  return codes;
}

std::vector<DivisionRow> ParseDivisionRows(std::string_view tsv) {
  std::vector<DivisionRow> rows;
  while (!tsv.empty()) {
    const size_t eol = tsv.find('\n');
    const std::string_view line = tsv.substr(0, eol);
    tsv = eol == std::string_view::npos ? "" : tsv.substr(eol + 1);
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string_view> p = SplitTabs(line);
    rows.push_back({std::string(p[0]), std::string(p[1]), std::string(p[2]),
                    std::string(p[3])});
  }
  return rows;
}

AuthorityBook::AuthorityBook(const std::vector<DivisionRow>& rows) {
  for (const DivisionRow& r : rows) {
    const bool direct = r.city.empty() ||
                        r.city.find("直辖") != std::string::npos ||
                        r.city == "县";
    if (r.county.empty()) {
      if (!direct && r.code.size() == 6)
        Add(r.code.substr(0, 4), r.city + "公安局");
      continue;
    }
    if (EndsWith(r.county, "区")) {
      const std::string top = (direct ? r.province : r.city) + "公安局";
      const std::string stem = r.county.substr(0, r.county.size() - 3);
      if (CharCount(stem) >= 2) Add(r.code, top + stem + "分局");
      Add(r.code, top + r.county + "分局");
    } else {
      Add(r.code, r.county + "公安局");
    }
  }
  std::sort(all_.begin(), all_.end());
  all_.erase(std::unique(all_.begin(), all_.end()), all_.end());
}

void AuthorityBook::Add(const std::string& code, const std::string& name) {
  all_.push_back(name);
  by_code_[code].push_back(name);
}

std::vector<std::string> AuthorityBook::ForCode(std::string_view code) const {
  std::vector<std::string> out;
  if (code.size() < 6) return out;
  for (const std::string& key :
       {std::string(code.substr(0, 6)), std::string(code.substr(0, 4))}) {
    auto it = by_code_.find(key);
    if (it != by_code_.end())
      out.insert(out.end(), it->second.begin(), it->second.end());
  }
  return out;
}

std::optional<KnownMatch> AuthorityBook::Snap(
    const OcrResult& read, std::string_view division_code) const {
  const std::string reading = CleanCjkText(read.text);
  if (CharCount(reading) < 4) return std::nullopt;
  if (std::binary_search(all_.begin(), all_.end(), reading)) {
    return KnownMatch{reading, read.confidence, "", true};
  }
  const std::vector<std::string> expected = ForCode(division_code);
  const std::vector<const OcrChar*> chars = CjkChars(read);
  const auto explained = [&](const std::string& n) {
    return ExplainedByAlternatives(chars, n);
  };
  const std::string note = "签发机关 read as " + reading;
  if (auto m = Unique(expected, explained)) {
    return KnownMatch{*m, std::max(read.confidence, 0.9), note, true};
  }
  if (auto m = Unique(all_, explained)) {
    return KnownMatch{*m, std::min(read.confidence, 0.9), note};
  }
  if (auto m = Nearest(reading, expected, 2)) {
    return KnownMatch{*m, std::min(read.confidence, 0.85), note, true};
  }
  const int limit = CharCount(reading) >= 8 ? 2 : 1;
  if (auto m = Nearest(reading, all_, limit)) {
    return KnownMatch{*m, std::min(read.confidence, 0.8), note};
  }
  return std::nullopt;
}

std::optional<KnownMatch> TrustedMatch(
    const std::vector<std::optional<KnownMatch>>& matches) {
  for (const auto& m : matches) {
    if (m && m->alone) return m;
  }
  for (size_t i = 0; i < matches.size(); ++i) {
    for (size_t j = i + 1; j < matches.size(); ++j) {
      if (matches[i] && matches[j] && matches[i]->value == matches[j]->value)
        return matches[i];
    }
  }
  return std::nullopt;
}

Knowledge KnowledgeFromDivisions(std::string_view tsv) {
  const std::vector<DivisionRow> rows = ParseDivisionRows(tsv);
  Knowledge k;
  k.places = PlaceNamesFromDivisions(tsv);
  k.authorities = AuthorityBook(rows);
  k.division_codes = DivisionCodes(rows);
  for (const DivisionRow& r : rows) {
    if (r.code.size() == 6) k.divisions.push_back(r);
  }
  std::sort(k.divisions.begin(), k.divisions.end(),
            [](const DivisionRow& a, const DivisionRow& b) {
              return a.code < b.code;
            });
  return k;
}

const DivisionRow* FindDivision(const Knowledge& known, std::string_view code) {
  const auto it = std::lower_bound(
      known.divisions.begin(), known.divisions.end(), code,
      [](const DivisionRow& r, std::string_view c) { return r.code < c; });
  return it != known.divisions.end() && it->code == code ? &*it : nullptr;
}

std::vector<std::string> DivisionsNamedBy(const Knowledge& known,
                                          std::string_view address) {
  std::vector<std::string> codes;
  for (const DivisionRow& r : known.divisions) {
    const std::string& place = r.county.empty() ? r.city : r.county;
    if (!place.empty() && address.find(r.province) != std::string_view::npos &&
        address.find(place) != std::string_view::npos)
      codes.push_back(r.code);
  }
  // A county named drops its city's own code (绵阳市 of 四川省绵阳市江油市).
  std::erase_if(codes, [&](const std::string& c) {
    return c.ends_with("00") &&
           std::any_of(codes.begin(), codes.end(), [&](const std::string& d) {
             return d != c && d.compare(0, 4, c, 0, 4) == 0;
           });
  });
  return codes;
}

}  // namespace beian::ocr
