// `clasp backup create`: snapshot + key + manifest into one archive (backup.h).
#include "backup_internal.h"
#include "clasp/native/pg_store.h"
#include "clasp/native/sqlite_store.h"
#include "clasp/native/store_open.h"
#include "clasp/sha256.h"

namespace clasp::native {

Result<BackupManifest> CreateBackup(const EnvVars& vars, FileSystem& fs, Clock& clock, const std::string& out,
                                    const std::optional<std::string>& database_url) {
  using R = Result<BackupManifest>;
  // store_open.h's rule: PostgreSQL when a connection string is given.
  std::optional<std::string> conninfo;
  if (Result<std::string> url = DatabaseUrl(vars, database_url); url.ok()) conninfo = *url.value;
  Result<std::string> cwd = fs.CurrentDirectory();
  if (!cwd.ok()) return Forward<BackupManifest>(std::move(cwd));
  const std::string archive = ResolvePath(*cwd.value, out);
  Result<std::optional<std::uint32_t>> existing = fs.PermissionBits(archive);
  if (!existing.ok()) return Forward<BackupManifest>(std::move(existing));
  if (*existing.value) return FailResult<BackupManifest>(Code::kFileIoError, archive + " already exists");

  std::string source_location;
  if (conninfo) {
    source_location = DescribeConnInfo(*conninfo);
  } else {
    Result<std::string> store_path = StorePath(vars, fs);
    if (!store_path.ok()) return Forward<BackupManifest>(std::move(store_path));
    Result<std::optional<std::uint32_t>> store_exists = fs.PermissionBits(*store_path.value);
    if (!store_exists.ok()) return Forward<BackupManifest>(std::move(store_exists));
    if (!*store_exists.value) {
      return FailResult<BackupManifest>(Code::kFileIoError, "No clasp store at " + *store_path.value);
    }
    source_location = *store_path.value;
  }
  Result<backup::InstanceKey> key =
      backup::ReadInstanceKey(vars, fs, conninfo ? KeyHome::kPaperclip : KeyHome::kClasp);
  if (!key.ok()) return Forward<BackupManifest>(std::move(key));

  auto scratch = backup::ScratchDir::Create(ParentDirectory(archive));
  if (!scratch.ok()) return Forward<BackupManifest>(std::move(scratch));
  const std::string snapshot_path = (*scratch.value)->path() + "/" + std::string(backup::kStoreMember);
  BackupManifest manifest;
  // Before the snapshot: a version written meanwhile may or may not be in
  // it, and the doctor then asks for another backup rather than trusting it.
  manifest.created_at = clock.NowIso8601();
  const Status snapped = conninfo ? backup::SnapshotPostgres(*conninfo, snapshot_path, manifest.created_at)
                                  : backup::SnapshotSqlite(source_location, snapshot_path);
  if (!snapped.ok()) return Forward<BackupManifest>(Status(snapped));
  // The bytes first: opening the snapshot as a store may migrate it.
  Result<SecretBytes> snapshot = backup::ReadWholeFile(snapshot_path);
  if (!snapshot.ok()) return Forward<BackupManifest>(std::move(snapshot));
  Result<backup::SnapshotInventory> inventory = backup::InspectSnapshot(snapshot_path, nullptr);
  if (!inventory.ok()) return Forward<BackupManifest>(std::move(inventory));

  manifest.source_kind = conninfo ? "postgresql" : "sqlite";
  manifest.source_location = source_location;
  manifest.key_source = std::string(KeySourceName(key.value->location.source));
  manifest.key_fingerprint = key.value->cipher->key_fingerprint();
  manifest.counts = inventory.value->counts;
  const std::string_view key_text = key.value->text.view();
  manifest.members = {
      {std::string(backup::kStoreMember), static_cast<long long>(snapshot.value->size()),
       HexLower(Sha256Of(snapshot.value->view()))},
      {std::string(backup::kKeyMember), static_cast<long long>(key_text.size()), HexLower(Sha256Of(key_text))}};

  std::string bytes = backup::EncodeArchive(DumpJson(BackupManifestJson(manifest), 2), snapshot.value->view(), key_text);
  Result<bool> published = fs.PublishNewFile(archive, bytes, 0600);
  WipeString(&bytes);
  if (!published.ok()) return Forward<BackupManifest>(std::move(published));
  if (!*published.value) return FailResult<BackupManifest>(Code::kFileIoError, archive + " already exists");

  const BackupMarker marker{manifest.created_at, manifest.source_kind, manifest.source_location, archive};
  if (auto s = backup::WriteBackupMarker(vars, fs, marker); !s.ok()) {
    return FailResult<BackupManifest>(Code::kFileIoError, "The archive " + archive +
                                                              " was written, but recording it for clasp doctor failed: " +
                                                              s.diagnostics.front().message);
  }
  return R::Ok(std::move(manifest));
}

}  // namespace clasp::native
