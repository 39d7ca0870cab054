#include "beian/review/rules.h"

#include <filesystem>

#include "beian/base/whole_file.h"
#include "toml/toml_reader.h"

namespace beian {
namespace {

Status KeyError(const std::string& source, const std::string& key,
                const std::string& want) {
  return InvalidArgument(source + ": key '" + key + "' must be " + want);
}

Status ReadBool(const toml::table& t, const char* key, bool& out,
                const std::string& source) {
  if (!t.contains(key)) return Status::Ok();
  auto v = t[key].value<bool>();
  if (!v) return KeyError(source, key, "true or false");
  out = *v;
  return Status::Ok();
}

Status ReadInt(const toml::table& t, const char* key, int& out,
               const std::string& source) {
  if (!t.contains(key)) return Status::Ok();
  auto v = t[key].value<int64_t>();
  if (!v || *v < 0) return KeyError(source, key, "a whole number >= 0");
  out = static_cast<int>(*v);
  return Status::Ok();
}

StatusOr<std::vector<std::string>> StringList(const toml::node* node,
                                              const std::string& source,
                                              const std::string& key) {
  const toml::array* arr = node ? node->as_array() : nullptr;
  if (arr == nullptr) return KeyError(source, key, "a list of strings");
  std::vector<std::string> out;
  for (const toml::node& n : *arr) {
    auto s = n.value<std::string>();
    if (!s) return KeyError(source, key, "a list of strings");
    out.push_back(*s);
  }
  return out;
}

Status ReadSet(const toml::table& t, const char* key,
               std::set<std::string>& out, const std::string& source,
               const std::string& shown_key) {
  if (!t.contains(key)) return Status::Ok();
  auto list = StringList(t.get(key), source, shown_key);
  if (!list.ok()) return list.status();
  out = std::set<std::string>(list->begin(), list->end());
  return Status::Ok();
}

Status ReadMaterials(const toml::table& t, ReviewRules& r,
                     const std::string& source) {
  const toml::table* m = t["materials"].as_table();
  if (m == nullptr) return Status::Ok();
  for (const auto& [type, node] : *m) {
    const std::string key = "materials." + std::string(type.str());
    auto list = StringList(&node, source, key);
    if (!list.ok()) return list.status();
    r.materials[std::string(type.str())] = std::move(*list);
  }
  return Status::Ok();
}

Status ReadSections(const toml::table& t, ReviewRules& r,
                    const std::string& src) {
  BEIAN_RETURN_IF_ERROR(ReadMaterials(t, r, src));
  if (const toml::table* c = t["commitment_replaces"].as_table()) {
    BEIAN_RETURN_IF_ERROR(ReadSet(*c, "types", r.commitment_replaces, src,
                                  "commitment_replaces.types"));
  }
  if (const toml::table* v = t["validity"].as_table()) {
    BEIAN_RETURN_IF_ERROR(
        ReadSet(*v, "long_term", r.long_term_types, src, "validity.long_term"));
    BEIAN_RETURN_IF_ERROR(
        ReadInt(*v, "temporary_months", r.temporary_months, src));
  }
  return Status::Ok();
}

}  // namespace

StatusOr<ReviewRules> ParseReviewRules(std::string_view text,
                                       const std::string& source,
                                       ReviewRules r) {
  StatusOr<toml::table> parsed = internal::ParseTomlText(text, source);
  if (!parsed.ok()) return parsed.status();
  const toml::table& t = *parsed;
  BEIAN_RETURN_IF_ERROR(
      ReadBool(t, "accept_commitment", r.accept_commitment, source));
  BEIAN_RETURN_IF_ERROR(
      ReadBool(t, "auto_acknowledge", r.auto_acknowledge, source));
  BEIAN_RETURN_IF_ERROR(
      ReadBool(t, "auto_correction", r.auto_correction, source));
  BEIAN_RETURN_IF_ERROR(ReadInt(t, "max_replies_per_address_per_day",
                                r.max_replies_per_address_per_day, source));
  BEIAN_RETURN_IF_ERROR(ReadInt(t, "retention_days", r.retention_days, source));
  if (t.contains("registration_pattern")) {
    auto p = t["registration_pattern"].value<std::string>();
    if (!p) return KeyError(source, "registration_pattern", "a string");
    r.registration_pattern = *p;
  }
  BEIAN_RETURN_IF_ERROR(ReadSet(t, "certain", r.certain, source, "certain"));
  BEIAN_RETURN_IF_ERROR(ReadSet(t, "warnings", r.warnings, source, "warnings"));
  BEIAN_RETURN_IF_ERROR(ReadSet(t, "blocking", r.blocking, source, "blocking"));
  BEIAN_RETURN_IF_ERROR(ReadSections(t, r, source));
  return r;
}

StatusOr<ReviewRules> LoadReviewRules(const std::string& dir,
                                      const std::string& region) {
  namespace fs = std::filesystem;
  ReviewRules rules;
  for (const std::string& name : {std::string("default"), region}) {
    const fs::path path = fs::path(dir) / (name + ".toml");
    if (!fs::exists(path)) {
      if (name == "default") {
        return NotFound("rules file " + path.string() +
                        " is missing; it ships in config/rules/");
      }
      continue;
    }
    StatusOr<std::string> text = ReadWholeFile(path.string());
    if (!text.ok()) return text.status();
    StatusOr<ReviewRules> next = ParseReviewRules(*text, path.string(), rules);
    if (!next.ok()) return next.status();
    rules = std::move(*next);
  }
  return rules;
}

}  // namespace beian
