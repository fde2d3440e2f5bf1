// clasp/native/pg_store.h — the SecretStore on a PostgreSQL database,
// including a live Paperclip 2026.916.1 database.
//
// The adapter reads and writes Paperclip's own tables (companies, agents,
// projects, company_secret_provider_configs, company_secrets,
// company_secret_versions, company_secret_bindings, secret_access_events,
// activity_log) with Paperclip's column names and types, so clasp and a
// Paperclip server can share one database. In an empty database (no
// company_secrets) it creates those tables as Paperclip 2026.916.1 declares
// them, without the foreign keys to tables clasp does not have; in an
// existing one it creates nothing and checks that every column it uses is
// there with the expected type, that every NOT NULL column it does not
// write has a default, and that the partial unique index
// company_secret_provider_configs_default_uq (one default per company and
// provider) exists. It reads and writes only its own columns: the rest of
// a Paperclip row (an agent's runtime_config, a company's budget) keeps its
// value or default. One exception: companies.issue_prefix is NOT NULL and
// unique, so InsertCompany picks it as Paperclip does (the first free
// "<first three letters of the upper-cased name>" + "A"…, "CMP" for a name
// without letters); "Acme" then "Acme two" -> "ACM", "ACMA".
//
// Values as the rows carry them, identical to the SQLite adapter:
// * ids are uuid columns, read back in lower-case canonical text. A lookup
//   by anything else ("missing", upper case) finds nothing, as a text match
//   on SQLite would; an insert of a non-UUID into a uuid column fails with
//   kStorageError;
// * timestamps are timestamptz, read back as ISO 8601 UTC in the form they
//   were written: "2026-11-22T12:15:26.177Z" (clasp, JavaScript) stays so,
//   and Paperclip's microsecond defaults read as "2026-11-22T12:15:26.177754Z";
// * material, adapter_config, env, config, health_details and details are
//   jsonb (so their text comes back with jsonb's member order and spacing,
//   which the parser does not care about); a NULL activity_log.details,
//   which Paperclip allows, reads as "null";
// * orderings tie-break on text columns byte-wise (COLLATE "C"), as SQLite
//   does, whatever the database's collation.
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
// --database-url". A URL of another scheme is kInputInvalidValue naming
// only the scheme and the ones accepted (never the rest: it may hold a
// password).
//   DatabaseUrl({DATABASE_URL:"postgresql://db/p"}, nullopt) -> "postgresql://db/p"
//   DatabaseUrl({}, "mysql://u:pw@db/p")                     -> kInputInvalidValue "… scheme 'mysql' …"
//   DatabaseUrl({}, "host=/run/pg dbname=p")                -> "host=/run/pg dbname=p"
//   DatabaseUrl({}, nullopt)                                -> kStorageError
Result<std::string> DatabaseUrl(const EnvVars& vars, const std::optional<std::string>& flag);

// How a PgStore treats the database it opens.
enum class PgOpenMode {
  // Creates the tables in an empty database, checks them in an existing one
  // (above); transactions read and write.
  kReadWrite,
  // For looking at a live Paperclip database without any risk of changing
  // it (the bindings doctor's diagnosis, `clasp doctor`, `clasp backup
  // create`): creates and alters nothing, only checks that every column the
  // adapter reads is there with its type (a missing table is kStorageError,
  // not created), and every transaction is BEGIN ISOLATION LEVEL REPEATABLE
  // READ READ ONLY: the server refuses any write, and all reads of one
  // transaction see one snapshot, so a PATCH committing between reading the
  // agents and reading their bindings cannot show up as a desync.
  //   Open(url, kReadOnly) then Transact(t.ListBindings(nullopt))  -> ok
  //   Open(url, kReadOnly) then Transact(t.InsertActivity(row))    -> kStorageError
  //     "PostgreSQL: cannot execute INSERT in a read-only transaction"
  // GetSecret takes no row lock in this mode (there is nothing to serialise).
  kReadOnly,
};

class PgStore final : public SecretStore {
 public:
  // Connects (libpq URL or key=value string), then prepares (kReadWrite) or
  // only checks (kReadOnly) the schema as described above. Connection
  // failures and incompatible schemas are kStorageError; the message never
  // includes a password.
  static Result<std::unique_ptr<PgStore>> Open(const std::string& conninfo,
                                               PgOpenMode mode = PgOpenMode::kReadWrite);
  ~PgStore() override;

  // Every commit is kFull, whatever the hint: synchronous_commit = off
  // would lose recent commits on a crash of the PostgreSQL server itself
  // (its WAL buffers are shared memory), weaker than kRelaxed promises.
  Status Transact(const std::function<Status(StoreTxn&)>& body, Durability durability = Durability::kFull) override;

 private:
  PgStore(std::unique_ptr<pg::Conn> conn, PgOpenMode mode);
  std::unique_ptr<pg::Conn> conn_;
  PgOpenMode mode_;
};

}  // namespace clasp::native
