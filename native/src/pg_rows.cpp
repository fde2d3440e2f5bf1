#include "pg_rows.h"

namespace clasp::native::pg_rows {
namespace {

// A timestamptz as ISO 8601 UTC with milliseconds, or microseconds when the
// value has them, so a value written as text reads back as the same text.
std::string Iso(const std::string& column) {
  const std::string utc = "(" + column + " AT TIME ZONE 'UTC')";
  return "to_char(" + utc + ", 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN extract(microseconds FROM " + utc +
         ")::bigint % 1000 = 0 THEN to_char(" + utc + ", '.MS') ELSE to_char(" + utc + ", '.US') END || 'Z'";
}

}  // namespace

bool IsUuidText(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

const std::string& SecretColumns() {
  static const std::string kColumns =
      "id, company_id, name, key, provider, external_ref, latest_version, description, status, managed_mode, "
      "provider_config_id, scope, created_by_agent_id, created_by_user_id, " +
      Iso("created_at") + ", " + Iso("updated_at") + ", " + Iso("last_resolved_at") + ", " +
      Iso("last_rotated_at") + ", " + Iso("deleted_at") + ", owner_user_id, user_secret_definition_id";
  return kColumns;
}

const std::string& VersionColumns() {
  static const std::string kColumns =
      "id, secret_id, version, material::text, value_sha256, fingerprint_sha256, status, provider_version_ref, " +
      Iso("revoked_at") + ", created_by_agent_id, created_by_user_id, " + Iso("created_at");
  return kColumns;
}

const std::string& EventColumns() {
  static const std::string kColumns =
      "id, company_id, secret_id, version, provider, actor_type, actor_id, consumer_type, consumer_id, config_path, "
      "issue_id, heartbeat_run_id, plugin_id, outcome, error_code, secret_scope, responsible_user_id, " +
      Iso("created_at");
  return kColumns;
}

SecretRow ReadSecret(const pg::Rows& s, int i) {
  SecretRow r;
  r.id = s.Text(i, 0), r.company_id = s.Text(i, 1), r.name = s.Text(i, 2), r.key = s.Text(i, 3);
  r.provider = s.Text(i, 4), r.external_ref = s.OptText(i, 5), r.latest_version = static_cast<int>(s.Int(i, 6));
  r.description = s.OptText(i, 7), r.status = s.Text(i, 8), r.managed_mode = s.Text(i, 9);
  r.provider_config_id = s.OptText(i, 10), r.scope = s.Text(i, 11), r.created_by_agent_id = s.OptText(i, 12);
  r.created_by_user_id = s.OptText(i, 13), r.created_at = s.Text(i, 14), r.updated_at = s.Text(i, 15);
  r.last_resolved_at = s.OptText(i, 16), r.last_rotated_at = s.OptText(i, 17), r.deleted_at = s.OptText(i, 18);
  r.owner_user_id = s.OptText(i, 19), r.user_secret_definition_id = s.OptText(i, 20);
  return r;
}

std::vector<pg::Param> SecretParams(const SecretRow& r) {
  return {P(r.id), P(r.company_id), P(r.name), P(r.key), P(r.provider), P(r.external_ref), P(r.latest_version),
          P(r.description), P(r.status), P(r.managed_mode), P(r.provider_config_id), P(r.scope),
          P(r.created_by_agent_id), P(r.created_by_user_id), P(r.created_at), P(r.updated_at),
          P(r.last_resolved_at), P(r.last_rotated_at), P(r.deleted_at), P(r.owner_user_id),
          P(r.user_secret_definition_id)};
}

VersionRow ReadVersion(const pg::Rows& s, int i) {
  VersionRow r;
  r.id = s.Text(i, 0), r.secret_id = s.Text(i, 1), r.version = static_cast<int>(s.Int(i, 2));
  r.material = s.Text(i, 3), r.value_sha256 = s.Text(i, 4), r.fingerprint_sha256 = s.Text(i, 5);
  r.status = s.Text(i, 6), r.provider_version_ref = s.OptText(i, 7), r.revoked_at = s.OptText(i, 8);
  r.created_by_agent_id = s.OptText(i, 9), r.created_by_user_id = s.OptText(i, 10), r.created_at = s.Text(i, 11);
  return r;
}

BindingRow ReadBinding(const pg::Rows& s, int i) {
  BindingRow r;
  r.id = s.Text(i, 0), r.company_id = s.Text(i, 1), r.secret_id = s.Text(i, 2), r.target_type = s.Text(i, 3);
  r.target_id = s.Text(i, 4), r.config_path = s.Text(i, 5), r.version_selector = s.Text(i, 6);
  r.required = s.Bool(i, 7), r.label = s.OptText(i, 8), r.projection_class = s.Text(i, 9);
  r.projection_allowlist_key = s.OptText(i, 10);
  return r;
}

AccessEventRow ReadEvent(const pg::Rows& s, int i) {
  AccessEventRow r;
  r.id = s.Text(i, 0), r.company_id = s.Text(i, 1), r.secret_id = s.OptText(i, 2), r.version = s.OptInt(i, 3);
  r.provider = s.Text(i, 4), r.actor_type = s.Text(i, 5), r.actor_id = s.OptText(i, 6);
  r.consumer_type = s.Text(i, 7), r.consumer_id = s.Text(i, 8), r.config_path = s.OptText(i, 9);
  r.issue_id = s.OptText(i, 10), r.heartbeat_run_id = s.OptText(i, 11), r.plugin_id = s.OptText(i, 12);
  r.outcome = s.Text(i, 13), r.error_code = s.OptText(i, 14), r.secret_scope = s.Text(i, 15);
  r.responsible_user_id = s.OptText(i, 16), r.created_at = s.Text(i, 17);
  return r;
}

const std::string& CompanyColumns() {
  static const std::string kColumns = "id, name, " + Iso("created_at") + ", " + Iso("updated_at");
  return kColumns;
}

const std::string& AgentColumns() {
  static const std::string kColumns = "id, company_id, name, role, title, status, adapter_type, "
                                      "adapter_config::text, " +
                                      Iso("created_at") + ", " + Iso("updated_at");
  return kColumns;
}

const std::string& ProjectColumns() {
  static const std::string kColumns =
      "id, company_id, name, description, status, env::text, " + Iso("created_at") + ", " + Iso("updated_at");
  return kColumns;
}

const std::string& ProviderConfigColumns() {
  static const std::string kColumns = "id, company_id, provider, display_name, status, is_default, config::text, "
                                      "health_status, " +
                                      Iso("health_checked_at") + ", health_message, health_details::text, " +
                                      Iso("disabled_at") + ", created_by_agent_id, created_by_user_id, " +
                                      Iso("created_at") + ", " + Iso("updated_at");
  return kColumns;
}

// Paperclip's details column is nullable: a NULL reads as the JSON text
// "null" (ActivityRow::details is always JSON text).
const std::string& ActivityColumns() {
  static const std::string kColumns =
      "id, company_id, actor_type, actor_id, action, entity_type, entity_id, agent_id, run_id, "
      "COALESCE(details::text, 'null'), " + Iso("created_at");
  return kColumns;
}

CompanyRow ReadCompany(const pg::Rows& s, int i) {
  CompanyRow r;
  r.id = s.Text(i, 0), r.name = s.Text(i, 1), r.created_at = s.Text(i, 2), r.updated_at = s.Text(i, 3);
  return r;
}

AgentRow ReadAgent(const pg::Rows& s, int i) {
  AgentRow r;
  r.id = s.Text(i, 0), r.company_id = s.Text(i, 1), r.name = s.Text(i, 2), r.role = s.Text(i, 3);
  r.title = s.OptText(i, 4), r.status = s.Text(i, 5), r.adapter_type = s.Text(i, 6);
  r.adapter_config = s.Text(i, 7), r.created_at = s.Text(i, 8), r.updated_at = s.Text(i, 9);
  return r;
}

std::vector<pg::Param> AgentParams(const AgentRow& r) {
  return {P(r.id), P(r.company_id), P(r.name), P(r.role), P(r.title), P(r.status), P(r.adapter_type),
          P(r.adapter_config), P(r.created_at), P(r.updated_at)};
}

ProjectRow ReadProject(const pg::Rows& s, int i) {
  ProjectRow r;
  r.id = s.Text(i, 0), r.company_id = s.Text(i, 1), r.name = s.Text(i, 2), r.description = s.OptText(i, 3);
  r.status = s.Text(i, 4), r.env = s.OptText(i, 5), r.created_at = s.Text(i, 6), r.updated_at = s.Text(i, 7);
  return r;
}

std::vector<pg::Param> ProjectParams(const ProjectRow& r) {
  return {P(r.id), P(r.company_id), P(r.name), P(r.description), P(r.status), P(r.env), P(r.created_at),
          P(r.updated_at)};
}

ProviderConfigRow ReadProviderConfig(const pg::Rows& s, int i) {
  ProviderConfigRow r;
  r.id = s.Text(i, 0), r.company_id = s.Text(i, 1), r.provider = s.Text(i, 2), r.display_name = s.Text(i, 3);
  r.status = s.Text(i, 4), r.is_default = s.Bool(i, 5), r.config = s.Text(i, 6), r.health_status = s.OptText(i, 7);
  r.health_checked_at = s.OptText(i, 8), r.health_message = s.OptText(i, 9), r.health_details = s.OptText(i, 10);
  r.disabled_at = s.OptText(i, 11), r.created_by_agent_id = s.OptText(i, 12);
  r.created_by_user_id = s.OptText(i, 13), r.created_at = s.Text(i, 14), r.updated_at = s.Text(i, 15);
  return r;
}

std::vector<pg::Param> ProviderConfigParams(const ProviderConfigRow& r) {
  return {P(r.id), P(r.company_id), P(r.provider), P(r.display_name), P(r.status), P(r.is_default), P(r.config),
          P(r.health_status), P(r.health_checked_at), P(r.health_message), P(r.health_details), P(r.disabled_at),
          P(r.created_by_agent_id), P(r.created_by_user_id), P(r.created_at), P(r.updated_at)};
}

ActivityRow ReadActivity(const pg::Rows& s, int i) {
  ActivityRow r;
  r.id = s.Text(i, 0), r.company_id = s.Text(i, 1), r.actor_type = s.Text(i, 2), r.actor_id = s.Text(i, 3);
  r.action = s.Text(i, 4), r.entity_type = s.Text(i, 5), r.entity_id = s.Text(i, 6), r.agent_id = s.OptText(i, 7);
  r.run_id = s.OptText(i, 8), r.details = s.Text(i, 9), r.created_at = s.Text(i, 10);
  return r;
}

std::vector<pg::Param> ActivityParams(const ActivityRow& r) {
  return {P(r.id), P(r.company_id), P(r.actor_type), P(r.actor_id), P(r.action), P(r.entity_type), P(r.entity_id),
          P(r.agent_id), P(r.run_id), P(r.details), P(r.created_at)};
}

const std::string& AgentKeyColumns() {
  static const std::string kColumns = "id, agent_id, company_id, name, key_hash, " + Iso("last_used_at") + ", " +
                                      Iso("revoked_at") + ", " + Iso("created_at") +
                                      ", scope_config::text, responsible_user_id";
  return kColumns;
}

AgentKeyRow ReadAgentKey(const pg::Rows& s, int i) {
  AgentKeyRow r;
  r.id = s.Text(i, 0), r.agent_id = s.Text(i, 1), r.company_id = s.Text(i, 2), r.name = s.Text(i, 3);
  r.key_hash = s.Text(i, 4), r.last_used_at = s.OptText(i, 5), r.revoked_at = s.OptText(i, 6);
  r.created_at = s.Text(i, 7), r.scope_config = s.OptText(i, 8), r.responsible_user_id = s.OptText(i, 9);
  return r;
}

const std::string& UserSecretDefinitionColumns() {
  static const std::string kColumns =
      "id, company_id, key, name, description, status, provider, managed_mode, provider_config_id, "
      "provider_metadata::text, usage_guidance, created_by_agent_id, created_by_user_id, updated_by_agent_id, "
      "updated_by_user_id, " +
      Iso("deleted_at") + ", " + Iso("created_at") + ", " + Iso("updated_at");
  return kColumns;
}

UserSecretDefinitionRow ReadUserSecretDefinition(const pg::Rows& s, int i) {
  UserSecretDefinitionRow r;
  r.id = s.Text(i, 0), r.company_id = s.Text(i, 1), r.key = s.Text(i, 2), r.name = s.Text(i, 3);
  r.description = s.OptText(i, 4), r.status = s.Text(i, 5), r.provider = s.Text(i, 6);
  r.managed_mode = s.Text(i, 7), r.provider_config_id = s.OptText(i, 8), r.provider_metadata = s.OptText(i, 9);
  r.usage_guidance = s.OptText(i, 10), r.created_by_agent_id = s.OptText(i, 11);
  r.created_by_user_id = s.OptText(i, 12), r.updated_by_agent_id = s.OptText(i, 13);
  r.updated_by_user_id = s.OptText(i, 14), r.deleted_at = s.OptText(i, 15), r.created_at = s.Text(i, 16);
  r.updated_at = s.Text(i, 17);
  return r;
}

std::vector<pg::Param> UserSecretDefinitionParams(const UserSecretDefinitionRow& r) {
  return {P(r.id), P(r.company_id), P(r.key), P(r.name), P(r.description), P(r.status), P(r.provider),
          P(r.managed_mode), P(r.provider_config_id), P(r.provider_metadata), P(r.usage_guidance),
          P(r.created_by_agent_id), P(r.created_by_user_id), P(r.updated_by_agent_id), P(r.updated_by_user_id),
          P(r.deleted_at), P(r.created_at), P(r.updated_at)};
}

}  // namespace clasp::native::pg_rows
