// Run env assembly: load, plan with the core, resolve through SecretService.
#include "clasp/native/run_env.h"

#include <limits>

namespace clasp::native {
namespace {

Diagnostic Failure(Code code, std::string path, std::string message, int status) {
  return Diagnostic{code, std::move(path), std::move(message), status, Severity::kError};
}

// The env member of a stored adapterConfig (null when it has none). A
// config that is not a JSON object is refused: a run must not start from a
// corrupt row.
Result<OrderedJson> AgentEnv(const AgentRow& agent) {
  auto parsed = ParseJson(agent.adapter_config);
  if (!parsed.ok() || !parsed.value->is_object()) {
    return Result<OrderedJson>::Fail(
        Failure(Code::kInputWrongType, "/adapterConfig", "Agent adapterConfig is not a JSON object", 422));
  }
  auto env = parsed.value->find("env");
  return Result<OrderedJson>::Ok(env == parsed.value->end() ? OrderedJson() : std::move(*env));
}

Result<OrderedJson> ProjectEnv(const ProjectRow& project) {
  if (!project.env) return Result<OrderedJson>::Ok(OrderedJson());
  auto parsed = ParseJson(*project.env);
  if (!parsed.ok()) {
    return Result<OrderedJson>::Fail(Failure(Code::kInputWrongType, "/env", "Project env is not valid JSON", 422));
  }
  return parsed;
}

OrderedJson RuntimeVariables(const AgentRow& agent, const std::optional<std::string>& project_id) {
  OrderedJson runtime = {{"PAPERCLIP_AGENT_ID", agent.id},
                         {"PAPERCLIP_AGENT_NAME", agent.name},
                         {"PAPERCLIP_COMPANY_ID", agent.company_id}};
  if (project_id) runtime["PAPERCLIP_PROJECT_ID"] = *project_id;
  return runtime;
}

// Resolve takes an int; a pinned version beyond it cannot exist, and the
// largest int is as absent as any (the resolution reports version_missing).
std::optional<int> VersionArg(const SecretVersion& version) {
  if (version.latest) return std::nullopt;
  if (version.number > std::numeric_limits<int>::max()) return std::numeric_limits<int>::max();
  return static_cast<int>(version.number);
}

Result<RunEnvCheck> Load(StoreTxn& txn, const RunEnvRequest& request) {
  // Ids are uuids: anything else names no row (and PostgreSQL would refuse
  // the query rather than find nothing).
  const auto not_found = [](const char* path, const char* message) {
    return Result<RunEnvCheck>::Fail(Failure(Code::kInputInvalidValue, path, message, 404));
  };
  if (!IsGuid(request.agent_id)) return not_found("/agentId", "Agent not found");
  auto agent = txn.GetAgent(request.agent_id);
  if (!agent.ok()) return Forward<RunEnvCheck>(std::move(agent));
  if (!*agent.value) return not_found("/agentId", "Agent not found");
  const AgentRow& a = **agent.value;
  RunEnvInput input;
  input.company_id = a.company_id;
  input.agent_id = a.id;
  auto agent_env = AgentEnv(a);
  if (!agent_env.ok()) return Forward<RunEnvCheck>(std::move(agent_env));
  input.agent_env = std::move(*agent_env.value);
  if (request.project_id) {
    if (!IsGuid(*request.project_id)) return not_found("/projectId", "Project not found");
    auto project = txn.GetProject(*request.project_id);
    if (!project.ok()) return Forward<RunEnvCheck>(std::move(project));
    if (!*project.value) return not_found("/projectId", "Project not found");
    if ((*project.value)->company_id != a.company_id) {
      return Result<RunEnvCheck>::Fail(
          Failure(Code::kInputInvalidValue, "/projectId", "Project must belong to the agent's company", 422));
    }
    auto project_env = ProjectEnv(**project.value);
    if (!project_env.ok()) return Forward<RunEnvCheck>(std::move(project_env));
    input.project_id = (*project.value)->id;
    input.project_env = std::move(*project_env.value);
  }
  input.runtime = RuntimeVariables(a, input.project_id);
  auto rows = txn.ListBindings(a.company_id);
  if (!rows.ok()) return Forward<RunEnvCheck>(std::move(rows));
  input.bindings = std::move(*rows.value);
  auto secrets = txn.ListAllSecrets(a.company_id);
  if (!secrets.ok()) return Forward<RunEnvCheck>(std::move(secrets));

  RunEnvCheck check{a.company_id, a.id, a.name, input.project_id, PlanRunEnv(input), {}};
  const auto find = [&](const std::string& id) -> const SecretRow* {
    for (const SecretRow& row : *secrets.value) {
      if (SameSecretId(row.id, id)) return &row;
    }
    return nullptr;
  };
  for (MissingBinding& m : check.plan.missing) {
    if (const SecretRow* s = m.secret_id.empty() ? nullptr : find(m.secret_id)) m.secret_name = s->name;
  }
  for (const RunEnvEntry& e : check.plan.entries) {
    if (!e.secret) continue;
    const SecretRow* s = find(e.secret->secret_id);
    RunEnvManifestEntry m{e.secret->config_path, e.key, e.secret->secret_id, e.secret->binding_id,
                          std::nullopt,          "",    "pending"};
    if (s && s->status != "deleted") {
      m.version = e.secret->version.latest ? s->latest_version : VersionArg(e.secret->version);
      m.provider = s->provider;
    }
    check.manifest.push_back(std::move(m));
  }
  return Result<RunEnvCheck>::Ok(std::move(check));
}

OrderedJson LayersJson(const std::vector<EnvLayer>& layers) {
  OrderedJson out = OrderedJson::array();
  for (EnvLayer l : layers) out.push_back(EnvLayerName(l));
  return out;
}

}  // namespace

Result<RunEnvCheck> CheckRunEnv(SecretStore& store, const RunEnvRequest& request) {
  return InTransaction<RunEnvCheck>(store, [&](StoreTxn& txn) { return Load(txn, request); });
}

Result<AssembledRunEnv> AssembleRunEnv(SecretStore& store, CipherSource& ciphers, Random& random, Clock& clock,
                                       const RunEnvRequest& request) {
  auto checked = CheckRunEnv(store, request);
  if (!checked.ok()) return Forward<AssembledRunEnv>(std::move(checked));
  AssembledRunEnv run{std::move(*checked.value), {}, {}};
  if (!run.check.plan.ok()) {
    std::vector<Diagnostic> errors;
    for (const Diagnostic& d : run.check.plan.diagnostics) {
      if (d.severity == Severity::kError) errors.push_back(d);
    }
    return Result<AssembledRunEnv>::Fail(std::move(errors));
  }
  SecretService service(store, ciphers, random, clock);
  for (const RunEnvEntry& e : run.check.plan.entries) {
    if (e.plain) {
      run.env.push_back(RunEnvVariable{e.key, SecretBytes::Copy(*e.plain), false});
      continue;
    }
    const PlannedSecretRef& ref = *e.secret;
    AccessContext access;
    access.actor_type = request.actor_type;
    access.actor_id = request.actor_id ? *request.actor_id : run.check.agent_id;
    access.consumer_type = ref.target_type;
    access.consumer_id = ref.target_id;
    access.config_path = ref.config_path;
    auto resolved = service.Resolve(run.check.company_id, ref.secret_id, VersionArg(ref.version), access);
    if (!resolved.ok()) {
      const std::string path = JsonPointerAppend(JsonPointerAppend("", EnvLayerName(e.layer)), e.key);
      for (Diagnostic& d : resolved.diagnostics) d.path = path;
      return Forward<AssembledRunEnv>(std::move(resolved));
    }
    ResolvedSecret& r = *resolved.value;
    run.manifest.push_back(RunEnvManifestEntry{ref.config_path, r.env_key, ref.secret_id, r.binding_id, r.version,
                                               r.provider, "success"});
    run.env.push_back(RunEnvVariable{e.key, std::move(r.value), true});
  }
  return Result<AssembledRunEnv>::Ok(std::move(run));
}

OrderedJson RunEnvReportJson(const RunEnvCheck& check, const std::vector<RunEnvManifestEntry>* manifest,
                             const std::vector<Diagnostic>* failure) {
  OrderedJson env = OrderedJson::array();
  for (const RunEnvEntry& e : check.plan.entries) {
    env.push_back({{"key", e.key},
                   {"source", e.secret ? "secret" : "plain"},
                   {"layer", EnvLayerName(e.layer)},
                   {"shadowed", LayersJson(e.shadowed)}});
  }
  OrderedJson entries = OrderedJson::array();
  for (const RunEnvManifestEntry& m : manifest ? *manifest : check.manifest) entries.push_back(ManifestEntryJson(m));
  OrderedJson dropped = OrderedJson::array();
  for (const DroppedEnvKey& d : check.plan.dropped) dropped.push_back({{"key", d.key}, {"layer", EnvLayerName(d.layer)}});
  OrderedJson missing = OrderedJson::array();
  for (const MissingBinding& m : check.plan.missing) missing.push_back(MissingBindingJson(m));
  OrderedJson diagnostics = OrderedJson::array();
  for (const auto* list : {&check.plan.diagnostics, failure}) {
    if (!list) continue;
    for (const Diagnostic& d : *list) {
      diagnostics.push_back({{"code", CodeName(d.code)},
                             {"path", d.path},
                             {"message", d.message},
                             {"severity", d.severity == Severity::kError ? "error" : "warning"}});
    }
  }
  return {{"ok", check.plan.ok() && (!failure || !HasErrors(*failure))},
          {"companyId", check.company_id},
          {"agentId", check.agent_id},
          {"projectId", check.project_id ? OrderedJson(*check.project_id) : OrderedJson(nullptr)},
          {"env", std::move(env)},
          {"manifest", std::move(entries)},
          {"dropped", std::move(dropped)},
          {"missingBindings", std::move(missing)},
          {"diagnostics", std::move(diagnostics)}};
}

}  // namespace clasp::native
