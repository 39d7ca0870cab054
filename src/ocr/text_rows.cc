#include "text_rows.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>

#include "beian/base/text.h"

namespace beian::ocr {
namespace {

bool CharMatches(const OcrChar& c, const std::string& want) {
  if (c.text == want) return true;
  for (const auto& [alt, conf] : c.alternatives) {
    if (alt == want && conf > 0.05) return true;
  }
  return false;
}

std::vector<std::string> Characters(std::string_view text) {
  std::vector<std::string> out;
  for (char32_t c : DecodeUtf8(text)) {
    std::string s;
    AppendUtf8(c, s);
    out.push_back(std::move(s));
  }
  return out;
}

// Punctuation read between a label's characters (姓:名, 签“发机关) is
// skipped: only letters, digits and CJK characters count.
bool IsPunctuation(const OcrChar& c) {
  const std::vector<char32_t> cps = DecodeUtf8(c.text);
  if (cps.size() != 1) return false;
  const char32_t cp = cps[0];
  if (cp < 128) return !std::isalnum(int(cp));
  return cp < 0x2E80 || (cp >= 0x3000 && cp <= 0x303F) ||
         (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20);
}

// Whether `label` matches `row` from character `at`, exactly or with one
// substitution (labels of 4+ characters; the last character anchors it —
// the first is the one a line's start loses or garbles most). Sets
// `*length` to the characters covered.
bool MatchesAt(const TextRow& row, const std::vector<std::string>& label,
               size_t at, size_t* length) {
  const size_t n = label.size();
  if (at >= row.chars.size() || IsPunctuation(row.chars[at])) return false;
  std::vector<size_t> pos;  // the row's characters from `at`, punctuation out
  for (size_t i = at; i < row.chars.size() && pos.size() < n; ++i) {
    if (!IsPunctuation(row.chars[i])) pos.push_back(i);
  }
  auto covered = [&](size_t k) { return pos[k - 1] + 1 - at; };
  if (pos.size() == n) {
    size_t misses = 0;
    for (size_t j = 0; j < n && misses <= 1; ++j)
      misses += !CharMatches(row.chars[pos[j]], label[j]);
    if (misses == 0 || (misses == 1 && n >= 4 &&
                        CharMatches(row.chars[pos[n - 1]], label.back()))) {
      *length = covered(n);
      return true;
    }
  }
  // Labels of 5+ characters also match with one character lost
  // (异地长期居住人员 read as 异长期居住人员), labels of 4 with their first
  // lost (参保地区 as 保地区).
  if (n < 4 || pos.size() < n - 1) return false;
  for (size_t skip = 0; skip < (n == 4 ? 1 : n); ++skip) {
    bool all = true;
    for (size_t j = 0, k = 0; j < n && all; ++j) {
      if (j == skip) continue;
      all = CharMatches(row.chars[pos[k++]], label[j]);
    }
    if (all) {
      *length = covered(n - 1);
      return true;
    }
  }
  return false;
}

// Where the label starts in `row` at or after `from` (-1 when nowhere), and
// how many characters it covers.
int MatchInRow(const TextRow& row, const std::vector<std::string>& label,
               size_t from = 0, size_t* length = nullptr) {
  size_t n = 0;
  for (size_t i = from; i < row.chars.size(); ++i) {
    if (MatchesAt(row, label, i, &n)) {
      if (length) *length = n;
      return int(i);
    }
  }
  return -1;
}

int MedianHeight(const std::vector<OcrChar>& chars) {
  std::vector<int> h;
  for (const OcrChar& c : chars) h.push_back(c.box.h);
  if (h.empty()) return 0;
  std::nth_element(h.begin(), h.begin() + h.size() / 2, h.end());
  return h[h.size() / 2];
}

// A line's band: the median centre of its characters, the median height.
struct Band {
  int centre = 0;
  int height = 0;
};

Band BandOf(const std::vector<OcrChar>& chars) {
  std::vector<int> centres;
  for (const OcrChar& c : chars) centres.push_back(c.box.y + c.box.h / 2);
  std::nth_element(centres.begin(), centres.begin() + centres.size() / 2,
                   centres.end());
  return {centres[centres.size() / 2], MedianHeight(chars)};
}

}  // namespace

std::vector<TextRow> GroupRows(const OcrResult& page) {
  // Symbols of no character's size would join every row they touch.
  const int h = MedianHeight(page.chars);
  std::map<int, std::vector<OcrChar>> lines;
  for (const OcrChar& c : page.chars) {
    if (!CharacterSized(c, h)) continue;
    lines[c.line].push_back(c);
  }
  std::vector<std::pair<Band, TextRow>> rows;
  for (auto& [index, chars] : lines) {
    const Band band = BandOf(chars);
    auto same = std::find_if(rows.begin(), rows.end(), [&](const auto& r) {
      return std::abs(r.first.centre - band.centre) * 5 <
             std::min(r.first.height, band.height) * 3;
    });
    if (same == rows.end()) {
      rows.push_back({band, TextRow{}});
      same = rows.end() - 1;
    }
    for (OcrChar& c : chars) {
      same->second.box = Union(same->second.box, c.box);
      same->second.chars.push_back(std::move(c));
    }
  }
  std::vector<TextRow> out;
  for (auto& [band, row] : rows) {
    std::stable_sort(
        row.chars.begin(), row.chars.end(),
        [](const OcrChar& a, const OcrChar& b) { return a.box.x < b.box.x; });
    out.push_back(std::move(row));
  }
  std::sort(out.begin(), out.end(), [](const TextRow& a, const TextRow& b) {
    return a.box.y + a.box.h / 2 < b.box.y + b.box.h / 2;
  });
  return out;
}

std::optional<LabelHit> FindLabel(const std::vector<TextRow>& rows,
                                  std::string_view label, int from_row) {
  const std::vector<std::string> want = Characters(label);
  if (want.empty()) return std::nullopt;
  for (int r = std::max(0, from_row); r < int(rows.size()); ++r) {
    size_t n = 0;
    const int at = MatchInRow(rows[r], want, 0, &n);
    if (at >= 0) return LabelHit{r, at, at + int(n)};
  }
  return std::nullopt;
}

std::optional<LabelHit> FindAnyLabel(const std::vector<TextRow>& rows,
                                     const std::vector<std::string>& labels,
                                     int from_row) {
  for (const std::string& l : labels) {
    if (auto hit = FindLabel(rows, l, from_row)) return hit;
  }
  return std::nullopt;
}

std::vector<LabelHit> FindAllLabels(const std::vector<TextRow>& rows,
                                    std::string_view label) {
  std::vector<LabelHit> hits;
  const std::vector<std::string> want = Characters(label);
  if (want.empty()) return hits;
  for (int r = 0; r < int(rows.size()); ++r) {
    size_t n = 0;
    for (int at = MatchInRow(rows[r], want, 0, &n); at >= 0;
         at = MatchInRow(rows[r], want, at + n, &n)) {
      hits.push_back({r, at, at + int(n)});
    }
  }
  return hits;
}

OcrResult Slice(const TextRow& row, int begin, int end) {
  OcrResult r;
  begin = std::clamp(begin, 0, int(row.chars.size()));
  end = std::clamp(end, begin, int(row.chars.size()));
  double sum = 0;
  for (int i = begin; i < end; ++i) {
    r.chars.push_back(row.chars[i]);
    r.chars.back().line = 0;
    r.text += row.chars[i].text;
    sum += row.chars[i].confidence;
  }
  if (!r.chars.empty()) r.confidence = sum / r.chars.size();
  return r;
}

OcrResult CharsAfter(const TextRow& row, const LabelHit& hit, int end) {
  return Slice(row, hit.end, end < 0 ? int(row.chars.size()) : end);
}

std::string RowText(const TextRow& row) {
  std::string s;
  for (const OcrChar& c : row.chars) s += c.text;
  return s;
}

std::string PageText(const std::vector<TextRow>& rows) {
  std::string s;
  for (const TextRow& r : rows) s += RowText(r) + "\n";
  return s;
}

Rect SpanBox(const TextRow& row, int begin, int end) {
  Rect box;
  for (int i = std::max(0, begin); i < std::min(end, int(row.chars.size()));
       ++i) {
    box = Union(box, row.chars[i].box);
  }
  return box;
}

bool CharacterSized(const OcrChar& c, int h) {
  return c.box.h <= 3 * h && c.box.w <= 4 * h;
}

int MedianCharHeight(const std::vector<TextRow>& rows) {
  std::vector<int> h;
  for (const TextRow& r : rows) {
    for (const OcrChar& c : r.chars) h.push_back(c.box.h);
  }
  if (h.empty()) return 0;
  std::nth_element(h.begin(), h.begin() + h.size() / 2, h.end());
  return h[h.size() / 2];
}

size_t EndBeforeGap(const std::vector<OcrChar>& chars) {
  std::vector<int> widths;
  for (const OcrChar& c : chars) {
    if (c.box.w > 0) widths.push_back(c.box.w);
  }
  if (widths.empty()) return chars.size();
  std::nth_element(widths.begin(), widths.begin() + widths.size() / 2,
                   widths.end());
  const int typical = widths[widths.size() / 2];
  for (size_t i = 1; i < chars.size(); ++i) {
    const Rect& a = chars[i - 1].box;
    const Rect& b = chars[i].box;
    const int h = std::max(a.h, b.h);
    if (a.w <= 0 || b.w <= 0 || h <= 0) continue;
    const int right =
        a.w < typical / 2 ? std::max(Right(a), a.x + typical) : Right(a);
    if (b.x - right > h * 3 / 2) return i;
  }
  return chars.size();
}

}  // namespace beian::ocr
