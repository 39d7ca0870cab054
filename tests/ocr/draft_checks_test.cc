#include "beian/ocr/draft_checks.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace beian {
namespace {

using std::chrono::year_month_day;
using namespace std::chrono_literals;

constexpr char kId[] = "34052419800101001X";  // 1980-01-01, male (1)

PageReading Page(PageKind kind,
                 std::vector<std::pair<std::string, std::string>> fields) {
  PageReading p;
  p.kind = kind;
  for (auto& [k, v] : fields) p.fields.push_back({k, v, 0.95, v, ""});
  return p;
}

PageReading Front(std::string name = "张三", std::string id = kId,
                  std::string birth = "1980-01-01", std::string sex = "男") {
  return Page(
      PageKind::kIdFront,
      {{"name", name}, {"id_number", id}, {"birth", birth}, {"sex", sex}});
}
PageReading Back(std::string valid_to = "长期") {
  return Page(PageKind::kIdBack,
              {{"valid_from", "2010-01-01"}, {"valid_to", valid_to}});
}
PageReading Form(std::string name = "张三", std::string signature = "inked",
                 bool phone = true) {
  std::vector<std::pair<std::string, std::string>> f = {
      {"name", name},
      {"id_number", kId},
      {"filing_type", "异地转诊人员"},
      {"treatment_place", "湖南省长沙市"},
      {"start_date", "2026-01-10"},
      {"signature", signature}};
  if (phone) f.push_back({"phone", "13800001234"});
  return Page(PageKind::kForm, f);
}

std::vector<std::string> Codes(const DraftCheck& c) {
  std::vector<std::string> out;
  for (const Problem& p : c.problems) out.push_back(p.code);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

struct Case {
  const char* name;
  std::string subject_name;
  std::string subject_id;
  std::vector<PageReading> pages;
  std::vector<std::string> codes;
};

TEST(CheckDraftTest, Table) {
  const year_month_day mail{2026y, std::chrono::January, 5d};
  PageReading both = Front();
  for (const FieldReading& f : Back().fields) both.fields.push_back(f);
  both.kind = PageKind::kIdBoth;
  const Case cases[] = {
      {"complete", "张三", kId, {Front(), Back(), Form()}, {}},
      {"both sides on one page", "张三", kId, {both, Form()}, {}},
      {"nothing attached",
       "张三",
       kId,
       {},
       {"missing_form", "missing_id_back", "missing_id_front"}},
      {"no back", "张三", kId, {Front(), Form()}, {"missing_id_back"}},
      {"subject name differs",
       "张山",
       kId,
       {Front(), Back(), Form()},
       {"name_mismatch"}},
      {"form name differs",
       "张三",
       kId,
       {Front(), Back(), Form("李四")},
       {"name_mismatch"}},
      {"subject id differs",
       "张三",
       "11010519491231002X",
       {Front(), Back(), Form()},
       {"id_mismatch"}},
      {"no subject id", "张三", "", {Front(), Back(), Form()}, {}},
      {"expired",
       "张三",
       kId,
       {Front(), Back("2026-01-04"), Form()},
       {"id_expired"}},
      {"valid on the mail day",
       "张三",
       kId,
       {Front(), Back("2026-01-05"), Form()},
       {}},
      {"birth disagrees",
       "张三",
       kId,
       {Front("张三", kId, "1980-01-02"), Back(), Form()},
       {"id_card_mismatch"}},
      {"sex disagrees",
       "张三",
       kId,
       {Front("张三", kId, "1980-01-01", "女"), Back(), Form()},
       {"id_card_mismatch"}},
      {"unsigned",
       "张三",
       kId,
       {Front(), Back(), Form("张三", "empty")},
       {"form_unsigned"}},
      {"no phone",
       "张三",
       kId,
       {Front(), Back(), Form("张三", "inked", false)},
       {"form_incomplete"}},
      {"minority dot variants",
       "热娜古・沙吾提汗",
       kId,
       {Front("热娜古·沙吾提汗"), Back(), Form("热娜古·沙吾提汗")},
       {}},
  };
  for (const Case& c : cases) {
    const DraftCheck r =
        CheckDraft({c.subject_name, c.subject_id, mail, c.pages});
    EXPECT_EQ(Codes(r), c.codes) << c.name;
  }
}

TEST(CheckDraftTest, FieldsCarrySourceAndBestReading) {
  PageReading low = Front("张山");
  for (FieldReading& f : low.fields) f.confidence = 0.7;
  const DraftCheck r =
      CheckDraft({"张三",
                  kId,
                  year_month_day{2026y, std::chrono::January, 5d},
                  {low, Front(), Form()}});
  int names = 0;
  for (const DraftField& f : r.fields) {
    if (f.name != "name") continue;
    ++names;
    EXPECT_EQ(f.value, "张三");
    EXPECT_TRUE(f.source == "ocr" || f.source == "form");
    EXPECT_FALSE(f.mail_id.has_value());
  }
  EXPECT_EQ(names, 2);  // one from the card, one from the form
}

TEST(CheckDraftTest, PageProblemsArePassedOnOnce) {
  PageReading a = Front(), b = Back();
  a.problems.push_back({"scan_blurry", Severity::kBlocking, "x"});
  b.problems.push_back({"scan_blurry", Severity::kBlocking, "x"});
  const DraftCheck r =
      CheckDraft({"张三",
                  kId,
                  year_month_day{2026y, std::chrono::January, 5d},
                  {a, b, Form()}});
  EXPECT_EQ(
      std::count_if(r.problems.begin(), r.problems.end(),
                    [](const Problem& p) { return p.code == "scan_blurry"; }),
      1);
}

}  // namespace
}  // namespace beian
