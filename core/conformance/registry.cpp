#include "clasp/conformance.h"

namespace clasp::conformance {

const std::vector<Family>& CoreFamilies() {
  static const std::vector<Family> kFamilies = {
      {"sensitive_keys", EvaluateSensitiveKeys},
      {"strict_mode", EvaluateStrictMode},
      {"env_bindings", EvaluateEnvBindings},
      {"credential_aliases", EvaluateCredentialAliases},
      {"vault_urls", EvaluateVaultUrls},
      {"vault_status_defaults", EvaluateVaultStatusDefaults},
      {"binding_diff", EvaluateBindingDiff},
      {"binding_diff_user_secrets", EvaluateBindingDiff},
      {"master_key", EvaluateMasterKey},
  };
  return kFamilies;
}

const Family* FindFamily(const std::vector<Family>& families, std::string_view name) {
  for (const auto& f : families) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string FamilyOfPath(std::string_view path) {
  const auto slash = path.find_last_of("/\\");
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (base.size() > 5 && base.substr(base.size() - 5) == ".json") base.remove_suffix(5);
  return std::string(base);
}

bool MatchesExpect(const OrderedJson& actual, const OrderedJson& expect) {
  if (!expect.is_object()) return actual == expect;
  if (!actual.is_object()) return false;
  for (const auto& [key, value] : expect.items()) {
    const auto it = actual.find(key);
    if (it == actual.end() || *it != value) return false;
  }
  return true;
}

}  // namespace clasp::conformance
