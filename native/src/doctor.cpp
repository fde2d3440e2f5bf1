// `clasp doctor`: the key and strict-mode checks, and the run (doctor.h).
#include "clasp/native/doctor.h"

#include "clasp/master_key.h"
#include "clasp/native/key_custody.h"
#include "clasp/native/store_open.h"
#include "clasp/strict_mode.h"
#include "doctor_checks.h"

namespace clasp::native {
namespace doctor {

DoctorCheck MakeCheck(std::string name, std::string status, std::string message) {
  return DoctorCheck{std::move(name), std::move(status), std::move(message), OrderedJson::object()};
}

DoctorCheck MasterKeyCheck(const EnvVars& vars, FileSystem& fs, KeyHome home) {
  const KeyHealth health = InspectMasterKey(vars, fs, home);
  DoctorCheck check = MakeCheck("master_key", health.status, health.message);
  // An env key has no path; the source alone says where it came from.
  check.details["keySource"] = std::string(KeySourceName(health.location.source));
  if (!health.location.path.empty()) check.details["keyFilePath"] = health.location.path;
  check.details["warnings"] = health.warnings;
  if (health.status == "error") return check;
  // Decodable is not enough: a key that was never random (all zeros, one
  // repeated character) protects nothing.
  auto found = FindMasterKey(vars, fs, home, KeyLoad::kLookOnly);
  if (found.ok() && found.value->key && MasterKeyTooUniform(found.value->key->key.view())) {
    check.status = "error";
    check.message = "The master key (" + DescribeKeyLocation(found.value->location) + ") has fewer than " +
                    std::to_string(kMinDistinctKeyBytes) + " distinct bytes: it is not a random key";
  }
  return check;
}

DoctorCheck StrictModeCheck(const EnvVars& vars) {
  StrictModeInputs inputs;
  inputs.env_strict_mode = vars.Get("PAPERCLIP_SECRETS_STRICT_MODE");
  inputs.env_deployment_mode = vars.Get("PAPERCLIP_DEPLOYMENT_MODE");
  const Result<StrictModeResolution> resolved = ResolveStrictMode(inputs);
  if (!resolved.ok()) {
    const std::string why = resolved.diagnostics.empty() ? "cannot resolve strict mode"
                                                         : resolved.diagnostics.front().message;
    return MakeCheck("strict_mode", "error", why);
  }
  const StrictModeResolution& r = *resolved.value;
  const std::string mode(DeploymentModeName(r.deployment_mode));
  DoctorCheck check = MakeCheck("strict_mode", "ok",
                                std::string("Strict secret mode is ") + (r.strict_mode ? "on" : "off") + " (" + mode +
                                    " deployment)");
  check.details["deploymentMode"] = mode;
  check.details["strictMode"] = r.strict_mode;
  check.details["strictModeSource"] =
      inputs.env_strict_mode ? "PAPERCLIP_SECRETS_STRICT_MODE" : "deployment mode default";
  if (std::optional<Diagnostic> warning = StrictModeWarning(r.deployment_mode, r.strict_mode)) {
    check.status = "warn";
    check.message = warning->message;
  } else if (inputs.env_deployment_mode && !ParseDeploymentMode(*inputs.env_deployment_mode)) {
    // STRICT-2 silently falls back; `clasp serve` refuses to start instead.
    check.status = "warn";
    check.message = "PAPERCLIP_DEPLOYMENT_MODE is not local_trusted or authenticated; Paperclip would run as " + mode +
                    " and clasp serve refuses to start";
  }
  return check;
}

DoctorCheck AgentKeysCheck(SecretStore* store) {
  const std::string note =
      "agent tokens of the old clasp_agent_v1 HMAC scheme are no longer accepted (mint keys with POST "
      "/api/agents/:id/keys)";
  if (!store) return MakeCheck("agent_keys", "ok", "Agent API keys: " + note);
  auto live = InTransaction<long long>(*store, [](StoreTxn& txn) -> Result<long long> {
    auto agents = txn.ListAgents(std::nullopt);
    if (!agents.ok()) return Forward<long long>(std::move(agents));
    long long count = 0;
    for (const AgentRow& agent : *agents.value) {
      auto keys = txn.ListAgentKeys(agent.id);
      if (!keys.ok()) return Forward<long long>(std::move(keys));
      for (const AgentKeyRow& key : *keys.value) count += !key.revoked_at;
    }
    return Result<long long>::Ok(count);
  }, SecretStore::Durability::kReadOnly);
  if (!live.ok()) {
    const std::string why = live.diagnostics.empty() ? "cannot read agent keys" : live.diagnostics[0].message;
    return MakeCheck("agent_keys", "error", why);
  }
  DoctorCheck check = MakeCheck("agent_keys", "ok", std::to_string(*live.value) + " live agent API keys; " + note);
  check.details["liveKeys"] = *live.value;
  return check;
}

}  // namespace doctor

std::vector<DoctorCheck> RunDoctor(const EnvVars& vars, FileSystem& fs, const DoctorOptions& options) {
  const KeyHome home = StoreKeyHome(vars, options.database_url);
  std::vector<DoctorCheck> checks;
  checks.push_back(doctor::MasterKeyCheck(vars, fs, home));
  checks.push_back(doctor::StrictModeCheck(vars));
  doctor::StorageProbe storage = doctor::StorageCheck(vars, fs, options);
  checks.push_back(storage.check);
  if (storage.store) {
    checks.push_back(doctor::StoreKeyCheck(*storage.store, vars, fs, home));
    checks.push_back(doctor::VaultsCheck(*storage.store, vars, fs, home));
    checks.push_back(doctor::BindingsCheck(*storage.store));
    checks.push_back(doctor::BackupCheck(*storage.store, storage.check, vars, fs));
  } else {
    // Nothing stored yet is a clean state; an unusable store is already an
    // error above, so the skipped checks only warn.
    const std::string status = storage.absent ? "ok" : "warn";
    checks.push_back(doctor::MakeCheck("store_key", status, storage.unavailable));
    checks.push_back(doctor::MakeCheck("provider_vaults", status, storage.unavailable));
    checks.push_back(doctor::MakeCheck("bindings", status, storage.unavailable));
    checks.push_back(doctor::MakeCheck("backup", status, storage.unavailable));
  }
  checks.push_back(doctor::AgentKeysCheck(storage.store.get()));
  checks.push_back(doctor::CustodyCheck(vars, fs));
  return checks;
}

bool DoctorHealthy(const std::vector<DoctorCheck>& checks) {
  for (const DoctorCheck& check : checks) {
    if (check.status == "error") return false;
  }
  return true;
}

bool DoctorIncomplete(const std::vector<DoctorCheck>& checks) {
  for (const DoctorCheck& check : checks) {
    if (check.incomplete) return true;
  }
  return false;
}

OrderedJson DoctorJson(const std::vector<DoctorCheck>& checks) {
  OrderedJson list = OrderedJson::array();
  for (const DoctorCheck& check : checks) {
    OrderedJson entry = {{"name", check.name}, {"status", check.status}, {"message", check.message}};
    if (check.details.is_object() && !check.details.empty()) entry["details"] = check.details;
    if (check.incomplete) entry["incomplete"] = true;
    list.push_back(std::move(entry));
  }
  return OrderedJson{{"ok", DoctorHealthy(checks)}, {"checks", std::move(list)}};
}

}  // namespace clasp::native
