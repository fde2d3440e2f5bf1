#include "clasp/native/sqlite_store.h"

#include <filesystem>
#include <map>
#include <mutex>

#include "clasp/native/instance_paths.h"
#include "sqlite_db.h"
#include "sqlite_schema.h"
#include "sqlite_store_txn.h"

namespace clasp::native {
namespace sqlite {
namespace {

constexpr std::string_view kVersionColumns =
    "id, secret_id, version, material, value_sha256, fingerprint_sha256, status, provider_version_ref, revoked_at, "
    "created_by_agent_id, created_by_user_id, created_at";
constexpr std::string_view kEventColumns =
    "id, company_id, secret_id, version, provider, actor_type, actor_id, consumer_type, consumer_id, config_path, "
    "issue_id, heartbeat_run_id, plugin_id, outcome, error_code, secret_scope, responsible_user_id, created_at";

void BindSecret(Stmt& s, const SecretRow& r) {
  s.Bind(1, r.id).Bind(2, r.company_id).Bind(3, r.name).Bind(4, r.key).Bind(5, r.provider).Bind(6, r.external_ref);
  s.Bind(7, static_cast<long long>(r.latest_version)).Bind(8, r.description).Bind(9, r.status);
  s.Bind(10, r.managed_mode).Bind(11, r.provider_config_id).Bind(12, r.scope).Bind(13, r.created_by_agent_id);
  s.Bind(14, r.created_by_user_id).Bind(15, r.created_at).Bind(16, r.updated_at).Bind(17, r.last_resolved_at);
  s.Bind(18, r.last_rotated_at).Bind(19, r.deleted_at).Bind(20, r.owner_user_id).Bind(21, r.user_secret_definition_id);
}

VersionRow ReadVersion(const Stmt& s) {
  VersionRow r;
  r.id = s.Text(0), r.secret_id = s.Text(1), r.version = static_cast<int>(s.Int(2)), r.material = s.Text(3);
  r.value_sha256 = s.Text(4), r.fingerprint_sha256 = s.Text(5), r.status = s.Text(6);
  r.provider_version_ref = s.OptText(7), r.revoked_at = s.OptText(8), r.created_by_agent_id = s.OptText(9);
  r.created_by_user_id = s.OptText(10), r.created_at = s.Text(11);
  return r;
}

AccessEventRow ReadEvent(const Stmt& s) {
  AccessEventRow r;
  r.id = s.Text(0), r.company_id = s.Text(1), r.secret_id = s.OptText(2), r.version = s.OptInt(3);
  r.provider = s.Text(4), r.actor_type = s.Text(5), r.actor_id = s.OptText(6), r.consumer_type = s.Text(7);
  r.consumer_id = s.Text(8), r.config_path = s.OptText(9), r.issue_id = s.OptText(10);
  r.heartbeat_run_id = s.OptText(11), r.plugin_id = s.OptText(12), r.outcome = s.Text(13);
  r.error_code = s.OptText(14), r.secret_scope = s.Text(15), r.responsible_user_id = s.OptText(16);
  r.created_at = s.Text(17);
  return r;
}

}  // namespace

SecretRow ReadSecret(const Stmt& s) {
  SecretRow r;
  r.id = s.Text(0), r.company_id = s.Text(1), r.name = s.Text(2), r.key = s.Text(3), r.provider = s.Text(4);
  r.external_ref = s.OptText(5), r.latest_version = static_cast<int>(s.Int(6)), r.description = s.OptText(7);
  r.status = s.Text(8), r.managed_mode = s.Text(9), r.provider_config_id = s.OptText(10), r.scope = s.Text(11);
  r.created_by_agent_id = s.OptText(12), r.created_by_user_id = s.OptText(13), r.created_at = s.Text(14);
  r.updated_at = s.Text(15), r.last_resolved_at = s.OptText(16), r.last_rotated_at = s.OptText(17);
  r.deleted_at = s.OptText(18), r.owner_user_id = s.OptText(19), r.user_secret_definition_id = s.OptText(20);
  return r;
}

BindingRow ReadBinding(const Stmt& s) {
  BindingRow r;
  r.id = s.Text(0), r.company_id = s.Text(1), r.secret_id = s.Text(2), r.target_type = s.Text(3);
  r.target_id = s.Text(4), r.config_path = s.Text(5), r.version_selector = s.Text(6), r.required = s.Int(7) != 0;
  r.label = s.OptText(8), r.projection_class = s.Text(9), r.projection_allowlist_key = s.OptText(10);
  return r;
}

Result<std::optional<SecretRow>> Txn::GetSecret(const std::string& id) {
  static const std::string kSql = Select(kSecretColumns, "FROM company_secrets WHERE id = ?1");
  return One<SecretRow>(kSql, ReadSecret, [&](Stmt& s) { s.Bind(1, id); });
}

Result<std::vector<SecretRow>> Txn::ListSecrets(const std::string& company_id) {
  static const std::string kSql = Select(kSecretColumns,
                                         "FROM company_secrets WHERE company_id = ?1 AND scope = 'company' AND "
                                         "status <> 'deleted' ORDER BY created_at DESC, id DESC");
  return Many<SecretRow>(kSql, ReadSecret, [&](Stmt& s) { s.Bind(1, company_id); });
}

Result<std::optional<SecretRow>> Txn::FindLiveSecretByName(const std::string& company_id,
                                                           const std::string& name) {
  static const std::string kSql = Select(kSecretColumns,
                                         "FROM company_secrets WHERE company_id = ?1 AND scope = 'company' AND "
                                         "name = ?2 AND status <> 'deleted' LIMIT 1");
  return One<SecretRow>(kSql, ReadSecret, [&](Stmt& s) { s.Bind(1, company_id).Bind(2, name); });
}

Result<std::optional<SecretRow>> Txn::FindLiveSecretByKey(const std::string& company_id, const std::string& key) {
  static const std::string kSql = Select(kSecretColumns,
                                         "FROM company_secrets WHERE company_id = ?1 AND scope = 'company' AND "
                                         "key = ?2 AND status <> 'deleted' LIMIT 1");
  return One<SecretRow>(kSql, ReadSecret, [&](Stmt& s) { s.Bind(1, company_id).Bind(2, key); });
}

Status Txn::InsertSecret(const SecretRow& row) {
  static const std::string kSql = "INSERT INTO company_secrets (" + std::string(kSecretColumns) +
                                  ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21)";
  return Write(kSql, [&](Stmt& s) { BindSecret(s, row); });
}

Status Txn::UpdateSecret(const SecretRow& row) {
  static const std::string kSql =
      "UPDATE company_secrets SET company_id=?2, name=?3, key=?4, provider=?5, external_ref=?6, latest_version=?7, "
      "description=?8, status=?9, managed_mode=?10, provider_config_id=?11, scope=?12, created_by_agent_id=?13, "
      "created_by_user_id=?14, created_at=?15, updated_at=?16, last_resolved_at=?17, last_rotated_at=?18, "
      "deleted_at=?19, owner_user_id=?20, user_secret_definition_id=?21 WHERE id=?1";
  return Write(kSql, [&](Stmt& s) { BindSecret(s, row); });
}

Status Txn::DeleteSecret(const std::string& id) {
  // company_secret_versions cascades (foreign key).
  return Write("DELETE FROM company_secrets WHERE id = ?1", [&](Stmt& s) { s.Bind(1, id); });
}

Result<std::optional<VersionRow>> Txn::GetVersion(const std::string& secret_id, int version) {
  static const std::string kSql =
      Select(kVersionColumns, "FROM company_secret_versions WHERE secret_id = ?1 AND version = ?2");
  return One<VersionRow>(kSql, ReadVersion,
                         [&](Stmt& s) { s.Bind(1, secret_id).Bind(2, static_cast<long long>(version)); });
}

Status Txn::InsertVersion(const VersionRow& r) {
  static const std::string kSql = "INSERT INTO company_secret_versions (" + std::string(kVersionColumns) +
                                  ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)";
  return Write(kSql, [&](Stmt& s) {
    s.Bind(1, r.id).Bind(2, r.secret_id).Bind(3, static_cast<long long>(r.version)).Bind(4, r.material);
    s.Bind(5, r.value_sha256).Bind(6, r.fingerprint_sha256).Bind(7, r.status).Bind(8, r.provider_version_ref);
    s.Bind(9, r.revoked_at).Bind(10, r.created_by_agent_id).Bind(11, r.created_by_user_id).Bind(12, r.created_at);
  });
}

