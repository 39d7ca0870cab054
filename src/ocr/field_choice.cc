#include "field_choice.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>

#include "beian/base/text.h"
#include "card_reader.h"
#include "field_parsers.h"

namespace beian::ocr {
namespace {

struct Place {
  const char* label;
  int x, y;  // top-left of the label on the standard 856 x 540 card
};

// GB 19999 layout, measured on the standard card size.
const Place kTemplateLabels[] = {
    {"姓名", 58, 54},       {"性别", 58, 131},         {"出生", 60, 196},
    {"住址", 58, 269},      {"公民身份号码", 59, 459}, {"签发机关", 179, 404},
    {"有效期限", 180, 463},
};

constexpr double kSureAlone = 0.75;

// birth and sex as the number says (empty when no number was chosen).
std::string Expected(const std::string& field, const std::string& id) {
  if (id.size() != 18) return "";
  if (field == "birth") {
    return id.substr(6, 4) + "-" + id.substr(10, 2) + "-" + id.substr(12, 2);
  }
  if (field == "sex") return (id[16] - '0') % 2 ? "男" : "女";
  return "";
}

void Reject(const std::string& field, const FieldReading* seen,
            const std::string& note, FieldCollector& out) {
  out.Add(field, std::nullopt, seen ? seen->confidence : 0,
          seen ? seen->raw_text : "", note.empty() && seen ? seen->note : note);
}

void Keep(const FieldReading& f, double confidence, const std::string& note,
          FieldCollector& out) {
  FieldReading kept = f;
  kept.confidence = confidence;
  if (!note.empty()) kept.note = note;
  out.fields().push_back(std::move(kept));
}

const FieldReading* Rejected(FieldCollector& c, const std::string& field) {
  for (const FieldReading& f : c.rejected()) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

// Whether `part` is `whole` with a line lost: its start (the first line
// lost, the next one's start garbled: 上区市滨江路… of 新疆维吾尔自治区铁门关市
// 滨江路…) or its end (重庆市渝中区中山三路11 of …中山三路110号附21号), but
// for a few garbled characters where the lost line was: a partial reading
// that agrees.
bool ReadsPartOf(const std::string& part, const std::string& whole) {
  constexpr int kGarbled = 3, kAgreeing = 8, kLostLine = 3;
  const std::vector<char32_t> pv = DecodeUtf8(part), wv = DecodeUtf8(whole);
  const std::u32string p(pv.begin(), pv.end()), w(wv.begin(), wv.end());
  for (int cut = 0; cut <= kGarbled; ++cut) {
    if (int(p.size()) - cut < kAgreeing ||
        w.size() < p.size() - cut + kLostLine)
      break;
    const size_t n = p.size() - cut;
    if (w.ends_with(p.substr(cut)) || w.starts_with(p.substr(0, n)))
      return true;
  }
  return false;
}

// Whether `seen` is `value` read with a remnant of its label before it:
// 住此陕西省… of 陕西省… (an address starts with its province, which
// CheckAddress asks of the value kept), or 站·汪航涛 of 汪航涛 (a name's
// remnant ends in a mark no name character is). At most three characters.
bool WithLabelRemnant(const std::string& field, const std::string& seen,
                      const std::string& value) {
  if (value.empty() || seen.size() <= value.size() || !seen.ends_with(value))
    return false;
  const std::string prefix = seen.substr(0, seen.size() - value.size());
  if (CharCount(prefix) > 3) return false;
  if (field == "address") return CharCount(value) >= 6;
  if (field != "name" || CharCount(value) < 2) return false;
  const std::vector<char32_t> p = DecodeUtf8(prefix);
  return p.size() >= 2 && IsCjk(p[0]) && !IsCjk(p.back());
}

// An address without one character after its last 号 or 室 that numbers
// nothing (…353室人: a speck below read as a word).
std::string WithoutStrayEnd(const std::string& address) {
  const std::vector<char32_t> cps = DecodeUtf8(address);
  if (cps.size() < 2 ||
      (cps[cps.size() - 2] != U'号' && cps[cps.size() - 2] != U'室'))
    return address;
  std::string last;
  AppendUtf8(cps.back(), last);
  if (AddressUnits().find(last) != std::string::npos) return address;
  return address.substr(0, address.size() - last.size());
}

// Whether `part` is the start of `whole`, six characters or more, its
// later lines lost (四川省广安市 of 四川省广安市邻水县胜利镇胜利村4组57号): no
// disagreement.
bool LostItsEnd(const std::string& part, const std::string& whole) {
  return CharCount(part) >= 6 && whole.size() > part.size() &&
         whole.starts_with(part);
}

void ChooseOne(const std::string& field, const FieldReading* a,
               const FieldReading* a_seen, const FieldReading* b,
               bool confirmed, bool strong, const std::string& id,
               FieldCollector& out) {
  if (field == "address") {  // a reading that breaks the grammar is none
    if (a && !CompleteAddressHasUnits(a->value)) a = nullptr;
    if (b && !CompleteAddressHasUnits(b->value)) b = nullptr;
  }
  const std::string expected = Expected(field, id);
  auto fits = [&](const FieldReading* f) {
    return f && (expected.empty() || f->value == expected);
  };
  if (!expected.empty()) {  // birth and sex: what agrees with the number
    if (fits(a)) return Keep(*a, a->confidence, "", out);
    if (fits(b)) return Keep(*b, b->confidence, "", out);
    if (a || b) {
      return Reject(field, a ? a : b, "differs from the number's " + field,
                    out);
    }
  }
  if (a && b) {
    if (a->value == b->value)
      return Keep(*a, std::max(a->confidence, b->confidence), "", out);
    if (field == "address") {  // measured by characters: the closer one
      if (WithoutStrayEnd(a->value) == WithoutStrayEnd(b->value))
        return Keep(*a, std::max(a->confidence, b->confidence), "", out);
      // A reading that starts with no province's name (工壹由你佬… of a
      // template misplaced) is none.
      const bool a_starts = StartsWithProvinceName(a->value);
      const bool b_starts = StartsWithProvinceName(b->value);
      const FieldReading* pick = a_starts != b_starts ? (a_starts ? a : b)
                                 : confirmed          ? b
                                                      : a;
      return Keep(*pick, pick->confidence,
                  "two readings differ: " + a->value + " / " + b->value, out);
    }
    // A reading that passed a check of its own (names: readings that agree)
    // outweighs one that passed none; and the template's reading of a field
    // without a check says nothing when the labels are not where the
    // template puts them: this card is laid out otherwise.
    if (a->checked != b->checked) {
      const FieldReading* pick = a->checked ? a : b;
      return Keep(*pick, pick->confidence,
                  "two readings differ: " + a->value + " / " + b->value + "; " +
                      pick->value + " is the one checked",
                  out);
    }
    if (!confirmed && !strong) return Keep(*a, a->confidence, "", out);
    return Reject(field, a,
                  "two readings disagree: " + a->value + " / " + b->value, out);
  }
  if (a) return Keep(*a, a->confidence, "", out);
  if (b && a_seen && !a_seen->value.empty() && a_seen->value != b->value &&
      !(field == "address" && (ReadsPartOf(a_seen->value, b->value) ||
                               LostItsEnd(a_seen->value, b->value))) &&
      !WithLabelRemnant(field, a_seen->value, b->value)) {
    // The content read saw something else and did not trust it: the two
    // readings disagree.
    return Reject(field, b,
                  "two readings disagree: " + a_seen->value + " / " + b->value,
                  out);
  }
  // A field only the template read, with no check of its own, needs the
  // template confirmed and a reading the engine was sure of.
  if (b && (strong || (confirmed && b->confidence >= kSureAlone)))
    return Keep(*b, b->confidence, "", out);
  Reject(field, nullptr, "", out);
}

}  // namespace

bool LabelsWhereTemplateSays(const std::vector<TextRow>& rows) {
  int found = 0;
  for (const Place& p : kTemplateLabels) {
    const std::optional<LabelHit> hit = FindLabel(rows, p.label);
    if (!hit) continue;
    const Rect box = SpanBox(rows[hit->row], hit->begin, hit->end);
    if (std::abs(box.x - p.x) > kCardWidth * 5 / 100 ||
        std::abs(box.y - p.y) > kCardHeight * 6 / 100) {
      return false;
    }
    ++found;
  }
  return found >= 2;
}

std::vector<std::string> CardStrongFields() {
  return {"id_number", "birth", "sex", "valid_from", "valid_to", "authority"};
}

std::vector<std::string> FormStrongFields() { return {"id_number"}; }

int Agreements(const FieldCollector& a, const FieldCollector& b) {
  int n = 0;
  for (const FieldReading& f : a.fields()) {
    const FieldReading* other = b.Find(f.name);
    n += other != nullptr && other->value == f.value;
  }
  return n;
}

void ChooseFields(FieldCollector& content, FieldCollector& templated,
                  bool template_confirmed,
                  const std::vector<std::string>& strong, FieldCollector& out) {
  std::vector<std::string> names;
  for (FieldCollector* c : {&content, &templated}) {
    for (const FieldReading& f : c->fields()) names.push_back(f.name);
    for (const FieldReading& f : c->rejected()) names.push_back(f.name);
  }
  // The number first: birth and sex are checked against it.
  std::stable_sort(names.begin(), names.end(),
                   [](const std::string& a, const std::string& b) {
                     return (a == "id_number") > (b == "id_number");
                   });
  std::vector<std::string> done;
  std::string id;
  for (const std::string& name : names) {
    if (std::find(done.begin(), done.end(), name) != done.end()) continue;
    done.push_back(name);
    const FieldReading* a = content.Find(name);
    const FieldReading* b = templated.Find(name);
    if (!a && !b) {
      const FieldReading* seen = Rejected(content, name);
      Reject(name, seen ? seen : Rejected(templated, name), "", out);
      continue;
    }
    const bool is_strong =
        std::find(strong.begin(), strong.end(), name) != strong.end();
    ChooseOne(name, a, Rejected(content, name), b, template_confirmed,
              is_strong, id, out);
    if (name == "id_number") {
      const FieldReading* chosen = out.Find("id_number");
      if (chosen) id = chosen->value;
    }
  }
}

void DistrustDivisionRepair(const Knowledge& known, const std::string& claim,
                            FieldCollector& fields) {
  const FieldReading* id = fields.Find("id_number");
  const FieldReading* address = fields.Find("address");
  if (!id || !address || id->value == claim ||
      id->note.find("(division code)") == std::string::npos)
    return;
  const DivisionRow* row = FindDivision(known, id->value.substr(0, 6));
  if (!row) return;
  const std::string& place = row->county.empty() ? row->city : row->county;
  if (place.empty() || address->value.find(place) != std::string::npos) return;
  fields.Withdraw("id_number",
                  "the repaired division code " + id->value.substr(0, 6) +
                      " (" + row->province + row->city + row->county +
                      ") is no place the address names: " + id->note);
}

void CheckAddress(const Knowledge& known, FieldCollector& fields) {
  const FieldReading* address = fields.Find("address");
  if (!address) return;
  if (!StartsWithProvince(address->value, known.places))
    return fields.Withdraw("address",
                           "the start is no province: lost or misread");
  const std::string trimmed = WithoutStrayEnd(address->value);
  if (trimmed == address->value) return;
  for (FieldReading& f : fields.fields()) {
    if (f.name != "address") continue;
    f.note = "a last " + f.value.substr(trimmed.size()) +
             " after the number taken off";
    f.value = trimmed;
  }
}

bool CardFieldsComplete(const FieldCollector& fields, bool front, bool back) {
  auto has = [&](const char* n) { return fields.Find(n) != nullptr; };
  if (back && !(has("authority") && has("valid_from") && has("valid_to")))
    return false;
  if (!front) return true;
  for (const char* n : {"name", "sex", "ethnicity", "birth", "address"}) {
    if (!has(n)) return false;
  }
  const FieldReading* id = fields.Find("id_number");
  if (id == nullptr) return false;
  return fields.Find("birth")->value == Expected("birth", id->value) &&
         fields.Find("sex")->value == Expected("sex", id->value);
}

}  // namespace beian::ocr
