#include "clasp/native/pg_store.h"

#include <chrono>
#include <thread>

#include "pg_conn.h"
#include "pg_schema.h"

namespace clasp::native {
namespace {

using pg::Param;
using pg::Rows;

// SQLSTATEs after which the whole body runs again: serialization_failure,
// deadlock_detected, unique_violation (a concurrent insert won the race).
bool Retryable(const std::string& sqlstate) {
  return sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "23505";
}
constexpr int kAttempts = 10;

// Lower-case canonical UUID text, the only form a uuid column returns.
bool IsUuidText(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// A timestamptz as ISO 8601 UTC with milliseconds, or microseconds when the
// value has them, so a value written as text reads back as the same text.
std::string Iso(const std::string& column) {
  const std::string utc = "(" + column + " AT TIME ZONE 'UTC')";
  return "to_char(" + utc + ", 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN extract(microseconds FROM " + utc +
         ")::bigint % 1000 = 0 THEN to_char(" + utc + ", '.MS') ELSE to_char(" + utc + ", '.US') END || 'Z'";
}

const std::string& SecretColumns() {
  static const std::string kColumns =
      "id, company_id, name, key, provider, external_ref, latest_version, description, status, managed_mode, "
      "provider_config_id, scope, created_by_agent_id, created_by_user_id, " +
      Iso("created_at") + ", " + Iso("updated_at") + ", " + Iso("last_resolved_at") + ", " +
      Iso("last_rotated_at") + ", " + Iso("deleted_at");
  return kColumns;
}

const std::string& VersionColumns() {
  static const std::string kColumns =
      "id, secret_id, version, material::text, value_sha256, fingerprint_sha256, status, provider_version_ref, " +
      Iso("revoked_at") + ", created_by_agent_id, created_by_user_id, " + Iso("created_at");
  return kColumns;
}

constexpr std::string_view kBindingColumns =
    "id, company_id, secret_id, target_type, target_id, config_path, version_selector, required, label, "
    "projection_class, projection_allowlist_key";

const std::string& EventColumns() {
  static const std::string kColumns =
      "id, company_id, secret_id, version, provider, actor_type, actor_id, consumer_type, consumer_id, config_path, "
      "issue_id, heartbeat_run_id, plugin_id, outcome, error_code, secret_scope, responsible_user_id, " +
      Iso("created_at");
  return kColumns;
}

std::string Select(std::string_view columns, std::string_view rest) {
  return "SELECT " + std::string(columns) + " " + std::string(rest);
}

Param P(const std::string& s) { return s; }
Param P(const std::optional<std::string>& s) { return s; }
Param P(int n) { return std::to_string(n); }
Param P(const std::optional<int>& n) { return n ? Param(std::to_string(*n)) : std::nullopt; }
Param P(bool b) { return std::string(b ? "true" : "false"); }

SecretRow ReadSecret(const Rows& s, int i) {
  SecretRow r;
  r.id = s.Text(i, 0), r.company_id = s.Text(i, 1), r.name = s.Text(i, 2), r.key = s.Text(i, 3);
  r.provider = s.Text(i, 4), r.external_ref = s.OptText(i, 5), r.latest_version = static_cast<int>(s.Int(i, 6));
  r.description = s.OptText(i, 7), r.status = s.Text(i, 8), r.managed_mode = s.Text(i, 9);
  r.provider_config_id = s.OptText(i, 10), r.scope = s.Text(i, 11), r.created_by_agent_id = s.OptText(i, 12);
  r.created_by_user_id = s.OptText(i, 13), r.created_at = s.Text(i, 14), r.updated_at = s.Text(i, 15);
  r.last_resolved_at = s.OptText(i, 16), r.last_rotated_at = s.OptText(i, 17), r.deleted_at = s.OptText(i, 18);
  return r;
}

std::vector<Param> SecretParams(const SecretRow& r) {
  return {P(r.id), P(r.company_id), P(r.name), P(r.key), P(r.provider), P(r.external_ref), P(r.latest_version),
          P(r.description), P(r.status), P(r.managed_mode), P(r.provider_config_id), P(r.scope),
          P(r.created_by_agent_id), P(r.created_by_user_id), P(r.created_at), P(r.updated_at),
          P(r.last_resolved_at), P(r.last_rotated_at), P(r.deleted_at)};
}

VersionRow ReadVersion(const Rows& s, int i) {
  VersionRow r;
  r.id = s.Text(i, 0), r.secret_id = s.Text(i, 1), r.version = static_cast<int>(s.Int(i, 2));
  r.material = s.Text(i, 3), r.value_sha256 = s.Text(i, 4), r.fingerprint_sha256 = s.Text(i, 5);
  r.status = s.Text(i, 6), r.provider_version_ref = s.OptText(i, 7), r.revoked_at = s.OptText(i, 8);
  r.created_by_agent_id = s.OptText(i, 9), r.created_by_user_id = s.OptText(i, 10), r.created_at = s.Text(i, 11);
  return r;
}

BindingRow ReadBinding(const Rows& s, int i) {
  BindingRow r;
  r.id = s.Text(i, 0), r.company_id = s.Text(i, 1), r.secret_id = s.Text(i, 2), r.target_type = s.Text(i, 3);
  r.target_id = s.Text(i, 4), r.config_path = s.Text(i, 5), r.version_selector = s.Text(i, 6);
  r.required = s.Bool(i, 7), r.label = s.OptText(i, 8), r.projection_class = s.Text(i, 9);
  r.projection_allowlist_key = s.OptText(i, 10);
  return r;
}

AccessEventRow ReadEvent(const Rows& s, int i) {
  AccessEventRow r;
  r.id = s.Text(i, 0), r.company_id = s.Text(i, 1), r.secret_id = s.OptText(i, 2), r.version = s.OptInt(i, 3);
  r.provider = s.Text(i, 4), r.actor_type = s.Text(i, 5), r.actor_id = s.OptText(i, 6);
  r.consumer_type = s.Text(i, 7), r.consumer_id = s.Text(i, 8), r.config_path = s.OptText(i, 9);
  r.issue_id = s.OptText(i, 10), r.heartbeat_run_id = s.OptText(i, 11), r.plugin_id = s.OptText(i, 12);
  r.outcome = s.Text(i, 13), r.error_code = s.OptText(i, 14), r.secret_scope = s.Text(i, 15);
  r.responsible_user_id = s.OptText(i, 16), r.created_at = s.Text(i, 17);
  return r;
}

class PgTxn final : public StoreTxn {
 public:
  explicit PgTxn(pg::Conn& conn) : conn_(conn) {}
  bool retryable() const { return retryable_; }

  Result<std::optional<SecretRow>> GetSecret(const std::string& id) override {
    // The row lock serialises every writer of this secret (see pg_store.h).
    static const std::string kSql = Select(SecretColumns(), "FROM company_secrets WHERE id = $1 FOR UPDATE");
    if (!IsUuidText(id)) return Result<std::optional<SecretRow>>::Ok(std::nullopt);
    return One<SecretRow>(kSql, ReadSecret, {P(id)});
  }

  Result<std::vector<SecretRow>> ListSecrets(const std::string& company_id) override {
    static const std::string kSql = Select(SecretColumns(),
                                           "FROM company_secrets WHERE company_id = $1 AND scope = 'company' AND "
                                           "status <> 'deleted' ORDER BY created_at DESC, id DESC");
    if (!IsUuidText(company_id)) return Result<std::vector<SecretRow>>::Ok({});
    return Many<SecretRow>(kSql, ReadSecret, {P(company_id)});
  }

  Result<std::optional<SecretRow>> FindLiveSecretByName(const std::string& company_id,
                                                        const std::string& name) override {
    static const std::string kSql = Select(SecretColumns(),
                                           "FROM company_secrets WHERE company_id = $1 AND scope = 'company' AND "
                                           "name = $2 AND status <> 'deleted' LIMIT 1");
    if (!IsUuidText(company_id)) return Result<std::optional<SecretRow>>::Ok(std::nullopt);
    return One<SecretRow>(kSql, ReadSecret, {P(company_id), P(name)});
  }

  Result<std::optional<SecretRow>> FindLiveSecretByKey(const std::string& company_id, const std::string& key) override {
    static const std::string kSql = Select(SecretColumns(),
                                           "FROM company_secrets WHERE company_id = $1 AND scope = 'company' AND "
                                           "key = $2 AND status <> 'deleted' LIMIT 1");
    if (!IsUuidText(company_id)) return Result<std::optional<SecretRow>>::Ok(std::nullopt);
    return One<SecretRow>(kSql, ReadSecret, {P(company_id), P(key)});
  }

  Status InsertSecret(const SecretRow& row) override {
    return Write(
        "INSERT INTO company_secrets (id, company_id, name, key, provider, external_ref, latest_version, "
        "description, status, managed_mode, provider_config_id, scope, created_by_agent_id, created_by_user_id, "
        "created_at, updated_at, last_resolved_at, last_rotated_at, deleted_at) VALUES "
        "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)",
        SecretParams(row));
  }

  Status UpdateSecret(const SecretRow& row) override {
    if (!IsUuidText(row.id)) return OkStatus();
    return Write(
        "UPDATE company_secrets SET company_id=$2, name=$3, key=$4, provider=$5, external_ref=$6, "
        "latest_version=$7, description=$8, status=$9, managed_mode=$10, provider_config_id=$11, scope=$12, "
        "created_by_agent_id=$13, created_by_user_id=$14, created_at=$15, updated_at=$16, last_resolved_at=$17, "
        "last_rotated_at=$18, deleted_at=$19 WHERE id=$1",
        SecretParams(row));
  }

  Status DeleteSecret(const std::string& id) override {
    if (!IsUuidText(id)) return OkStatus();
    // Paperclip's schema has no cascading foreign key: versions go first.
    if (auto s = Write("DELETE FROM company_secret_versions WHERE secret_id = $1", {P(id)}); !s.ok()) return s;
    return Write("DELETE FROM company_secrets WHERE id = $1", {P(id)});
  }

  Result<std::optional<VersionRow>> GetVersion(const std::string& secret_id, int version) override {
    static const std::string kSql =
        Select(VersionColumns(), "FROM company_secret_versions WHERE secret_id = $1 AND version = $2");
    if (!IsUuidText(secret_id)) return Result<std::optional<VersionRow>>::Ok(std::nullopt);
    return One<VersionRow>(kSql, ReadVersion, {P(secret_id), P(version)});
  }

  Status InsertVersion(const VersionRow& r) override {
    return Write(
        "INSERT INTO company_secret_versions (id, secret_id, version, material, value_sha256, fingerprint_sha256, "
        "status, provider_version_ref, revoked_at, created_by_agent_id, created_by_user_id, created_at) VALUES "
        "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)",
        {P(r.id), P(r.secret_id), P(r.version), P(r.material), P(r.value_sha256), P(r.fingerprint_sha256),
         P(r.status), P(r.provider_version_ref), P(r.revoked_at), P(r.created_by_agent_id),
         P(r.created_by_user_id), P(r.created_at)});
  }

  Status MarkCurrentVersion(const std::string& secret_id, int version) override {
    if (!IsUuidText(secret_id)) return OkStatus();
    return Write(
        "UPDATE company_secret_versions SET status = CASE WHEN version = $2 THEN 'current' ELSE 'previous' END "
        "WHERE secret_id = $1",
        {P(secret_id), P(version)});
  }

  Result<std::vector<BindingRow>> ListTargetBindings(const std::string& company_id, const std::string& target_type,
                                                     const std::string& target_id) override {
    static const std::string kSql = Select(kBindingColumns,
                                           "FROM company_secret_bindings WHERE company_id = $1 AND target_type = $2 "
                                           "AND target_id = $3 ORDER BY created_at, config_path");
    if (!IsUuidText(company_id)) return Result<std::vector<BindingRow>>::Ok({});
    return Many<BindingRow>(kSql, ReadBinding, {P(company_id), P(target_type), P(target_id)});
  }

  Result<std::vector<BindingRow>> ListSecretBindings(const std::string& secret_id) override {
    static const std::string kSql = Select(kBindingColumns,
                                           "FROM company_secret_bindings WHERE secret_id = $1 "
                                           "ORDER BY created_at, target_type, target_id, config_path");
    if (!IsUuidText(secret_id)) return Result<std::vector<BindingRow>>::Ok({});
    return Many<BindingRow>(kSql, ReadBinding, {P(secret_id)});
  }

  Status InsertBinding(const BindingRow& r, const std::string& now) override {
    return Write(
        "INSERT INTO company_secret_bindings (id, company_id, secret_id, target_type, target_id, config_path, "
        "version_selector, required, label, projection_class, projection_allowlist_key, created_at, updated_at) "
        "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$12)",
        {P(r.id), P(r.company_id), P(r.secret_id), P(r.target_type), P(r.target_id), P(r.config_path),
         P(r.version_selector), P(r.required), P(r.label), P(r.projection_class), P(r.projection_allowlist_key),
         P(now)});
  }

  Status UpdateBinding(const BindingRow& r, const std::string& now) override {
    if (!IsUuidText(r.id)) return OkStatus();
    return Write(
        "UPDATE company_secret_bindings SET version_selector = $2, projection_class = $3, "
        "projection_allowlist_key = $4, updated_at = $5 WHERE id = $1",
        {P(r.id), P(r.version_selector), P(r.projection_class), P(r.projection_allowlist_key), P(now)});
  }

  Status DeleteBinding(const std::string& id) override {
    if (!IsUuidText(id)) return OkStatus();
    return Write("DELETE FROM company_secret_bindings WHERE id = $1", {P(id)});
  }

  Status InsertAccessEvent(const AccessEventRow& r) override {
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

  Result<std::vector<AccessEventRow>> ListAccessEvents(const std::string& secret_id) override {
    static const std::string kSql =
        Select(EventColumns(), "FROM secret_access_events WHERE secret_id = $1 ORDER BY created_at, id");
    if (!IsUuidText(secret_id)) return Result<std::vector<AccessEventRow>>::Ok({});
    return Many<AccessEventRow>(kSql, ReadEvent, {P(secret_id)});
  }

 private:
  Result<Rows> Run(std::string_view sql, const std::vector<Param>& params) {
    Result<Rows> rows = conn_.Query(sql, params);
    if (!rows.ok() && Retryable(conn_.last_sqlstate())) retryable_ = true;
    return rows;
  }

  Status Write(std::string_view sql, const std::vector<Param>& params) {
    Result<Rows> rows = Run(sql, params);
    if (!rows.ok()) return Forward<Done>(std::move(rows));
    return OkStatus();
  }

  template <typename Row, typename ReadFn>
  Result<std::vector<Row>> Many(std::string_view sql, ReadFn read, const std::vector<Param>& params) {
    Result<Rows> rows = Run(sql, params);
    if (!rows.ok()) return Forward<std::vector<Row>>(std::move(rows));
    std::vector<Row> out;
    out.reserve(static_cast<std::size_t>(rows.value->size()));
    for (int i = 0; i < rows.value->size(); ++i) out.push_back(read(*rows.value, i));
    return Result<std::vector<Row>>::Ok(std::move(out));
  }

  template <typename Row, typename ReadFn>
  Result<std::optional<Row>> One(std::string_view sql, ReadFn read, const std::vector<Param>& params) {
    Result<std::vector<Row>> rows = Many<Row>(sql, read, params);
    if (!rows.ok()) return Forward<std::optional<Row>>(std::move(rows));
    if (rows.value->empty()) return Result<std::optional<Row>>::Ok(std::nullopt);
    return Result<std::optional<Row>>::Ok(std::move(rows.value->front()));
  }

  pg::Conn& conn_;
  bool retryable_ = false;
};

}  // namespace

Result<std::string> DatabaseUrl(const EnvVars& vars, const std::optional<std::string>& flag) {
  if (flag && !flag->empty()) return Result<std::string>::Ok(*flag);
  if (auto env = vars.Get("DATABASE_URL"); env && !env->empty()) return Result<std::string>::Ok(*env);
  return FailResult<std::string>(Code::kStorageError,
                                 "No PostgreSQL connection string: set DATABASE_URL or pass --database-url");
}

PgStore::PgStore(std::unique_ptr<pg::Conn> conn) : conn_(std::move(conn)) {}
PgStore::~PgStore() = default;

Result<std::unique_ptr<PgStore>> PgStore::Open(const std::string& conninfo) {
  auto conn = pg::Conn::Open(conninfo);
  if (!conn.ok()) return Forward<std::unique_ptr<PgStore>>(std::move(conn));
  if (auto s = pg_schema::Prepare(**conn.value); !s.ok()) return Forward<std::unique_ptr<PgStore>>(std::move(s));
  return Result<std::unique_ptr<PgStore>>::Ok(std::unique_ptr<PgStore>(new PgStore(std::move(*conn.value))));
}

Status PgStore::Transact(const std::function<Status(StoreTxn&)>& body) {
  if (auto s = conn_->EnsureConnected(); !s.ok()) return s;
  for (int attempt = 1;; ++attempt) {
    if (attempt > 1) std::this_thread::sleep_for(std::chrono::microseconds(250 * attempt));
    if (auto s = conn_->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ"); !s.ok()) return s;
    PgTxn txn(*conn_);
    Status result = body(txn);
    if (!result.ok()) {
      conn_->Exec("ROLLBACK");
      if (txn.retryable() && attempt < kAttempts) continue;
      return result;
    }
    if (auto s = conn_->Exec("COMMIT"); !s.ok()) {
      conn_->Exec("ROLLBACK");
      if (Retryable(conn_->last_sqlstate()) && attempt < kAttempts) continue;
      return s;
    }
    return result;
  }
}

}  // namespace clasp::native
