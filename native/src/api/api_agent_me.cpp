// The agent-facing routes: what an agent may read, and reading it.
#include "api_agent_auth.h"
#include "api_internal.h"
#include "clasp/agent_access.h"

namespace clasp::native::api {
namespace {

constexpr const char* kNotGranted = "Secret access is not granted for this agent";

// The token's key and agent (AuthenticateAgent), then what that agent may
// read, all in the caller's one read transaction: an agent terminated or a
// key revoked since any earlier request opens nothing.
ApiResponse AccessList(Ctx& ctx, StoreTxn& txn, std::vector<AgentSecretAccessEntry>& out) {
  if (auto refused = AuthenticateAgent(ctx, txn)) return *refused;
  const AgentClaims& claims = *ctx.agent;
  auto rows = txn.ListTargetBindings(claims.company_id, "agent", claims.agent_id);
  if (!rows.ok()) return FromDiagnostics(rows.diagnostics);
  auto secrets = txn.ListAllSecrets(claims.company_id);
  if (!secrets.ok()) return FromDiagnostics(secrets.diagnostics);
  std::vector<AccessibleSecret> accessible;
  for (const SecretRow& s : *secrets.value) {
    accessible.push_back({s.id, s.company_id, s.key, s.name, s.description, s.latest_version, s.status, s.scope});
  }
  out = AgentSecretAccess(claims.company_id, claims.agent_id, *rows.value, accessible);
  return Json(200, nullptr);
}

OrderedJson EntryJson(const AgentSecretAccessEntry& e) {
  return {{"key", e.key},
          {"name", e.name},
          {"description", e.description ? OrderedJson(*e.description) : OrderedJson(nullptr)},
          {"delivery", e.delivery},
          {"projectionClass", e.projection_class},
          {"latestVersion", e.latest_version},
          {"versionSelector", e.pinned_version ? OrderedJson(*e.pinned_version) : OrderedJson("latest")},
          {"resolvedVersion", e.resolved_version},
          {"secretRef", e.secret_id}};
}

ApiResponse ListMySecrets(Ctx& ctx) {
  std::vector<AgentSecretAccessEntry> entries;
  ApiResponse listed = InReadTxn(ctx, [&](StoreTxn& txn) { return AccessList(ctx, txn, entries); });
  if (listed.status != 200) return listed;
  if (auto failed = RecordAgentKeyUse(ctx)) return *failed;
  OrderedJson list = OrderedJson::array();
  for (const auto& entry : entries) list.push_back(EntryJson(entry));
  return Json(200, {{"secrets", std::move(list)}});
}

ApiResponse ReadMySecret(Ctx& ctx) {
  std::optional<AgentSecretAccessEntry> entry;
  ApiResponse found = InReadTxn(ctx, [&](StoreTxn& txn) {
    std::vector<AgentSecretAccessEntry> entries;
    ApiResponse listed = AccessList(ctx, txn, entries);
    for (auto& e : entries) {
      if (e.key == ctx.params[0]) entry = std::move(e);
    }
    return listed;
  });
  if (found.status != 200) return found;
  if (auto failed = RecordAgentKeyUse(ctx)) return *failed;
  if (!entry) return Error(403, kNotGranted);
  AccessContext access;
  access.actor_type = "agent";
  access.actor_id = ctx.agent->agent_id;
  access.consumer_type = "agent";
  access.consumer_id = ctx.agent->agent_id;
  access.event_consumer_type = "agent_api";
  access.config_path = entry->config_path;
  access.allowed_binding_ids = std::vector<std::string>{entry->binding_id};
  SecretService service(ctx.store(), *ctx.lease.ciphers, ctx.random, ctx.clock);
  auto resolved = service.Resolve(ctx.agent->company_id, entry->secret_id, entry->pinned_version, access);
  if (!resolved.ok()) {
    const std::string code = AccessErrorCode(resolved.diagnostics);
    if (code == "binding_missing" || code == "secret_scope_invalid") return Error(403, kNotGranted);
    // The grant was looked up in its own transaction; a PATCH that re-created
    // the binding row since then leaves the path bound under another id.
    // Nothing was read: the agent may simply ask again (the soak found this).
    if (resolved.diagnostics.front().code == Code::kBindingNotAllowed) {
      return Error(409, "The secret's binding changed during this read; retry");
    }
    return FromDiagnostics(resolved.diagnostics);
  }
  // The one response that carries a value; it is never logged or cached.
  ApiResponse response = Json(200, {{"key", entry->key},
                                    {"value", resolved.value->value.Release()},
                                    {"version", resolved.value->version}});
  response.headers["Cache-Control"] = "no-store";
  return response;
}

}  // namespace

std::vector<Route> AgentMeRoutes() {
  return {
      {"GET", "/api/agents/me/secrets", Access::kAgent, ListMySecrets},
      {"POST", "/api/agents/me/secrets/:key/value", Access::kAgent, ReadMySecret},
  };
}

}  // namespace clasp::native::api