Result<std::optional<VersionRow>> Txn::NewestManagedVersion() {
  static const std::string kSql = Select(
      kVersionColumns,
      "FROM company_secret_versions WHERE secret_id IN (SELECT id FROM company_secrets WHERE provider = "
      "'local_encrypted' AND managed_mode = 'paperclip_managed') ORDER BY created_at DESC, id DESC LIMIT 1");
  return One<VersionRow>(kSql, ReadVersion, [](Stmt&) {});
}

Result<std::optional<std::string>> Txn::GetKeyCheck() {
  return One<std::string>("SELECT check_value FROM clasp_key_check WHERE id = 1",
                          [](const Stmt& s) { return s.Text(0); }, [](Stmt&) {});
}

Status Txn::InsertKeyCheck(const std::string& check_value) {
  return Write("INSERT INTO clasp_key_check (id, check_value) VALUES (1, ?1)",
               [&](Stmt& s) { s.Bind(1, check_value); });
}

Status Txn::MarkCurrentVersion(const std::string& secret_id, int version) {
  return Write(
      "UPDATE company_secret_versions SET status = CASE WHEN version = ?2 THEN 'current' ELSE 'previous' END "
      "WHERE secret_id = ?1",
      [&](Stmt& s) { s.Bind(1, secret_id).Bind(2, static_cast<long long>(version)); });
}

