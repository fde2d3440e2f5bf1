// UserSecretService's values (user_secret_service.h): each user's own
// company_secrets row of scope "user", as Paperclip's secretService writes it.
#include "clasp/env_binding.h"
#include "clasp/external_ref.h"
#include "clasp/native/secret_key.h"
#include "clasp/native/user_secret_service.h"
#include "clasp/native/vault_service.h"
#include "clasp/utf8.h"
#include "user_secret_internal.h"

namespace clasp::native {
namespace {

using user_secrets::LiveDefinition;
using user_secrets::RecordActivity;

constexpr const char* kValueNotFound = "User secret value not found";

bool Blank(const NullableField<std::string>& f) { return !f.is_set() || EcmaTrim(f.value).empty(); }

std::optional<std::string> Text(const NullableField<std::string>& f) {
  return f.is_set() ? std::optional<std::string>(f.value) : std::nullopt;
}

// getUserSecretValueById: `owner`'s live value in the company, else 404.
Result<SecretRow> OwnValue(StoreTxn& txn, const std::string& company_id, const std::string& owner,
                           const std::string& secret_id) {
  const std::string id = CanonicalGuid(secret_id);
  if (IsGuid(id)) {
    auto found = txn.GetSecret(id);
    if (!found.ok()) return Forward<SecretRow>(std::move(found));
    const std::optional<SecretRow>& s = *found.value;
    if (s && s->status != "deleted" && s->scope == "user" && s->company_id == company_id && s->owner_user_id == owner) {
      return Result<SecretRow>::Ok(*s);
    }
  }
  return FailResult<SecretRow>(Code::kUserSecretValueMissing, kValueNotFound);
}

// The definition a create names: by id when given, else by live key.
Result<UserSecretDefinitionRow> NamedDefinition(StoreTxn& txn, const std::string& company_id,
                                                const CreateUserSecretValueRequest& request) {
  if (request.definition_id && !request.definition_id->empty()) {
    return LiveDefinition(txn, company_id, *request.definition_id);
  }
  auto rows = txn.ListUserSecretDefinitionRows(company_id);
  if (!rows.ok()) return Forward<UserSecretDefinitionRow>(std::move(rows));
  for (UserSecretDefinitionRow& row : *rows.value) {
    if (row.key == request.definition_key && row.status != "deleted" && !row.deleted_at) {
      return Result<UserSecretDefinitionRow>::Ok(std::move(row));
    }
  }
  return FailResult<UserSecretDefinitionRow>(
      Code::kUserSecretDefinitionMissing,
      "User secret definition not found for definition key \"" + request.definition_key.value_or("") + "\"");
}

// createUserSecretValueInternal's mode rules.
Status CheckValueMode(const UserSecretDefinitionRow& d, const CreateUserSecretValueRequest& r) {
  const bool external = d.managed_mode == "external_reference";
  if (external && Blank(r.external_ref)) {
    return FailStatus(Code::kSecretExternalRefRequired, "External reference user secrets require externalRef");
  }
  if (!external && !Blank(r.external_ref)) {
    return FailStatus(Code::kSecretManagedExternalRef, "Managed user secrets cannot override externalRef");
  }
  if (!external && Blank(r.value)) {
    return FailStatus(Code::kSecretManagedValueRequired, "Managed user secrets require value");
  }
  return OkStatus();
}

// What the provider's write would refuse: clasp writes local_encrypted
// managed values only (no remote runtime, external_ref.h).
Status CheckProviderWrite(const UserSecretDefinitionRow& d) {
  if (d.provider != "local_encrypted") {
    return FailStatus(Code::kProviderNotConfigured, ProviderNotConfiguredMessage(d.provider));
  }
  if (d.managed_mode == "external_reference") {
    return FailStatus(Code::kExternalRefUnsupported, "local_encrypted does not support external reference secrets");
  }
  return OkStatus();
}

Status LogValue(StoreTxn& txn, Random& random, Clock& clock, const SecretRow& row, const char* action,
                OrderedJson extra) {
  OrderedJson details = {{"userSecretDefinitionId", row.user_secret_definition_id.value_or("")},
                         {"ownerUserId", row.owner_user_id.value_or("")}};
  for (auto& [k, v] : extra.items()) details[k] = v;
  return RecordActivity(txn, random, clock,
                        {row.company_id, "user", row.owner_user_id.value_or(""), action, "secret", row.id, details});
}

RotateSecretInput RotationOf(const UserSecretValuePatchRequest& r) {
  RotateSecretInput input;
  input.value = Text(r.value);
  input.external_ref = Text(r.external_ref);
  return input;
}

}  // namespace

Result<std::vector<UserSecretValueEntry>> UserSecretService::ListValues(const std::string& company_id,
                                                                        const std::string& owner) {
  using Entries = std::vector<UserSecretValueEntry>;
  return InTransaction<Entries>(store_, [&](StoreTxn& txn) -> Result<Entries> {
    auto definitions = txn.ListUserSecretDefinitionRows(company_id);
    if (!definitions.ok()) return Forward<Entries>(std::move(definitions));
    auto secrets = txn.ListAllSecrets(CompanyFilter(company_id));
    if (!secrets.ok()) return Forward<Entries>(std::move(secrets));
    Entries out;
    for (UserSecretDefinitionRow& d : *definitions.value) {
      if (d.status == "deleted") continue;
      UserSecretValueEntry entry{std::move(d), std::nullopt};
      for (const SecretRow& s : *secrets.value) {
        if (s.scope == "user" && s.owner_user_id == owner && s.status != "deleted" &&
            s.user_secret_definition_id == entry.definition.id) {
          entry.secret = s;
        }
      }
      out.push_back(std::move(entry));
    }
    return Result<Entries>::Ok(std::move(out));
  }, SecretStore::Durability::kReadOnly);
}

Result<SecretRow> UserSecretService::CreateValue(const std::string& company_id, const std::string& owner,
                                                 const CreateUserSecretValueRequest& request) {
  return InTransaction<SecretRow>(store_, [&](StoreTxn& txn) -> Result<SecretRow> {
    auto definition = NamedDefinition(txn, company_id, request);
    if (!definition.ok()) return Forward<SecretRow>(std::move(definition));
    const UserSecretDefinitionRow& d = *definition.value;
    if (d.status != "active") return FailResult<SecretRow>(Code::kUserSecretDefinitionInactive, "User secret definition is not active");
    auto secrets = txn.ListAllSecrets(CompanyFilter(company_id));
    if (!secrets.ok()) return Forward<SecretRow>(std::move(secrets));
    for (const SecretRow& s : *secrets.value) {
      if (s.scope == "user" && s.owner_user_id == owner && s.user_secret_definition_id == d.id && s.status != "deleted") {
        return FailResult<SecretRow>(Code::kUserSecretValueExists, "User secret value already exists");
      }
    }
    if (auto s = CheckValueMode(d, request); !s.ok()) return Forward<SecretRow>(std::move(s));
    std::optional<std::string> vault = d.provider_config_id;
    if (!request.provider_config_id.absent()) vault = Text(request.provider_config_id);
    if (vault) {
      vault = CanonicalGuid(*vault);
      if (auto s = CheckSelectableVaultInTxn(txn, *vault, company_id, d.provider); !s.ok()) {
        return Forward<SecretRow>(std::move(s));
      }
    }
    if (auto s = CheckProviderWrite(d); !s.ok()) return Forward<SecretRow>(std::move(s));
    auto id = NewUuid(random_);
    auto suffix = NewUuid(random_);
    if (!id.ok()) return Forward<SecretRow>(std::move(id));
    if (!suffix.ok()) return Forward<SecretRow>(std::move(suffix));
    const std::string now = clock_.NowIso8601();
    SecretRow row;
    row.id = *id.value, row.company_id = company_id, row.scope = "user", row.owner_user_id = owner;
    row.user_secret_definition_id = d.id, row.key = NormalizeSecretKey("user." + d.key + "." + *suffix.value);
    row.name = d.name + " (" + owner + ")", row.provider = d.provider, row.provider_config_id = vault;
    row.status = "active", row.managed_mode = d.managed_mode, row.latest_version = 1, row.description = d.description;
    row.created_by_user_id = owner, row.created_at = now, row.updated_at = now, row.last_rotated_at = now;
    if (auto s = txn.InsertSecret(row); !s.ok()) return Forward<SecretRow>(std::move(s));
    SecretService secrets_service(store_, ciphers_, random_, clock_);
    const Actor actor{std::nullopt, owner};
    auto version = secrets_service.InsertSealedVersion(txn, row.id, 1, request.value.value, actor, now);
    if (!version.ok()) return Forward<SecretRow>(std::move(version));
    Status logged = LogValue(txn, random_, clock_, row, "user_secret_value.created", {{"provider", row.provider}});
    if (!logged.ok()) return Forward<SecretRow>(std::move(logged));
    return Result<SecretRow>::Ok(std::move(row), std::move(version.diagnostics));
  });
}

Result<SecretRow> UserSecretService::UpdateValue(const std::string& company_id, const std::string& owner,
                                                 const std::string& secret_id,
                                                 const UserSecretValuePatchRequest& request) {
  return InTransaction<SecretRow>(store_, [&](StoreTxn& txn) -> Result<SecretRow> {
    auto found = OwnValue(txn, company_id, owner, secret_id);
    if (!found.ok()) return found;
    SecretRow row = std::move(*found.value);
    const bool rotates = request.value.is_set() || request.external_ref.is_set() ||
                         request.provider_version_ref.is_set() || request.provider_config_id.is_set();
    if (rotates) {
      auto definition = LiveDefinition(txn, company_id, row.user_secret_definition_id.value_or(""));
      if (!definition.ok()) return Forward<SecretRow>(std::move(definition));
      auto rotated = SecretService(store_, ciphers_, random_, clock_)
                         .RotateInTxn(txn, row.id, RotationOf(request), Actor{std::nullopt, owner});
      if (!rotated.ok()) return rotated;
      row = std::move(*rotated.value);
    } else if (request.status == SecretStatus::kDeleted) {
      if (auto s = user_secrets::DeleteValue(txn, row.id); !s.ok()) return Forward<SecretRow>(std::move(s));
    } else {
      if (request.status) row.status = std::string(SecretStatusName(*request.status));
      row.updated_at = clock_.NowIso8601();
      if (auto s = txn.UpdateSecret(row); !s.ok()) return Forward<SecretRow>(std::move(s));
    }
    Status logged = LogValue(txn, random_, clock_, row, "user_secret_value.updated", {{"status", row.status}});
    if (!logged.ok()) return Forward<SecretRow>(std::move(logged));
    return Result<SecretRow>::Ok(std::move(row));
  });
}

Result<SecretRow> UserSecretService::RotateValue(const std::string& company_id, const std::string& owner,
                                                 const std::string& secret_id,
                                                 const UserSecretValuePatchRequest& request) {
  return InTransaction<SecretRow>(store_, [&](StoreTxn& txn) -> Result<SecretRow> {
    auto found = OwnValue(txn, company_id, owner, secret_id);
    if (!found.ok()) return found;
    auto definition = LiveDefinition(txn, company_id, found.value->user_secret_definition_id.value_or(""));
    if (!definition.ok()) return Forward<SecretRow>(std::move(definition));
    auto rotated = SecretService(store_, ciphers_, random_, clock_)
                       .RotateInTxn(txn, found.value->id, RotationOf(request), Actor{std::nullopt, owner});
    if (!rotated.ok()) return rotated;
    Status logged = LogValue(txn, random_, clock_, *rotated.value, "user_secret_value.rotated",
                             {{"version", rotated.value->latest_version}});
    if (!logged.ok()) return Forward<SecretRow>(std::move(logged));
    return rotated;
  });
}

Result<SecretRow> UserSecretService::RemoveValue(const std::string& company_id, const std::string& owner,
                                                 const std::string& secret_id) {
  return InTransaction<SecretRow>(store_, [&](StoreTxn& txn) -> Result<SecretRow> {
    auto found = OwnValue(txn, company_id, owner, secret_id);
    if (!found.ok()) return found;
    if (auto s = user_secrets::DeleteValue(txn, found.value->id); !s.ok()) return Forward<SecretRow>(std::move(s));
    Status logged = LogValue(txn, random_, clock_, *found.value, "user_secret_value.deleted", OrderedJson::object());
    if (!logged.ok()) return Forward<SecretRow>(std::move(logged));
    return found;
  });
}

}  // namespace clasp::native
