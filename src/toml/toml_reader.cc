#include "toml/toml_reader.h"

namespace beian::internal {
namespace {

std::string LinePrefix(const std::string& file, const toml::source_region& at) {
  if (at.begin.line == 0) return file + ": ";
  return file + ":" + std::to_string(at.begin.line) + ": ";
}

}  // namespace

StatusOr<toml::table> ParseTomlText(std::string_view text,
                                    const std::string& file) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(LinePrefix(file, e.source()) +
                           "not valid TOML: " + std::string(e.description()));
  }
}

Status KeyError(const std::string& file, const toml::node& node,
                const std::string& key, const std::string& what) {
  return InvalidArgument(LinePrefix(file, node.source()) + key + ": " + what);
}

Status KeyError(const std::string& file, const std::string& key,
                const std::string& what) {
  return InvalidArgument(file + ": " + key + ": " + what);
}

Status CheckKnownKeys(const toml::table& table, const std::string& file,
                      const std::string& prefix,
                      std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, node] : table) {
    bool known = false;
    std::string list;
    for (std::string_view a : allowed) {
      known = known || key.str() == a;
      list += (list.empty() ? "" : ", ") + std::string(a);
    }
    if (!known) {
      return KeyError(file, node, prefix + std::string(key.str()),
                      "unknown key (expected one of: " + list + ")");
    }
  }
  return Status::Ok();
}

std::chrono::year_month_day ToYmd(const toml::date& d) {
  return std::chrono::year_month_day{std::chrono::year(d.year),
                                     std::chrono::month(d.month),
                                     std::chrono::day(d.day)};
}

}  // namespace beian::internal
