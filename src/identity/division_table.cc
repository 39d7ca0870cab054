#include "beian/identity/division_table.h"

#include <array>
#include <utility>

#include "beian/base/whole_file.h"

namespace beian {
namespace {

using NameMap = std::unordered_map<std::string, std::string>;

bool IsSixDigits(std::string_view s) {
  if (s.size() != 6) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Splits on tabs into exactly four fields; false for any other count.
bool SplitFields(std::string_view line, std::array<std::string_view, 4>& out) {
  size_t field = 0;
  while (true) {
    const size_t tab = line.find('\t');
    if (field == out.size()) return false;
    out[field++] = line.substr(0, tab);
    if (tab == std::string_view::npos) break;
    line.remove_prefix(tab + 1);
  }
  return field == out.size();
}

// "四川省德阳市什邡市"; a county equal to its city (东莞市, 中山市) is not
// repeated.
std::string FullName(const std::array<std::string_view, 4>& f) {
  std::string name;
  name.append(f[1]).append(f[2]);
  if (f[3] != f[2]) name.append(f[3]);
  return name;
}

Status LineError(std::string_view source, size_t line_no,
                 std::string_view why) {
  return InvalidArgument(
      std::string(source) + " line " + std::to_string(line_no) + ": " +
      std::string(why) +
      " (expected \"code<TAB>province<TAB>city<TAB>county\")");
}

// Adds one non-comment line. A repeated code keeps its first row: the
// generated table lists 东莞市 both as a city and as its own county.
Status AddLine(std::string_view line, std::string_view source, size_t line_no,
               NameMap& names) {
  std::array<std::string_view, 4> f;
  if (!SplitFields(line, f)) {
    return LineError(source, line_no, "not four tab-separated fields");
  }
  if (!IsSixDigits(f[0])) {
    return LineError(source, line_no,
                     "code \"" + std::string(f[0]) + "\" is not six digits");
  }
  if (f[1].empty()) return LineError(source, line_no, "province is empty");
  names.try_emplace(std::string(f[0]), FullName(f));
  return Status::Ok();
}

StatusOr<NameMap> ParseRows(std::string_view tsv, std::string_view source) {
  NameMap names;
  size_t line_no = 0;
  while (!tsv.empty()) {
    const size_t eol = tsv.find('\n');
    std::string_view line = tsv.substr(0, eol);
    tsv.remove_prefix(eol == std::string_view::npos ? tsv.size() : eol + 1);
    ++line_no;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    BEIAN_RETURN_IF_ERROR(AddLine(line, source, line_no, names));
  }
  return names;
}

}  // namespace

StatusOr<DivisionTable> DivisionTable::LoadFile(const std::string& path) {
  StatusOr<std::string> tsv = ReadWholeFile(path);
  if (!tsv.ok()) {
    return IoError("division table: " + tsv.status().message() +
                   "; run scripts/gen_divisions.sh or fix the path");
  }
  StatusOr<NameMap> names = ParseRows(*tsv, path);
  if (!names.ok()) return names.status();
  if (names->empty()) {
    return InvalidArgument("division table " + path + " has no codes");
  }
  DivisionTable table;
  table.names_ = std::move(*names);
  return table;
}

StatusOr<DivisionTable> DivisionTable::Parse(std::string_view tsv) {
  StatusOr<NameMap> names = ParseRows(tsv, "division table");
  if (!names.ok()) return names.status();
  DivisionTable table;
  table.names_ = std::move(*names);
  return table;
}

std::optional<std::string> DivisionTable::Lookup(std::string_view code) const {
  const auto it = names_.find(std::string(code));
  if (it == names_.end()) return std::nullopt;
  return it->second;
}

}  // namespace beian
