// The SQLite schema as an ordered list of migrations (PRAGMA user_version).
#pragma once

#include <string_view>
#include <vector>

namespace clasp::native::sqlite_schema {

// Migration i (0-based) takes a database from user_version i to i + 1.
// Released migrations are never edited; changes append a new one.
const std::vector<std::string_view>& Migrations();

}  // namespace clasp::native::sqlite_schema
