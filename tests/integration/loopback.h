// Loopback TCP helpers for the integration-test harness.
#ifndef BEIAN_TESTS_INTEGRATION_LOOPBACK_H_
#define BEIAN_TESTS_INTEGRATION_LOOPBACK_H_

#include <vector>

#include "beian/base/status.h"

namespace beian::testing {

// `count` distinct ports on 127.0.0.1 that were free a moment ago (bound to
// port 0 and released). Another process may still take one: callers retry.
StatusOr<std::vector<int>> PickFreePorts(int count);

// True if something accepts TCP connections on 127.0.0.1:port.
bool PortAccepts(int port);

}  // namespace beian::testing

#endif  // BEIAN_TESTS_INTEGRATION_LOOPBACK_H_
