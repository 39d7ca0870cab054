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

void AddProblem(Problems& to, const Problem& p) {
  if (!HasProblem(to, p.code)) to.push_back(p);
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

DraftCheckInput DraftInputOf(const CaseUpdate& update,
                             const std::optional<CaseDetail>& existing,
                             std::chrono::year_month_day mail_date) {
  DraftCheckInput in;
  in.subject_name = update.applicant_name;
  in.subject_id_number = update.id_number;
  if (existing) {
    if (in.subject_name.empty())
      in.subject_name = existing->record.applicant_name;
    if (in.subject_id_number.empty())
      in.subject_id_number = existing->record.id_number;
    for (const StoredPage& p : existing->pages) {
      if (auto page = PageReadingFromJson(p.reading)) in.pages.push_back(*page);
    }
  }
  in.mail_date = mail_date;
  return in;
}

int AddReading(const ReadOutcome& outcome, AttachmentRecord& attachment,
               DraftCheckInput& draft, Problems& problems) {
  if (!outcome.lost.empty()) {
    AddProblem(problems, NotReadProblem(attachment.filename, outcome.lost));
    return 0;
  }
  if (!outcome.reading.ok()) return 0;
  for (const Problem& p : outcome.reading->problems) AddProblem(problems, p);
  for (const PageReading& page : outcome.reading->pages) {
    attachment.pages.push_back(
        {0, page.page_index, PageKindName(page.kind), PageReadingToJson(page)});
    draft.pages.push_back(page);
  }
  return static_cast<int>(outcome.reading->pages.size());
}

void AddDraftCheck(const DraftCheckInput& draft, CaseUpdate& update) {
  const DraftCheck check = CheckDraft(draft);
  for (DraftField f : check.fields) {
    f.mail_id = update.mail_id;
    update.fields.push_back(std::move(f));
  }
  for (const Problem& p : check.problems) AddProblem(update.problems, p);
}

}  // namespace beian
