#include "beian/service/template_replies.h"

#include <cstdio>
#include <random>

#include "beian/base/china_time.h"
#include "beian/identity/id_number.h"
#include "beian/review/evaluate.h"

namespace beian {
namespace {

std::string Field(const DraftView& v, const std::string& name,
                  const std::string& fallback) {
  auto it = v.best.find(name);
  return it == v.best.end() || it->second.value.empty() ? fallback
                                                         : it->second.value;
}

std::string AddressDomain(const std::string& from) {
  const size_t at = from.rfind('@');
  if (at == std::string::npos) return "beian.invalid";
  std::string d = from.substr(at + 1);
  const size_t gt = d.find('>');
  return gt == std::string::npos ? d : d.substr(0, gt);
}

// The validity of a registration: long-term types have no end.
void ValidityVars(const DraftView& v, const ReviewRules& rules, TimePoint decided,
                  std::map<std::string, std::string>& vars) {
  const std::string type = Field(v, "filing_type", "");
  const std::string start = Field(v, "start_date", "");
  const std::chrono::year_month_day from = ChinaDay(decided);
  vars["valid_from"] = start.empty() ? FormatDate(from) : start;
  if (rules.long_term_types.contains(type)) {
    vars["valid_until"] = "";
    return;
  }
  const std::string end = Field(v, "end_date", "");
  if (!end.empty()) {
    vars["valid_until"] = end;
    return;
  }
  std::chrono::year_month_day until =
      from + std::chrono::months(rules.temporary_months);
  if (!until.ok()) until = until.year() / until.month() / std::chrono::last;
  vars["valid_until"] = FormatDate(until);
}

}  // namespace

TemplateReplyFactory::TemplateReplyFactory(
    const ReplyComposer& composer, const Clock& clock,
    std::function<RegionIdentity(const std::string&)> region_for,
    std::function<StatusOr<ReviewRules>(const std::string&)> rules_for)
    : composer_(composer),
      clock_(clock),
      region_for_(std::move(region_for)),
      rules_for_(std::move(rules_for)) {}

bool TemplateReplyFactory::KnowsReason(const std::string& code) const {
  return composer_.Reasons("").Find(code) != nullptr;
}

StatusOr<std::map<std::string, std::string>> TemplateReplyFactory::Vars(
    const std::string& kind, const CaseDetail& d) {
  const CaseRecord& c = d.record;
  const DraftView v = MakeDraftView(d);
  std::map<std::string, std::string> vars;
  vars["name"] = Field(v, "name", c.applicant_name);
  vars["case_number"] = c.number;
  vars["id_masked"] = MaskIdNumber(Field(v, "id_number", c.id_number));
  if (kind == "acknowledgement") {
    vars["received_at"] = FormatChinaTime(c.updated_at);
    vars["due_at"] = c.due_at ? FormatChinaTime(*c.due_at) : "一个工作日内";
  } else if (kind == "registration") {
    StatusOr<ReviewRules> rules = rules_for_(c.region);
    if (!rules.ok()) return rules.status();
    vars["registration_number"] = c.registration_number;
    vars["filing_type"] = Field(v, "filing_type", "（见备案表）");
    vars["destination"] = Field(v, "treatment_place", "（见备案表）");
    ValidityVars(v, *rules, c.decided_at.value_or(clock_.Now()), vars);
  }
  return vars;
}

std::string TemplateReplyFactory::NewMessageId(const std::string& kind,
                                               const CaseDetail& d,
                                               const std::string& from) const {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char rnd[20];
  std::snprintf(rnd, sizeof rnd, "%016llx", static_cast<unsigned long long>(rng()));
  return "beian." + kind + "." + d.record.number + "." +
         std::to_string(clock_.Now().time_since_epoch().count()) + "." + rnd +
         "@" + AddressDomain(from);
}

StatusOr<NewReply> TemplateReplyFactory::Make(
    const std::string& kind, const CaseDetail& d,
    const std::vector<std::string>& reasons, const std::string& note) {
  StatusOr<std::map<std::string, std::string>> vars = Vars(kind, d);
  if (!vars.ok()) return vars.status();
  const RegionIdentity region = region_for_(d.record.region);
  ReplyRequest r;
  r.kind = kind;
  r.region = d.record.region;
  r.from = region.from;
  r.to = d.record.citizen_address;
  if (!d.mails.empty()) {
    r.original_subject = d.mails.back().subject;
    r.original_message_id = d.mails.back().message_id;
    for (size_t i = 0; i + 1 < d.mails.size(); ++i) {
      if (!d.mails[i].message_id.empty()) {
        r.original_references.push_back(d.mails[i].message_id);
      }
    }
  }
  r.message_id = NewMessageId(kind, d, region.from);
  r.date = clock_.Now();
  r.vars = std::move(*vars);
  r.reason_codes = reasons;
  r.note = note;
  StatusOr<ComposedReply> composed = composer_.Compose(r);
  if (!composed.ok()) return composed.status();
  return NewReply{kind, r.to, r.message_id, composed->subject,
                  std::move(composed->bytes)};
}

}  // namespace beian
