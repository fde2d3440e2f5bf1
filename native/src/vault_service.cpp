// VaultService: provider-vault CRUD, default and health, each one transaction.
#include "clasp/native/vault_service.h"

#include <algorithm>

#include "clasp/env_binding.h"

namespace clasp::native {
namespace {

constexpr const char* kNotFound = "Provider vault not found";

Result<ProviderConfigRow> NotFound() {
  return Result<ProviderConfigRow>::Fail(MakeDiagnostic(Code::kVaultNotFound, "/id", kNotFound));
}

// The rejected verdict of a core write, with Paperclip's statuses on its diagnostics.
template <typename T>
Result<T> Refused(VaultWrite&& write) {
  return Result<T>::Fail(std::move(write.diagnostics));
}

// getAccessibleResource: the row, or 404 for a missing row, a non-uuid id
// (nothing can match it) and a row outside the caller's company scope.
Result<ProviderConfigRow> Accessible(StoreTxn& txn, const std::string& id, const CompanyFilter& scope) {
  if (!IsGuid(id)) return NotFound();
  Result<std::optional<ProviderConfigRow>> row = txn.GetProviderConfig(id);
  if (!row.ok()) return Forward<ProviderConfigRow>(std::move(row));
  if (!*row.value || (scope && (*row.value)->company_id != *scope)) return NotFound();
  return Result<ProviderConfigRow>::Ok(std::move(**row.value));
}

void StampDisabledAt(ProviderConfigRow& row, DisabledAtChange change, const std::string& now) {
  if (change == DisabledAtChange::kStamp) row.disabled_at = now;
  if (change == DisabledAtChange::kClear) row.disabled_at.reset();
}

// Paperclip's "clear the defaults" update: every row of (company, provider)
// except `keep_id` loses is_default and has updated_at touched, before the
// caller writes its own row, so the partial unique index never sees two.
Status ClearDefaults(StoreTxn& txn, const std::string& company_id, const std::string& provider,
                     const std::string& keep_id, const std::string& now) {
  Result<std::vector<ProviderConfigRow>> rows = txn.ListProviderConfigs(company_id);
  if (!rows.ok()) return Forward<Done>(std::move(rows));
  for (ProviderConfigRow& row : *rows.value) {
    if (row.provider != provider || row.id == keep_id) continue;
    row.is_default = false;
    row.updated_at = now;
    if (Status s = txn.UpdateProviderConfig(row); !s.ok()) return s;
  }
  return OkStatus();
}

}  // namespace

Result<ProviderConfigRow> VaultService::Create(const std::string& company_id, const OrderedJson& body,
                                               const Actor& actor) {
  VaultWrite write = CreateProviderVault(company_id, body);
  if (!write.ok) return Refused<ProviderConfigRow>(std::move(write));
  return InTransaction<ProviderConfigRow>(store_, [&](StoreTxn& txn) -> Result<ProviderConfigRow> {
    Result<std::string> id = NewUuid(random_);
    if (!id.ok()) return Forward<ProviderConfigRow>(std::move(id));
    const std::string now = clock_.NowIso8601();
    ProviderConfigRow row;
    row.id = *id.value;
    row.company_id = company_id;
    row.provider = std::string(ProviderName(write.row.provider));
    row.display_name = write.row.display_name;
    row.status = std::string(VaultStatusName(write.row.status));
    row.is_default = write.row.is_default;
    row.config = DumpJson(write.row.config);
    StampDisabledAt(row, write.disabled_at, now);
    row.created_by_agent_id = actor.agent_id;
    row.created_by_user_id = actor.user_id;
    row.created_at = now;
    row.updated_at = now;
    if (write.clears_other_defaults) {
      if (Status s = ClearDefaults(txn, company_id, row.provider, row.id, now); !s.ok()) {
        return Forward<ProviderConfigRow>(std::move(s));
      }
    }
    if (Status s = txn.InsertProviderConfig(row); !s.ok()) return Forward<ProviderConfigRow>(std::move(s));
    return Result<ProviderConfigRow>::Ok(std::move(row));
  });
}

Result<std::vector<ProviderConfigRow>> VaultService::List(const std::string& company_id) {
  using Rows = std::vector<ProviderConfigRow>;
  return InTransaction<Rows>(store_, [&](StoreTxn& txn) -> Result<Rows> {
    Result<Rows> rows = txn.ListProviderConfigs(company_id);
    if (!rows.ok()) return rows;
    // The store lists oldest first (ties by id); Paperclip shows newest first.
    std::reverse(rows.value->begin(), rows.value->end());
    return rows;
  }, SecretStore::Durability::kReadOnly);
}

Result<ProviderConfigRow> VaultService::Get(const std::string& id, const CompanyFilter& scope) {
  return InTransaction<ProviderConfigRow>(
      store_, [&](StoreTxn& txn) { return Accessible(txn, id, scope); }, SecretStore::Durability::kReadOnly);
}

Result<ProviderConfigRow> VaultService::Update(const std::string& id, const OrderedJson& patch,
                                               const CompanyFilter& scope) {
  return InTransaction<ProviderConfigRow>(store_, [&](StoreTxn& txn) -> Result<ProviderConfigRow> {
    Result<ProviderConfigRow> found = Accessible(txn, id, scope);
    if (!found.ok()) {
      // The route validates the body before it looks the vault up: the
      // schema's verdict does not depend on the row, so any row will do.
      VaultWrite schema = UpdateProviderVault(ProviderVault{}, patch);
      if (!schema.ok && schema.http_status == 400) return Refused<ProviderConfigRow>(std::move(schema));
      return found;
    }
    ProviderConfigRow row = std::move(*found.value);
    Result<ProviderVault> existing = ToProviderVault(row);
    if (!existing.ok()) return Forward<ProviderConfigRow>(std::move(existing));
    VaultWrite write = UpdateProviderVault(*existing.value, patch);
    if (!write.ok) return Refused<ProviderConfigRow>(std::move(write));
    const std::string now = clock_.NowIso8601();
    if (write.clears_other_defaults) {
      if (Status s = ClearDefaults(txn, row.company_id, row.provider, row.id, now); !s.ok()) {
        return Forward<ProviderConfigRow>(std::move(s));
      }
    }
    row.display_name = write.row.display_name;
    row.status = std::string(VaultStatusName(write.row.status));
    row.is_default = write.row.is_default;
    // An absent config keeps the stored text byte for byte.
    if (patch.contains("config")) row.config = DumpJson(write.row.config);
    StampDisabledAt(row, write.disabled_at, now);
    row.updated_at = now;
    if (Status s = txn.UpdateProviderConfig(row); !s.ok()) return Forward<ProviderConfigRow>(std::move(s));
    return Result<ProviderConfigRow>::Ok(std::move(row));
  });
}

Result<ProviderConfigRow> VaultService::Delete(const std::string& id, const CompanyFilter& scope) {
  return InTransaction<ProviderConfigRow>(store_, [&](StoreTxn& txn) -> Result<ProviderConfigRow> {
    Result<ProviderConfigRow> found = Accessible(txn, id, scope);
    if (!found.ok()) return found;
    // ON DELETE SET NULL of company_secrets.provider_config_id. VAULT-SEL
    // keeps every reference inside the vault's company.
    Result<std::vector<SecretRow>> secrets = txn.ListAllSecrets(found.value->company_id);
    if (!secrets.ok()) return Forward<ProviderConfigRow>(std::move(secrets));
    for (SecretRow& secret : *secrets.value) {
      if (secret.provider_config_id != id) continue;
      secret.provider_config_id.reset();
      if (Status s = txn.UpdateSecret(secret); !s.ok()) return Forward<ProviderConfigRow>(std::move(s));
    }
    if (Status s = txn.DeleteProviderConfig(id); !s.ok()) return Forward<ProviderConfigRow>(std::move(s));
    return found;
  });
}

Result<ProviderConfigRow> VaultService::SetDefault(const std::string& id, const CompanyFilter& scope) {
  return InTransaction<ProviderConfigRow>(store_, [&](StoreTxn& txn) -> Result<ProviderConfigRow> {
    Result<ProviderConfigRow> found = Accessible(txn, id, scope);
    if (!found.ok()) return found;
    Result<std::vector<ProviderConfigRow>> rows = txn.ListProviderConfigs(found.value->company_id);
    if (!rows.ok()) return Forward<ProviderConfigRow>(std::move(rows));
    std::vector<ProviderConfigRow> family;
    std::vector<ProviderVault> vaults;
    for (ProviderConfigRow& row : *rows.value) {
      if (row.provider != found.value->provider) continue;
      Result<ProviderVault> vault = ToProviderVault(row);
      if (!vault.ok()) return Forward<ProviderConfigRow>(std::move(vault));
      vaults.push_back(std::move(*vault.value));
      family.push_back(std::move(row));
    }
    Result<std::vector<ProviderVault>> after = SetDefaultProviderVault(vaults, id);
    if (!after.ok()) return Forward<ProviderConfigRow>(std::move(after));
    // Clears first, the new default last: the unique index sees at most one.
    const std::string now = clock_.NowIso8601();
    std::optional<ProviderConfigRow> target;
    for (std::size_t i = 0; i < family.size(); ++i) {
      family[i].is_default = (*after.value)[i].is_default;
      family[i].updated_at = now;
      if (family[i].id == id) {
        target = family[i];
        continue;
      }
      if (Status s = txn.UpdateProviderConfig(family[i]); !s.ok()) return Forward<ProviderConfigRow>(std::move(s));
    }
    if (!target) return NotFound();
    if (Status s = txn.UpdateProviderConfig(*target); !s.ok()) return Forward<ProviderConfigRow>(std::move(s));
    return Result<ProviderConfigRow>::Ok(std::move(*target));
  });
}

Result<VaultHealthReport> VaultService::Health(const std::string& id, const CompanyFilter& scope) {
  return InTransaction<VaultHealthReport>(store_, [&](StoreTxn& txn) -> Result<VaultHealthReport> {
    Result<ProviderConfigRow> found = Accessible(txn, id, scope);
    if (!found.ok()) return Forward<VaultHealthReport>(std::move(found));
    Result<ProviderVault> vault = ToProviderVault(*found.value);
    if (!vault.ok()) return Forward<VaultHealthReport>(std::move(vault));
    VaultHealthReport report;
    report.checked_at = clock_.NowIso8601();
    std::optional<VaultHealth> fixed = StaticVaultHealth(vault.value->provider, vault.value->status);
    report.health = fixed ? std::move(*fixed)
                          : MapModuleHealth(vault.value->status, probe_.Check(vault.value->provider, &*vault.value).health);
    report.row = std::move(*found.value);
    report.row.health_status = std::string(VaultHealthStatusName(report.health.status));
    report.row.health_checked_at = report.checked_at;
    report.row.health_message = report.health.message;
    report.row.health_details = DumpJson(VaultHealthJson(report)["details"]);
    report.row.updated_at = clock_.NowIso8601();
    if (Status s = txn.UpdateProviderConfig(report.row); !s.ok()) return Forward<VaultHealthReport>(std::move(s));
    return Result<VaultHealthReport>::Ok(std::move(report));
  });
}

OrderedJson VaultService::CompanyHealth(const std::string&) {
  OrderedJson providers = OrderedJson::array();
  for (std::string_view name : ProviderNames()) {
    providers.push_back(probe_.Check(*ParseProvider(name), nullptr).json);
  }
  OrderedJson out = OrderedJson::object();
  out["providers"] = std::move(providers);
  return out;
}

}  // namespace clasp::native
