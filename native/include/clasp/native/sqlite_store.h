// clasp/native/sqlite_store.h — the embedded SecretStore on one SQLite file.
//
// The default store for a single clasp instance: a file under the instance
// directory (StorePath), opened in WAL mode (readers never block the writer),
// with foreign keys on, secure_delete on (freed pages are zeroed), and a
// 5-second busy timeout. The schema is Paperclip's tables with the same
// names (sqlite_schema.cpp): version 1 the secrets tables with agents,
// projects and provider configs, version 2 companies (id, name, timestamps)
// and Paperclip's activity_log. It is migrated forward through
// `PRAGMA user_version` (a version-1 file gains the version-2 tables and
// keeps its rows); a file from a newer clasp is refused rather than
// guessed at. Values are stored as written: ids, JSON (adapter_config, env,
// config, details) and ISO 8601 timestamps as text, booleans as 0/1, so
// orderings by created_at compare the text (write one precision). Transactions are BEGIN IMMEDIATE, so two writers serialise at
// BEGIN instead of failing at COMMIT.
//
// Durability (SecretStore::Durability), per transaction:
// * kFull (the default; every secret, version, binding, provider-config and
//   activity write): synchronous = FULL, so COMMIT returns only after the
//   WAL is fsynced and the change survives power loss.
// * kRelaxed (resolution: its access event and last_resolved_at):
//   synchronous = NORMAL, so COMMIT appends to the WAL without an fsync.
//   A WAL commit is atomic either way: a crash of the process loses
//   nothing (the frames are in the OS page cache), and an OS crash or power
//   loss can only drop the most recent relaxed commits whole, never corrupt
//   the file or half-apply one. Because the WAL is replayed as a prefix,
//   the next kFull commit's fsync makes every earlier relaxed commit durable
//   too, so a lost access event can never be followed by a surviving write.
// The trade-off: an access event of the last moments before a power cut
// may be missing from the audit trail, in exchange for resolving without a
// disk flush (bench/resolve_bench.cpp, one thread on disk: p99 ~12 ms with
// FULL, ~0.2 ms with NORMAL when the CPU is not contended). Checkpoints
// still fsync in both modes; relaxed transactions defer the automatic one
// to 10000 WAL pages so that it hits far fewer than 1% of resolves, and the
// next kFull write pays for it. The level is switched between transactions,
// only when it changes.
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

enum class SqliteOpenMode {
  // Creates and migrates; transactions are BEGIN IMMEDIATE (see above).
  kReadWrite,
  // For readers beside a running server (`clasp bindings check`, `clasp
  // doctor`): nothing is created or migrated (an older schema is refused),
  // PRAGMA query_only makes SQLite refuse any write, and every transaction is
  // a deferred BEGIN: in WAL mode one consistent snapshot that takes no
  // write lock, so it neither waits for the server's writers nor blocks them.
  //   Open(path, kReadOnly) then Transact(t.ListBindings(nullopt)) -> ok
  //   Open(path, kReadOnly) then Transact(t.InsertActivity(row))   -> kStorageError
  kReadOnly,
};

class SqliteStore final : public SecretStore {
 public:
  // Opens (kReadWrite: or creates) the database at `path` and migrates it to
  // the current schema. Fails with kStorageError (the file is untouched) when
  // the file's user_version is newer than this build knows, or, in
  // kReadOnly, older.
  // File custody (system.h), through `fs` before SQLite sees the name: the
  // database and its -wal and -shm are refused when they are symbolic links
  // or another user's; kReadWrite creates the database 0600 (SQLite gives
  // -wal and -shm the database's mode) and tightens all three to 0600;
  // kReadOnly changes nothing and refuses a missing database.
  //   Open(a 0644 db) -> ok, the db (and -wal, -shm) now 0600
  //   Open(db -> /elsewhere) -> kFileIoError "Refusing <db>: it is a symbolic link …"
  // SQLITE_OPEN_NOFOLLOW is not used: it refuses a link anywhere in the
  // path, also above clasp's home, which is the operator's layout; the
  // directories from the home down are clasp's, 0700 and never links
  // (PrepareInstanceDirectory), so no one else can swap a link in between.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                   SqliteOpenMode mode = SqliteOpenMode::kReadWrite,
                                                   FileSystem& fs = PosixFileSystem());
  ~SqliteStore() override;

  // The schema version this build writes (the number of migrations).
  static int CurrentSchemaVersion();

  Status Transact(const std::function<Status(StoreTxn&)>& body, Durability durability = Durability::kFull) override;

 private:
  struct Writer;
  SqliteStore(std::unique_ptr<sqlite::Db> db, SqliteOpenMode mode, std::shared_ptr<Writer> writer);
  std::unique_ptr<sqlite::Db> db_;  // reads
  SqliteOpenMode mode_;
  std::shared_ptr<Writer> writer_;  // writes: shared by this process's stores on the file
};

}  // namespace clasp::native