Result<std::vector<BindingRow>> Txn::ListTargetBindings(const std::string& company_id,
                                                        const std::string& target_type,
                                                        const std::string& target_id) {
  static const std::string kSql = Select(kBindingColumns,
                                         "FROM company_secret_bindings WHERE company_id = ?1 AND target_type = ?2 "
                                         "AND target_id = ?3 ORDER BY created_at, config_path");
  return Many<BindingRow>(kSql, ReadBinding,
                          [&](Stmt& s) { s.Bind(1, company_id).Bind(2, target_type).Bind(3, target_id); });
}

Result<std::vector<BindingRow>> Txn::ListSecretBindings(const std::string& secret_id) {
  static const std::string kSql =
      Select(kBindingColumns, "FROM company_secret_bindings WHERE secret_id = ?1 "
             "ORDER BY created_at, target_type, target_id, config_path");
  return Many<BindingRow>(kSql, ReadBinding, [&](Stmt& s) { s.Bind(1, secret_id); });
}

Status Txn::InsertBinding(const BindingRow& r, const std::string& now) {
  static const std::string kSql = "INSERT INTO company_secret_bindings (" + std::string(kBindingColumns) +
                                  ", created_at, updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?12)";
  return Write(kSql, [&](Stmt& s) {
    s.Bind(1, r.id).Bind(2, r.company_id).Bind(3, r.secret_id).Bind(4, r.target_type).Bind(5, r.target_id);
    s.Bind(6, r.config_path).Bind(7, r.version_selector).Bind(8, static_cast<long long>(r.required));
    s.Bind(9, r.label).Bind(10, r.projection_class).Bind(11, r.projection_allowlist_key).Bind(12, now);
  });
}

Status Txn::UpdateBinding(const BindingRow& r, const std::string& now) {
  return Write(
      "UPDATE company_secret_bindings SET version_selector = ?2, projection_class = ?3, "
      "projection_allowlist_key = ?4, updated_at = ?5 WHERE id = ?1",
      [&](Stmt& s) {
        s.Bind(1, r.id).Bind(2, r.version_selector).Bind(3, r.projection_class).Bind(4, r.projection_allowlist_key);
        s.Bind(5, now);
      });
}

Status Txn::DeleteBinding(const std::string& id) {
  return Write("DELETE FROM company_secret_bindings WHERE id = ?1", [&](Stmt& s) { s.Bind(1, id); });
}

Status Txn::InsertAccessEvent(const AccessEventRow& r) {
  static const std::string kSql = "INSERT INTO secret_access_events (" + std::string(kEventColumns) +
                                  ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)";
  return Write(kSql, [&](Stmt& s) {
    s.Bind(1, r.id).Bind(2, r.company_id).Bind(3, r.secret_id).BindOptional(4, r.version).Bind(5, r.provider);
    s.Bind(6, r.actor_type).Bind(7, r.actor_id).Bind(8, r.consumer_type).Bind(9, r.consumer_id);
    s.Bind(10, r.config_path).Bind(11, r.issue_id).Bind(12, r.heartbeat_run_id).Bind(13, r.plugin_id);
    s.Bind(14, r.outcome).Bind(15, r.error_code).Bind(16, r.secret_scope).Bind(17, r.responsible_user_id);
    s.Bind(18, r.created_at);
  });
}

