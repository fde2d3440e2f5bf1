// `clasp backup create`: snapshot + key + manifest into one sealed archive (backup.h).
#include <unistd.h>

#include "backup_internal.h"
#include "clasp/native/pg_store.h"
#include "clasp/native/sqlite_store.h"
#include "clasp/native/store_open.h"
#include "clasp/sha256.h"

namespace clasp::native {
namespace {

using R = Result<BackupManifest>;

// Where the archive (and the separate key file) go: absolute, distinct and
// not there yet.
struct Targets {
  std::string archive;
  std::optional<std::string> key_file;
};

Result<Targets> CheckTargets(FileSystem& fs, const std::string& out, const std::optional<std::string>& key_file) {
  Result<std::string> cwd = fs.CurrentDirectory();
  if (!cwd.ok()) return Forward<Targets>(std::move(cwd));
  Targets targets{ResolvePath(*cwd.value, out), std::nullopt};
  if (key_file) targets.key_file = ResolvePath(*cwd.value, *key_file);
  if (targets.key_file == targets.archive) {
    return FailResult<Targets>(Code::kFileIoError, "--key-separately must name a file other than the archive");
  }
  for (const std::optional<std::string>& path : {std::optional(targets.archive), targets.key_file}) {
    if (!path) continue;
    Result<std::optional<std::uint32_t>> existing = fs.PermissionBits(*path);
    if (!existing.ok()) return Forward<Targets>(std::move(existing));
    if (*existing.value) return FailResult<Targets>(Code::kFileIoError, *path + " already exists");
  }
  return Result<Targets>::Ok(std::move(targets));
}

// The SQLite store's path, which must exist, or the PostgreSQL target
// without credentials.
Result<std::string> SourceLocation(const EnvVars& vars, FileSystem& fs, const std::optional<std::string>& conninfo) {
  if (conninfo) return Result<std::string>::Ok(DescribeConnInfo(*conninfo));
  Result<std::string> store_path = StorePath(vars, fs);
  if (!store_path.ok()) return store_path;
  Result<std::optional<std::uint32_t>> store_exists = fs.PermissionBits(*store_path.value);
  if (!store_exists.ok()) return Forward<std::string>(std::move(store_exists));
  if (!*store_exists.value) return FailResult<std::string>(Code::kFileIoError, "No clasp store at " + *store_path.value);
  return store_path;
}

// Publishes the key file (when kept apart) and then the sealed archive; the
// key file goes again when the archive cannot be written.
Status Publish(FileSystem& fs, const Targets& targets, std::string_view key_text, std::string_view sealed) {
  auto publish = [&fs](const std::string& path, std::string_view bytes) -> Status {
    Result<bool> published = fs.PublishNewFile(path, bytes, 0600);
    if (!published.ok()) return Forward<Done>(std::move(published));
    if (!*published.value) return FailStatus(Code::kFileIoError, path + " already exists");
    return OkStatus();
  };
  if (targets.key_file) {
    if (auto s = publish(*targets.key_file, key_text); !s.ok()) return s;
  }
  Status archived = publish(targets.archive, sealed);
  if (!archived.ok() && targets.key_file) ::unlink(targets.key_file->c_str());
  return archived;
}

}  // namespace

Result<BackupManifest> CreateBackup(const EnvVars& vars, FileSystem& fs, Clock& clock, Random& random,
                                    const std::string& out, const BackupCreateOptions& options) {
  if (options.passphrase.size() < kMinBackupPassphraseBytes) {
    return FailResult<BackupManifest>(Code::kBackupCredentialRequired,
                                      "A backup needs a passphrase of at least " +
                                          std::to_string(kMinBackupPassphraseBytes) +
                                          " bytes: clasp never writes an unencrypted backup");
  }
  // store_open.h's rule: PostgreSQL when a connection string is given.
  std::optional<std::string> conninfo;
  if (Result<std::string> url = DatabaseUrl(vars, options.database_url); url.ok()) conninfo = *url.value;
  Result<Targets> targets = CheckTargets(fs, out, options.key_separately);
  if (!targets.ok()) return Forward<BackupManifest>(std::move(targets));
  Result<std::string> source_location = SourceLocation(vars, fs, conninfo);
  if (!source_location.ok()) return Forward<BackupManifest>(std::move(source_location));
  Result<backup::InstanceKey> key = backup::ReadInstanceKey(vars, fs, conninfo ? KeyHome::kPaperclip : KeyHome::kClasp);
  if (!key.ok()) return Forward<BackupManifest>(std::move(key));

  auto scratch = backup::ScratchDir::Create(ParentDirectory(targets.value->archive));
  if (!scratch.ok()) return Forward<BackupManifest>(std::move(scratch));
  const std::string snapshot_path = (*scratch.value)->path() + "/" + std::string(backup::kStoreMember);
  BackupManifest manifest;
  // Before the snapshot: a version written meanwhile may or may not be in
  // it, and the doctor then asks for another backup rather than trusting it.
  manifest.created_at = clock.NowIso8601();
  const Status snapped = conninfo ? backup::SnapshotPostgres(*conninfo, snapshot_path, manifest.created_at)
                                  : backup::SnapshotSqlite(*source_location.value, snapshot_path);
  if (!snapped.ok()) return Forward<BackupManifest>(Status(snapped));
  // The bytes first: opening the snapshot as a store may migrate it.
  Result<SecretBytes> snapshot = backup::ReadWholeFile(snapshot_path);
  if (!snapshot.ok()) return Forward<BackupManifest>(std::move(snapshot));
  Result<backup::SnapshotInventory> inventory = backup::InspectSnapshot(snapshot_path, nullptr);
  if (!inventory.ok()) return Forward<BackupManifest>(std::move(inventory));

  manifest.source_kind = conninfo ? "postgresql" : "sqlite";
  manifest.source_location = *source_location.value;
  manifest.key_source = std::string(KeySourceName(key.value->location.source));
  manifest.key_fingerprint = key.value->cipher->key_fingerprint();
  manifest.counts = inventory.value->counts;
  const std::string_view key_text = key.value->text.view();
  const bool key_inside = !targets.value->key_file;
  manifest.members = {{std::string(backup::kStoreMember), static_cast<long long>(snapshot.value->size()),
                       HexLower(Sha256Of(snapshot.value->view()))}};
  if (key_inside) {
    manifest.members.push_back(
        {std::string(backup::kKeyMember), static_cast<long long>(key_text.size()), HexLower(Sha256Of(key_text))});
  }
  Result<std::string> sealed = SealBackupEnvelope(
      backup::EncodeArchive(DumpJson(BackupManifestJson(manifest), 2), snapshot.value->view(),
                            key_inside ? std::optional(key_text) : std::nullopt)
          .view(),
      options.passphrase.view(), random, options.cost);
  if (!sealed.ok()) return Forward<BackupManifest>(std::move(sealed));
  if (auto s = Publish(fs, *targets.value, key_text, *sealed.value); !s.ok()) return Forward<BackupManifest>(std::move(s));

  const std::string& archive = targets.value->archive;
  const BackupMarker marker{manifest.created_at, manifest.source_kind, manifest.source_location, archive};
  if (auto s = backup::WriteBackupMarker(vars, fs, marker); !s.ok()) {
    return FailResult<BackupManifest>(Code::kFileIoError, "The archive " + archive +
                                                              " was written, but recording it for clasp doctor failed: " +
                                                              s.diagnostics.front().message);
  }
  return R::Ok(std::move(manifest));
}

}  // namespace clasp::native
