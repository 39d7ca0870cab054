// What one `beian serve` does each cycle (`--roles`), so that a deployment
// can run pollers on one machine and senders on another.
//
//   StatusOr<ServeRoles> r = ParseServeRoles("poll,read");
//   // r->poll, r->read, !r->send; ServeRolesText(*r) == "poll,read"
//
// A poller with the read role reads the mails it fetches itself; one
// without it only stores them, and they wait in the store as read jobs
// (IngestStore::ClaimPendingMail) for any process with the read role.
#ifndef BEIAN_SERVICE_SERVE_ROLES_H_
#define BEIAN_SERVICE_SERVE_ROLES_H_

#include <string>
#include <string_view>

#include "beian/base/status.h"

namespace beian {

struct ServeRoles {
  bool poll = true;  // fetch each mailbox's mail and store it
  bool read = true;  // read stored mails (OCR) into cases: its own and others'
  bool send = true;  // queue due replies and send them
};

// The roles in `--roles` ("poll,read,send", any order, spaces allowed
// around names). InvalidArgument, naming the offending word and the roles
// there are, for an unknown or empty role, and for none at all.
StatusOr<ServeRoles> ParseServeRoles(std::string_view text);

// "poll,read,send", "read", "poll,send"...: as recorded in the process
// registry.
std::string ServeRolesText(const ServeRoles& roles);

}  // namespace beian

#endif  // BEIAN_SERVICE_SERVE_ROLES_H_
