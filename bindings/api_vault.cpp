// Provider-vault configs, the vault address, and vault row transitions.
#include "api.h"
#include "clasp/vault_address.h"
#include "clasp/vault_config.h"
#include "clasp/vault_status.h"
#include "clasp/vault_zod.h"
#include "marshal.h"

namespace clasp::bindings {
namespace {

OrderedJson Strings(const std::vector<std::string>& list) {
  OrderedJson out = OrderedJson::array();
  for (const auto& s : list) out.push_back(s);
  return out;
}

OrderedJson WriteJson(const VaultWrite& write) {
  return OrderedJson{{"httpStatus", write.http_status},
                     {"row", write.ok ? ProviderVaultJson(write.row) : OrderedJson()},
                     {"clearsOtherDefaults", write.clears_other_defaults},
                     {"disabledAt", DisabledAtChangeName(write.disabled_at)},
                     {"paperclipError", write.error},
                     {"paperclipErrors", Strings(write.errors)}};
}

OrderedJson HealthJson(const VaultHealth& health, bool calls_module) {
  return OrderedJson{{"status", VaultHealthStatusName(health.status)},
                     {"code", health.code},
                     {"message", health.message},
                     {"guidance", Strings(health.guidance)},
                     {"callsModule", calls_module}};
}

// The row with this id; the "not found" answer is the core's own VAULT-SEL one.
const ProviderVault* FindRow(const std::vector<ProviderVault>& rows, const std::string& id,
                             std::vector<Diagnostic>& diagnostics) {
  for (const auto& row : rows) {
    if (row.id == id) return &row;
  }
  for (Diagnostic d : CheckSelectableVault(nullptr, "", "")) {
    d.path = "/op/id";
    diagnostics.push_back(std::move(d));
  }
  return nullptr;
}

OrderedJson Health(const ProviderVault& row, const OrderedJson& module_json, Reader& reader) {
  if (auto fixed = StaticVaultHealth(row.provider, row.status)) return HealthJson(*fixed, false);
  if (module_json.is_null()) {
    return OrderedJson{{"status", nullptr}, {"callsModule", true}};
  }
  ModuleHealth module;
  module.status = ParseModuleHealthStatus(reader.String(Member(module_json, "status"), "/op/module/status"));
  module.message = reader.String(Member(module_json, "message"), "/op/module/message");
  module.warnings = reader.Strings(Member(module_json, "warnings"), "/op/module/warnings");
  module.backup_guidance = reader.Strings(Member(module_json, "backupGuidance"), "/op/module/backupGuidance");
  return HealthJson(MapModuleHealth(row.status, module), true);
}

}  // namespace

OrderedJson ValidateVaultConfig(const OrderedJson& args) {
  const OrderedJson& provider_json = Arg(args, 0);
  const auto provider =
      provider_json.is_string() ? ParseProvider(provider_json.get_ref<const std::string&>()) : std::nullopt;
  if (!provider) {
    return Answer(false, nullptr,
                  {MakeDiagnostic(Code::kVaultProviderUnknown, "/provider", zod::InvalidOption(ProviderNames()))});
  }
  // An undefined config is the create schema's default, {}; null is checked (and refused).
  const OrderedJson* raw = ArgPtr(args, 1);
  const VaultConfigVerdict verdict = CheckProviderConfig(*provider, raw == nullptr ? OrderedJson::object() : *raw);
  OrderedJson value{{"config", verdict.accepted ? verdict.normalized : OrderedJson()},
                    {"deniedFields", Strings(verdict.denied_fields)},
                    {"unknownFields", Strings(verdict.unknown_fields)},
                    {"invalidFields", Strings(verdict.invalid_fields)},
                    {"paperclipErrors", Strings(verdict.errors)}};
  return Answer(verdict.accepted, std::move(value), verdict.diagnostics);
}

OrderedJson NormalizeVaultAddress(const OrderedJson& args) {
  const OrderedJson* address = ArgPtr(args, 0);
  const VaultAddressVerdict verdict = CheckVaultAddressValue(address);
  OrderedJson value{{"origin", verdict.origin.empty() ? OrderedJson() : OrderedJson(verdict.origin)},
                    {"reason", verdict.reason.empty() ? OrderedJson() : OrderedJson(verdict.reason)}};
  return Answer(verdict.ok, std::move(value),
                VaultAddressDiagnostics(verdict, "/address", address));
}

OrderedJson PlanVaultChange(const OrderedJson& args) {
  Reader reader;
  const std::vector<ProviderVault> rows = ReadVaultRows(Arg(args, 0), "/rows", reader);
  const OrderedJson& op = Arg(args, 1);
  const std::string kind = reader.String(Member(op, "kind"), "/op/kind");
  const std::string id = reader.String(Member(op, "id"), "/op/id");
  if (!reader.diagnostics.empty()) return Answer(false, nullptr, reader.diagnostics);

  if (kind == "create") {
    const std::string company = reader.String(Member(op, "companyId"), "/op/companyId");
    if (!reader.diagnostics.empty()) return Answer(false, nullptr, reader.diagnostics);
    const VaultWrite write = CreateProviderVault(company, Member(op, "request"));
    return Answer(write.ok, WriteJson(write), write.diagnostics);
  }
  if (kind == "setDefault") {
    const auto after = SetDefaultProviderVault(rows, id);
    OrderedJson value;
    if (after.value) {
      OrderedJson list = OrderedJson::array();
      for (const auto& row : *after.value) list.push_back(ProviderVaultJson(row));
      value = OrderedJson{{"rows", std::move(list)}};
    }
    return Answer(after.ok(), std::move(value), after.diagnostics);
  }
  if (kind == "select") {
    const OrderedJson& id_json = Member(op, "id");
    const std::string company = reader.String(Member(op, "companyId"), "/op/companyId");
    const std::string secret_provider = reader.String(Member(op, "secretProvider"), "/op/secretProvider");
    if (!reader.diagnostics.empty()) return Answer(false, nullptr, reader.diagnostics);
    const ProviderVault* vault = nullptr;
    for (const auto& row : rows) {
      if (id_json.is_string() && row.id == id) {
        vault = &row;
        break;
      }
    }
    const auto diagnostics = CheckSelectableVault(vault, company, secret_provider);
    return Answer(diagnostics.empty(), nullptr, diagnostics);
  }
  if (kind != "update" && kind != "disable" && kind != "health") {
    reader.WrongType("/op/kind", "\"create\", \"update\", \"disable\", \"setDefault\", \"select\" or \"health\"",
                     Member(op, "kind"));
    return Answer(false, nullptr, reader.diagnostics);
  }
  std::vector<Diagnostic> diagnostics;
  const ProviderVault* existing = FindRow(rows, id, diagnostics);
  if (existing == nullptr) return Answer(false, nullptr, diagnostics);
  if (kind == "health") {
    OrderedJson value = Health(*existing, Member(op, "module"), reader);
    return Answer(reader.diagnostics.empty(), std::move(value), reader.diagnostics);
  }
  const VaultWrite write =
      kind == "update" ? UpdateProviderVault(*existing, Member(op, "patch")) : DisableProviderVault(*existing);
  return Answer(write.ok, WriteJson(write), write.diagnostics);
}

}  // namespace clasp::bindings
