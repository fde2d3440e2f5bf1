// clasp/native/backup.h — one archive holding the store and its master key.
//
// A database backup without its key (or a key without its database)
// restores nothing, so `clasp backup create` writes both into one file, and
// `verify` proves the pair usable — every secret version decrypts with the
// included key — without printing a value or the key.
//
// The archive (format 1) is a plain container written and read here:
//
//   clasp-backup 1\n
//   manifest.json <size>\n<size bytes>\n
//   store.sqlite3 <size>\n<size bytes>\n
//   master.key <size>\n<size bytes>\n
//   end <lower-case hex SHA-256 of the manifest bytes>\n
//
// Members appear in exactly this order, each once. The manifest is JSON:
//   {"format":"clasp-backup","formatVersion":1,"createdAt":"2026-…Z",
//    "source":{"kind":"sqlite","location":"/h/instances/default/db/clasp.sqlite3"},
//    (or {"kind":"postgresql","location":"postgresql://db:5432/p"}, no credentials)
//    "key":{"source":"default_file","fingerprint":"<12 hex of SHA-256(key)>"},
//    "counts":{"secrets":2,"versions":3,"bindings":1},
//    "members":{"store.sqlite3":{"size":N,"sha256":"…"},"master.key":{"size":44,"sha256":"…"}}}
// store.sqlite3 is a consistent snapshot taken with SQLite's online backup
// API (one read transaction, so writers may keep committing meanwhile);
// master.key is the key text exactly as a key file holds it (when the key
// comes from PAPERCLIP_SECRETS_MASTER_KEY, that variable's text). The
// archive is created with mode 0600 and never replaces an existing file.
//
// A PostgreSQL store is archived as a SQLite store too: every row clasp's
// SecretStore reads (companies, agents, projects, provider vaults, secrets,
// versions, bindings, access events and activity of known secrets and
// companies; only the columns clasp uses, binding timestamps re-stamped),
// copied in one REPEATABLE READ READ ONLY transaction, hence one consistent
// state. It is clasp's view of those tables, not a Paperclip database dump
// (use pg_dump for that); restoring it gives a SQLite clasp home.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clasp/json_input.h"
#include "clasp/native/clock.h"
#include "clasp/native/status.h"
#include "clasp/native/system.h"

namespace clasp::native {

inline constexpr int kBackupFormatVersion = 1;

struct BackupCounts {
  long long secrets = 0;   // company_secrets rows, any status or scope
  long long versions = 0;  // company_secret_versions rows
  long long bindings = 0;  // company_secret_bindings rows
};

struct BackupManifest {
  int format_version = kBackupFormatVersion;
  std::string created_at;
  std::string source_kind;      // "sqlite" | "postgresql"
  std::string source_location;  // the SQLite path, or DescribeConnInfo of the PostgreSQL target
  std::string key_source;       // KeySourceName: "env" | "env_file" | "default_file"
  std::string key_fingerprint;  // 12 hex digits naming the key, never the key
  BackupCounts counts;
  struct Member {
    std::string name;
    long long size = 0;
    std::string sha256;
  };
  std::vector<Member> members;  // store.sqlite3, master.key
};

OrderedJson BackupManifestJson(const BackupManifest& manifest);

// Writes the archive at `out` for the instance `vars` describes (CLASP_HOME /
// CLASP_INSTANCE_ID and the KEY-1 variables), then records the backup in
// the instance's marker (ReadBackupMarker). `database_url` (or DATABASE_URL)
// selects PostgreSQL as store_open.h does; the key is KEY-1's either way.
//   fresh store with 2 secrets -> archive 0600, counts {2, 2, 0}
//   `out` exists               -> kFileIoError "… already exists", nothing written
//   no store / no key file     -> kFileIoError naming the missing path
Result<BackupManifest> CreateBackup(const EnvVars& vars, FileSystem& fs, Clock& clock, const std::string& out,
                                    const std::optional<std::string>& database_url);

// One reason the archive is not usable, naming what failed and never a value.
struct BackupProblem {
  std::string code;  // "checksum_mismatch" | "malformed" | "snapshot_unreadable" | "key_invalid" |
                     // "count_mismatch" | "version_missing" | "decrypt_failed" | "material_invalid"
  std::string message;
  std::optional<std::string> secret_id;
  std::optional<int> version;
};

struct BackupVerification {
  std::optional<BackupManifest> manifest;  // absent when the container cannot be parsed
  BackupCounts found;                      // counted in the snapshot itself
  long long versions_decrypted = 0;        // local_encrypted versions opened with the archive's key
  long long versions_external = 0;         // versions of other providers: no local material to open
  std::vector<BackupProblem> problems;
  bool ok() const { return problems.empty(); }
};

// Checks the container, every member's checksum, opens the snapshot as a
// clasp store, compares the manifest's counts and decrypts every
// local_encrypted version with the archive's key (the plaintext is wiped at
// once). Fails only when `archive` cannot be read (kFileIoError); anything
// wrong inside it is a problem.
//   untouched archive                 -> ok, versions_decrypted == counts.versions
//   one byte of the snapshot flipped  -> problem checksum_mismatch "store.sqlite3"
//   archive of another key's store    -> problem decrypt_failed, secret id + version
Result<BackupVerification> VerifyBackup(const std::string& archive);

OrderedJson BackupVerificationJson(const BackupVerification& verification);

struct RestoreOptions {
  bool force = false;  // replace a live store and a different key file
};

struct BackupRestored {
  std::string store_path;
  std::string key_path;     // empty when the key comes from PAPERCLIP_SECRETS_MASTER_KEY
  bool key_written = false;  // false when an identical key file was already there
  BackupCounts counts;
};

// Restores the archive into the SQLite instance `vars` describes. The
// archive must verify first. Without `force` it refuses
// (kBackupRestoreRefused) to replace a database holding any secret, or a key
// file whose text differs from the archive's. With PAPERCLIP_SECRETS_MASTER_KEY
// set, that key must be the archive's (else refused, force or not: the
// restored store could not be read). The key file is written first, then the
// database; each beside its target (0600) and renamed into place, the old
// database's -wal and -shm files removed before the rename. Stop `clasp
// serve` first: a running server keeps the replaced file open.
//   empty home            -> store + key written
//   home with 1 secret    -> kBackupRestoreRefused unless force
Result<BackupRestored> RestoreBackup(const EnvVars& vars, FileSystem& fs, const std::string& archive,
                                     const RestoreOptions& options);

// The instance's record of its last successful `backup create`, kept at
// <instance root>/backup/last-backup.json (0600), read by `clasp doctor`.
struct BackupMarker {
  std::string created_at;  // the snapshot's time, as the manifest's createdAt
  std::string source_kind;
  std::string source_location;
  std::string archive;
};

// nullopt when no backup was recorded; an unreadable or malformed marker is
// kFileIoError.
Result<std::optional<BackupMarker>> ReadBackupMarker(const EnvVars& vars, FileSystem& fs);

}  // namespace clasp::native
