#include "clasp/native/store_open.h"

#include "clasp/native/instance_paths.h"
#include "clasp/native/pg_store.h"
#include "clasp/native/sqlite_store.h"

namespace clasp::native {

std::string DescribeConnInfo(const std::string& conninfo) {
  const auto scheme_end = conninfo.find("://");
  if (scheme_end == std::string::npos) return "postgresql (connection string)";
  std::string rest = conninfo.substr(scheme_end + 3);
  if (auto at = rest.rfind('@', rest.find('/')); at != std::string::npos) rest = rest.substr(at + 1);
  if (auto query = rest.find('?'); query != std::string::npos) rest.resize(query);
  return conninfo.substr(0, scheme_end + 3) + rest;
}

bool UsesPostgres(const EnvVars& vars, const std::optional<std::string>& database_url) {
  return (database_url && !database_url->empty()) || (vars.Get("DATABASE_URL").value_or("") != "");
}

KeyHome StoreKeyHome(const EnvVars& vars, const std::optional<std::string>& database_url) {
  return UsesPostgres(vars, database_url) ? KeyHome::kPaperclip : KeyHome::kClasp;
}

Result<OpenedStore> OpenStore(const EnvVars& vars, FileSystem& fs, const std::optional<std::string>& database_url) {
  if (UsesPostgres(vars, database_url)) {
    auto conninfo = DatabaseUrl(vars, database_url);
    if (!conninfo.ok()) return Forward<OpenedStore>(std::move(conninfo));
    auto store = PgStore::Open(*conninfo.value);
    if (!store.ok()) return Forward<OpenedStore>(std::move(store));
    return Result<OpenedStore>::Ok(
        {std::move(*store.value), "postgresql", DescribeConnInfo(*conninfo.value), KeyHome::kPaperclip});
  }
  auto path = StorePath(vars, fs);
  if (!path.ok()) return Forward<OpenedStore>(std::move(path));
  // The database holds ciphertext and metadata: owner-only, like the key.
  auto made = PrepareInstanceDirectory(vars, fs, "db");
  if (!made.ok()) return Forward<OpenedStore>(std::move(made));
  auto store = SqliteStore::Open(*path.value, SqliteOpenMode::kReadWrite, fs);
  if (!store.ok()) return Forward<OpenedStore>(std::move(store));
  return Result<OpenedStore>::Ok({std::move(*store.value), "sqlite", *path.value}, std::move(made.diagnostics));
}

}  // namespace clasp::native
