// The masker over every value a target's runs may have had (run_mask.h).
#include "clasp/native/run_mask.h"

#include "clasp/native/secret_service.h"

namespace clasp::native {
namespace {

struct MaskRef {
  std::string env_key;
  std::string secret_id;
  std::string target_type;
  std::string target_id;
  std::string config_path;
};

// The refs in the plan's order (granted ones first, then those BIND-2
// would refuse), each secret once per env key.
std::vector<MaskRef> SecretRefs(const RunEnvPlan& plan) {
  std::vector<MaskRef> refs;
  for (const RunEnvEntry& e : plan.entries) {
    if (!e.secret) continue;
    refs.push_back(MaskRef{e.key, e.secret->secret_id, e.secret->target_type, e.secret->target_id,
                           e.secret->config_path});
  }
  for (const MissingBinding& m : plan.missing) {
    if (m.binding_type != "secret_ref" || m.secret_id.empty()) continue;
    refs.push_back(MaskRef{m.env_key, m.secret_id, m.target_type, m.target_id, m.config_path});
  }
  return refs;
}

std::string UserSecretReason(const std::string& user_key) {
  return "user secret \"" + user_key + "\": clasp keeps no user secrets";
}

// Required user refs are in plan.missing; optional ones only left their
// warning, whose path ends in the env key (env keys need no escaping).
void AddUserSecrets(const RunEnvPlan& plan, std::vector<RunMask::Unmasked>& out) {
  for (const MissingBinding& m : plan.missing) {
    if (m.binding_type != "user_secret_ref") continue;
    out.push_back({m.env_key, std::nullopt, UserSecretReason(m.secret_name.value_or(""))});
  }
  for (const Diagnostic& d : plan.diagnostics) {
    if (d.code != Code::kRunEnvUserSecretUnavailable || d.severity != Severity::kWarning) continue;
    out.push_back({d.path.substr(d.path.rfind('/') + 1), std::nullopt, d.message});
  }
}

}  // namespace

Result<RunMask> BuildRunMask(SecretStore& store, CipherSource& ciphers, Random& random, Clock& clock,
                             const RunEnvRequest& request) {
  auto check = CheckRunEnv(store, request);
  if (!check.ok()) return Forward<RunMask>(std::move(check));
  SecretService service(store, ciphers, random, clock);
  RunMask mask;
  std::vector<SecretService::VersionValue> values;  // wiped when they go
  std::vector<std::string> keys;
  for (const MaskRef& ref : SecretRefs(check.value->plan)) {
    AccessContext access;
    access.actor_type = request.actor_type;
    access.actor_id = request.actor_id ? *request.actor_id : check.value->agent_id;
    access.consumer_type = ref.target_type;
    access.consumer_id = ref.target_id;
    access.config_path = ref.config_path;
    auto opened = service.OpenVersionsForMasking(check.value->company_id, ref.secret_id, access);
    if (!opened.ok()) {
      const std::string reason = opened.diagnostics.empty() ? "cannot be opened" : opened.diagnostics.front().message;
      mask.unmasked.push_back({ref.env_key, ref.secret_id, reason});
      continue;
    }
    if (opened.value->empty()) mask.unmasked.push_back({ref.env_key, ref.secret_id, "no version has a value"});
    for (auto& v : *opened.value) {
      mask.sources.push_back(RunMask::Source{ref.secret_id, v.version});
      keys.push_back(ref.env_key);
      values.push_back(std::move(v));
    }
  }
  AddUserSecrets(check.value->plan, mask.unmasked);
  std::vector<MaskSecret> secrets;
  for (std::size_t i = 0; i < values.size(); ++i) secrets.push_back(MaskSecret{keys[i], values[i].value.view()});
  auto masker = Masker::Build(secrets);
  if (!masker.ok()) return Forward<RunMask>(std::move(masker));
  mask.masker = std::move(*masker.value);
  return Result<RunMask>::Ok(std::move(mask));
}

OrderedJson RunMaskReportJson(const RunMask& mask, const std::vector<std::uint64_t>& counts) {
  OrderedJson occurrences = OrderedJson::array();
  for (std::size_t i = 0; i < counts.size() && i < mask.sources.size(); ++i) {
    if (counts[i] == 0) continue;
    occurrences.push_back({{"envKey", mask.masker.env_key(i)},
                           {"secretId", mask.sources[i].secret_id},
                           {"version", mask.sources[i].version},
                           {"count", counts[i]}});
  }
  OrderedJson unmasked = OrderedJson::array();
  for (std::size_t i : mask.masker.skipped()) {
    unmasked.push_back({{"envKey", mask.masker.env_key(i)},
                        {"secretId", mask.sources[i].secret_id},
                        {"version", mask.sources[i].version},
                        {"reason", "shorter than " + std::to_string(kMinMaskedValueLength) + " bytes"}});
  }
  for (const RunMask::Unmasked& u : mask.unmasked) {
    unmasked.push_back({{"envKey", u.env_key},
                        {"secretId", u.secret_id ? OrderedJson(*u.secret_id) : OrderedJson(nullptr)},
                        {"reason", u.reason}});
  }
  return {{"occurrences", std::move(occurrences)}, {"unmasked", std::move(unmasked)}};
}

}  // namespace clasp::native
