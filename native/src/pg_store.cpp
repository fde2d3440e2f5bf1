#include "clasp/native/pg_store.h"

#include <cctype>
#include <chrono>
#include <thread>

#include "pg_conn.h"
#include "pg_rows.h"
#include "pg_schema.h"
#include "pg_store_txn.h"

namespace clasp::native {
namespace pg {

using namespace pg_rows;

bool Retryable(const std::string& sqlstate) {
  return sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "23505";
}

Result<std::optional<SecretRow>> PgTxn::GetSecret(const std::string& id) {
  // The row lock serialises every writer of this secret (see pg_store.h);
  // a read-only transaction writes nothing and may not lock.
  static const std::string kLocked = Select(SecretColumns(), "FROM company_secrets WHERE id = $1 FOR UPDATE");
  static const std::string kPlain = Select(SecretColumns(), "FROM company_secrets WHERE id = $1");
  if (!IsUuidText(id)) return Result<std::optional<SecretRow>>::Ok(std::nullopt);
  return One<SecretRow>(read_only_ ? kPlain : kLocked, ReadSecret, {P(id)});
}

Result<std::vector<SecretRow>> PgTxn::ListSecrets(const std::string& company_id) {
  static const std::string kSql = Select(SecretColumns(),
                                         "FROM company_secrets WHERE company_id = $1 AND scope = 'company' AND "
                                         "status <> 'deleted' ORDER BY created_at DESC, id DESC");
  if (!IsUuidText(company_id)) return Result<std::vector<SecretRow>>::Ok({});
  return Many<SecretRow>(kSql, ReadSecret, {P(company_id)});
}

Result<std::optional<SecretRow>> PgTxn::FindLiveSecretByName(const std::string& company_id,
                                                             const std::string& name) {
  static const std::string kSql = Select(SecretColumns(),
                                         "FROM company_secrets WHERE company_id = $1 AND scope = 'company' AND "
                                         "name = $2 AND status <> 'deleted' LIMIT 1");
  if (!IsUuidText(company_id)) return Result<std::optional<SecretRow>>::Ok(std::nullopt);
  return One<SecretRow>(kSql, ReadSecret, {P(company_id), P(name)});
}

Result<std::optional<SecretRow>> PgTxn::FindLiveSecretByKey(const std::string& company_id, const std::string& key) {
  static const std::string kSql = Select(SecretColumns(),
                                         "FROM company_secrets WHERE company_id = $1 AND scope = 'company' AND "
                                         "key = $2 AND status <> 'deleted' LIMIT 1");
  if (!IsUuidText(company_id)) return Result<std::optional<SecretRow>>::Ok(std::nullopt);
  return One<SecretRow>(kSql, ReadSecret, {P(company_id), P(key)});
}

Status PgTxn::InsertSecret(const SecretRow& row) {
  return Write(
      "INSERT INTO company_secrets (id, company_id, name, key, provider, external_ref, latest_version, "
      "description, status, managed_mode, provider_config_id, scope, created_by_agent_id, created_by_user_id, "
      "created_at, updated_at, last_resolved_at, last_rotated_at, deleted_at, owner_user_id, user_secret_definition_id) "
      "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)",
      SecretParams(row));
}

Status PgTxn::UpdateSecret(const SecretRow& row) {
  if (!IsUuidText(row.id)) return OkStatus();
  return Write(
      "UPDATE company_secrets SET company_id=$2, name=$3, key=$4, provider=$5, external_ref=$6, "
      "latest_version=$7, description=$8, status=$9, managed_mode=$10, provider_config_id=$11, scope=$12, "
      "created_by_agent_id=$13, created_by_user_id=$14, created_at=$15, updated_at=$16, last_resolved_at=$17, "
      "last_rotated_at=$18, deleted_at=$19, owner_user_id=$20, user_secret_definition_id=$21 WHERE id=$1",
      SecretParams(row));
}

Status PgTxn::DeleteSecret(const std::string& id) {
  if (!IsUuidText(id)) return OkStatus();
  // Paperclip's schema has no cascading foreign key: versions go first.
  if (auto s = Write("DELETE FROM company_secret_versions WHERE secret_id = $1", {P(id)}); !s.ok()) return s;
  return Write("DELETE FROM company_secrets WHERE id = $1", {P(id)});
}

Result<std::optional<VersionRow>> PgTxn::GetVersion(const std::string& secret_id, int version) {
  static const std::string kSql =
      Select(VersionColumns(), "FROM company_secret_versions WHERE secret_id = $1 AND version = $2");
  if (!IsUuidText(secret_id)) return Result<std::optional<VersionRow>>::Ok(std::nullopt);
  return One<VersionRow>(kSql, ReadVersion, {P(secret_id), P(version)});
}

Status PgTxn::InsertVersion(const VersionRow& r) {
  return Write(
      "INSERT INTO company_secret_versions (id, secret_id, version, material, value_sha256, fingerprint_sha256, "
      "status, provider_version_ref, revoked_at, created_by_agent_id, created_by_user_id, created_at) VALUES "
      "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)",
      {P(r.id), P(r.secret_id), P(r.version), P(r.material), P(r.value_sha256), P(r.fingerprint_sha256),
       P(r.status), P(r.provider_version_ref), P(r.revoked_at), P(r.created_by_agent_id),
       P(r.created_by_user_id), P(r.created_at)});
}

Result<std::optional<VersionRow>> PgTxn::NewestManagedVersion() {
  static const std::string kSql = Select(
      VersionColumns(),
      "FROM company_secret_versions WHERE secret_id IN (SELECT id FROM company_secrets WHERE provider = "
      "'local_encrypted' AND managed_mode = 'paperclip_managed') ORDER BY created_at DESC, id DESC LIMIT 1");
  return One<VersionRow>(kSql, ReadVersion, {});
}

// A read-only open of a Paperclip database clasp never wrote to has no
// clasp_key_check table (read-write opens create it): no check recorded.
// The shared lock, held to the end of the transaction, is what a key
// rotation's batches wait for (HoldOffSealers): a transaction that seals
// under the key it read here commits before the rotation's sweep, or waits
// and reads the new key check.
Result<std::optional<std::string>> PgTxn::GetKeyCheck() {
  using R = Result<std::optional<std::string>>;
  auto present = Run("SELECT to_regclass('clasp_key_check') IS NOT NULL, pg_advisory_xact_lock_shared(" +
                         std::string(kKeyCheckLock) + ") IS NULL",
                     {});
  if (!present.ok()) return Forward<std::optional<std::string>>(std::move(present));
  if (!present.value->Bool(0, 0)) return R::Ok(std::nullopt);
  return One<std::string>("SELECT check_value FROM clasp_key_check WHERE id = 1",
                          [](const Rows& rows, int i) { return rows.Text(i, 0); }, {});
}

Status PgTxn::InsertKeyCheck(const std::string& check_value) {
  return Write("INSERT INTO clasp_key_check (id, check_value) VALUES (1, $1)", {P(check_value)});
}

Status PgTxn::MarkCurrentVersion(const std::string& secret_id, int version) {
  if (!IsUuidText(secret_id)) return OkStatus();
  return Write(
      "UPDATE company_secret_versions SET status = CASE WHEN version = $2 THEN 'current' ELSE 'previous' END "
      "WHERE secret_id = $1",
      {P(secret_id), P(version)});
}

Result<std::vector<BindingRow>> PgTxn::ListTargetBindings(const std::string& company_id,
                                                          const std::string& target_type,
                                                          const std::string& target_id) {
  static const std::string kSql = Select(kBindingColumns,
                                         "FROM company_secret_bindings WHERE company_id = $1 AND target_type = $2 "
                                         "AND target_id = $3 ORDER BY created_at, config_path COLLATE \"C\"");
  if (!IsUuidText(company_id)) return Result<std::vector<BindingRow>>::Ok({});
  auto rows = Many<BindingRow>(kSql, ReadBinding, {P(company_id), P(target_type), P(target_id)});
  if (rows.ok()) Remember(company_id, target_type, target_id, *rows.value);
  return rows;
}

Result<std::vector<BindingRow>> PgTxn::ListSecretBindings(const std::string& secret_id) {
  static const std::string kSql = Select(kBindingColumns,
                                         "FROM company_secret_bindings WHERE secret_id = $1 "
                                         "ORDER BY created_at, target_type COLLATE \"C\", target_id COLLATE \"C\", "
                                         "config_path COLLATE \"C\"");
  if (!IsUuidText(secret_id)) return Result<std::vector<BindingRow>>::Ok({});
  return Many<BindingRow>(kSql, ReadBinding, {P(secret_id)});
}

Status PgTxn::InsertBinding(const BindingRow& r, const std::string& now) {
  if (auto s = GuardTarget(r.company_id, r.target_type, r.target_id); !s.ok()) return s;
  return Write(
      "INSERT INTO company_secret_bindings (id, company_id, secret_id, target_type, target_id, config_path, "
      "version_selector, required, label, projection_class, projection_allowlist_key, created_at, updated_at) "
      "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$12)",
      {P(r.id), P(r.company_id), P(r.secret_id), P(r.target_type), P(r.target_id), P(r.config_path),
       P(r.version_selector), P(r.required), P(r.label), P(r.projection_class), P(r.projection_allowlist_key),
       P(now)});
}

Status PgTxn::UpdateBinding(const BindingRow& r, const std::string& now) {
  if (!IsUuidText(r.id)) return OkStatus();
  if (auto s = GuardTarget(r.company_id, r.target_type, r.target_id); !s.ok()) return s;
  return Write(
      "UPDATE company_secret_bindings SET version_selector = $2, projection_class = $3, "
      "projection_allowlist_key = $4, updated_at = $5 WHERE id = $1",
      {P(r.id), P(r.version_selector), P(r.projection_class), P(r.projection_allowlist_key), P(now)});
}

Status PgTxn::DeleteBinding(const std::string& id) {
  if (!IsUuidText(id)) return OkStatus();
  // A row of a listed target (a sync); otherwise the caller holds the
  // secret's row lock (a secret's removal).
  for (const Listed& l : listed_) {
    if (l.signature.find(id) != std::string::npos) {
      if (auto s = GuardTarget(l.company_id, l.target_type, l.target_id); !s.ok()) return s;
      break;
    }
  }
  return Write("DELETE FROM company_secret_bindings WHERE id = $1", {P(id)});
}

Status PgTxn::InsertAccessEvent(const AccessEventRow& r) {
  return Write(
      "INSERT INTO secret_access_events (id, company_id, secret_id, version, provider, actor_type, actor_id, "
      "consumer_type, consumer_id, config_path, issue_id, heartbeat_run_id, plugin_id, outcome, error_code, "
      "secret_scope, responsible_user_id, created_at) VALUES "
      "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)",
      {P(r.id), P(r.company_id), P(r.secret_id), P(r.version), P(r.provider), P(r.actor_type), P(r.actor_id),
       P(r.consumer_type), P(r.consumer_id), P(r.config_path), P(r.issue_id), P(r.heartbeat_run_id),
       P(r.plugin_id), P(r.outcome), P(r.error_code), P(r.secret_scope), P(r.responsible_user_id),
       P(r.created_at)});
}

Result<std::vector<AccessEventRow>> PgTxn::ListAccessEvents(const std::string& secret_id) {
  static const std::string kSql =
      Select(EventColumns(), "FROM secret_access_events WHERE secret_id = $1 ORDER BY created_at, id");
  if (!IsUuidText(secret_id)) return Result<std::vector<AccessEventRow>>::Ok({});
  return Many<AccessEventRow>(kSql, ReadEvent, {P(secret_id)});
}

std::string PgTxn::Signature(const std::vector<BindingRow>& rows) {
  std::string out;
  for (const BindingRow& r : rows) {
    for (const std::string* f : {&r.id, &r.secret_id, &r.config_path, &r.version_selector, &r.projection_class}) {
      out += *f + '\x1f';
    }
    out += r.projection_allowlist_key ? "=" + *r.projection_allowlist_key : "null";
    out += r.required ? "\x1f" "true\n" : "\x1f" "false\n";
  }
  return out;
}

PgTxn::Listed* PgTxn::Find(const std::string& company_id, const std::string& target_type,
                           const std::string& target_id) {
  for (Listed& l : listed_) {
    if (l.company_id == company_id && l.target_type == target_type && l.target_id == target_id) return &l;
  }
  return nullptr;
}

void PgTxn::Remember(const std::string& company_id, const std::string& target_type, const std::string& target_id,
              const std::vector<BindingRow>& rows) {
  Listed* l = Find(company_id, target_type, target_id);
  if (l == nullptr) l = &listed_.emplace_back(Listed{company_id, target_type, target_id, {}, false});
  l->signature = Signature(rows);
}

// Before the first binding write to a target: lock the target for the rest
// of the transaction, then check that its rows are still the ones the
// plan was made from. A concurrent sync that committed in between makes
// the body run again on the new rows (a retryable failure), so two syncs
// of one target apply one after the other, never interleaved.
Status PgTxn::GuardTarget(const std::string& company_id, const std::string& target_type, const std::string& target_id) {
  Listed* l = Find(company_id, target_type, target_id);
  if (l != nullptr && l->locked) return OkStatus();
  const std::string lock_key = "clasp-binding-target/" + company_id + "/" + target_type + "/" + target_id;
  if (auto s = Write("SELECT pg_advisory_xact_lock(hashtextextended($1, 7370726131))", {P(lock_key)}); !s.ok()) {
    return s;
  }
  if (l == nullptr) return OkStatus();
  const std::string planned = l->signature;
  auto now = ListTargetBindings(company_id, target_type, target_id);
  if (!now.ok()) return Forward<Done>(std::move(now));
  l = Find(company_id, target_type, target_id);
  if (l->signature != planned) {
    retryable_ = true;
    return FailStatus(Code::kStorageError, "PostgreSQL: the target's bindings changed concurrently");
  }
  l->locked = true;
  return OkStatus();
}

Result<Rows> PgTxn::Run(std::string_view sql, const std::vector<Param>& params) {
  Result<Rows> rows = conn_.Query(sql, params);
  if (!rows.ok() && Retryable(conn_.last_sqlstate())) retryable_ = true;
  return rows;
}

Status PgTxn::Write(std::string_view sql, const std::vector<Param>& params) {
  Result<Rows> rows = Run(sql, params);
  if (!rows.ok()) return Forward<Done>(std::move(rows));
  return OkStatus();
}

}  // namespace pg

namespace {

constexpr int kAttempts = 10;

}  // namespace

namespace {

// A URL of another database is refused by its scheme alone (the rest may
// hold a password), before libpq words its own parse error.
Result<std::string> PostgresOnly(std::string url, const char* source) {
  const auto colon = url.find("://");
  if (colon == std::string::npos) return Result<std::string>::Ok(std::move(url));  // libpq key=value
  std::string scheme = url.substr(0, colon);
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme == "postgres" || scheme == "postgresql") return Result<std::string>::Ok(std::move(url));
  for (char& c : scheme) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') c = '?';
  }
  return FailResult<std::string>(Code::kInputInvalidValue,
                                 std::string(source) + " has the scheme '" + scheme +
                                     "': clasp stores in PostgreSQL (postgres:// or postgresql://, or libpq's "
                                     "key=value form) or in SQLite under --home / CLASP_HOME");
}

}  // namespace