Result<std::vector<AccessEventRow>> Txn::ListAccessEvents(const std::string& secret_id) {
  static const std::string kSql =
      Select(kEventColumns, "FROM secret_access_events WHERE secret_id = ?1 ORDER BY rowid");
  return Many<AccessEventRow>(kSql, ReadEvent, [&](Stmt& s) { s.Bind(1, secret_id); });
}

}  // namespace sqlite

namespace {

Status Migrate(sqlite::Db& db, SqliteOpenMode mode) {
  Result<long long> version = db.PragmaInt("user_version");
  if (!version.ok()) return Forward<Done>(std::move(version));
  const auto& migrations = sqlite_schema::Migrations();
  const long long known = static_cast<long long>(migrations.size());
  if (*version.value > known) {
    return FailStatus(Code::kStorageError, "Database schema version " + std::to_string(*version.value) +
                                               " is newer than this clasp understands (" + std::to_string(known) + ")");
  }
  if (mode == SqliteOpenMode::kReadOnly && *version.value < known) {
    return FailStatus(Code::kStorageError, "Database schema version " + std::to_string(*version.value) +
                                               " is older than this clasp's (" + std::to_string(known) +
                                               "); open it once with a writer (clasp serve) to migrate it");
  }
  for (long long v = *version.value; v < known; ++v) {
    // Each step and its version bump commit together or not at all.
    if (auto s = db.Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
    Status step = db.Exec(migrations[static_cast<std::size_t>(v)]);
    if (step.ok()) step = db.Exec("PRAGMA user_version = " + std::to_string(v + 1));
    if (step.ok()) step = db.Exec("COMMIT");
    if (!step.ok()) {
      db.Exec("ROLLBACK");
      return step;
    }
  }
  return OkStatus();
}

// sqlite_store.h's file custody for the database and its -wal and -shm.
Status KeepDatabaseFiles(FileSystem& fs, const std::string& path, SqliteOpenMode mode) {
  const bool writer = mode == SqliteOpenMode::kReadWrite;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const bool main = *suffix == '\0';
    const Custody custody = !writer ? Custody::kCheck : main ? Custody::kCreate : Custody::kTighten;
    Result<KeptPath> kept = fs.KeepFile(path + suffix, 0600, custody);
    if (!kept.ok()) return Forward<Done>(std::move(kept));
    if (main && !kept.value->exists) return FailStatus(Code::kStorageError, "No clasp database at " + path);
  }
  return OkStatus();
}

// A connection with the pragmas every clasp connection runs with.
Result<std::unique_ptr<sqlite::Db>> Connect(const std::string& path) {
  auto db = sqlite::Db::Open(path);
  if (!db.ok()) return db;
  for (const char* pragma : {"PRAGMA busy_timeout = 5000", "PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON",
                             "PRAGMA secure_delete = ON", "PRAGMA synchronous = FULL"}) {
    if (auto s = (*db.value)->Exec(pragma); !s.ok()) return Forward<std::unique_ptr<sqlite::Db>>(std::move(s));
  }
  return db;
}

}  // namespace

// The one writer of a database file in this process, shared by its
// SqliteStores. Writers take turns on the mutex instead of polling SQLite's
// lock (the busy handler's sleeps cost a context switch and tens of
// microseconds per try), and write through one connection whose page cache
// stays warm: a connection's cache is dropped whenever another one wrote.
// Other processes still meet SQLite's file lock and the busy handler.
// (Checkpoints stay on the commit path: run from another thread, beside the
// writers, they never caught up and the WAL grew without bound.)
struct SqliteStore::Writer {
  std::mutex mutex;  // the turn to write
  std::string path;
  std::unique_ptr<sqlite::Db> db;  // opened by the first write
  // KeepDatabaseFiles, once per file while any store of this process has it
  // open: its open() and close() of the database would drop every POSIX lock
  // this process's SQLite connections hold on it (close releases them all),
  // and a reader without its lock may read a WAL another process rewrites.
  std::once_flag custody_once;
  Status custody = OkStatus();

