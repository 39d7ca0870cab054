// Reading a citizen ID number from OCR characters, using what the number
// itself knows (MOD 11-2 check character, a real birth date) and what the
// recogniser offered as alternatives to repair one misread character.
// Never silent: a repair is recorded in `note`, the raw reading in `raw`.
//
//   IdNumberReading r = ReadIdNumber(chars, "19620320");
//   if (r.valid) Use(r.value);   // r.note: "repaired 8->3 at 12 (alternative)"
#ifndef BEIAN_SRC_OCR_ID_NUMBER_REPAIR_H_
#define BEIAN_SRC_OCR_ID_NUMBER_REPAIR_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace beian::ocr {

struct IdChar {
  char best = '0';                                    // '0'..'9' or 'X'
  double confidence = 0;                              // 0..1
  std::vector<std::pair<char, double>> alternatives;  // other '0'..'9'/'X'
};

struct IdNumberReading {
  std::string value;  // 18 characters when valid, else what was read
  std::string raw;    // the characters as read, before any repair
  std::string note;   // what was repaired and why; "" when nothing
  double confidence = 0;
  bool valid = false;  // shape, birth date and check character agree
};

// True when `id` is 17 digits + check character that matches, with a real
// birth date (1800..2100) in positions 7-14.
bool IsConsistentIdNumber(std::string_view id);

// `birth_hint` "YYYYMMDD" (from the card's 出生 line) or "".
IdNumberReading ReadIdNumber(const std::vector<IdChar>& chars,
                             std::string_view birth_hint);

// A valid number whose birth digits differ from the card's 出生 line
// (`birth_hint` "YYYYMMDD"): one of the two is misread, or the card is not
// genuine; either way the number is not safe to keep, so its confidence
// drops to 0.5 and `note` says why. Nothing changes without a hint.
void DistrustIfBirthDiffers(IdNumberReading& id, std::string_view birth_hint);

// For a number whose first six digits are no known division code: the one
// single-digit change there that makes both the code known and the check
// character agree. `division_codes` sorted. Invalid when none or several.
IdNumberReading RepairDivisionCode(
    const std::vector<IdChar>& chars,
    const std::vector<std::string>& division_codes);

// Both at once: the birth line's date (at most four digits changed) and
// then one digit of an unknown division code, the check character agreeing.
IdNumberReading RepairBirthAndDivision(
    const std::vector<IdChar>& chars, std::string_view birth_hint,
    const std::vector<std::string>& division_codes);

// The subject's `claim` when the 18 characters read differ from it only
// where the claimed character is among the alternatives (at most
// `max_repairs` places); invalid otherwise. Records the repair in `note`.
IdNumberReading MatchClaimedId(const std::vector<IdChar>& chars,
                               std::string_view claim, int max_repairs);

// The repairs that need what is known outside the number, for a reading
// ReadIdNumber could not make valid, tried in this order: one digit of an
// unknown division code; the birth line together with it (`birth_hint` may
// be ""); the subject's `claim` (may be "", at most two places). The first
// valid result, else an invalid reading.
IdNumberReading RepairFromKnowledge(
    const std::vector<IdChar>& chars, std::string_view birth_hint,
    const std::vector<std::string>& division_codes, std::string_view claim);

// What the rest of a card front says about its number.
struct CardFacts {
  std::string birth;                   // "YYYYMMDD" from the 出生 line, or ""
  std::vector<std::string> divisions;  // codes whose place the address names
  char sex = 0;                        // 'M' or 'F' from 性别, or 0
};

// For a reading no other repair made valid (a blurred or small number with
// several digits misread, 0 as 6 most often): the number that keeps each
// digit as read or changes it to one OCR confuses it with (or to one of its
// alternatives), whose division code is the one the address names, whose
// date is the 出生 line's, whose sex digit agrees with 性别, and whose check
// character agrees with at most one change among the last four. Invalid
// when any fact is unknown, or when no such number or more than one fits.
IdNumberReading RepairFromCard(const std::vector<IdChar>& chars,
                               const CardFacts& facts);

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_ID_NUMBER_REPAIR_H_
