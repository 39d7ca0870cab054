// What one `beian serve` does each cycle (`--roles`), so that a deployment
// can run pollers on one machine and senders on another.
//
//   StatusOr<ServeRoles> r = ParseServeRoles("poll,read");
//   // r->poll_and_read, !r->send; ServeRolesText(*r) == "poll,read"
//
// Polling and reading are one step today: the poller reads the documents
// of the mails it fetched before it moves on (there is no job queue that
// another process could read from). So `poll` and `read` are given
// together or not at all.
#ifndef BEIAN_SERVICE_SERVE_ROLES_H_
#define BEIAN_SERVICE_SERVE_ROLES_H_

#include <string>
#include <string_view>

#include "beian/base/status.h"

namespace beian {

struct ServeRoles {
  bool poll_and_read = true;  // fetch each mailbox's mail and read it
  bool send = true;           // queue due replies and send them
};

// The roles in `--roles` ("poll,read,send", any order, spaces allowed
// around names). InvalidArgument, naming the offending word and the roles
// there are, for an unknown or empty role, for none at all, and for `poll`
// without `read` or `read` without `poll`.
StatusOr<ServeRoles> ParseServeRoles(std::string_view text);

// "poll,read,send", "poll,read" or "send": as recorded in the process
// registry.
std::string ServeRolesText(const ServeRoles& roles);

}  // namespace beian

#endif  // BEIAN_SERVICE_SERVE_ROLES_H_
