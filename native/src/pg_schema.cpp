#include "pg_schema.h"

#include <set>
#include <string>
#include <utility>

namespace clasp::native::pg_schema {
namespace {

// Every column the adapter (pg_store*.cpp, pg_rows.cpp) names, with the type
// (pg_type.typname) it assumes when it casts and formats.
struct Column {
  const char* table;
  const char* column;
  const char* type;
};
constexpr Column kUsed[] = {
    {"company_secrets", "id", "uuid"}, {"company_secrets", "company_id", "uuid"},
    {"company_secrets", "name", "text"}, {"company_secrets", "key", "text"},
    {"company_secrets", "provider", "text"}, {"company_secrets", "external_ref", "text"},
    {"company_secrets", "latest_version", "int4"}, {"company_secrets", "description", "text"},
    {"company_secrets", "status", "text"}, {"company_secrets", "managed_mode", "text"},
    {"company_secrets", "provider_config_id", "uuid"}, {"company_secrets", "scope", "text"},
    {"company_secrets", "created_by_agent_id", "uuid"}, {"company_secrets", "created_by_user_id", "text"},
    {"company_secrets", "created_at", "timestamptz"}, {"company_secrets", "updated_at", "timestamptz"},
    {"company_secrets", "last_resolved_at", "timestamptz"}, {"company_secrets", "last_rotated_at", "timestamptz"},
    {"company_secrets", "deleted_at", "timestamptz"},
    {"company_secret_versions", "id", "uuid"}, {"company_secret_versions", "secret_id", "uuid"},
    {"company_secret_versions", "version", "int4"}, {"company_secret_versions", "material", "jsonb"},
    {"company_secret_versions", "value_sha256", "text"}, {"company_secret_versions", "fingerprint_sha256", "text"},
    {"company_secret_versions", "status", "text"}, {"company_secret_versions", "provider_version_ref", "text"},
    {"company_secret_versions", "revoked_at", "timestamptz"},
    {"company_secret_versions", "created_by_agent_id", "uuid"},
    {"company_secret_versions", "created_by_user_id", "text"},
    {"company_secret_versions", "created_at", "timestamptz"},
    {"company_secret_bindings", "id", "uuid"}, {"company_secret_bindings", "company_id", "uuid"},
    {"company_secret_bindings", "secret_id", "uuid"}, {"company_secret_bindings", "target_type", "text"},
    {"company_secret_bindings", "target_id", "text"}, {"company_secret_bindings", "config_path", "text"},
    {"company_secret_bindings", "version_selector", "text"}, {"company_secret_bindings", "required", "bool"},
    {"company_secret_bindings", "label", "text"}, {"company_secret_bindings", "projection_class", "text"},
    {"company_secret_bindings", "projection_allowlist_key", "text"},
    {"company_secret_bindings", "created_at", "timestamptz"},
    {"company_secret_bindings", "updated_at", "timestamptz"},
    {"secret_access_events", "id", "uuid"}, {"secret_access_events", "company_id", "uuid"},
    {"secret_access_events", "secret_id", "uuid"}, {"secret_access_events", "version", "int4"},
    {"secret_access_events", "provider", "text"}, {"secret_access_events", "actor_type", "text"},
    {"secret_access_events", "actor_id", "text"}, {"secret_access_events", "consumer_type", "text"},
    {"secret_access_events", "consumer_id", "text"}, {"secret_access_events", "config_path", "text"},
    {"secret_access_events", "issue_id", "uuid"}, {"secret_access_events", "heartbeat_run_id", "uuid"},
    {"secret_access_events", "plugin_id", "uuid"}, {"secret_access_events", "outcome", "text"},
    {"secret_access_events", "error_code", "text"}, {"secret_access_events", "secret_scope", "text"},
    {"secret_access_events", "responsible_user_id", "text"},
    {"secret_access_events", "created_at", "timestamptz"},
    {"companies", "id", "uuid"}, {"companies", "name", "text"}, {"companies", "issue_prefix", "text"},
    {"companies", "created_at", "timestamptz"}, {"companies", "updated_at", "timestamptz"},
    {"agents", "id", "uuid"}, {"agents", "company_id", "uuid"}, {"agents", "name", "text"},
    {"agents", "role", "text"}, {"agents", "title", "text"}, {"agents", "status", "text"},
    {"agents", "adapter_type", "text"}, {"agents", "adapter_config", "jsonb"},
    {"agents", "created_at", "timestamptz"}, {"agents", "updated_at", "timestamptz"},
    {"projects", "id", "uuid"}, {"projects", "company_id", "uuid"}, {"projects", "name", "text"},
    {"projects", "description", "text"}, {"projects", "status", "text"}, {"projects", "env", "jsonb"},
    {"projects", "created_at", "timestamptz"}, {"projects", "updated_at", "timestamptz"},
    {"company_secret_provider_configs", "id", "uuid"}, {"company_secret_provider_configs", "company_id", "uuid"},
    {"company_secret_provider_configs", "provider", "text"},
    {"company_secret_provider_configs", "display_name", "text"},
    {"company_secret_provider_configs", "status", "text"}, {"company_secret_provider_configs", "is_default", "bool"},
    {"company_secret_provider_configs", "config", "jsonb"},
    {"company_secret_provider_configs", "health_status", "text"},
    {"company_secret_provider_configs", "health_checked_at", "timestamptz"},
    {"company_secret_provider_configs", "health_message", "text"},
    {"company_secret_provider_configs", "health_details", "jsonb"},
    {"company_secret_provider_configs", "disabled_at", "timestamptz"},
    {"company_secret_provider_configs", "created_by_agent_id", "uuid"},
    {"company_secret_provider_configs", "created_by_user_id", "text"},
    {"company_secret_provider_configs", "created_at", "timestamptz"},
    {"company_secret_provider_configs", "updated_at", "timestamptz"},
    {"activity_log", "id", "uuid"}, {"activity_log", "company_id", "uuid"}, {"activity_log", "actor_type", "text"},
    {"activity_log", "actor_id", "text"}, {"activity_log", "action", "text"},
    {"activity_log", "entity_type", "text"}, {"activity_log", "entity_id", "text"},
    {"activity_log", "agent_id", "uuid"}, {"activity_log", "run_id", "uuid"}, {"activity_log", "details", "jsonb"},
    {"activity_log", "created_at", "timestamptz"},
    {"agent_api_keys", "id", "uuid"}, {"agent_api_keys", "agent_id", "uuid"},
    {"agent_api_keys", "company_id", "uuid"}, {"agent_api_keys", "name", "text"},
    {"agent_api_keys", "key_hash", "text"}, {"agent_api_keys", "last_used_at", "timestamptz"},
    {"agent_api_keys", "revoked_at", "timestamptz"}, {"agent_api_keys", "created_at", "timestamptz"},
    {"agent_api_keys", "scope_config", "jsonb"}, {"agent_api_keys", "responsible_user_id", "text"},
};

// The tables kUsed names, as a SQL list of their oids (NULL for a missing one).
std::string TableOids() {
  std::set<std::string> tables;
  for (const Column& c : kUsed) tables.insert(c.table);
  std::string out;
  for (const std::string& t : tables) out += (out.empty() ? "to_regclass('" : ", to_regclass('") + t + "')";
  return "(" + out + ")";
}

Status Incompatible(const std::string& what) {
  return FailStatus(Code::kStorageError, "PostgreSQL schema is not compatible: " + what);
}

Status CreateIfMissing(pg::Conn& conn) {
  auto present = conn.Query(
      "SELECT to_regclass('company_secrets') IS NOT NULL, to_regclass('agent_api_keys') IS NOT NULL, "
      "to_regclass('clasp_key_check') IS NOT NULL",
      {});
  if (!present.ok()) return Forward<Done>(std::move(present));
  const bool secrets = present.value->Bool(0, 0), keys = present.value->Bool(0, 1);
  const bool key_check = present.value->Bool(0, 2);
  if (secrets && keys && key_check) return OkStatus();
  if (auto s = conn.Exec("BEGIN"); !s.ok()) return s;
  // A fixed key: every clasp creating this schema takes the same lock.
  Status step = conn.Exec("SELECT pg_advisory_xact_lock(7370726131)");
  if (step.ok() && !secrets) step = conn.Exec(CreateSql());
  if (step.ok()) step = conn.Exec(AgentKeysSql());
  if (step.ok()) step = conn.Exec(KeyCheckSql());
  if (step.ok()) step = conn.Exec(UserSecretsSql());
  if (step.ok()) step = conn.Exec("COMMIT");
  if (!step.ok()) conn.Exec("ROLLBACK");
  return step;
}

Status CheckColumns(pg::Conn& conn) {
  auto rows = conn.Query(
      "SELECT c.relname, a.attname, t.typname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
      "JOIN pg_type t ON t.oid = a.atttypid WHERE a.attnum > 0 AND NOT a.attisdropped AND c.oid IN " +
          TableOids(),
      {});
  if (!rows.ok()) return Forward<Done>(std::move(rows));
  std::set<std::pair<std::string, std::string>> names;
  std::set<std::string> typed;
  for (int i = 0; i < rows.value->size(); ++i) {
    const std::string table = rows.value->Text(i, 0), column = rows.value->Text(i, 1);
    names.emplace(table, column);
    typed.insert(table + "." + column + ":" + rows.value->Text(i, 2));
  }
  for (const Column& c : kUsed) {
    const std::string where = std::string(c.table) + "." + c.column;
    if (!names.count({c.table, c.column})) return Incompatible(where + " is missing");
    if (!typed.count(where + ":" + c.type)) return Incompatible(where + " is not of type " + c.type);
  }
  return OkStatus();
}

// What an insert needs beyond the columns: every NOT NULL column clasp does
// not write has a default (Paperclip's companies has a dozen clasp leaves
// to their defaults), and one default provider config per (company,
// provider) is enforced by Paperclip's partial unique index.
Status CheckWritable(pg::Conn& conn) {
  auto rows = conn.Query(
      "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
      "WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull AND NOT a.atthasdef AND a.attidentity = '' "
      "AND a.attgenerated = '' AND c.oid IN " +
          TableOids(),
      {});
  if (!rows.ok()) return Forward<Done>(std::move(rows));
  std::set<std::pair<std::string, std::string>> written;
  for (const Column& c : kUsed) written.emplace(c.table, c.column);
  for (int i = 0; i < rows.value->size(); ++i) {
    const std::string table = rows.value->Text(i, 0), column = rows.value->Text(i, 1);
    if (!written.count({table, column})) {
      return Incompatible(table + "." + column + " is NOT NULL without a default, and clasp does not write it");
    }
  }
  auto index = conn.Query(
      "SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('company_secret_provider_configs_default_uq') "
      "AND indrelid = to_regclass('company_secret_provider_configs') AND indisunique AND indpred IS NOT NULL",
      {});
  if (!index.ok()) return Forward<Done>(std::move(index));
  if (index.value->size() != 1) {
    return Incompatible("the partial unique index company_secret_provider_configs_default_uq is missing");
  }
  return OkStatus();
}

}  // namespace

Status Prepare(pg::Conn& conn) {
  if (auto s = CreateIfMissing(conn); !s.ok()) return s;
  if (auto s = CheckColumns(conn); !s.ok()) return s;
  return CheckWritable(conn);
}

Status Check(pg::Conn& conn) { return CheckColumns(conn); }

}  // namespace clasp::native::pg_schema
