#ifndef BEIAN_STORE_SCHEMA_H_
#define BEIAN_STORE_SCHEMA_H_

#include <string_view>
#include <vector>

namespace beian::internal {

// Migration N (1-based) brings PRAGMA user_version from N-1 to N. Append new
// migrations; never edit a released one.
const std::vector<std::string_view>& Migrations();

}  // namespace beian::internal

#endif  // BEIAN_STORE_SCHEMA_H_
