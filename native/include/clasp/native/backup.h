// clasp/native/backup.h — one encrypted archive holding the store and its master key.
//
// A database backup without its key (or a key without its database)
// restores nothing, so `clasp backup create` writes both into one file, and
// `verify` proves the pair usable — every secret version decrypts with the
// included key — without printing a value or the key. The archive is sealed
// under the operator's passphrase (backup_envelope.h: scrypt, AES-256-GCM,
// the header authenticated), because its contents are every secret: no key,
// value hash or value is readable from the file without the passphrase.
//
// Inside the envelope is a plain container (format 1) written and read here:
//
//   clasp-backup 1\n
//   manifest.json <size>\n<size bytes>\n
//   store.sqlite3 <size>\n<size bytes>\n
//   master.key <size>\n<size bytes>\n       (absent with --key-separately)
//   end <lower-case hex SHA-256 of the manifest bytes>\n
//
// Members appear in exactly this order, each once. The manifest is JSON:
//   {"format":"clasp-backup","formatVersion":1,"createdAt":"2026-…Z",
//    "source":{"kind":"sqlite","location":"/h/instances/default/db/clasp.sqlite3"},
//    (or {"kind":"postgresql","location":"postgresql://db:5432/p"}, no credentials)
//    "key":{"source":"default_file","fingerprint":"<12 hex of SHA-256(key)>"},
//    "counts":{"secrets":2,"versions":3,"bindings":1},
//    "members":{"store.sqlite3":{"size":N,"sha256":"…"},"master.key":{"size":44,"sha256":"…"}}}
// "members" names master.key exactly when the container holds it.
// store.sqlite3 is a consistent snapshot taken with SQLite's online backup
// API (one read transaction, so writers may keep committing meanwhile);
// master.key is the key text exactly as a key file holds it (when the key
// comes from PAPERCLIP_SECRETS_MASTER_KEY, that variable's text). The
// archive is created with mode 0600 and never replaces an existing file.
//
// --key-separately FILE: the key text goes to FILE (0600, never over an
// existing file) and the container holds no master.key; the archive is still
// passphrase-sealed, since the snapshot's value hashes, names and agent key
// hashes are not for whoever holds only the key file. Verify and restore
// then need both the passphrase and FILE (--key-file), whose key must be the
// one the manifest names.
//
// Archives written before the envelope (the bare container, "plaintext
// archives") hold the key in the clear: verify and restore refuse them
// (kBackupPlaintextArchive) unless the caller allows them explicitly, so an
// old backup is still restorable but never mistaken for a sealed one.
//
// A PostgreSQL store is archived as a SQLite store too: every row clasp's
// SecretStore reads (companies, agents, projects, provider vaults, secrets,
// versions, bindings, access events and activity of known secrets and
// companies; only the columns clasp uses, binding timestamps re-stamped),
// copied in one REPEATABLE READ READ ONLY transaction, hence one consistent
// state. It is clasp's view of those tables, not a Paperclip database dump
// (use pg_dump for that); restoring it gives a SQLite clasp home.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "clasp/json_input.h"
#include "clasp/native/backup_envelope.h"
#include "clasp/native/clock.h"
#include "clasp/native/random.h"
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
  std::vector<Member> members;  // store.sqlite3, then master.key unless kept separately
  bool key_in_archive() const { return members.size() > 1; }
};

OrderedJson BackupManifestJson(const BackupManifest& manifest);

// A passphrase for create must have at least this many bytes.
inline constexpr std::size_t kMinBackupPassphraseBytes = 8;

struct BackupCreateOptions {
  SecretBytes passphrase;                      // required: there are no unsealed backups
  std::optional<std::string> key_separately;   // write the key here instead of into the archive
  std::optional<std::string> database_url;     // PostgreSQL, as store_open.h chooses
  ScryptCost cost = kBackupScryptCost;         // the CLI always uses the default
};

// Writes the sealed archive at `out` for the instance `vars` describes
// (CLASP_HOME / CLASP_INSTANCE_ID and the KEY-1 variables), then records the
// backup in the instance's marker (ReadBackupMarker). `database_url` (or
// DATABASE_URL) selects PostgreSQL as store_open.h does; the key is KEY-1's
// either way. Salt and IV come from `random`. Every check comes before the
// first write; a failed archive write removes the key file written for it.
//   fresh store with 2 secrets   -> archive 0600, counts {2, 2, 0}
//   passphrase "" or "short"     -> kBackupCredentialRequired, nothing written
//   `out` or key_separately exists, or both are one path -> kFileIoError, nothing written
//   no store / no key file       -> kFileIoError naming the missing path
Result<BackupManifest> CreateBackup(const EnvVars& vars, FileSystem& fs, Clock& clock, Random& random,
                                    const std::string& out, const BackupCreateOptions& options);

// What opening an archive may need. `passphrase` is asked only when the file
// is sealed (so a terminal prompt appears only then); unset, a sealed archive
// is kBackupCredentialRequired.
struct ArchiveAccess {
  std::function<Result<SecretBytes>()> passphrase;
  std::optional<std::string> key_file;  // for an archive made with --key-separately
  bool allow_plaintext = false;         // accept an archive from before the envelope
};

// One reason the archive is not usable, naming what failed and never a value.
struct BackupProblem {
  std::string code;  // "auth_failed" | "checksum_mismatch" | "malformed" | "snapshot_unreadable" | "key_invalid" |
                     // "count_mismatch" | "version_missing" | "decrypt_failed" | "material_invalid"
  std::string message;
  std::optional<std::string> secret_id;
  std::optional<int> version;
};

struct BackupVerification {
  std::optional<ScryptCost> sealed;        // the envelope's cost; absent for a plaintext archive
  std::optional<BackupManifest> manifest;  // absent when the container cannot be parsed
  BackupCounts found;                      // counted in the snapshot itself
  long long versions_decrypted = 0;        // local_encrypted versions opened with the archive's key
  long long versions_external = 0;         // versions of other providers: no local material to open
  std::vector<BackupProblem> problems;
  bool ok() const { return problems.empty(); }
};

// Opens the envelope, checks the container, every member's checksum, opens
// the snapshot as a clasp store, compares the manifest's counts and decrypts
// every local_encrypted version with the archive's key (or access.key_file's)
// — each plaintext wiped at once. Fails when `archive` cannot be read
// (kFileIoError), when what `access` lacks is needed
// (kBackupCredentialRequired: no passphrase for a sealed archive, no
// key_file for an archive without its key, a key_file for one with its key)
// and for a plaintext archive not allowed (kBackupPlaintextArchive); anything
// wrong inside the file is a problem.
//   untouched archive, its passphrase -> ok, versions_decrypted == counts.versions
//   another passphrase / a flipped bit anywhere -> problem auth_failed
//   truncated                          -> problem malformed "… truncated …"
//   archive of another key's store     -> problem decrypt_failed, secret id + version
//   key_file holding another key       -> problem key_invalid
Result<BackupVerification> VerifyBackup(const std::string& archive, const ArchiveAccess& access);

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
// archive is opened and verified once (VerifyBackup's rules; a passphrase
// asked once), and the bytes written are the bytes verified; any problem is
// kBackupInvalid before the first write. Without `force` it refuses
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
                                     const ArchiveAccess& access, const RestoreOptions& options);

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
