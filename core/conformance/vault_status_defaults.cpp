#include <string>

#include "clasp/conformance.h"
#include "clasp/vault_status.h"

namespace clasp::conformance {
namespace {

OrderedJson Failure(const std::vector<Diagnostic>& diagnostics) {
  if (diagnostics.empty()) return OrderedJson{{"ok", false}};
  return OrderedJson{{"ok", false}, {"status", diagnostics.front().http_status}, {"error", diagnostics.front().message}};
}

const OrderedJson& Member(const OrderedJson& input, const char* name) {
  static const OrderedJson kNull;
  const auto it = input.find(name);
  return it == input.end() ? kNull : *it;
}

// The vectors' create inputs carry no displayName; the oracle's harness
// supplied a fixed valid one, and so does this adapter.
OrderedJson Create(const OrderedJson& input) {
  OrderedJson request = input;
  if (request.find("displayName") == request.end()) request["displayName"] = "Vault";
  const VaultWrite write = CreateProviderVault("company", request);
  if (!write.ok) {
    return OrderedJson{{"ok", false}, {"status", write.http_status}, {"error", write.error}, {"errors", write.errors}};
  }
  return OrderedJson{{"ok", true},
                     {"status", VaultStatusName(write.row.status)},
                     {"isDefault", write.row.is_default},
                     {"disabledAt_set", write.disabled_at == DisabledAtChange::kStamp},
                     {"clears_other_defaults_same_provider", write.clears_other_defaults}};
}

OrderedJson Update(const OrderedJson& input) {
  const Result<ProviderVault> existing = ParseProviderVault(Member(input, "existing"));
  if (!existing.ok()) return Failure(existing.diagnostics);
  const auto patch_it = input.find("patch");
  const OrderedJson patch = patch_it == input.end() ? OrderedJson::object() : *patch_it;
  const VaultWrite write = UpdateProviderVault(*existing.value, patch);
  if (!write.ok) {
    OrderedJson out{{"ok", false}, {"status", write.http_status}, {"error", write.error}};
    if (!write.errors.empty()) out["errors"] = write.errors;
    return out;
  }
  return OrderedJson{{"ok", true}, {"status", VaultStatusName(write.row.status)}, {"isDefault", write.row.is_default}};
}

// rows_after echoes each input row with only isDefault rewritten, so the
// rows keep the caller's own fields and key order.
OrderedJson SetDefault(const OrderedJson& input) {
  const OrderedJson& raw_rows = Member(input, "rows");
  const OrderedJson& id = Member(input, "id");
  if (!raw_rows.is_array() || !id.is_string()) {
    return OrderedJson{{"ok", false}, {"error", "input.rows must be an array and input.id a string"}};
  }
  std::vector<ProviderVault> rows;
  for (const auto& raw : raw_rows) {
    Result<ProviderVault> row = ParseProviderVault(raw);
    if (!row.ok()) return Failure(row.diagnostics);
    rows.push_back(std::move(*row.value));
  }
  const auto after = SetDefaultProviderVault(rows, id.get_ref<const std::string&>());
  if (!after.ok()) return Failure(after.diagnostics);
  OrderedJson rows_after = raw_rows;
  for (std::size_t i = 0; i < rows_after.size(); ++i) rows_after[i]["isDefault"] = (*after.value)[i].is_default;
  return OrderedJson{{"ok", true}, {"rows_after", rows_after}};
}

OrderedJson Health(const OrderedJson& input) {
  const Result<ProviderVault> vault = ParseProviderVault(Member(input, "vault"));
  if (!vault.ok()) return Failure(vault.diagnostics);
  std::optional<VaultHealth> health = StaticVaultHealth(vault.value->provider, vault.value->status);
  const bool calls_module = !health.has_value();
  if (calls_module) {
    const OrderedJson& module_status = Member(input, "module_status");
    ModuleHealth module;
    module.status = ParseModuleHealthStatus(module_status.is_string() ? module_status.get<std::string>() : "");
    health = MapModuleHealth(vault.value->status, module);
  }
  OrderedJson out{{"status", VaultHealthStatusName(health->status)}, {"code", health->code}};
  if (!health->message.empty()) out["message"] = health->message;
  if (!health->guidance.empty()) out["guidance"] = health->guidance;
  out["calls_module"] = calls_module;
  return out;
}

OrderedJson SelectForSecret(const OrderedJson& input) {
  const OrderedJson& raw_vault = Member(input, "vault");
  const OrderedJson& company = Member(input, "companyId");
  const OrderedJson& secret_provider = Member(input, "secretProvider");
  if (!company.is_string() || !secret_provider.is_string()) {
    return OrderedJson{{"ok", false}, {"error", "input.companyId and input.secretProvider must be strings"}};
  }
  std::optional<ProviderVault> vault;
  if (!raw_vault.is_null()) {
    Result<ProviderVault> parsed = ParseProviderVault(raw_vault);
    if (!parsed.ok()) return Failure(parsed.diagnostics);
    vault = std::move(parsed.value);
  }
  const auto diagnostics = CheckSelectableVault(vault ? &*vault : nullptr, company.get_ref<const std::string&>(),
                                                secret_provider.get_ref<const std::string&>());
  if (!diagnostics.empty()) return Failure(diagnostics);
  return OrderedJson{{"ok", true}};
}

}  // namespace

// input.op selects the operation: create, update, setDefault, health, selectForSecret.
OrderedJson EvaluateVaultStatusDefaults(const OrderedJson& input) {
  if (!input.is_object()) return OrderedJson{{"error", "input must be an object"}};
  const OrderedJson& op = Member(input, "op");
  if (!op.is_string()) return OrderedJson{{"error", "input.op must be a string"}};
  const auto& name = op.get_ref<const std::string&>();
  if (name == "create") return Create(input);
  if (name == "update") return Update(input);
  if (name == "setDefault") return SetDefault(input);
  if (name == "health") return Health(input);
  if (name == "selectForSecret") return SelectForSecret(input);
  return OrderedJson{{"error", "unknown op: " + name}};
}

}  // namespace clasp::conformance