Result<std::string> DatabaseUrl(const EnvVars& vars, const std::optional<std::string>& flag) {
  if (flag && !flag->empty()) return PostgresOnly(*flag, "--database-url");
  if (auto env = vars.Get("DATABASE_URL"); env && !env->empty()) return PostgresOnly(*env, "DATABASE_URL");
  return FailResult<std::string>(Code::kStorageError,
                                 "No PostgreSQL connection string: set DATABASE_URL or pass --database-url");
}

PgStore::PgStore(std::unique_ptr<pg::Conn> conn, PgOpenMode mode) : conn_(std::move(conn)), mode_(mode) {}
PgStore::~PgStore() = default;

Result<std::unique_ptr<PgStore>> PgStore::Open(const std::string& conninfo, PgOpenMode mode) {
  auto conn = pg::Conn::Open(conninfo);
  if (!conn.ok()) return Forward<std::unique_ptr<PgStore>>(std::move(conn));
  const bool read_only = mode != PgOpenMode::kReadWrite;
  if (auto s = read_only ? pg_schema::Check(**conn.value) : pg_schema::Prepare(**conn.value); !s.ok()) {
    return Forward<std::unique_ptr<PgStore>>(std::move(s));
  }
  return Result<std::unique_ptr<PgStore>>::Ok(std::unique_ptr<PgStore>(new PgStore(std::move(*conn.value), mode)));
}

Status PgStore::Transact(const std::function<Status(StoreTxn&)>& body, Durability durability) {
  if (auto s = conn_->EnsureConnected(); !s.ok()) return s;
  const bool snapshot = mode_ != PgOpenMode::kReadWrite;
  const bool read_only = snapshot || durability == Durability::kReadOnly;
  const char* begin = snapshot    ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                      : read_only ? "BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY"
                                  : "BEGIN ISOLATION LEVEL READ COMMITTED";
  for (int attempt = 1;; ++attempt) {
    if (attempt > 1) std::this_thread::sleep_for(std::chrono::microseconds(250 * attempt));
    if (auto s = conn_->Exec(begin);
        !s.ok()) {
      return s;
    }
    pg::PgTxn txn(*conn_, read_only);
    Status result = body(txn);
    if (!result.ok()) {
      conn_->Exec("ROLLBACK");
      if (txn.retryable() && attempt < kAttempts) continue;
      return result;
    }
    if (auto s = conn_->Exec("COMMIT"); !s.ok()) {
      conn_->Exec("ROLLBACK");
      if (pg::Retryable(conn_->last_sqlstate()) && attempt < kAttempts) continue;
      return s;
    }
    return result;
  }
}

}  // namespace clasp::native
