#include "pg_schema.h"

#include <set>
#include <string>
#include <utility>

namespace clasp::native::pg_schema {
namespace {

// Paperclip 2026.916.1's secrets tables (../shared/fixtures), same table,
// column, type and index names; ids default to gen_random_uuid() as there
// (clasp supplies its own). Like Paperclip's, the schema has no foreign key
// from versions to secrets: the adapter deletes versions explicitly.
constexpr std::string_view kCreate = R"sql(
CREATE TABLE IF NOT EXISTS agents (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  company_id uuid NOT NULL,
  name text NOT NULL,
  role text DEFAULT 'general' NOT NULL,
  title text,
  status text DEFAULT 'idle' NOT NULL,
  reports_to uuid,
  capabilities text,
  adapter_type text DEFAULT 'process' NOT NULL,
  adapter_config jsonb DEFAULT '{}'::jsonb NOT NULL,
  budget_monthly_cents integer DEFAULT 0 NOT NULL,
  spent_monthly_cents integer DEFAULT 0 NOT NULL,
  last_heartbeat_at timestamptz,
  metadata jsonb,
  created_at timestamptz DEFAULT now() NOT NULL,
  updated_at timestamptz DEFAULT now() NOT NULL,
  runtime_config jsonb DEFAULT '{}'::jsonb NOT NULL,
  permissions jsonb DEFAULT '{}'::jsonb NOT NULL,
  icon text,
  pause_reason text,
  paused_at timestamptz,
  default_environment_id uuid,
  error_reason text,
  CONSTRAINT agents_company_id_uq UNIQUE (company_id, id)
);
CREATE TABLE IF NOT EXISTS projects (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  company_id uuid NOT NULL,
  goal_id uuid,
  name text NOT NULL,
  description text,
  status text DEFAULT 'backlog' NOT NULL,
  lead_agent_id uuid,
  target_date date,
  created_at timestamptz DEFAULT now() NOT NULL,
  updated_at timestamptz DEFAULT now() NOT NULL,
  color text,
  archived_at timestamptz,
  execution_workspace_policy jsonb,
  pause_reason text,
  paused_at timestamptz,
  env jsonb,
  icon text
);
CREATE INDEX IF NOT EXISTS projects_company_idx ON projects (company_id);
CREATE TABLE IF NOT EXISTS company_secret_provider_configs (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  company_id uuid NOT NULL,
  provider text NOT NULL,
  display_name text NOT NULL,
  status text DEFAULT 'ready' NOT NULL,
  is_default boolean DEFAULT false NOT NULL,
  config jsonb DEFAULT '{}'::jsonb NOT NULL,
  health_status text,
  health_checked_at timestamptz,
  health_message text,
  health_details jsonb,
  disabled_at timestamptz,
  created_by_agent_id uuid,
  created_by_user_id text,
  created_at timestamptz DEFAULT now() NOT NULL,
  updated_at timestamptz DEFAULT now() NOT NULL
);
CREATE INDEX IF NOT EXISTS company_secret_provider_configs_company_idx ON company_secret_provider_configs (company_id);
CREATE UNIQUE INDEX IF NOT EXISTS company_secret_provider_configs_default_uq
  ON company_secret_provider_configs (company_id, provider) WHERE is_default = true;
CREATE TABLE IF NOT EXISTS company_secrets (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  company_id uuid NOT NULL,
  name text NOT NULL,
  provider text DEFAULT 'local_encrypted' NOT NULL,
  external_ref text,
  latest_version integer DEFAULT 1 NOT NULL,
  description text,
  created_by_agent_id uuid,
  created_by_user_id text,
  created_at timestamptz DEFAULT now() NOT NULL,
  updated_at timestamptz DEFAULT now() NOT NULL,
  key text NOT NULL,
  status text DEFAULT 'active' NOT NULL,
  managed_mode text DEFAULT 'paperclip_managed' NOT NULL,
  provider_config_id uuid,
  provider_metadata jsonb,
  last_resolved_at timestamptz,
  last_rotated_at timestamptz,
  deleted_at timestamptz,
  scope text DEFAULT 'company' NOT NULL,
  owner_user_id text,
  user_secret_definition_id uuid,
  CONSTRAINT company_secrets_scope_shape_check CHECK (
    (scope = 'company' AND owner_user_id IS NULL AND user_secret_definition_id IS NULL) OR
    (scope = 'user' AND owner_user_id IS NOT NULL AND user_secret_definition_id IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS company_secrets_company_idx ON company_secrets (company_id);
CREATE UNIQUE INDEX IF NOT EXISTS company_secrets_company_key_uq ON company_secrets (company_id, key)
  WHERE scope = 'company' AND deleted_at IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS company_secrets_company_name_uq ON company_secrets (company_id, name)
  WHERE scope = 'company' AND deleted_at IS NULL;
CREATE TABLE IF NOT EXISTS company_secret_versions (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  secret_id uuid NOT NULL,
  version integer NOT NULL,
  material jsonb NOT NULL,
  value_sha256 text NOT NULL,
  created_by_agent_id uuid,
  created_by_user_id text,
  created_at timestamptz DEFAULT now() NOT NULL,
  revoked_at timestamptz,
  provider_version_ref text,
  status text DEFAULT 'current' NOT NULL,
  fingerprint_sha256 text NOT NULL,
  rotation_job_id text
);
CREATE UNIQUE INDEX IF NOT EXISTS company_secret_versions_secret_version_uq
  ON company_secret_versions (secret_id, version);
CREATE INDEX IF NOT EXISTS company_secret_versions_value_sha256_idx ON company_secret_versions (value_sha256);
CREATE TABLE IF NOT EXISTS company_secret_bindings (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  company_id uuid NOT NULL,
  secret_id uuid NOT NULL,
  target_type text NOT NULL,
  target_id text NOT NULL,
  config_path text NOT NULL,
  version_selector text DEFAULT 'latest' NOT NULL,
  required boolean DEFAULT true NOT NULL,
  label text,
  created_at timestamptz DEFAULT now() NOT NULL,
  updated_at timestamptz DEFAULT now() NOT NULL,
  projection_class text DEFAULT 'unclassified' NOT NULL,
  projection_allowlist_key text
);
CREATE INDEX IF NOT EXISTS company_secret_bindings_secret_idx ON company_secret_bindings (secret_id);
CREATE INDEX IF NOT EXISTS company_secret_bindings_target_idx
  ON company_secret_bindings (company_id, target_type, target_id);
CREATE UNIQUE INDEX IF NOT EXISTS company_secret_bindings_target_path_uq
  ON company_secret_bindings (company_id, target_type, target_id, config_path);
CREATE TABLE IF NOT EXISTS secret_access_events (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  company_id uuid NOT NULL,
  secret_id uuid,
  version integer,
  provider text NOT NULL,
  actor_type text NOT NULL,
  actor_id text,
  consumer_type text NOT NULL,
  consumer_id text NOT NULL,
  config_path text,
  issue_id uuid,
  heartbeat_run_id uuid,
  plugin_id uuid,
  outcome text NOT NULL,
  error_code text,
  created_at timestamptz DEFAULT now() NOT NULL,
  user_secret_definition_id uuid,
  secret_scope text DEFAULT 'company' NOT NULL,
  responsible_user_id text,
  credential_owner_user_id text,
  credential_subject_type text,
  credential_subject_id text
);
CREATE INDEX IF NOT EXISTS secret_access_events_secret_created_idx ON secret_access_events (secret_id, created_at);
CREATE INDEX IF NOT EXISTS secret_access_events_consumer_idx
  ON secret_access_events (company_id, consumer_type, consumer_id);
)sql";

// Every column pg_store.cpp names, with the type (pg_type.typname) it
// assumes when it casts and formats.
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
};

Status CreateIfMissing(pg::Conn& conn) {
  auto present = conn.Query("SELECT to_regclass('company_secrets') IS NOT NULL", {});
  if (!present.ok()) return Forward<Done>(std::move(present));
  if (present.value->Bool(0, 0)) return OkStatus();
  if (auto s = conn.Exec("BEGIN"); !s.ok()) return s;
  // A fixed key: every clasp creating this schema takes the same lock.
  Status step = conn.Exec("SELECT pg_advisory_xact_lock(7370726131)");
  if (step.ok()) step = conn.Exec(kCreate);
  if (step.ok()) step = conn.Exec("COMMIT");
  if (!step.ok()) conn.Exec("ROLLBACK");
  return step;
}

Status CheckColumns(pg::Conn& conn) {
  auto rows = conn.Query(
      "SELECT c.relname, a.attname, t.typname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
      "JOIN pg_type t ON t.oid = a.atttypid WHERE a.attnum > 0 AND NOT a.attisdropped AND c.oid IN "
      "(to_regclass('company_secrets'), to_regclass('company_secret_versions'), "
      "to_regclass('company_secret_bindings'), to_regclass('secret_access_events'))",
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
    if (!names.count({c.table, c.column})) {
      return FailStatus(Code::kStorageError, "PostgreSQL schema is not compatible: " + where + " is missing");
    }
    if (!typed.count(where + ":" + c.type)) {
      return FailStatus(Code::kStorageError,
                        "PostgreSQL schema is not compatible: " + where + " is not of type " + c.type);
    }
  }
  return OkStatus();
}

}  // namespace

Status Prepare(pg::Conn& conn) {
  if (auto s = CreateIfMissing(conn); !s.ok()) return s;
  return CheckColumns(conn);
}

}  // namespace clasp::native::pg_schema
