// Closed vocabularies the card reader snaps OCR text to, so that one or two
// misread characters of a 签发机关 do not reach the draft. Built from
// config/divisions.tsv; a match uses Tesseract's alternative characters
// first and the edit distance second, and is recorded in a note.
//
//   AuthorityBook book(tsv);
//   book.Snap(ocr_of_authority_line, "511123")  // -> "犍为县公安局"
#ifndef BEIAN_SRC_OCR_KNOWN_NAMES_H_
#define BEIAN_SRC_OCR_KNOWN_NAMES_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ocr_engine.h"

namespace beian::ocr {

struct KnownMatch {
  std::string value;
  double confidence = 0;  // 0..1
  std::string note;       // what was read, when value differs from it
  // Read exactly, or one of the few names the claimed number's division
  // expects: one reading may be taken. A name snapped from among all the
  // known ones (one or two characters away) needs a second reading that
  // snaps to it too — a misread county is often another county.
  bool alone = false;
};

// The match of `matches` (one per reading; nullopt when that reading did
// not snap) that may be taken: the first that may be taken alone, else one
// that two readings snapped to. Nullopt when none.
std::optional<KnownMatch> TrustedMatch(
    const std::vector<std::optional<KnownMatch>>& matches);

// One line "code\tprovince\tcity\tcounty" of config/divisions.tsv.
struct DivisionRow {
  std::string code, province, city, county;
};
std::vector<DivisionRow> ParseDivisionRows(std::string_view tsv);
// Place names from config/divisions.tsv lines "code\tprovince\tcity\tcounty":
// "省市" for every city and "省市县" for every county.
std::vector<std::string> PlaceNamesFromDivisions(std::string_view tsv);

// The codes of `rows`, sorted.
std::vector<std::string> DivisionCodes(const std::vector<DivisionRow>& rows);

// The names a card's 签发机关 takes by the usual convention: "<county>公安局"
// for counties and county-level cities, "<city>公安局<district>分局" (and
// "...区分局") for districts, "<city>公安局" for cities.
class AuthorityBook {
 public:
  AuthorityBook() = default;
  explicit AuthorityBook(const std::vector<DivisionRow>& rows);

  bool empty() const { return all_.empty(); }
  const std::vector<std::string>& names() const { return all_; }
  // Names expected for a division code (the first six digits of the ID
  // number): the county's own and its city's.
  std::vector<std::string> ForCode(std::string_view code) const;

  // The known authority `read` stands for: itself when known; else the one
  // candidate whose differing characters are all among OCR's alternatives;
  // else the one candidate of `division_code` within edit distance 2; else
  // the one candidate of all within 2 (1 for readings under 8 characters).
  // nullopt when none or several fit.
  std::optional<KnownMatch> Snap(const OcrResult& read,
                                 std::string_view division_code) const;

 private:
  void Add(const std::string& code, const std::string& name);

  std::vector<std::string> all_;
  std::map<std::string, std::vector<std::string>> by_code_;
};

// Whether `claim` (a name from the subject) is what OCR read: the same
// ideographs (the middle dot of minority names aside), or the same count
// with each differing one among OCR's alternatives at that place, at most
// `max_repairs` of them.
bool ClaimFitsReading(const OcrResult& read, const std::string& claim,
                      int max_repairs);

// A name as read, moved to the subject's claim when ClaimFitsReading (one
// repair at most), with MinConfidence or the confidence of the agreement.
struct NameMatch {
  std::optional<std::string> value;
  double confidence = 0;
  std::string note;
  bool agreed = false;  // readings that agree (or the claim) back it
};
NameMatch MatchName(const OcrResult& read, const std::string& claim);

// The one name of `vocabulary` that `read` stands for when at most
// `max_repairs` of its characters are taken from OCR's alternatives (same
// length); nullopt when none or several fit.
std::optional<std::string> SnapByAlternatives(
    const OcrResult& read, const std::vector<std::string>& vocabulary,
    int max_repairs);

// What the readers know besides the image.
struct Knowledge {
  std::vector<std::string> places;  // PlaceNamesFromDivisions
  AuthorityBook authorities;
  std::vector<std::string> division_codes;  // sorted 6-digit codes
  std::vector<DivisionRow> divisions;       // sorted by code
};

// The row of `code` in `known`; nullptr when the code is unknown.
const DivisionRow* FindDivision(const Knowledge& known, std::string_view code);

// The codes whose place `address` names: its province, and its county (its
// city, for a code without a county).
std::vector<std::string> DivisionsNamedBy(const Knowledge& known,
                                          std::string_view address);

// Places, authorities and codes from the text of config/divisions.tsv.
Knowledge KnowledgeFromDivisions(std::string_view tsv);

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_KNOWN_NAMES_H_
