#include "id_number_repair.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "beian/identity/id_number.h"

namespace beian::ocr {
namespace {

bool IsDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

// The 出生 line is read separately (and was right on every card front of
// the labelled set); the check character still has to agree afterwards.
constexpr int kMaxBirthRepairs = 4;

std::string Note(char from, char to, size_t pos, const char* why) {
  return std::string("repaired ") + from + "->" + to + " at " +
         std::to_string(pos + 1) + " (" + why + ")";
}

// Valid numbers one substitution away, using the recogniser's alternatives;
// value -> (alternative confidence, note).
std::map<std::string, std::pair<double, std::string>> AlternativeRepairs(
    const std::vector<IdChar>& chars, const std::string& read) {
  std::map<std::string, std::pair<double, std::string>> out;
  for (size_t i = 0; i < chars.size(); ++i) {
    for (const auto& [alt, conf] : chars[i].alternatives) {
      if (alt == read[i] || (alt == 'X' && i != 17)) continue;
      std::string candidate = read;
      candidate[i] = alt;
      if (!IsConsistentIdNumber(candidate)) continue;
      auto& slot = out[candidate];
      if (conf >= slot.first)
        slot = {conf, Note(read[i], alt, i, "alternative")};
    }
  }
  return out;
}

// The one value making the number consistent when only position `pos` may
// change; "" when none or several.
std::string SolvePosition(const std::string& read, size_t pos) {
  std::string found;
  const std::string_view options = pos == 17 ? "0123456789X" : "0123456789";
  for (char c : options) {
    if (c == read[pos]) continue;
    std::string candidate = read;
    candidate[pos] = c;
    if (!IsConsistentIdNumber(candidate)) continue;
    if (!found.empty()) return "";
    found = candidate;
  }
  return found;
}

double MeanConfidence(const std::vector<IdChar>& chars) {
  double sum = 0;
  for (const IdChar& c : chars) sum += c.confidence;
  return chars.empty() ? 0 : sum / chars.size();
}

}  // namespace

bool IsConsistentIdNumber(std::string_view id) {
  if (id.size() != 18 || !IsDigits(id.substr(0, 17))) return false;
  if (ComputeCheckCharacter(id.substr(0, 17)) != id[17]) return false;
  const int y = (id[6] - '0') * 1000 + (id[7] - '0') * 100 +
                (id[8] - '0') * 10 + (id[9] - '0');
  const unsigned m = unsigned((id[10] - '0') * 10 + (id[11] - '0'));
  const unsigned d = unsigned((id[12] - '0') * 10 + (id[13] - '0'));
  const std::chrono::year_month_day ymd{
      std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  return y >= 1800 && y <= 2100 && ymd.ok();
}

namespace {

// How sure a repaired number is, by what repaired it.
constexpr double kWeakCharacter = 0.75;  // below: the character may be wrong
constexpr double kSureCheckPassed = 0.95;
constexpr double kBirthRepair[] = {0.9, 0.8, 0.7};  // 1, 2, 3+ digits
constexpr double kAlternativeRepair = 0.85;
constexpr double kOthersClear = 0.9;  // all but the weakest above this
constexpr double kCheckCharacterRepair = 0.75;
constexpr double kDivisionRepair = 0.8;
constexpr double kNotRepaired = 0.3;  // at most, for an invalid reading
constexpr double kBirthAndDivisionRepair = 0.75;
constexpr double kClaimAsRead = 0.9;  // at least
constexpr double kClaimByAlternatives = 0.85;
constexpr double kBirthDiffers = 0.5;  // at most

// `r` holding `value` as a valid number, repaired as `note` says.
IdNumberReading& Repaired(IdNumberReading& r, std::string value,
                          std::string note, double confidence) {
  r.value = std::move(value);
  r.note = std::move(note);
  r.valid = true;
  r.confidence = confidence;
  return r;
}

// The index and confidence of the least sure character.
std::pair<size_t, double> Weakest(const std::vector<IdChar>& chars) {
  size_t weakest = 0;
  double min_conf = 1;
  for (size_t i = 0; i < chars.size(); ++i) {
    if (chars[i].confidence >= min_conf) continue;
    min_conf = chars[i].confidence;
    weakest = i;
  }
  return {weakest, min_conf};
}

// 1. The card's birth line fixes up to four misread digits of the date
// part (blur turns 0 into 6 or 8); the check character must then agree.
bool RepairFromBirthLine(std::string_view birth_hint, IdNumberReading& r) {
  if (birth_hint.size() != 8 || !IsDigits(birth_hint)) return false;
  std::string candidate = r.raw;
  candidate.replace(6, 8, birth_hint);
  std::string note;
  int diffs = 0;
  for (size_t i = 6; i < 14; ++i) {
    if (candidate[i] == r.raw[i]) continue;
    ++diffs;
    note += (note.empty() ? "" : "; ") +
            Note(r.raw[i], candidate[i], i, "birth date on the card");
  }
  if (diffs < 1 || diffs > kMaxBirthRepairs || !IsConsistentIdNumber(candidate))
    return false;
  Repaired(r, candidate, note, kBirthRepair[std::min(diffs, 3) - 1]);
  return true;
}

// 3. Only the clearly weakest character can be wrong: the check decides.
bool RepairWeakest(const std::vector<IdChar>& chars, IdNumberReading& r) {
  const auto [weakest, min_conf] = Weakest(chars);
  double second = 1;
  for (size_t i = 0; i < chars.size(); ++i) {
    if (i != weakest) second = std::min(second, chars[i].confidence);
  }
  if (min_conf >= kWeakCharacter || second <= kOthersClear) return false;
  const std::string solved = SolvePosition(r.raw, weakest);
  if (solved.empty()) return false;
  Repaired(r, solved,
           Note(r.raw[weakest], solved[weakest], weakest, "check character"),
           kCheckCharacterRepair);
  return true;
}

}  // namespace

IdNumberReading ReadIdNumber(const std::vector<IdChar>& chars,
                             std::string_view birth_hint) {
  IdNumberReading r;
  for (const IdChar& c : chars) r.raw += c.best;
  r.value = r.raw;
  if (chars.size() != 18) return r;
  const double mean = MeanConfidence(chars);
  const double min_conf = Weakest(chars).second;
  if (IsConsistentIdNumber(r.raw)) {
    r.valid = true;
    // One weak character may still be wrong while the check passes (1 in 11).
    r.confidence = min_conf < kWeakCharacter ? std::min(mean, min_conf)
                                             : std::max(mean, kSureCheckPassed);
    return r;
  }
  if (RepairFromBirthLine(birth_hint, r)) return r;
  // 2. The recogniser's second choice at one position.
  const auto repairs = AlternativeRepairs(chars, r.raw);
  if (repairs.size() == 1) {
    const auto& [value, alternative] = *repairs.begin();
    return Repaired(r, value, alternative.second, kAlternativeRepair);
  }
  if (repairs.empty() && RepairWeakest(chars, r)) return r;
  r.confidence = std::min(mean, kNotRepaired);
  return r;
}

IdNumberReading RepairDivisionCode(
    const std::vector<IdChar>& chars,
    const std::vector<std::string>& division_codes) {
  IdNumberReading r;
  for (const IdChar& c : chars) r.raw += c.best;
  r.value = r.raw;
  const auto known = [&](const std::string& id) {
    return std::binary_search(division_codes.begin(), division_codes.end(),
                              id.substr(0, 6));
  };
  if (chars.size() != 18 || division_codes.empty() || known(r.raw)) return r;
  std::string found;
  size_t at = 0;
  for (size_t i = 0; i < 6; ++i) {
    const std::string solved = SolvePosition(r.raw, i);
    if (solved.empty() || !known(solved)) continue;
    if (!found.empty()) return r;
    found = solved;
    at = i;
  }
  if (found.empty()) return r;
  const std::string note = Note(r.raw[at], found[at], at, "division code");
  return Repaired(r, found, note, kDivisionRepair);
}

IdNumberReading RepairBirthAndDivision(
    const std::vector<IdChar>& chars, std::string_view birth_hint,
    const std::vector<std::string>& division_codes) {
  IdNumberReading r;
  for (const IdChar& c : chars) r.raw += c.best;
  r.value = r.raw;
  if (chars.size() != 18 || birth_hint.size() != 8 || !IsDigits(birth_hint))
    return r;
  std::vector<IdChar> dated = chars;
  std::string note;
  int diffs = 0;
  for (size_t i = 6; i < 14; ++i) {
    if (dated[i].best == birth_hint[i - 6]) continue;
    ++diffs;
    note += Note(dated[i].best, birth_hint[i - 6], i, "birth date on the card");
    note += "; ";
    dated[i].best = birth_hint[i - 6];
  }
  if (diffs < 1 || diffs > kMaxBirthRepairs) return r;
  IdNumberReading coded = RepairDivisionCode(dated, division_codes);
  if (!coded.valid) return r;
  coded.raw = r.raw;
  coded.note = note + coded.note;
  coded.confidence = kBirthAndDivisionRepair;
  return coded;
}

IdNumberReading MatchClaimedId(const std::vector<IdChar>& chars,
                               std::string_view claim, int max_repairs) {
  IdNumberReading r;
  for (const IdChar& c : chars) r.raw += c.best;
  r.value = r.raw;
  if (chars.size() != 18 || !IsConsistentIdNumber(claim)) return r;
  int repairs = 0;
  double low = 1;
  for (size_t i = 0; i < 18; ++i) {
    if (chars[i].best == claim[i]) {
      low = std::min(low, chars[i].confidence);
      continue;
    }
    bool offered = false;
    for (const auto& [alt, conf] : chars[i].alternatives) {
      if (alt == claim[i]) offered = true;
    }
    if (!offered || ++repairs > max_repairs) return r;
  }
  r.value = std::string(claim);
  r.valid = true;
  r.confidence =
      repairs == 0 ? std::max(low, kClaimAsRead) : kClaimByAlternatives;
  if (repairs > 0) {
    r.note = "read " + r.raw + "; the subject's number is among OCR's " +
             "alternatives at " + std::to_string(repairs) + " place(s)";
  }
  return r;
}

IdNumberReading RepairFromKnowledge(
    const std::vector<IdChar>& chars, std::string_view birth_hint,
    const std::vector<std::string>& division_codes, std::string_view claim) {
  IdNumberReading r = RepairDivisionCode(chars, division_codes);
  if (r.valid) return r;
  r = RepairBirthAndDivision(chars, birth_hint, division_codes);
  if (r.valid || claim.empty()) return r;
  return MatchClaimedId(chars, claim, 2);
}

namespace {

constexpr double kCardRepair = 0.8;

// Digit pairs the recogniser confuses in blurred, small or compressed print.
bool Confusable(char a, char b) {
  static constexpr std::string_view kPairs[] = {
      "06", "08", "09", "17", "14", "27", "38", "35", "56", "68", "89"};
  for (std::string_view p : kPairs) {
    if ((p[0] == a && p[1] == b) || (p[0] == b && p[1] == a)) return true;
  }
  return false;
}

bool MayBe(const IdChar& c, char want) {
  if (c.best == want || Confusable(c.best, want)) return true;
  return std::any_of(c.alternatives.begin(), c.alternatives.end(),
                     [&](const auto& alt) { return alt.first == want; });
}

// `chars` turned into `want` at [from, from + want.size()), each change one
// MayBe allows; false when one is not. Changes are noted.
bool Take(const std::vector<IdChar>& chars, size_t from, std::string_view want,
          const char* why, std::string& value, std::string& note) {
  for (size_t i = 0; i < want.size(); ++i) {
    const IdChar& c = chars[from + i];
    if (c.best == want[i]) continue;
    if (!MayBe(c, want[i])) return false;
    value[from + i] = want[i];
    note += (note.empty() ? "" : "; ") + Note(c.best, want[i], from + i, why);
  }
  return true;
}

bool SexFits(std::string_view id, char sex) {
  return sex == 0 || ((id[16] - '0') % 2 == 1) == (sex == 'M');
}

}  // namespace

// One change to the last four characters that makes the number consistent.
struct TailChange {
  std::string value;
  char from, to;
  size_t at;
};

std::vector<TailChange> TailChanges(const std::vector<IdChar>& chars,
                                    const std::string& value, char sex) {
  std::vector<TailChange> out;
  for (size_t i = 14; i < 18; ++i) {
    for (char c : std::string_view(i == 17 ? "0123456789X" : "0123456789")) {
      std::string v = value;
      v[i] = c;
      if (c != value[i] && MayBe(chars[i], c) && IsConsistentIdNumber(v) &&
          SexFits(v, sex))
        out.push_back({v, value[i], c, i});
    }
  }
  return out;
}

IdNumberReading RepairFromCard(const std::vector<IdChar>& chars,
                               const CardFacts& facts) {
  IdNumberReading r;
  for (const IdChar& c : chars) r.raw += c.best;
  r.value = r.raw;
  if (chars.size() != 18 || facts.birth.size() != 8 || facts.divisions.empty())
    return r;
  std::string value = r.raw, note;
  int fitting = 0;
  for (const std::string& code : facts.divisions) {
    std::string v = r.raw, n;
    if (code.size() != 6 ||
        !Take(chars, 0, code, "division the address names", v, n))
      continue;
    if (++fitting > 1) return r;
    value = v, note = n;
  }
  if (fitting != 1 ||
      !Take(chars, 6, facts.birth, "birth date on the card", value, note))
    return r;
  if (IsConsistentIdNumber(value) && SexFits(value, facts.sex))
    return Repaired(r, value, note, kCardRepair);
  std::vector<TailChange> changes = TailChanges(chars, value, facts.sex);
  // Blurred print repeats its confusion: of several changes that fit, the
  // one making the same change as the code or the date needed.
  if (changes.size() > 1) {
    std::erase_if(changes, [&](const TailChange& c) {
      for (size_t i = 0; i < 14; ++i) {
        if (r.raw[i] == c.from && value[i] == c.to) return false;
      }
      return true;
    });
  }
  if (changes.size() != 1) return r;
  const TailChange& c = changes.front();
  note +=
      (note.empty() ? "" : "; ") + Note(c.from, c.to, c.at, "check character");
  return Repaired(r, c.value, note, kCardRepair);
}

void DistrustIfBirthDiffers(IdNumberReading& id, std::string_view birth_hint) {
  if (!id.valid || birth_hint.size() != 8 ||
      std::string_view(id.value).substr(6, 8) == birth_hint)
    return;
  id.confidence = std::min(id.confidence, kBirthDiffers);
  id.note = "birth date in the number differs from the 出生 line";
}

}  // namespace beian::ocr
