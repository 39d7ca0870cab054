#include "beian/service/serve_roles.h"

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
  if (seen.poll != seen.read) {
    return InvalidArgument(
        std::string("--roles: ") + (seen.poll ? "poll" : "read") + " without " +
        (seen.poll ? "read" : "poll") +
        ": polling and reading are one step today (a poller reads the "
        "documents of the mails it fetched), so give both, e.g. --roles "
        "poll,read, or neither");
  }
  return ServeRoles{seen.poll, seen.send};
}

std::string ServeRolesText(const ServeRoles& roles) {
  std::string text = roles.poll_and_read ? "poll,read" : "";
  if (roles.send) text += text.empty() ? "send" : ",send";
  return text;
}

}  // namespace beian
