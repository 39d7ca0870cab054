#ifndef BEIAN_STORE_POSTGRES_SCHEMA_H_
#define BEIAN_STORE_POSTGRES_SCHEMA_H_

#include <string_view>
#include <vector>

namespace beian::internal {

// The PostgreSQL schema: migration N (1-based) brings schema_version from
// N-1 to N (PgMigrate). Append new migrations; never edit a released one.
// Version 1 holds what SQLite's migrations 1-7 built (7 only renamed saved
// account sources: a new PostgreSQL store holds none in the old form).
const std::vector<std::string_view>& PgMigrations();

}  // namespace beian::internal

#endif  // BEIAN_STORE_POSTGRES_SCHEMA_H_
