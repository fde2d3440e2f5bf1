// SecretService: create, rotate, update, remove (CRUD-1..4).
#include "clasp/native/secret_service.h"

#include "clasp/external_ref.h"
#include "clasp/native/secret_key.h"
#include "clasp/native/vault_service.h"
#include "clasp/utf8.h"

namespace clasp::native {
namespace {

constexpr const char* kStale = "The secret version is stale. Reload and confirm the rotation again.";

bool Blank(const std::optional<std::string>& s) { return !s || EcmaTrim(*s).empty(); }

template <typename T>
Result<T> Fail(Code code, std::string message) {
  return FailResult<T>(code, std::move(message));
}

}  // namespace

Result<SecretRow> SecretService::Create(const std::string& company_id, const CreateSecretInput& input,
                                        const Actor& actor) {
  const std::string key = NormalizeSecretKey(input.key.value_or(input.name));
  const bool aws = input.provider == "aws_secrets_manager";
  if (input.provider != "local_encrypted" && !aws) {
    return Fail<SecretRow>(Code::kVaultProviderUnknown, "Secret provider " + input.provider + " is not available");
  }
  const bool external = input.managed_mode == "external_reference";
  auto checks = [&]() -> std::optional<Result<SecretRow>> {
    if (external && Blank(input.external_ref)) {
      return Fail<SecretRow>(Code::kSecretExternalRefRequired, "External reference secrets require externalRef");
    }
    if (!external && !Blank(input.external_ref)) {
      return Fail<SecretRow>(Code::kSecretManagedExternalRef, "Managed secrets cannot override externalRef");
    }
    if (!external && Blank(input.value)) {
      return Fail<SecretRow>(Code::kSecretManagedValueRequired, "Managed secrets require value");
    }
    if (aws && !external) {
      return Fail<SecretRow>(Code::kProviderNotConfigured,
                             "aws_secrets_manager provider is not configured for Paperclip-managed values");
    }
    return std::nullopt;
  };
  return InTransaction<SecretRow>(store_, [&](StoreTxn& txn) -> Result<SecretRow> {
    // Paperclip's order: name clash, key rules, key clash, then mode rules.
    auto by_name = txn.FindLiveSecretByName(company_id, input.name);
    if (!by_name.ok()) return Forward<SecretRow>(std::move(by_name));
    if (*by_name.value) return Fail<SecretRow>(Code::kSecretNameExists, "Secret already exists: " + input.name);
    if (key.empty()) return Fail<SecretRow>(Code::kSecretKeyRequired, "Secret key is required");
    auto by_key = txn.FindLiveSecretByKey(company_id, key);
    if (!by_key.ok()) return Forward<SecretRow>(std::move(by_key));
    if (*by_key.value) return Fail<SecretRow>(Code::kSecretKeyExists, "Secret key already exists: " + key);
    if (input.provider_config_id) {
      Status selectable = CheckSelectableVaultInTxn(txn, *input.provider_config_id, company_id, input.provider);
      if (!selectable.ok()) return Forward<SecretRow>(std::move(selectable));
    }
    if (auto failed = checks()) return std::move(*failed);
    if (external) return CreateExternal(txn, company_id, key, input, actor);

    auto secret_id = NewUuid(random_);
    if (!secret_id.ok()) return Forward<SecretRow>(std::move(secret_id));
    const std::string now = clock_.NowIso8601();
    SecretRow row;
    row.id = *secret_id.value, row.company_id = company_id, row.name = input.name, row.key = key;
    row.provider = input.provider, row.latest_version = 1, row.description = input.description;
    row.status = "active", row.managed_mode = input.managed_mode, row.created_by_agent_id = actor.agent_id;
    row.created_by_user_id = actor.user_id, row.created_at = now, row.updated_at = now, row.last_rotated_at = now;
    row.provider_config_id = input.provider_config_id;
    if (auto s = txn.InsertSecret(row); !s.ok()) return Forward<SecretRow>(std::move(s));
    auto version = InsertSealedVersion(txn, row.id, 1, *input.value, actor, now);
    if (!version.ok()) return Forward<SecretRow>(std::move(version));
    return Result<SecretRow>::Ok(std::move(row), std::move(version.diagnostics));
  });
}

Result<VersionRow> SecretService::InsertSealedVersion(StoreTxn& txn, const std::string& secret_id, int number,
                                                      const std::string& value, const Actor& actor,
                                                      const std::string& now) {
  auto cipher = ciphers_.Cipher(txn);
  if (!cipher.ok()) return Forward<VersionRow>(std::move(cipher));
  auto sealed = (*cipher.value)->Seal(value, random_);
  if (!sealed.ok()) return Forward<VersionRow>(std::move(sealed));
  auto version_id = NewUuid(random_);
  if (!version_id.ok()) return Forward<VersionRow>(std::move(version_id));
  VersionRow version;
  version.id = *version_id.value, version.secret_id = secret_id, version.version = number;
  version.material = DumpJson(MaterialToJson(sealed.value->material));
  version.value_sha256 = sealed.value->value_sha256, version.fingerprint_sha256 = sealed.value->fingerprint_sha256;
  version.status = "current", version.created_by_agent_id = actor.agent_id;
  version.created_by_user_id = actor.user_id, version.created_at = now;
  if (auto s = txn.InsertVersion(version); !s.ok()) return Forward<VersionRow>(std::move(s));
  return Result<VersionRow>::Ok(std::move(version), std::move(cipher.diagnostics));
}

Result<SecretRow> SecretService::Rotate(const std::string& secret_id, const RotateSecretInput& input,
                                        const Actor& actor) {
  return InTransaction<SecretRow>(
      store_, [&](StoreTxn& txn) -> Result<SecretRow> { return RotateInTxn(txn, secret_id, input, actor); });
}

Result<SecretRow> SecretService::RotateInTxn(StoreTxn& txn, const std::string& secret_id,
                                             const RotateSecretInput& input, const Actor& actor) {
  auto found = txn.GetSecret(secret_id);
  if (!found.ok()) return Forward<SecretRow>(std::move(found));
  if (!*found.value) return Fail<SecretRow>(Code::kSecretNotFound, "Secret not found");
  SecretRow secret = std::move(**found.value);
  if (secret.status != "active") return Fail<SecretRow>(Code::kSecretRotateInactive, "Cannot rotate a non-active secret");
  if (input.expected_latest_version && *input.expected_latest_version != secret.latest_version) {
    return Fail<SecretRow>(Code::kSecretVersionStale, kStale);
  }
  if (secret.provider_config_id) {
    Status selectable = CheckSelectableVaultInTxn(txn, *secret.provider_config_id, secret.company_id, secret.provider);
    if (!selectable.ok()) return Forward<SecretRow>(std::move(selectable));
  }
  if (secret.managed_mode == "external_reference") {
    // Re-linking or writing through a remote provider needs its runtime,
    // which this process does not have (external_ref.h).
    if (secret.provider != "local_encrypted") {
      return Fail<SecretRow>(Code::kProviderNotConfigured, ProviderNotConfiguredMessage(secret.provider));
    }
    return Fail<SecretRow>(Code::kExternalRefUnsupported, "local_encrypted does not support external reference secrets");
  }
  if (!Blank(input.external_ref)) {
    return Fail<SecretRow>(Code::kSecretManagedExternalRef, "Managed secrets cannot override externalRef");
  }
  if (Blank(input.value)) return Fail<SecretRow>(Code::kSecretManagedValueRequired, "Managed secrets require value");
  const std::string now = clock_.NowIso8601();
  auto version = InsertSealedVersion(txn, secret.id, secret.latest_version + 1, *input.value, actor, now);
  if (!version.ok()) return Forward<SecretRow>(std::move(version));
  if (auto s = txn.MarkCurrentVersion(secret.id, version.value->version); !s.ok()) {
    return Forward<SecretRow>(std::move(s));
  }
  secret.latest_version = version.value->version, secret.last_rotated_at = now, secret.updated_at = now;
  if (auto s = txn.UpdateSecret(secret); !s.ok()) return Forward<SecretRow>(std::move(s));
  return Result<SecretRow>::Ok(std::move(secret), std::move(version.diagnostics));
}

Result<SecretRow> SecretService::Update(const std::string& secret_id, const SecretPatch& patch) {
  return InTransaction<SecretRow>(store_, [&](StoreTxn& txn) -> Result<SecretRow> {
    auto found = txn.GetSecret(secret_id);
    if (!found.ok()) return Forward<SecretRow>(std::move(found));
    if (!*found.value || (*found.value)->status == "deleted") {
      return Fail<SecretRow>(Code::kSecretNotFound, "Secret not found");
    }
    SecretRow secret = std::move(**found.value);
    // JS truthiness: an empty name or key in the patch means "unchanged".
    if (patch.name && !patch.name->empty() && *patch.name != secret.name) {
      auto dup = txn.FindLiveSecretByName(secret.company_id, *patch.name);
      if (!dup.ok()) return Forward<SecretRow>(std::move(dup));
      if (*dup.value && (*dup.value)->id != secret.id) {
        return Fail<SecretRow>(Code::kSecretNameExists, "Secret already exists: " + *patch.name);
      }
    }
    const std::string next_key = patch.key && !patch.key->empty() ? NormalizeSecretKey(*patch.key) : secret.key;
    if (next_key.empty()) return Fail<SecretRow>(Code::kSecretKeyRequired, "Secret key is required");
    if (next_key != secret.key) {
      auto dup = txn.FindLiveSecretByKey(secret.company_id, next_key);
      if (!dup.ok()) return Forward<SecretRow>(std::move(dup));
      if (*dup.value && (*dup.value)->id != secret.id) {
        return Fail<SecretRow>(Code::kSecretKeyExists, "Secret key already exists: " + next_key);
      }
    }
    const bool deleting = patch.status == std::optional<std::string>("deleted");
    const bool managed = secret.managed_mode == "paperclip_managed";
    if (deleting && managed) {
      return Fail<SecretRow>(Code::kSecretPatchForbidden, "Managed secrets must be deleted through DELETE /secrets/:id");
    }
    if (secret.managed_mode != "external_reference" && patch.external_ref) {
      return Fail<SecretRow>(Code::kSecretManagedExternalRef, "Managed secrets cannot override externalRef");
    }
    if (!managed && patch.external_ref && *patch.external_ref != secret.external_ref) {
      return Fail<SecretRow>(Code::kSecretPatchForbidden,
                             "External reference secrets cannot be retargeted through generic update");
    }
    const std::string now = clock_.NowIso8601();
    secret.key = deleting ? secret.key + "__deleted__" + secret.id : next_key;
    secret.name = deleting ? secret.name + "__deleted__" + secret.id
                           : (patch.name && !patch.name->empty() ? *patch.name : secret.name);
    if (patch.status) secret.status = *patch.status;
    if (patch.description) secret.description = *patch.description;
    if (patch.external_ref) secret.external_ref = *patch.external_ref;
    if (deleting) secret.deleted_at = now;
    secret.updated_at = now;
    if (auto s = txn.UpdateSecret(secret); !s.ok()) return Forward<SecretRow>(std::move(s));
    return Result<SecretRow>::Ok(std::move(secret));
  });
}

Result<std::optional<SecretService::RemoveOutcome>> SecretService::Remove(const std::string& secret_id,
                                                                         const RemoveSecretOptions& options) {
  using Out = std::optional<RemoveOutcome>;
  return InTransaction<Out>(store_, [&](StoreTxn& txn) -> Result<Out> {
    auto found = txn.GetSecret(secret_id);
    if (!found.ok()) return Forward<Out>(std::move(found));
    if (!*found.value) return Result<Out>::Ok(std::nullopt);
    RemoveOutcome outcome{std::move(**found.value), {}, false, {}};
    auto uses = ReadSecretUses(txn, outcome.secret);
    if (!uses.ok()) return Forward<Out>(std::move(uses));
    outcome.uses = std::move(*uses.value);
    if (!outcome.uses.empty() && !options.force) return Result<Out>::Ok(std::move(outcome));
    auto bindings = txn.ListSecretBindings(secret_id);
    if (!bindings.ok()) return Forward<Out>(std::move(bindings));
    for (const BindingRow& b : *bindings.value) {
      if (auto s = txn.DeleteBinding(b.id); !s.ok()) return Forward<Out>(std::move(s));
    }
    outcome.removed_bindings = std::move(*bindings.value);
    // Paperclip soft-deletes, asks the provider to delete (local_encrypted:
    // nothing; the shared key stays), then removes the row. Inside one
    // transaction the soft-delete would be invisible, so the row just goes.
    if (auto s = txn.DeleteSecret(secret_id); !s.ok()) return Forward<Out>(std::move(s));
    outcome.removed = true;
    return Result<Out>::Ok(std::move(outcome));
  });
}

}  // namespace clasp::native
