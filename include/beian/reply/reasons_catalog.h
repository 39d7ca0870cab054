// The correction reasons a reply can give (DESIGN.md §2): for each problem
// code, a sentence a citizen understands and what to send to fix it. The
// text lives in templates/reasons.toml, one table per code:
//
//   [missing_id_front]
//   text = "没有收到身份证人像面（有照片的一面）的照片或扫描件。"
//   send = "身份证人像面的清晰照片。"
//
// Both strings are templates (see template.h) rendered with the reply's
// variables; the reason `other` uses {{note}}, the reviewer's words.
#ifndef BEIAN_REPLY_REASONS_CATALOG_H_
#define BEIAN_REPLY_REASONS_CATALOG_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "beian/base/status.h"

namespace beian {

struct CorrectionReason {
  std::string code;  // "missing_id_front"
  std::string text;  // what is wrong, one or two short sentences
  std::string send;  // what to send (or do) to put it right
};

// Every code a correction request may carry, in the order a reply lists them.
const std::vector<std::string>& AllCorrectionReasonCodes();

class ReasonsCatalog {
 public:
  // Parses the TOML text; `source` names it in error messages. Errors
  // (InvalidArgument): bad TOML, a code not in AllCorrectionReasonCodes(), a
  // table without a non-empty `text` and `send`, a key other than those two.
  // A catalog may cover only some codes (a region's override does).
  static StatusOr<ReasonsCatalog> Parse(std::string_view toml,
                                        const std::string& source);
  // Reads and parses a file; IoError when it cannot be read.
  static StatusOr<ReasonsCatalog> Load(const std::string& path);

  // nullptr when the code is not in this catalog.
  const CorrectionReason* Find(std::string_view code) const;
  // The codes of AllCorrectionReasonCodes() this catalog lacks.
  std::vector<std::string> MissingCodes() const;
  // Entries of `other` replace this catalog's entries of the same code.
  void OverrideWith(const ReasonsCatalog& other);

 private:
  std::map<std::string, CorrectionReason, std::less<>> reasons_;
};

}  // namespace beian

#endif  // BEIAN_REPLY_REASONS_CATALOG_H_
