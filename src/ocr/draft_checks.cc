#include "beian/ocr/draft_checks.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

#include "field_parsers.h"

namespace beian {
namespace {

using FieldMap = std::map<std::string, FieldReading>;

bool IsCard(PageKind k) {
  return k == PageKind::kIdFront || k == PageKind::kIdBack ||
         k == PageKind::kIdBoth;
}

// The most confident reading of each field over the pages `take` accepts.
template <typename Pred>
FieldMap BestFields(const std::vector<PageReading>& pages, Pred take) {
  FieldMap best;
  for (const PageReading& p : pages) {
    if (!take(p.kind)) continue;
    for (const FieldReading& f : p.fields) {
      auto it = best.find(f.name);
      if (it == best.end() || f.confidence > it->second.confidence)
        best[f.name] = f;
    }
  }
  return best;
}

std::optional<std::string> Get(const FieldMap& m, const std::string& name) {
  auto it = m.find(name);
  if (it == m.end()) return std::nullopt;
  return it->second.value;
}

// Names compare without spaces and with one kind of middle dot.
std::string NormalizeName(const std::string& name) {
  return ocr::CleanName(name).value_or(name);
}

std::string Upper(std::string s) {
  for (char& c : s) c = (c == 'x') ? 'X' : c;
  return s;
}

void Add(Problems& out, const char* code, std::string detail,
         Severity s = Severity::kBlocking) {
  out.push_back({code, s, std::move(detail)});
}

void CheckPresence(const std::vector<PageReading>& pages, Problems& out) {
  auto has = [&](std::initializer_list<PageKind> kinds) {
    return std::any_of(pages.begin(), pages.end(), [&](const PageReading& p) {
      return std::find(kinds.begin(), kinds.end(), p.kind) != kinds.end();
    });
  };
  if (!has({PageKind::kIdFront, PageKind::kIdBoth})) {
    Add(out, "missing_id_front", "没有身份证人像面");
  }
  if (!has({PageKind::kIdBack, PageKind::kIdBoth})) {
    Add(out, "missing_id_back", "没有身份证国徽面");
  }
  if (!has({PageKind::kForm}))
    Add(out, "missing_form", "没有跨省异地就医登记备案表");
}

// Compares the same value from subject, card and form; one problem naming
// every pair that differs.
void CheckSame(
    const char* code, const char* what,
    std::vector<std::pair<const char*, std::optional<std::string>>> values,
    Problems& out) {
  std::string detail;
  for (size_t i = 0; i < values.size(); ++i) {
    for (size_t j = i + 1; j < values.size(); ++j) {
      const auto& a = values[i];
      const auto& b = values[j];
      if (!a.second || !b.second || a.second->empty() || b.second->empty())
        continue;
      if (*a.second == *b.second) continue;
      if (!detail.empty()) detail += "；";
      detail += std::string(what) + "：" + a.first + "“" + *a.second + "”，" +
                b.first + "“" + *b.second + "”";
    }
  }
  if (!detail.empty()) Add(out, code, detail);
}

std::optional<std::chrono::year_month_day> ParseIsoDate(const std::string& s) {
  // ParseChineseDate gives YYYY-MM-DD with digits where the numbers are.
  const std::optional<std::string> d = ocr::ParseChineseDate(s);
  if (!d || s.size() != 10) return std::nullopt;
  auto num = [&](size_t pos, size_t len) {
    int n = 0;
    std::from_chars(d->data() + pos, d->data() + pos + len, n);
    return n;
  };
  return std::chrono::year_month_day{std::chrono::year(num(0, 4)),
                                     std::chrono::month(unsigned(num(5, 2))),
                                     std::chrono::day(unsigned(num(8, 2)))};
}

void CheckCard(const FieldMap& card, const std::string& subject_id,
               std::chrono::year_month_day mail_date, Problems& out) {
  if (std::optional<std::string> to = Get(card, "valid_to");
      to && *to != "长期") {
    std::optional<std::chrono::year_month_day> end = ParseIsoDate(*to);
    if (end && *end < mail_date)
      Add(out, "id_expired", "身份证有效期至 " + *to);
  }
  std::string number = Get(card, "id_number").value_or(subject_id);
  if (number.size() != 18) return;
  if (std::optional<std::string> birth = Get(card, "birth")) {
    const std::string in_number = number.substr(6, 4) + "-" +
                                  number.substr(10, 2) + "-" +
                                  number.substr(12, 2);
    if (*birth != in_number) {
      Add(out, "id_card_mismatch",
          "出生 " + *birth + " 与号码中的 " + in_number + " 不符");
    }
  }
  if (std::optional<std::string> sex = Get(card, "sex")) {
    const std::string in_number = (number[16] - '0') % 2 == 1 ? "男" : "女";
    if (*sex != in_number) {
      Add(out, "id_card_mismatch",
          "性别 " + *sex + " 与号码（" + in_number + "）不符");
    }
  }
}

void CheckForm(const FieldMap& form, bool has_form, Problems& out) {
  if (!has_form) return;
  const std::pair<const char*, const char*> required[] = {
      {"filing_type", "备案类型"},
      {"treatment_place", "就医地"},
      {"start_date", "开始日期"},
      {"phone", "联系电话"}};
  std::string missing;
  for (const auto& [key, label] : required) {
    if (form.count(key)) continue;
    missing += missing.empty() ? "" : "、";
    missing += label;
  }
  if (!missing.empty())
    Add(out, "form_incomplete", "备案表未填写或无法识别：" + missing);
  if (Get(form, "signature") == std::optional<std::string>("empty")) {
    Add(out, "form_unsigned", "备案表没有申请人签字");
  }
}

void AppendFields(const FieldMap& m, const char* source,
                  std::vector<DraftField>& out) {
  for (const auto& [name, f] : m) {
    out.push_back({name, f.value, source, f.confidence, std::nullopt});
  }
}

}  // namespace

DraftCheck CheckDraft(const DraftCheckInput& in) {
  DraftCheck r;
  const FieldMap card = BestFields(in.pages, IsCard);
  const FieldMap form =
      BestFields(in.pages, [](PageKind k) { return k == PageKind::kForm; });
  const bool has_form = std::any_of(
      in.pages.begin(), in.pages.end(),
      [](const PageReading& p) { return p.kind == PageKind::kForm; });
  CheckPresence(in.pages, r.problems);
  auto name = [](const FieldMap& m) -> std::optional<std::string> {
    std::optional<std::string> n = Get(m, "name");
    if (n) n = NormalizeName(*n);
    return n;
  };
  CheckSame("name_mismatch", "姓名",
            {{"邮件主题", in.subject_name.empty()
                              ? std::nullopt
                              : std::optional(NormalizeName(in.subject_name))},
             {"身份证", name(card)},
             {"备案表", name(form)}},
            r.problems);
  auto id = [](const FieldMap& m) -> std::optional<std::string> {
    std::optional<std::string> v = Get(m, "id_number");
    if (v) v = Upper(*v);
    return v;
  };
  CheckSame("id_mismatch", "身份证号码",
            {{"邮件主题", in.subject_id_number.empty()
                              ? std::nullopt
                              : std::optional(Upper(in.subject_id_number))},
             {"身份证", id(card)},
             {"备案表", id(form)}},
            r.problems);
  CheckCard(card, Upper(in.subject_id_number), in.mail_date, r.problems);
  CheckForm(form, has_form, r.problems);
  for (const PageReading& p : in.pages) {
    for (const Problem& problem : p.problems) {
      if (std::find(r.problems.begin(), r.problems.end(), problem) ==
          r.problems.end()) {
        r.problems.push_back(problem);
      }
    }
  }
  AppendFields(card, "ocr", r.fields);
  AppendFields(form, "form", r.fields);
  return r;
}

}  // namespace beian
