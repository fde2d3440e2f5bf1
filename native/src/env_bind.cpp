// `clasp bind` / `clasp unbind` (env_bind.h).
#include "clasp/native/env_bind.h"

#include "clasp/binding.h"
#include "clasp/native/random.h"
#include "nested_store.h"

namespace clasp::native {
namespace {

struct Target {
  std::string name;
  std::string company_id;
  OrderedJson env;  // as stored: an object, or null when unset or unparsable
};

OrderedJson EnvOf(const std::optional<std::string>& text, bool in_adapter_config) {
  if (!text) return nullptr;
  Result<OrderedJson> parsed = ParseJson(*text);
  if (!parsed.ok() || !parsed.value->is_object()) return nullptr;
  if (!in_adapter_config) return *parsed.value;
  auto env = parsed.value->find("env");
  return env != parsed.value->end() && env->is_object() ? *env : OrderedJson(nullptr);
}

Result<std::optional<Target>> ReadTarget(StoreTxn& txn, const EnvBindRequest& request) {
  using R = Result<std::optional<Target>>;
  if (request.target_type == "agent") {
    auto agent = txn.GetAgent(request.target_id);
    if (!agent.ok()) return Forward<std::optional<Target>>(std::move(agent));
    if (!*agent.value) return R::Ok(std::nullopt);
    const AgentRow& a = **agent.value;
    return R::Ok(Target{a.name, a.company_id, EnvOf(a.adapter_config, true)});
  }
  auto project = txn.GetProject(request.target_id);
  if (!project.ok()) return Forward<std::optional<Target>>(std::move(project));
  if (!*project.value) return R::Ok(std::nullopt);
  const ProjectRow& p = **project.value;
  return R::Ok(Target{p.name, p.company_id, EnvOf(p.env, false)});
}

// The env with the request applied; nullopt when it already says so.
Result<std::optional<OrderedJson>> Patched(const Target& target, const EnvBindRequest& request) {
  using R = Result<std::optional<OrderedJson>>;
  OrderedJson env = target.env.is_object() ? target.env : OrderedJson::object();
  const auto entry = env.find(request.key);
  if (!request.secret_id) {
    if (entry == env.end()) {
      return FailResult<std::optional<OrderedJson>>(
          Code::kInputInvalidValue, request.target_type + " " + target.name + " has no env key " + request.key);
    }
    const auto binding = ParseEnvBinding(*entry);
    if (!binding || binding->type != BindingType::kSecretRef) {
      return FailResult<std::optional<OrderedJson>>(
          Code::kInputInvalidValue, "env key " + request.key + " of " + request.target_type + " " + target.name +
                                        " is not a secret reference: unbind removes secret references only");
    }
    env.erase(request.key);
    return R::Ok(std::move(env));
  }
  OrderedJson ref = {{"type", "secret_ref"}, {"secretId", *request.secret_id}, {"version", VersionJson(request.version)}};
  if (entry != env.end()) {
    const auto binding = ParseEnvBinding(*entry);
    if (binding && binding->type == BindingType::kSecretRef && SameSecretId(binding->secret_id, *request.secret_id) &&
        binding->version.latest == request.version.latest && binding->version.number == request.version.number) {
      return R::Ok(std::nullopt);
    }
  }
  env[request.key] = std::move(ref);
  return R::Ok(std::move(env));
}

Status Audit(StoreTxn& txn, Random& random, Clock& clock, const Target& target, const EnvBindRequest& request) {
  auto id = NewUuid(random);
  if (!id.ok()) return Forward<Done>(std::move(id));
  ActivityRow row;
  row.id = *id.value;
  row.company_id = target.company_id;
  row.actor_id = request.actor_id;
  row.action = request.target_type + ".updated";
  row.entity_type = request.target_type;
  row.entity_id = request.target_id;
  if (request.target_type == "agent") row.agent_id = request.target_id;
  OrderedJson details = {{"configPath", "env." + request.key}, {"change", request.secret_id ? "bind" : "unbind"}};
  if (request.secret_id) details["secretId"] = *request.secret_id, details["version"] = VersionJson(request.version);
  row.details = DumpJson(details);
  row.created_at = clock.NowIso8601();
  return txn.InsertActivity(row);
}

}  // namespace

Result<EnvBindOutcome> BindEnvKey(SecretStore& store, Random& random, Clock& clock, const EnvWritePolicy& policy,
                                  const EnvBindRequest& request) {
  EnvBindOutcome outcome;
  const Status done = store.Transact([&](StoreTxn& txn) -> Status {
    outcome = EnvBindOutcome{};
    auto target = ReadTarget(txn, request);
    if (!target.ok()) return Forward<Done>(std::move(target));
    if (!*target.value) {
      return FailStatus(Code::kInputInvalidValue,
                        std::string(request.target_type == "agent" ? kAgentNotFound : kProjectNotFound));
    }
    const Target& t = **target.value;
    outcome.target_name = t.name, outcome.company_id = t.company_id;
    auto env = Patched(t, request);
    if (!env.ok()) return Forward<Done>(std::move(env));
    if (!*env.value) return OkStatus();
    NestedStore nested(txn);
    EnvTargetService service(nested, random, clock, policy);
    if (request.target_type == "agent") {
      auto written = service.UpdateAgent(request.target_id, OrderedJson{{"adapterConfig", {{"env", **env.value}}}});
      if (!written.ok()) return Forward<Done>(std::move(written));
      if (!*written.value) return FailStatus(Code::kInputInvalidValue, std::string(kAgentNotFound));
      outcome.binding_changes = std::move((*written.value)->binding_changes);
    } else {
      auto written = service.UpdateProject(request.target_id, OrderedJson{{"env", **env.value}});
      if (!written.ok()) return Forward<Done>(std::move(written));
      if (!*written.value) return FailStatus(Code::kInputInvalidValue, std::string(kProjectNotFound));
      outcome.binding_changes = std::move((*written.value)->binding_changes);
    }
    outcome.changed = true;
    return Audit(txn, random, clock, t, request);
  });
  if (!done.ok()) return Forward<EnvBindOutcome>(Status(done));
  return Result<EnvBindOutcome>::Ok(std::move(outcome));
}

}  // namespace clasp::native
