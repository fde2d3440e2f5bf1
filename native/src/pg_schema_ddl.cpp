#include "pg_schema.h"

namespace clasp::native::pg_schema {
namespace {

// Paperclip 2026.916.1's tables as its final migration snapshot
// (@paperclipai/db 2026.916.1, migrations/meta/0279_snapshot.json) and
// ../shared/fixtures declare them: same table, column, type and index
// names, ids defaulting to gen_random_uuid() (clasp supplies its own).
// Foreign keys are left out: they point at tables clasp does not create
// (heartbeat_runs, goals, environments), and the secrets tables have none
// in the fixtures either, so the adapter deletes versions explicitly.
constexpr std::string_view kCreate = R"sql(
CREATE TABLE IF NOT EXISTS companies (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  name text NOT NULL,
  description text,
  status text DEFAULT 'active' NOT NULL,
  pause_reason text,
  paused_at timestamptz,
  issue_prefix text DEFAULT 'PAP' NOT NULL,
  issue_counter integer DEFAULT 0 NOT NULL,
  budget_monthly_cents integer DEFAULT 0 NOT NULL,
  spent_monthly_cents integer DEFAULT 0 NOT NULL,
  default_responsible_user_id text,
  require_board_approval_for_new_agents boolean DEFAULT false NOT NULL,
  interaction_resolver_governance jsonb DEFAULT '{}'::jsonb NOT NULL,
  feedback_data_sharing_enabled boolean DEFAULT false NOT NULL,
  feedback_data_sharing_consent_at timestamptz,
  feedback_data_sharing_consent_by_user_id text,
  feedback_data_sharing_terms_version text,
  created_at timestamptz DEFAULT now() NOT NULL,
  updated_at timestamptz DEFAULT now() NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS companies_issue_prefix_idx ON companies (issue_prefix);
CREATE TABLE IF NOT EXISTS activity_log (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  company_id uuid NOT NULL,
  actor_type text DEFAULT 'system' NOT NULL,
  actor_id text NOT NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  agent_id uuid,
  run_id uuid,
  responsible_user_id text,
  details jsonb,
  created_at timestamptz DEFAULT now() NOT NULL
);
CREATE INDEX IF NOT EXISTS activity_log_company_created_idx ON activity_log (company_id, created_at);
CREATE INDEX IF NOT EXISTS activity_log_company_agent_created_idx ON activity_log (company_id, agent_id, created_at);
CREATE INDEX IF NOT EXISTS activity_log_company_responsible_user_created_idx
  ON activity_log (company_id, responsible_user_id, created_at);
CREATE INDEX IF NOT EXISTS activity_log_run_id_idx ON activity_log (run_id);
CREATE INDEX IF NOT EXISTS activity_log_entity_type_id_idx ON activity_log (entity_type, entity_id);
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
CREATE INDEX IF NOT EXISTS company_secret_provider_configs_company_provider_idx
  ON company_secret_provider_configs (company_id, provider);
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

// agent_api_keys exactly as Paperclip's, foreign keys included: unlike the
// ones left out above they point at tables clasp creates (agents,
// companies), which clasp never deletes. Created on its own too, in a
// database an older clasp made before it knew the table.
constexpr std::string_view kAgentKeys = R"sql(
CREATE TABLE IF NOT EXISTS agent_api_keys (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  agent_id uuid NOT NULL CONSTRAINT agent_api_keys_agent_id_agents_id_fk REFERENCES agents (id),
  company_id uuid NOT NULL CONSTRAINT agent_api_keys_company_id_companies_id_fk REFERENCES companies (id),
  name text NOT NULL,
  key_hash text NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz DEFAULT now() NOT NULL,
  scope_config jsonb,
  responsible_user_id text
);
CREATE INDEX IF NOT EXISTS agent_api_keys_company_agent_idx ON agent_api_keys (company_id, agent_id);
CREATE INDEX IF NOT EXISTS agent_api_keys_key_hash_idx ON agent_api_keys (key_hash);
)sql";

// clasp's own table, not Paperclip's: the one key check row (key_check.h).
// Paperclip never reads it; dropping it only makes clasp record the check
// again from the newest secret version.
constexpr std::string_view kKeyCheck = R"sql(
CREATE TABLE IF NOT EXISTS clasp_key_check (
  id integer PRIMARY KEY CHECK (id = 1),
  check_value text NOT NULL,
  created_at timestamptz DEFAULT now() NOT NULL
);
)sql";

// Paperclip's user secret tables (and company_memberships, which a
// definition's coverage reads), as the full fixture declares them; created
// on their own so a database an older clasp made gains them.
constexpr std::string_view kUserSecrets = R"sql(
CREATE TABLE IF NOT EXISTS user_secret_definitions (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  company_id uuid NOT NULL,
  key text NOT NULL,
  name text NOT NULL,
  description text,
  status text DEFAULT 'active' NOT NULL,
  provider text DEFAULT 'local_encrypted' NOT NULL,
  managed_mode text DEFAULT 'paperclip_managed' NOT NULL,
  provider_config_id uuid,
  provider_metadata jsonb,
  usage_guidance text,
  created_by_agent_id uuid,
  created_by_user_id text,
  updated_by_agent_id uuid,
  updated_by_user_id text,
  deleted_at timestamptz,
  created_at timestamptz DEFAULT now() NOT NULL,
  updated_at timestamptz DEFAULT now() NOT NULL
);
CREATE TABLE IF NOT EXISTS user_secret_declarations (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  company_id uuid NOT NULL,
  user_secret_definition_id uuid NOT NULL,
  target_type text NOT NULL,
  target_id text NOT NULL,
  config_path text NOT NULL,
  env_key text NOT NULL,
  version_selector text DEFAULT 'latest' NOT NULL,
  required boolean DEFAULT true NOT NULL,
  allow_missing_override boolean DEFAULT false NOT NULL,
  label text,
  created_at timestamptz DEFAULT now() NOT NULL,
  updated_at timestamptz DEFAULT now() NOT NULL
);
CREATE TABLE IF NOT EXISTS company_memberships (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  company_id uuid NOT NULL,
  principal_type text NOT NULL,
  principal_id text NOT NULL,
  status text DEFAULT 'active' NOT NULL,
  membership_role text,
  created_at timestamptz DEFAULT now() NOT NULL,
  updated_at timestamptz DEFAULT now() NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS company_memberships_company_principal_unique_idx
  ON company_memberships (company_id, principal_type, principal_id);
CREATE UNIQUE INDEX IF NOT EXISTS user_secret_definitions_company_key_uq
  ON user_secret_definitions (company_id, key) WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS user_secret_declarations_target_idx
  ON user_secret_declarations (company_id, target_type, target_id);
CREATE UNIQUE INDEX IF NOT EXISTS user_secret_declarations_target_path_uq
  ON user_secret_declarations (company_id, target_type, target_id, config_path);
)sql";

}  // namespace

std::string_view CreateSql() { return kCreate; }
std::string_view UserSecretsSql() { return kUserSecrets; }
std::string_view AgentKeysSql() { return kAgentKeys; }
std::string_view KeyCheckSql() { return kKeyCheck; }

}  // namespace clasp::native::pg_schema
