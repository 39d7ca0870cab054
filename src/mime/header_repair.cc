#include "header_repair.h"

namespace beian::internal {
namespace {

// Line at `pos` without its line end; `next` is where the following starts.
std::string_view LineAt(std::string_view s, size_t pos, size_t& next) {
  size_t end = s.find('\n', pos);
  next = end == std::string_view::npos ? s.size() : end + 1;
  if (end == std::string_view::npos) end = s.size();
  if (end > pos && s[end - 1] == '\r') --end;
  return s.substr(pos, end - pos);
}

bool IsFieldLine(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos) return false;
  size_t name_end = colon;
  while (name_end > 0 &&
         (line[name_end - 1] == ' ' || line[name_end - 1] == '\t')) {
    --name_end;
  }
  if (name_end == 0) return false;
  for (size_t i = 0; i < name_end; ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c <= 32 || c >= 127) return false;
  }
  return true;
}

// A line some senders produce when they fold a long encoded subject and lose
// the fold's whitespace: it starts with an RFC 2047 encoded word.
bool IsUnindentedContinuation(std::string_view line) {
  return line.starts_with("=?");
}

std::string Preview(std::string_view line) {
  std::string p(line.substr(0, 60));
  for (char& c : p) {
    if (static_cast<unsigned char>(c) < 32) c = ' ';
  }
  return p;
}

}  // namespace

StatusOr<RepairedMessage> RepairHeaderBlock(std::string_view bytes,
                                            size_t max_header_bytes) {
  RepairedMessage out;
  out.bytes.reserve(bytes.size());
  size_t pos = 0;
  bool kept_previous = false;
  while (pos < bytes.size()) {
    size_t next;
    std::string_view line = LineAt(bytes, pos, next);
    if (line.empty()) break;  // end of the header block
    if (pos > max_header_bytes) {
      return ResourceExhausted("header block is larger than " +
                               std::to_string(max_header_bytes) + " bytes");
    }
    const bool folded = line[0] == ' ' || line[0] == '\t';
    if (pos == 0 && line.starts_with("From ")) {
      out.warnings.push_back("dropped mbox 'From ' separator line");
    } else if (folded ? kept_previous : IsFieldLine(line)) {
      out.bytes.append(bytes.substr(pos, next - pos));
      out.header_fields += folded ? 0 : 1;
      kept_previous = true;
    } else if (kept_previous && IsUnindentedContinuation(line)) {
      out.bytes.push_back(' ');  // the fold's lost whitespace
      out.bytes.append(bytes.substr(pos, next - pos));
      out.warnings.push_back(
          "header line without leading whitespace read as a continuation: '" +
          Preview(line) + "'");
    } else {
      out.warnings.push_back("dropped header line without a field name: '" +
                             Preview(line) + "'");
      kept_previous = false;
    }
    pos = next;
  }
  out.bytes.append(bytes.substr(pos));
  return out;
}

}  // namespace beian::internal