  static std::shared_ptr<Writer> For(const std::string& path) {
    static std::mutex registry_mutex;
    static std::map<std::string, std::weak_ptr<Writer>> registry;
    std::error_code ec;
    std::string key = std::filesystem::weakly_canonical(path, ec).string();
    if (ec) key = path;
    std::lock_guard<std::mutex> lock(registry_mutex);
    std::erase_if(registry, [](const auto& entry) { return entry.second.expired(); });
    std::weak_ptr<Writer>& slot = registry[key];
    std::shared_ptr<Writer> writer = slot.lock();
    if (!writer) {
      slot = writer = std::make_shared<Writer>();
      writer->path = path;
    }
    return writer;
  }

  // The writer connection; call with `mutex` held.
  Result<sqlite::Db*> Connection() {
    if (!db) {
      auto opened = Connect(path);
      if (!opened.ok()) return Forward<sqlite::Db*>(std::move(opened));
      db = std::move(*opened.value);
    }
    return Result<sqlite::Db*>::Ok(db.get());
  }
};

Result<std::string> StorePath(const EnvVars& vars, FileSystem& fs) {
  Result<std::string> root = InstanceRoot(vars, fs);
  if (!root.ok()) return root;
  return Result<std::string>::Ok(*root.value + "/db/clasp.sqlite3");
}

SqliteStore::SqliteStore(std::unique_ptr<sqlite::Db> db, SqliteOpenMode mode, std::shared_ptr<Writer> writer)
    : db_(std::move(db)), mode_(mode), writer_(std::move(writer)) {}
SqliteStore::~SqliteStore() = default;

int SqliteStore::CurrentSchemaVersion() { return static_cast<int>(sqlite_schema::Migrations().size()); }

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path, SqliteOpenMode mode, FileSystem& fs) {
  using R = Result<std::unique_ptr<SqliteStore>>;
  std::shared_ptr<Writer> writer = Writer::For(path);
  std::call_once(writer->custody_once, [&] { writer->custody = KeepDatabaseFiles(fs, path, mode); });
  if (!writer->custody.ok()) return Forward<std::unique_ptr<SqliteStore>>(Status(writer->custody));
  auto db = Connect(path);
  if (!db.ok()) return Forward<std::unique_ptr<SqliteStore>>(std::move(db));
  sqlite::Db& d = **db.value;
  if (auto s = Migrate(d, mode); !s.ok()) return Forward<std::unique_ptr<SqliteStore>>(std::move(s));
  if (mode == SqliteOpenMode::kReadOnly) {
    if (auto s = d.Exec("PRAGMA query_only = ON"); !s.ok()) return Forward<std::unique_ptr<SqliteStore>>(std::move(s));
  }
  return R::Ok(std::unique_ptr<SqliteStore>(new SqliteStore(std::move(*db.value), mode, std::move(writer))));
}

Status SqliteStore::Transact(const std::function<Status(StoreTxn&)>& body, Durability durability) {
  // A reader is a deferred BEGIN on this store's connection: one WAL
  // snapshot, no writer lock. It is not fenced with PRAGMA query_only, which
  // would expire every cached statement each time; a write it makes anyway
  // is found and rolled back.
  const bool reader = mode_ == SqliteOpenMode::kReadOnly || durability == Durability::kReadOnly;
  std::unique_lock<std::mutex> turn(writer_->mutex, std::defer_lock);
  sqlite::Db* db = db_.get();
  if (!reader) {
    turn.lock();
    auto connection = writer_->Connection();
    if (!connection.ok()) return Forward<Done>(std::move(connection));
    db = *connection.value;
    if (auto s = db->PrepareTransaction(durability == Durability::kFull); !s.ok()) return s;
  }
  if (auto s = db->Run(reader ? "BEGIN" : "BEGIN IMMEDIATE"); !s.ok()) return s;
  const long long changes = db->TotalChanges();
  sqlite::Txn txn(*db);
  Status result = body(txn);
  if (result.ok() && reader && db->TotalChanges() != changes) {
    result = FailStatus(Code::kStorageError, "SQLite: a read-only transaction tried to write");
  }
  if (result.ok()) {
    if (auto s = db->Run("COMMIT"); !s.ok()) result = s;
  }
  if (!result.ok()) db->Run("ROLLBACK");
  return result;
}

}  // namespace clasp::native
