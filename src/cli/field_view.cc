#include "field_view.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <utility>

#include "beian/review/evaluate.h"

namespace beian::cli {
namespace {

// Draft field keys in the order a reviewer reads them, with their labels.
constexpr std::pair<std::string_view, std::string_view> kFields[] = {
    {"name", "姓名"},
    {"id_number", "证件号码"},
    {"sex", "性别"},
    {"birth_date", "出生日期"},
    {"birth", "出生日期"},
    {"ethnicity", "民族"},
    {"address", "住址"},
    {"id_kind", "证件类型"},
    {"id_division", "证件号码所属地区"},
    {"authority", "签发机关"},
    {"valid_from", "有效期限起"},
    {"valid_to", "有效期限至"},
    {"purpose", "申请事项"},
    {"filing_type", "备案类型"},
    {"insured_place", "参保地"},
    {"insurance_type", "险种类型"},
    {"treatment_place", "就医地"},
    {"start_date", "开始日期"},
    {"end_date", "结束日期"},
    {"phone", "联系电话"},
    {"contact_address", "联系地址"},
    {"apply_date", "申请日期"},
    {"signature", "签字"},
    {"region", "地区"},
};

// Known keys by their place in kFields, unknown ones after them by key.
std::pair<ptrdiff_t, std::string> OrderKey(const std::string& name) {
  const auto it = std::find_if(std::begin(kFields), std::end(kFields),
                               [&](const auto& f) { return f.first == name; });
  return {it - std::begin(kFields),
          it == std::end(kFields) ? name : std::string()};
}

}  // namespace

std::string FieldLabel(std::string_view name) {
  for (const auto& [key, label] : kFields) {
    if (key == name) return std::string(label);
  }
  return std::string(name);
}

std::string SourceLabel(std::string_view source) {
  if (source == "subject") return "邮件主题";
  if (source == "ocr") return "图片识别";
  if (source == "form") return "备案表";
  if (source == "reviewer") return "审核人";
  return std::string(source);
}

std::string Percent(double confidence) {
  const int pct =
      static_cast<int>(std::clamp(confidence, 0.0, 1.0) * 100 + 0.5);
  return std::to_string(pct) + "%";
}

std::vector<const DraftField*> OrderedFields(
    const std::vector<DraftField>& fields) {
  std::vector<const DraftField*> out;
  for (const DraftField& f : fields) out.push_back(&f);
  std::stable_sort(out.begin(), out.end(), [](auto* a, auto* b) {
    return OrderKey(a->name) < OrderKey(b->name);
  });
  return out;
}

std::vector<SettledField> SettleFields(const CaseDetail& detail) {
  const DraftView view = MakeDraftView(detail);
  std::map<std::string, SettledField> by_name;
  for (const auto& [name, best] : view.best) by_name[name].settled = best;
  for (const DraftField& f : detail.fields) {
    SettledField& s = by_name[f.name];
    if (f.source == s.settled.source && f.value == s.settled.value) continue;
    (f.value == s.settled.value ? s.agree : s.disagree).push_back(f);
  }
  std::vector<SettledField> out;
  for (auto& [name, s] : by_name) out.push_back(std::move(s));
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return OrderKey(a.settled.name) < OrderKey(b.settled.name);
  });
  return out;
}

void WriteFieldLines(std::ostream& out, const CaseDetail& detail) {
  const std::vector<SettledField> fields = SettleFields(detail);
  if (fields.empty()) out << "  (未提取到字段)\n";
  for (const SettledField& f : fields) {
    const DraftField& s = f.settled;
    out << "  " << FieldLabel(s.name) << "：" << s.value << "（"
        << SourceLabel(s.source) << " " << Percent(s.confidence) << "）";
    if (!f.agree.empty()) out << "；一致：";
    for (size_t i = 0; i < f.agree.size(); ++i) {
      out << (i == 0 ? "" : "、") << SourceLabel(f.agree[i].source) << " "
          << Percent(f.agree[i].confidence);
    }
    if (!f.disagree.empty()) out << "；不一致：";
    for (size_t i = 0; i < f.disagree.size(); ++i) {
      const DraftField& d = f.disagree[i];
      out << (i == 0 ? "" : "、") << SourceLabel(d.source) << "“" << d.value
          << "” " << Percent(d.confidence);
    }
    out << "\n";
  }
}

}  // namespace beian::cli
