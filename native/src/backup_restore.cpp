// `clasp backup restore`: an archive's store and key into a SQLite home (backup.h).
#include <errno.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "backup_internal.h"
#include "clasp/native/sqlite_store.h"

namespace clasp::native {
namespace {

Result<BackupRestored> Refused(const std::string& why) {
  return FailResult<BackupRestored>(Code::kBackupRestoreRefused, why);
}

// Secrets in an existing database, read through a read-only connection so
// that looking neither creates nor migrates it. nullopt when it cannot be
// read at all, which counts as live: an unreadable file is not known empty.
std::optional<long long> SecretCount(const std::string& path) {
  sqlite3* db = nullptr;
  std::optional<long long> count;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* stmt = nullptr;
    const char* has_table = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'company_secrets'";
    if (sqlite3_prepare_v2(db, has_table, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
      count = sqlite3_column_int64(stmt, 0) == 0 ? 0 : -1;
    }
    sqlite3_finalize(stmt);
    stmt = nullptr;
    if (count == -1) {
      count.reset();
      if (sqlite3_prepare_v2(db, "SELECT count(*) FROM company_secrets", -1, &stmt, nullptr) == SQLITE_OK &&
          sqlite3_step(stmt) == SQLITE_ROW) {
        count = sqlite3_column_int64(stmt, 0);
      }
      sqlite3_finalize(stmt);
    }
  }
  sqlite3_close_v2(db);
  return count;
}

// The old database's WAL would be replayed into the new file: it goes first.
Status RemoveSidecars(const std::string& db_path) {
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    const std::string path = db_path + suffix;
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
      return FailStatus(Code::kFileIoError, "Could not remove " + path + ": " + ::strerror(errno));
    }
  }
  return OkStatus();
}

}  // namespace

Result<BackupRestored> RestoreBackup(const EnvVars& vars, FileSystem& fs, const std::string& archive,
                                     const ArchiveAccess& access, const RestoreOptions& options) {
  using R = Result<BackupRestored>;
  if (const auto url = vars.Get("DATABASE_URL"); url && !url->empty()) {
    return Refused("DATABASE_URL is set: clasp would use PostgreSQL, not the restored SQLite store; unset it first");
  }
  // One read, one derivation: the bytes written are the bytes verified.
  Result<backup::OpenedArchive> opened = backup::OpenArchive(archive, access);
  if (!opened.ok()) return Forward<BackupRestored>(std::move(opened));
  const BackupVerification& verified = opened.value->verification;
  if (!verified.ok()) {
    return FailResult<BackupRestored>(Code::kBackupInvalid,
                                      "The archive does not verify (" + std::to_string(verified.problems.size()) +
                                          " problems, first: " + verified.problems.front().message +
                                          "); nothing was written");
  }
  const std::string_view key_text = opened.value->key_text.view();
  const std::string& archive_key = verified.manifest->key_fingerprint;

  Result<std::string> store_path = StorePath(vars, fs);
  if (!store_path.ok()) return Forward<BackupRestored>(std::move(store_path));
  Result<KeyLocation> location = LocateMasterKey(vars, fs);
  if (!location.ok()) return Forward<BackupRestored>(std::move(location));
  BackupRestored restored;
  restored.store_path = *store_path.value;
  restored.counts = verified.found;

  // Every refusal before the first write.
  bool write_key = true;
  if (location.value->source == KeySource::kEnv) {
    Result<backup::InstanceKey> env_key = backup::ReadInstanceKey(vars, fs);
    if (!env_key.ok()) return Forward<BackupRestored>(std::move(env_key));
    if (env_key.value->cipher->key_fingerprint() != archive_key) {
      return Refused("PAPERCLIP_SECRETS_MASTER_KEY is not the archive's key: the restored secrets could not be read");
    }
    write_key = false;
  } else {
    restored.key_path = location.value->path;
    Result<std::optional<std::uint32_t>> exists = fs.PermissionBits(restored.key_path);
    if (!exists.ok()) return Forward<BackupRestored>(std::move(exists));
    if (*exists.value) {
      Result<backup::InstanceKey> current = backup::ReadInstanceKey(vars, fs);
      const bool same = current.ok() && current.value->cipher->key_fingerprint() == archive_key;
      if (same) write_key = false;
      if (!same && !options.force) {
        return Refused("A different master key exists at " + restored.key_path + "; pass --force to replace it");
      }
    }
  }
  Result<std::optional<std::uint32_t>> db_exists = fs.PermissionBits(restored.store_path);
  if (!db_exists.ok()) return Forward<BackupRestored>(std::move(db_exists));
  if (*db_exists.value && !options.force) {
    const std::optional<long long> live = SecretCount(restored.store_path);
    if (!live || *live > 0) {
      return Refused("The store at " + restored.store_path + " holds " +
                     (live ? std::to_string(*live) + " secrets" : std::string("unreadable data")) +
                     "; pass --force to replace it");
    }
  }

  if (write_key) {
    if (auto s = fs.CreateDirectories(ParentDirectory(restored.key_path), 0700); !s.ok()) {
      return Forward<BackupRestored>(std::move(s));
    }
    if (auto s = backup::ReplaceFile(restored.key_path, key_text, 0600); !s.ok()) {
      return Forward<BackupRestored>(std::move(s));
    }
    restored.key_written = true;
  }
  if (auto s = fs.CreateDirectories(ParentDirectory(restored.store_path), 0700); !s.ok()) {
    return Forward<BackupRestored>(std::move(s));
  }
  const std::string db = restored.store_path;
  if (auto s = backup::ReplaceFile(db, opened.value->parts->store, 0600, [&db] { return RemoveSidecars(db); });
      !s.ok()) {
    return Forward<BackupRestored>(std::move(s));
  }
  return R::Ok(std::move(restored));
}

}  // namespace clasp::native
