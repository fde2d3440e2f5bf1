#include "api_json.h"

#include "clasp/url_key.h"

namespace clasp::native::api {
namespace {

OrderedJson Nullable(const std::optional<std::string>& value) {
  return value ? OrderedJson(*value) : OrderedJson(nullptr);
}

OrderedJson Target(const std::string& type, const std::string& id, OrderedJson label, OrderedJson href,
                   OrderedJson status) {
  return {{"type", type}, {"id", id}, {"label", std::move(label)}, {"href", std::move(href)}, {"status", std::move(status)}};
}

}  // namespace

OrderedJson CompanyJson(const CompanyRow& row) {
  return {{"id", row.id}, {"name", row.name}, {"createdAt", row.created_at}, {"updatedAt", row.updated_at}};
}

OrderedJson SecretJson(const SecretRow& row) {
  return {{"id", row.id},
          {"companyId", row.company_id},
          {"key", row.key},
          {"name", row.name},
          {"provider", row.provider},
          {"status", row.status},
          {"managedMode", row.managed_mode},
          {"externalRef", Nullable(row.external_ref)},
          {"providerConfigId", Nullable(row.provider_config_id)},
          {"latestVersion", row.latest_version},
          {"description", Nullable(row.description)},
          {"scope", row.scope},
          {"lastResolvedAt", Nullable(row.last_resolved_at)},
          {"lastRotatedAt", Nullable(row.last_rotated_at)},
          {"deletedAt", Nullable(row.deleted_at)},
          {"createdByAgentId", Nullable(row.created_by_agent_id)},
          {"createdByUserId", Nullable(row.created_by_user_id)},
          {"createdAt", row.created_at},
          {"updatedAt", row.updated_at}};
}

OrderedJson UserSecretValueJson(const SecretRow& row) {
  OrderedJson out = SecretJson(row);
  out["ownerUserId"] = Nullable(row.owner_user_id);
  out["userSecretDefinitionId"] = Nullable(row.user_secret_definition_id);
  return out;
}

OrderedJson AccessEventJson(const AccessEventRow& row) {
  return {{"id", row.id},
          {"companyId", row.company_id},
          {"secretId", Nullable(row.secret_id)},
          {"version", row.version ? OrderedJson(*row.version) : OrderedJson(nullptr)},
          {"provider", row.provider},
          {"actorType", row.actor_type},
          {"actorId", Nullable(row.actor_id)},
          {"consumerType", row.consumer_type},
          {"consumerId", row.consumer_id},
          {"configPath", Nullable(row.config_path)},
          {"issueId", Nullable(row.issue_id)},
          {"heartbeatRunId", Nullable(row.heartbeat_run_id)},
          {"pluginId", Nullable(row.plugin_id)},
          {"outcome", row.outcome},
          {"errorCode", Nullable(row.error_code)},
          {"secretScope", row.secret_scope},
          {"responsibleUserId", Nullable(row.responsible_user_id)},
          {"createdAt", row.created_at}};
}

OrderedJson UsageJson(const BindingRow& row, StoreTxn& txn) {
  OrderedJson out = BindingRowToJson(row);
  OrderedJson target = Target(row.target_type, row.target_id, row.target_id, nullptr, nullptr);
  if (row.target_type == "agent") {
    auto agent = txn.GetAgent(row.target_id);
    if (agent.ok() && *agent.value && (*agent.value)->company_id == row.company_id) {
      const AgentRow& a = **agent.value;
      target = Target("agent", a.id, a.title ? a.name + " (" + *a.title + ")" : a.name,
                      "/agents/" + AgentUrlKey(a.name).value_or(a.id), a.status);
    }
  } else if (row.target_type == "project") {
    auto project = txn.GetProject(row.target_id);
    if (project.ok() && *project.value && (*project.value)->company_id == row.company_id) {
      const ProjectRow& p = **project.value;
      target = Target("project", p.id, p.name, "/projects/" + ProjectUrlKey(p.name, p.id), p.status);
    }
  }
  out["target"] = std::move(target);
  return out;
}

}  // namespace clasp::native::api
