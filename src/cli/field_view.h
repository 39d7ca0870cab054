// The reviewer's reading of a draft, shared by `cases show` and its HTML
// page: Chinese labels for the draft's field keys and sources, confidence as
// a percentage, and per field the value the draft settled on beside what
// every other source said.
//
//   for (const SettledField& f : SettleFields(detail)) {
//     out << FieldLabel(f.settled.name) << "：" << f.settled.value << "（"
//         << SourceLabel(f.settled.source) << " "
//         << Percent(f.settled.confidence) << "）\n";
//   }
#ifndef BEIAN_CLI_FIELD_VIEW_H_
#define BEIAN_CLI_FIELD_VIEW_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "beian/case/records.h"

namespace beian::cli {

// "姓名" for "name", "住址" for "address", ...; an unknown key is returned
// as it is.
std::string FieldLabel(std::string_view name);

// "邮件主题" for "subject", "图片识别" for "ocr", "备案表" for "form",
// "审核人" for "reviewer"; an unknown source is returned as it is.
std::string SourceLabel(std::string_view source);

// "87%" for 0.87; values outside 0..1 are clamped.
std::string Percent(double confidence);

struct SettledField {
  DraftField settled;                // the most trusted source's reading
  std::vector<DraftField> agree;     // other sources with the same value
  std::vector<DraftField> disagree;  // other sources with another value
};

// One entry per field key, in the order a reviewer reads a form (known keys
// first, then the others by key). The settled reading is the one
// MakeDraftView picks: reviewer > form > ocr > subject.
std::vector<SettledField> SettleFields(const CaseDetail& detail);

// One line per field key for the terminal, e.g.
//   "  姓名：张三（备案表 96%）；一致：邮件主题 100%；不一致：图片识别“张山”
//   88%\n"
// or "  (未提取到字段)\n" when there is none.
void WriteFieldLines(std::ostream& out, const CaseDetail& detail);

// The fields in that same order, same-key rows together (stable).
std::vector<const DraftField*> OrderedFields(
    const std::vector<DraftField>& fields);

}  // namespace beian::cli

#endif  // BEIAN_CLI_FIELD_VIEW_H_
