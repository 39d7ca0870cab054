// beian's one TOML reader, for the calendar, the review rules, the reasons
// catalog and the service config: parsing without letting toml++ exceptions
// escape, and errors that name file, line and key. An internal library
// (src/toml/): toml++ never reaches include/beian/. Files are read with
// beian/base/whole_file.h.
//
//   StatusOr<std::string> text = ReadWholeFile(path);
//   if (!text.ok()) return text.status();
//   StatusOr<toml::table> t = ParseTomlText(*text, path);
//   if (!t.ok()) return t.status();  // "path:3: not valid TOML: ..."
#ifndef BEIAN_TOML_TOML_READER_H_
#define BEIAN_TOML_TOML_READER_H_

#include <toml++/toml.h>

#include <chrono>
#include <initializer_list>
#include <string>
#include <string_view>

#include "beian/base/status.h"

namespace beian::internal {

// InvalidArgument "file:line: syntax error ..." on malformed TOML.
StatusOr<toml::table> ParseTomlText(std::string_view text,
                                    const std::string& file);

// InvalidArgument "file:line: key: what".
Status KeyError(const std::string& file, const toml::node& node,
                const std::string& key, const std::string& what);
// InvalidArgument "file: key: what", for a key that is absent.
Status KeyError(const std::string& file, const std::string& key,
                const std::string& what);

// Fails on the first key of `table` not in `allowed`, listing the allowed
// ones. `prefix` is the table's own key path ("" at the top, else "a.b.").
Status CheckKnownKeys(const toml::table& table, const std::string& file,
                      const std::string& prefix,
                      std::initializer_list<std::string_view> allowed);

// An unquoted TOML date as a calendar date.
std::chrono::year_month_day ToYmd(const toml::date& d);

}  // namespace beian::internal

#endif  // BEIAN_TOML_TOML_READER_H_
