#include "beian/service/ocr_draft.h"

#include <nlohmann/json.hpp>

namespace beian {
namespace {

using nlohmann::json;

const PageKind kKinds[] = {PageKind::kIdFront,    PageKind::kIdBack,
                           PageKind::kIdBoth,     PageKind::kForm,
                           PageKind::kHukou,      PageKind::kResidencePermit,
                           PageKind::kReferral,   PageKind::kCommitment,
                           PageKind::kEmployment, PageKind::kOther};

std::optional<PageKind> KindFromName(const std::string& name) {
  for (PageKind k : kKinds) {
    if (name == PageKindName(k)) return k;
  }
  return std::nullopt;
}

}  // namespace

std::string PageReadingToJson(const PageReading& p) {
  json fields = json::array();
  for (const FieldReading& f : p.fields) {
    fields.push_back({{"name", f.name},
                      {"value", f.value},
                      {"confidence", f.confidence},
                      {"raw", f.raw_text},
                      {"note", f.note}});
  }
  json problems = json::array();
  for (const Problem& pr : p.problems) {
    problems.push_back({{"code", pr.code},
                        {"severity", SeverityName(pr.severity)},
                        {"detail", pr.detail}});
  }
  json quality = json::object();
  for (const auto& [k, v] : p.quality) quality[k] = v;
  return json{{"page", p.page_index},
              {"kind", PageKindName(p.kind)},
              {"kind_confidence", p.kind_confidence},
              {"fields", fields},
              {"problems", problems},
              {"quality", quality},
              {"seconds", p.seconds}}
      .dump();
}

std::optional<PageReading> PageReadingFromJson(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  PageReading p;
  std::optional<PageKind> kind = KindFromName(j.value("kind", ""));
  if (!kind) return std::nullopt;
  p.kind = *kind;
  p.page_index = j.value("page", 0);
  p.kind_confidence = j.value("kind_confidence", 0.0);
  p.seconds = j.value("seconds", 0.0);
  for (const json& f : j.value("fields", json::array())) {
    p.fields.push_back({f.value("name", ""), f.value("value", ""),
                        f.value("confidence", 0.0), f.value("raw", ""),
                        f.value("note", "")});
  }
  for (const json& pr : j.value("problems", json::array())) {
    const std::string sev = pr.value("severity", "blocking");
    p.problems.push_back({pr.value("code", ""),
                          sev == "info"      ? Severity::kInfo
                          : sev == "warning" ? Severity::kWarning
                                             : Severity::kBlocking,
                          pr.value("detail", "")});
  }
  const json quality = j.value("quality", json::object());
  for (const auto& [k, v] : quality.items()) {
    if (v.is_number()) p.quality.emplace_back(k, v.get<double>());
  }
  return p;
}

std::set<std::string> PageKinds(const CaseDetail& detail) {
  std::set<std::string> kinds;
  for (const StoredPage& p : detail.pages) {
    if (p.kind == "id_both") {
      kinds.insert("id_front");
      kinds.insert("id_back");
    }
    kinds.insert(p.kind);
  }
  return kinds;
}

}  // namespace beian
