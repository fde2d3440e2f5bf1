// The pieces behind backup.h, internal to clasp_native: the container
// (backup_archive.cpp), files, the instance key and the marker
// (backup_files.cpp, backup_marker.cpp), and the snapshot
// (backup_snapshot.cpp for SQLite, backup_snapshot_pg.cpp for PostgreSQL).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "clasp/native/backup.h"
#include "clasp/native/key_custody.h"
#include "clasp/native/local_encrypted.h"
#include "clasp/native/secret_bytes.h"

namespace clasp::native::backup {

inline constexpr std::string_view kStoreMember = "store.sqlite3";
inline constexpr std::string_view kKeyMember = "master.key";

// The container's bytes for a manifest (JSON text), a snapshot and key text
// (none with --key-separately), in wiped memory: they hold the key.
SecretBytes EncodeArchive(std::string_view manifest, std::string_view store, std::optional<std::string_view> key);

// The members of a parsed container. `manifest_intact` is false when the
// end line's checksum does not match the manifest bytes.
struct ArchiveParts {
  std::string manifest;
  std::string store;
  std::optional<SecretBytes> key;
  bool manifest_intact = false;
};

// Whether `bytes` begin as a bare container does: a plaintext archive when
// found outside an envelope.
bool IsPlaintextArchive(std::string_view bytes);

// kBackupInvalid naming the first thing out of place (magic, member name or
// order, a size past the end, the end line, trailing bytes).
Result<ArchiveParts> DecodeArchive(std::string_view bytes);

// An archive opened and verified (VerifyBackup's rules). `parts` and
// `key_text` (the archive's key member or the key file's text) are there
// exactly when the container was read; restore uses them only when
// `verification.ok()`.
struct OpenedArchive {
  BackupVerification verification;
  std::optional<ArchiveParts> parts;
  SecretBytes key_text;
};
Result<OpenedArchive> OpenArchive(const std::string& archive, const ArchiveAccess& access);

// The manifest document back into its fields; kBackupInvalid when a field is
// missing or of the wrong type, or the format version is not 1.
Result<BackupManifest> ManifestFromJson(const OrderedJson& json);

// The whole file; kFileIoError when it cannot be read. Wiped memory, since an
// archive holds a key.
Result<SecretBytes> ReadWholeFile(const std::string& path);

// Writes `bytes` beside `path` (mode `mode`, fsync'ed), runs `before_rename`
// (when given; its failure abandons the new file), then renames over `path`
// and syncs the directory: readers see the old file or the new one.
Status ReplaceFile(const std::string& path, std::string_view bytes, std::uint32_t mode,
                   const std::function<Status()>& before_rename = {});

// A private (0700) directory inside `parent`, removed with its contents
// when this goes out of scope.
class ScratchDir {
 public:
  static Result<std::unique_ptr<ScratchDir>> Create(const std::string& parent);
  ~ScratchDir();
  const std::string& path() const { return path_; }

 private:
  explicit ScratchDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// SQLite's online backup of the database at `source` (opened read-only) into
// a new file `dest`, in one step: one read transaction, so a consistent
// snapshot while writers keep committing to the WAL.
Status SnapshotSqlite(const std::string& source, const std::string& dest);

// A PostgreSQL store (Paperclip's tables) as a new SQLite store at `dest`:
// every row SecretStore reads, copied in one REPEATABLE READ READ ONLY
// transaction (PgOpenMode::kReadOnly), so one consistent state. Binding rows
// carry no timestamps through StoreTxn: their copies are stamped `now`.
Status SnapshotPostgres(const std::string& conninfo, const std::string& dest, const std::string& now);

// What a snapshot holds, read through SqliteStore (so it is a usable clasp
// store), and with a cipher, every local_encrypted version opened.
struct SnapshotInventory {
  BackupCounts counts;
  long long decrypted = 0;
  long long external = 0;
  std::vector<BackupProblem> problems;
};
Result<SnapshotInventory> InspectSnapshot(const std::string& path, LocalEncryptedCipher* cipher);

// The key text as the instance uses it (KEY-1): the key file's bytes, or
// PAPERCLIP_SECRETS_MASTER_KEY's text; decoded to check it (KEY-2/3) and to
// build `cipher`. A missing key file is kFileIoError. `home`: Paperclip's
// default key file for a PostgreSQL source (key_custody.h KeyHome).
struct InstanceKey {
  SecretBytes text;
  KeyLocation location;
  std::unique_ptr<LocalEncryptedCipher> cipher;
};
Result<InstanceKey> ReadInstanceKey(const EnvVars& vars, FileSystem& fs, KeyHome home = KeyHome::kClasp);

// A cipher for key text from an archive (decoded as a key file's content).
Result<std::unique_ptr<LocalEncryptedCipher>> CipherForKeyText(std::string_view text);

// <instance root>/backup/last-backup.json.
Result<std::string> MarkerPath(const EnvVars& vars, FileSystem& fs);

// Replaces the marker (0600, its directory 0700).
Status WriteBackupMarker(const EnvVars& vars, FileSystem& fs, const BackupMarker& marker);

}  // namespace clasp::native::backup
