#include "beian/service/serve_roles.h"

#include <utility>

#include "beian/base/text.h"

namespace beian {
namespace {

constexpr char kKnownRoles[] = "poll, read, send";

struct RoleWords {
  bool poll = false;
  bool read = false;
  bool send = false;
};

// Marks `word` in `seen`; InvalidArgument when it is no role.
Status See(std::string_view word, RoleWords& seen) {
  if (word == "poll") {
    seen.poll = true;
  } else if (word == "read") {
    seen.read = true;
  } else if (word == "send") {
    seen.send = true;
  } else {
    return InvalidArgument(
        "--roles: " +
        (word.empty() ? std::string("an empty role")
                      : "\"" + std::string(word) + "\" is no role") +
        "; the roles are " + kKnownRoles + ", comma-separated (default: all)");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<ServeRoles> ParseServeRoles(std::string_view text) {
  RoleWords seen;
  for (size_t start = 0; start <= text.size();) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    BEIAN_RETURN_IF_ERROR(
        See(TrimSpace(text.substr(start, comma - start)), seen));
    start = comma + 1;
  }
  return ServeRoles{seen.poll, seen.read, seen.send};
}

std::string ServeRolesText(const ServeRoles& roles) {
  std::string text;
  for (const auto& [on, name] :
       {std::pair{roles.poll, "poll"}, std::pair{roles.read, "read"},
        std::pair{roles.send, "send"}}) {
    if (on) text += (text.empty() ? "" : ",") + std::string(name);
  }
  return text;
}

}  // namespace beian
