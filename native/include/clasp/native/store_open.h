// clasp/native/store_open.h — which SecretStore an instance uses.
//
// One rule for `clasp serve` and every CLI command: PostgreSQL when a
// connection string is given (--database-url, else DATABASE_URL, as
// Paperclip reads it), else the embedded SQLite file under the instance
// directory (sqlite_store.h's StorePath), created on first use.
//   OpenStore({CLASP_HOME:"/h"}, fs, nullopt)              -> SQLite /h/instances/default/db/clasp.sqlite3
//   OpenStore({DATABASE_URL:"postgresql://db/p"}, fs, nullopt) -> PostgreSQL
//   OpenStore({}, fs, "postgresql://nowhere")              -> kStorageError (no password in the message)
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "clasp/native/key_custody.h"
#include "clasp/native/secret_store.h"
#include "clasp/native/status.h"
#include "clasp/native/system.h"

namespace clasp::native {

struct OpenedStore {
  std::unique_ptr<SecretStore> store;
  std::string kind;         // "sqlite" | "postgresql"
  std::string description;  // the SQLite path, or the PostgreSQL target without credentials
  KeyHome key_home = KeyHome::kClasp;  // StoreKeyHome's answer for this store
};

// A PostgreSQL connection string as it may be shown: URL userinfo and query
// (either may hold a password) removed; key=value strings only by kind.
//   "postgresql://u:pw@db:5432/p?sslmode=x" -> "postgresql://db:5432/p"
//   "host=/run/pg password=x"             -> "postgresql (connection string)"
std::string DescribeConnInfo(const std::string& conninfo);

// Whether the rule above picks PostgreSQL.
bool UsesPostgres(const EnvVars& vars, const std::optional<std::string>& database_url);

// Whose master key the store is encrypted under (key_custody.h): a
// PostgreSQL database is Paperclip's and gets Paperclip's key resolution
// (its default file under PAPERCLIP_HOME); clasp's SQLite store gets clasp's.
//   StoreKeyHome({DATABASE_URL:"postgresql://db/p"}, nullopt) -> KeyHome::kPaperclip
//   StoreKeyHome({CLASP_HOME:"/h"}, nullopt)                  -> KeyHome::kClasp
KeyHome StoreKeyHome(const EnvVars& vars, const std::optional<std::string>& database_url);

Result<OpenedStore> OpenStore(const EnvVars& vars, FileSystem& fs, const std::optional<std::string>& database_url);

}  // namespace clasp::native
