#include "clasp/conformance.h"
#include "clasp/vault_config.h"

namespace clasp::conformance {

// input {provider, config} -> the VLT-5/VLT-6 verdict (config absent = {},
// as the create schema's default).
OrderedJson EvaluateCredentialAliases(const OrderedJson& input) {
  if (!input.is_object()) return OrderedJson{{"error", "input must be an object"}};
  const auto provider_it = input.find("provider");
  const auto provider = provider_it != input.end() && provider_it->is_string()
                            ? ParseProvider(provider_it->get_ref<const std::string&>())
                            : std::nullopt;
  if (!provider) return OrderedJson{{"error", "input.provider must be a known provider"}};
  const auto config_it = input.find("config");
  const OrderedJson config = config_it == input.end() ? OrderedJson::object() : *config_it;

  const VaultConfigVerdict verdict = CheckProviderConfig(*provider, config);
  OrderedJson out = OrderedJson::object();
  out["denied_fields"] = verdict.denied_fields;
  out["unknown_fields"] = verdict.unknown_fields;
  out["invalid_fields"] = verdict.invalid_fields;
  out["accepted"] = verdict.accepted;
  if (!config.is_object()) out["note_reason"] = kConfigNotObjectNote;
  out["errors"] = verdict.errors;
  if (verdict.accepted) out["normalized"] = verdict.normalized;
  return out;
}

}  // namespace clasp::conformance
