// The store snapshot of a backup: taken with SQLite's online backup API and
// read back through SqliteStore (backup_internal.h).
#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "backup_internal.h"
#include "clasp/native/sqlite_store.h"

namespace clasp::native::backup {
namespace {

struct Connection {
  sqlite3* db = nullptr;
  ~Connection() { sqlite3_close_v2(db); }
  std::string Error() const { return db ? sqlite3_errmsg(db) : "out of memory"; }
};

BackupProblem VersionProblem(std::string code, std::string message, const std::string& secret_id, int version) {
  return BackupProblem{std::move(code), std::move(message), secret_id, version};
}

}  // namespace

Status SnapshotSqlite(const std::string& source, const std::string& dest) {
  Connection src;
  Connection dst;
  auto fail = [](const std::string& what, const Connection& c) {
    return FailStatus(Code::kStorageError, "SQLite backup: " + what + ": " + c.Error());
  };
  if (sqlite3_open_v2(source.c_str(), &src.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    return fail("cannot open " + source, src);
  }
  sqlite3_busy_timeout(src.db, 5000);
  if (sqlite3_open_v2(dest.c_str(), &dst.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    return fail("cannot create " + dest, dst);
  }
  sqlite3_backup* backup = sqlite3_backup_init(dst.db, "main", src.db, "main");
  if (backup == nullptr) return fail("cannot start", dst);
  // All pages in one step: one read transaction, hence one consistent state.
  // A writer holding the lock at that instant only delays the step.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int rc = SQLITE_OK;
  for (;;) {
    rc = sqlite3_backup_step(backup, -1);
    const bool busy = rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
    if (busy && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    if (rc != SQLITE_OK) break;
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return fail("copy of " + source + " failed", dst);
  // A self-contained file: the snapshot carries no WAL beside it.
  if (sqlite3_exec(dst.db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return fail("cannot finish " + dest, dst);
  }
  return OkStatus();
}

Result<SnapshotInventory> InspectSnapshot(const std::string& path, LocalEncryptedCipher* cipher) {
  auto opened = SqliteStore::Open(path);
  if (!opened.ok()) return Forward<SnapshotInventory>(std::move(opened));
  SnapshotInventory inventory;
  const Status read = (*opened.value)->Transact([&](StoreTxn& txn) -> Status {
    auto secrets = txn.ListAllSecrets(std::nullopt);
    if (!secrets.ok()) return Forward<Done>(std::move(secrets));
    auto bindings = txn.ListBindings(std::nullopt);
    if (!bindings.ok()) return Forward<Done>(std::move(bindings));
    inventory.counts.secrets = static_cast<long long>(secrets.value->size());
    inventory.counts.bindings = static_cast<long long>(bindings.value->size());
    for (const SecretRow& secret : *secrets.value) {
      for (int v = 1; v <= secret.latest_version; ++v) {
        auto version = txn.GetVersion(secret.id, v);
        if (!version.ok()) return Forward<Done>(std::move(version));
        if (!*version.value) {
          inventory.problems.push_back(VersionProblem(
              "version_missing", "Secret " + secret.id + " version " + std::to_string(v) + " is missing", secret.id, v));
          continue;
        }
        ++inventory.counts.versions;
        if (cipher == nullptr) continue;
        if (secret.provider != "local_encrypted") {
          ++inventory.external;
          continue;
        }
        auto json = ParseJson((*version.value)->material);
        auto material = json.ok() ? MaterialFromJson(*json.value) : Forward<Material>(std::move(json));
        if (!material.ok()) {
          inventory.problems.push_back(VersionProblem(
              "material_invalid", "Secret " + secret.id + " version " + std::to_string(v) + " has invalid material",
              secret.id, v));
          continue;
        }
        auto plain = cipher->Open(*material.value);
        if (!plain.ok()) {
          inventory.problems.push_back(VersionProblem(
              "decrypt_failed",
              "Secret " + secret.id + " version " + std::to_string(v) + " does not decrypt with the archive's key",
              secret.id, v));
          continue;
        }
        ++inventory.decrypted;
      }
    }
    return OkStatus();
  });
  if (!read.ok()) return Forward<SnapshotInventory>(Status(read));
  return Result<SnapshotInventory>::Ok(std::move(inventory));
}

}  // namespace clasp::native::backup
