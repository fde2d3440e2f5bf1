// clasp/native/sqlite_store.h — the embedded SecretStore on one SQLite file.
//
// The default store for a single clasp instance: a file under the instance
// directory (StorePath), opened in WAL mode (readers never block the writer),
// with foreign keys on, secure_delete on (freed pages are zeroed), and a
// 5-second busy timeout. The schema is Paperclip's secrets tables with the
// same names (sqlite_schema.cpp), migrated forward through
// `PRAGMA user_version`; a file from a newer clasp is refused rather than
// guessed at. Transactions are BEGIN IMMEDIATE, so two writers serialise at
// BEGIN instead of failing at COMMIT.
//
// One SqliteStore is one connection: use it from one thread at a time (open
// one store per thread; WAL lets them share the file).
#pragma once

#include <memory>
#include <string>

#include "clasp/native/secret_store.h"
#include "clasp/native/system.h"

namespace clasp::native {

namespace sqlite {
class Db;
}

// <instance root>/db/clasp.sqlite3 (instance root as in instance_paths.h).
//   {CLASP_HOME:"/h"} -> "/h/instances/default/db/clasp.sqlite3"
Result<std::string> StorePath(const EnvVars& vars, FileSystem& fs);

class SqliteStore final : public SecretStore {
 public:
  // Opens or creates the database at `path` and migrates it to the current
  // schema. Fails with kStorageError (the file is untouched) when the file's
  // user_version is newer than this build knows.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  ~SqliteStore() override;

  // The schema version this build writes (the number of migrations).
  static int CurrentSchemaVersion();

  Status Transact(const std::function<Status(StoreTxn&)>& body) override;

 private:
  explicit SqliteStore(std::unique_ptr<sqlite::Db> db);
  std::unique_ptr<sqlite::Db> db_;
};

}  // namespace clasp::native
