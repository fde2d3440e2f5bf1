// clasp/native/pg_store.h — the SecretStore on a PostgreSQL database,
// including a live Paperclip 2026.916.1 database.
//
// The adapter reads and writes Paperclip's own tables (company_secrets,
// company_secret_versions, company_secret_bindings, secret_access_events)
// with Paperclip's column names and types, so clasp and a Paperclip server
// can share one database. In an empty database it creates those tables
// exactly as Paperclip declares them; in an existing one it creates nothing
// and only checks that every column it uses is there with the expected type.
//
// Values as the rows carry them, identical to the SQLite adapter:
// * ids are uuid columns, read back in lower-case canonical text. A lookup
//   by anything else ("missing", upper case) finds nothing, as a text match
//   on SQLite would; an insert of a non-UUID into a uuid column fails with
//   kStorageError;
// * timestamps are timestamptz, read back as ISO 8601 UTC in the form they
//   were written: "2026-11-22T12:15:26.177Z" (clasp, JavaScript) stays so,
//   and Paperclip's microsecond defaults read as "2026-11-22T12:15:26.177754Z";
// * material is jsonb (so its text comes back with jsonb's member order and
//   spacing, which the parser does not care about).
//
// Concurrency: READ COMMITTED plus locks, so that every transaction acts on
// the state the one before it committed, as SQLite's BEGIN IMMEDIATE gives,
// while transactions on unrelated rows run in parallel:
// * GetSecret locks the row it returns (SELECT … FOR UPDATE): rotations,
//   updates, removals and resolutions of one secret run one after the
//   other, each on the row as the previous one left it (no lost update of
//   latest_version, never a version number twice);
// * the first binding write to a target takes a lock on that target and
//   re-reads its rows; if a concurrent sync changed them since the plan was
//   made, the body runs again on the new rows;
// * a race the locks leave open — two creates of one name or key, a
//   deadlock between row locks — surfaces as a unique violation or deadlock.
// In the last two cases Transact rolls back and runs the body again (up to
// 10 attempts, with a short growing pause), so the loser answers as if it
// had come second: a 409, a keep. Bodies must therefore be re-runnable:
// whatever they do outside the transaction must be safe to repeat.
// One difference from SQLite remains in a create race: the loser's 409 may
// name the key ("Secret key already exists: …") where SQLite's names the
// name, because each statement sees the latest commit.
//
// One PgStore is one connection: use it from one thread at a time (open one
// store per thread). A dropped connection is re-established at the next
// Transact.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "clasp/native/secret_store.h"
#include "clasp/native/system.h"

namespace clasp::native {

namespace pg {
class Conn;
}

// The connection string: `flag` when given (e.g. --database-url), else
// DATABASE_URL, as Paperclip reads it. Neither set (or empty) is
// kStorageError "No PostgreSQL connection string: set DATABASE_URL or pass
// --database-url".
//   DatabaseUrl({DATABASE_URL:"postgresql://db/p"}, nullopt) -> "postgresql://db/p"
//   DatabaseUrl({}, "host=/run/pg dbname=p")                -> "host=/run/pg dbname=p"
//   DatabaseUrl({}, nullopt)                                -> kStorageError
Result<std::string> DatabaseUrl(const EnvVars& vars, const std::optional<std::string>& flag);

class PgStore final : public SecretStore {
 public:
  // Connects (libpq URL or key=value string), then prepares the schema as
  // described above. Connection failures and incompatible schemas are
  // kStorageError; the message never includes a password.
  static Result<std::unique_ptr<PgStore>> Open(const std::string& conninfo);
  ~PgStore() override;

  Status Transact(const std::function<Status(StoreTxn&)>& body) override;

 private:
  explicit PgStore(std::unique_ptr<pg::Conn> conn);
  std::unique_ptr<pg::Conn> conn_;
};

}  // namespace clasp::native
