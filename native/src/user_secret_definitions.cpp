// UserSecretService's definitions (user_secret_service.h), as Paperclip's
// secretService writes user_secret_definitions.
#include <algorithm>
#include <set>

#include "clasp/env_binding.h"
#include "clasp/native/user_secret_service.h"
#include "clasp/native/vault_service.h"
#include "user_secret_internal.h"

namespace clasp::native {
namespace user_secrets {

std::string DefinitionNotFoundMessage(const std::string& definition_id) {
  return "User secret definition not found for definition id \"" + definition_id + "\"";
}

Result<UserSecretDefinitionRow> LiveDefinition(StoreTxn& txn, const std::string& company_id,
                                               const std::string& definition_id) {
  const std::string id = CanonicalGuid(definition_id);
  if (IsGuid(id)) {
    auto rows = txn.ListUserSecretDefinitionRows(company_id);
    if (!rows.ok()) return Forward<UserSecretDefinitionRow>(std::move(rows));
    for (UserSecretDefinitionRow& row : *rows.value) {
      if (row.id == id && !row.deleted_at && row.status != "deleted") {
        return Result<UserSecretDefinitionRow>::Ok(std::move(row));
      }
    }
  }
  return FailResult<UserSecretDefinitionRow>(Code::kUserSecretDefinitionMissing,
                                             DefinitionNotFoundMessage(definition_id));
}

Status RecordActivity(StoreTxn& txn, Random& random, Clock& clock, const ActivityInput& input) {
  auto id = NewUuid(random);
  if (!id.ok()) return Forward<Done>(std::move(id));
  ActivityRow row;
  row.id = *id.value, row.company_id = input.company_id, row.actor_type = input.actor_type;
  row.actor_id = input.actor_id, row.action = input.action, row.entity_type = input.entity_type;
  row.entity_id = input.entity_id, row.details = DumpJson(input.details), row.created_at = clock.NowIso8601();
  return txn.InsertActivity(row);
}

Status DeleteValue(StoreTxn& txn, const std::string& secret_id) {
  auto bindings = txn.ListSecretBindings(secret_id);
  if (!bindings.ok()) return Forward<Done>(std::move(bindings));
  for (const BindingRow& b : *bindings.value) {
    if (auto s = txn.DeleteBinding(b.id); !s.ok()) return s;
  }
  return txn.DeleteSecret(secret_id);
}

}  // namespace user_secrets

namespace {

using user_secrets::ActivityInput;
using user_secrets::LiveDefinition;
using user_secrets::RecordActivity;

// userSecretDefinitionActivityActor: the board user, else the system.
std::pair<std::string, std::string> DefinitionActivityActor(const Actor& actor) {
  if (actor.user_id) return {"user", *actor.user_id};
  return {"system", "board"};
}

std::optional<std::string> Text(const NullableField<std::string>& field) {
  return field.is_set() ? std::optional<std::string>(field.value) : std::nullopt;
}

std::optional<std::string> JsonText(const NullableField<OrderedJson>& field) {
  return field.is_set() ? std::optional<std::string>(DumpJson(field.value)) : std::nullopt;
}

// patch.x === undefined ? existing : patch.x
template <typename T>
void Patch(std::optional<std::string>& column, const NullableField<T>& field,
           std::optional<std::string> (*text)(const NullableField<T>&)) {
  if (!field.absent()) column = text(field);
}

Status CheckVault(StoreTxn& txn, const std::string& company_id, const std::string& provider,
                  const NullableField<std::string>& provider_config_id) {
  if (!provider_config_id.is_set() || provider_config_id.value.empty()) return OkStatus();
  return CheckSelectableVaultInTxn(txn, CanonicalGuid(provider_config_id.value), company_id, provider);
}

// `patched`: the PATCH route's row, whose details add the status.
Result<UserSecretDefinitionRow> Deleted(StoreTxn& txn, Random& random, Clock& clock, UserSecretDefinitionRow row,
                                        const Actor& actor, bool patched) {
  auto all = txn.ListAllSecrets(CompanyFilter(row.company_id));
  if (!all.ok()) return Forward<UserSecretDefinitionRow>(std::move(all));
  for (const SecretRow& secret : *all.value) {
    if (secret.scope != "user" || secret.user_secret_definition_id != row.id) continue;
    if (auto s = user_secrets::DeleteValue(txn, secret.id); !s.ok()) return Forward<UserSecretDefinitionRow>(std::move(s));
  }
  const std::string now = clock.NowIso8601();
  row.key = row.key + "__deleted__" + row.id;
  row.status = "deleted";
  if (!row.deleted_at) row.deleted_at = now;
  row.updated_by_agent_id = actor.agent_id, row.updated_by_user_id = actor.user_id, row.updated_at = now;
  if (auto s = txn.UpdateUserSecretDefinitionRow(row); !s.ok()) return Forward<UserSecretDefinitionRow>(std::move(s));
  const auto [actor_type, actor_id] = DefinitionActivityActor(actor);
  // The key as the response has it, "__deleted__<id>" included.
  OrderedJson details = {{"key", row.key}};
  if (patched) details["status"] = row.status;
  Status logged = RecordActivity(txn, random, clock,
                                 {row.company_id, actor_type, actor_id, "user_secret_definition.deleted",
                                  "user_secret_definition", row.id, std::move(details)});
  if (!logged.ok()) return Forward<UserSecretDefinitionRow>(std::move(logged));
  return Result<UserSecretDefinitionRow>::Ok(std::move(row));
}

}  // namespace

Result<std::vector<UserSecretDefinitionRow>> UserSecretService::ListDefinitions(const std::string& company_id) {
  using Rows = std::vector<UserSecretDefinitionRow>;
  return InTransaction<Rows>(store_, [&](StoreTxn& txn) -> Result<Rows> {
    auto rows = txn.ListUserSecretDefinitionRows(company_id);
    if (!rows.ok()) return rows;
    Rows live;
    for (UserSecretDefinitionRow& row : *rows.value) {
      if (row.status != "deleted") live.push_back(std::move(row));
    }
    return Result<Rows>::Ok(std::move(live));
  }, SecretStore::Durability::kReadOnly);
}

Result<UserSecretDefinitionRow> UserSecretService::CreateDefinition(const std::string& company_id,
                                                                    const CreateUserSecretDefinitionRequest& request,
                                                                    const Actor& actor) {
  return InTransaction<UserSecretDefinitionRow>(store_, [&](StoreTxn& txn) -> Result<UserSecretDefinitionRow> {
    auto existing = txn.ListUserSecretDefinitionRows(company_id);
    if (!existing.ok()) return Forward<UserSecretDefinitionRow>(std::move(existing));
    for (const UserSecretDefinitionRow& row : *existing.value) {
      if (row.key == request.key && row.status != "deleted") {
        return FailResult<UserSecretDefinitionRow>(Code::kUserSecretDefinitionExists,
                                                   "User secret definition already exists: " + request.key);
      }
    }
    UserSecretDefinitionRow row;
    row.provider = std::string(ProviderName(request.provider.value_or(Provider::kLocalEncrypted)));
    if (auto s = CheckVault(txn, company_id, row.provider, request.provider_config_id); !s.ok()) {
      return Forward<UserSecretDefinitionRow>(std::move(s));
    }
    auto id = NewUuid(random_);
    if (!id.ok()) return Forward<UserSecretDefinitionRow>(std::move(id));
    const std::string now = clock_.NowIso8601();
    row.id = *id.value, row.company_id = company_id, row.key = request.key, row.name = request.name;
    row.description = Text(request.description);
    row.status = std::string(SecretStatusName(request.status.value_or(SecretStatus::kActive)));
    row.provider_config_id = request.provider_config_id.is_set() && !request.provider_config_id.value.empty()
                                 ? std::optional<std::string>(CanonicalGuid(request.provider_config_id.value))
                                 : std::nullopt;
    row.managed_mode = std::string(ManagedModeName(request.managed_mode.value_or(ManagedMode::kPaperclipManaged)));
    row.provider_metadata = JsonText(request.provider_metadata), row.usage_guidance = Text(request.usage_guidance);
    row.created_by_agent_id = row.updated_by_agent_id = actor.agent_id;
    row.created_by_user_id = row.updated_by_user_id = actor.user_id;
    row.created_at = row.updated_at = now;
    if (auto s = txn.InsertUserSecretDefinitionRow(row); !s.ok()) return Forward<UserSecretDefinitionRow>(std::move(s));
    const auto [actor_type, actor_id] = DefinitionActivityActor(actor);
    Status logged = RecordActivity(txn, random_, clock_,
                                   {company_id, actor_type, actor_id, "user_secret_definition.created",
                                    "user_secret_definition", row.id, {{"key", row.key}, {"provider", row.provider}}});
    if (!logged.ok()) return Forward<UserSecretDefinitionRow>(std::move(logged));
    return Result<UserSecretDefinitionRow>::Ok(std::move(row));
  });
}

Result<UserSecretDefinitionRow> UserSecretService::UpdateDefinition(const std::string& company_id,
                                                                    const std::string& definition_id,
                                                                    const UpdateUserSecretDefinitionRequest& request,
                                                                    const Actor& actor) {
  return InTransaction<UserSecretDefinitionRow>(store_, [&](StoreTxn& txn) -> Result<UserSecretDefinitionRow> {
    auto found = LiveDefinition(txn, company_id, definition_id);
    if (!found.ok()) return found;
    UserSecretDefinitionRow row = std::move(*found.value);
    if (request.status == SecretStatus::kDeleted) return Deleted(txn, random_, clock_, std::move(row), actor, true);
    if (!request.provider_config_id.absent()) {
      if (auto s = CheckVault(txn, company_id, row.provider, request.provider_config_id); !s.ok()) {
        return Forward<UserSecretDefinitionRow>(std::move(s));
      }
    }
    if (request.name) row.name = *request.name;
    Patch(row.description, request.description, Text);
    if (request.status) row.status = std::string(SecretStatusName(*request.status));
    if (!request.provider_config_id.absent()) {
      row.provider_config_id = request.provider_config_id.is_set()
                                   ? std::optional<std::string>(CanonicalGuid(request.provider_config_id.value))
                                   : std::nullopt;
    }
    Patch(row.provider_metadata, request.provider_metadata, JsonText);
    Patch(row.usage_guidance, request.usage_guidance, Text);
    row.updated_by_agent_id = actor.agent_id, row.updated_by_user_id = actor.user_id;
    row.updated_at = clock_.NowIso8601();
    if (auto s = txn.UpdateUserSecretDefinitionRow(row); !s.ok()) return Forward<UserSecretDefinitionRow>(std::move(s));
    const auto [actor_type, actor_id] = DefinitionActivityActor(actor);
    Status logged = RecordActivity(txn, random_, clock_,
                                   {company_id, actor_type, actor_id, "user_secret_definition.updated",
                                    "user_secret_definition", row.id, {{"key", row.key}, {"status", row.status}}});
    if (!logged.ok()) return Forward<UserSecretDefinitionRow>(std::move(logged));
    return Result<UserSecretDefinitionRow>::Ok(std::move(row));
  });
}

Result<UserSecretDefinitionRow> UserSecretService::RemoveDefinition(const std::string& company_id,
                                                                    const std::string& definition_id,
                                                                    const Actor& actor) {
  return InTransaction<UserSecretDefinitionRow>(store_, [&](StoreTxn& txn) -> Result<UserSecretDefinitionRow> {
    auto found = LiveDefinition(txn, company_id, definition_id);
    if (!found.ok()) return found;
    return Deleted(txn, random_, clock_, std::move(*found.value), actor, false);
  });
}

Result<UserSecretCoverage> UserSecretService::Coverage(const std::string& company_id,
                                                       const std::string& definition_id) {
  return InTransaction<UserSecretCoverage>(store_, [&](StoreTxn& txn) -> Result<UserSecretCoverage> {
    auto found = LiveDefinition(txn, company_id, definition_id);
    if (!found.ok()) return Forward<UserSecretCoverage>(std::move(found));
    auto members = txn.ListActiveUserMemberIds(company_id);
    if (!members.ok()) return Forward<UserSecretCoverage>(std::move(members));
    auto secrets = txn.ListAllSecrets(CompanyFilter(company_id));
    if (!secrets.ok()) return Forward<UserSecretCoverage>(std::move(secrets));
    const std::set<std::string> member_ids(members.value->begin(), members.value->end());
    UserSecretCoverage out;
    // Paperclip answers with the id as the request spelled it.
    out.definition_id = definition_id;
    for (const SecretRow& s : *secrets.value) {
      if (s.scope != "user" || s.user_secret_definition_id != found.value->id || s.status == "deleted") continue;
      if (!s.owner_user_id || member_ids.count(*s.owner_user_id) == 0) continue;
      ++(s.status == "active" ? out.configured : out.inactive);
    }
    out.missing = std::max(0, static_cast<int>(member_ids.size()) - out.configured - out.inactive);
    return Result<UserSecretCoverage>::Ok(std::move(out));
  }, SecretStore::Durability::kReadOnly);
}

OrderedJson UserSecretDefinitionJson(const UserSecretDefinitionRow& row) {
  const auto nullable = [](const std::optional<std::string>& v) { return v ? OrderedJson(*v) : OrderedJson(nullptr); };
  OrderedJson metadata = nullptr;
  if (row.provider_metadata) {
    auto parsed = ParseJson(*row.provider_metadata);
    if (parsed.ok()) metadata = std::move(*parsed.value);
  }
  return {{"id", row.id},
          {"companyId", row.company_id},
          {"key", row.key},
          {"name", row.name},
          {"description", nullable(row.description)},
          {"status", row.status},
          {"provider", row.provider},
          {"managedMode", row.managed_mode},
          {"providerConfigId", nullable(row.provider_config_id)},
          {"providerMetadata", std::move(metadata)},
          {"usageGuidance", nullable(row.usage_guidance)},
          {"createdByAgentId", nullable(row.created_by_agent_id)},
          {"createdByUserId", nullable(row.created_by_user_id)},
          {"updatedByAgentId", nullable(row.updated_by_agent_id)},
          {"updatedByUserId", nullable(row.updated_by_user_id)},
          {"deletedAt", nullable(row.deleted_at)},
          {"createdAt", row.created_at},
          {"updatedAt", row.updated_at}};
}

OrderedJson UserSecretCoverageJson(const UserSecretCoverage& coverage) {
  return {{"definitionId", coverage.definition_id},
          {"configuredCount", coverage.configured},
          {"inactiveCount", coverage.inactive},
          {"missingCount", coverage.missing}};
}

}  // namespace clasp::native
