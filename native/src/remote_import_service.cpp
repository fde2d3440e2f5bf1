// IMP-1..5: remote import preview and import on a store.
#include "clasp/native/remote_import_service.h"

#include "clasp/external_ref.h"
#include "external_link.h"
#include "clasp/native/vault_service.h"

namespace clasp::native {
namespace {

// A store that failed or cannot answer now: no per-row verdict, stop the run.
bool IsStorageFailure(const Diagnostic& d) {
  return d.code == Code::kStorageError || d.code == Code::kStorageUnavailable;
}

struct ImportVault {
  std::string id;
  std::string provider;
};

// getRemoteImportProviderConfig: the vault, then VAULT-SEL for its own provider.
Result<ImportVault> SelectVault(StoreTxn& txn, const std::string& company_id, const std::string& provider_config_id) {
  auto row = txn.GetProviderConfig(provider_config_id);
  if (!row.ok()) return Forward<ImportVault>(std::move(row));
  if (!*row.value) return FailResult<ImportVault>(Code::kVaultNotFound, "Provider vault not found");
  const std::string provider = (*row.value)->provider;
  Status selectable = CheckSelectableVaultInTxn(txn, provider_config_id, company_id, provider);
  if (!selectable.ok()) return Forward<ImportVault>(std::move(selectable));
  return Result<ImportVault>::Ok({provider_config_id, provider});
}

// buildRemoteImportConflictMaps: every non-deleted secret of the company, any scope.
Result<RemoteImportConflictIndex> LoadIndex(StoreTxn& txn, const std::string& company_id, const std::string& provider) {
  auto secrets = txn.ListAllSecrets(company_id);
  if (!secrets.ok()) return Forward<RemoteImportConflictIndex>(std::move(secrets));
  std::vector<LiveSecret> live;
  for (const SecretRow& s : *secrets.value) {
    if (s.status == "deleted") continue;
    live.push_back({s.id, s.name, s.key, s.provider, s.provider_config_id, s.external_ref});
  }
  return Result<RemoteImportConflictIndex>::Ok(RemoteImportConflictIndex(provider, live));
}

Status RecordActivity(StoreTxn& txn, Random& random, const std::string& now, const std::string& company_id,
                      const Actor& actor, const std::string& action, const std::string& vault_id, OrderedJson details) {
  auto id = NewUuid(random);
  if (!id.ok()) return Forward<Done>(std::move(id));
  ActivityRow row;
  row.id = *id.value, row.company_id = company_id, row.actor_type = "user";
  row.actor_id = actor.user_id.value_or("board"), row.action = action;
  row.entity_type = "secret_provider_config", row.entity_id = vault_id;
  row.details = DumpJson(details), row.created_at = now;
  return txn.InsertActivity(row);
}

}  // namespace

OrderedJson RemoteImportPreviewJson(const RemoteImportPreview& preview) {
  OrderedJson out = OrderedJson::object();
  out["providerConfigId"] = preview.provider_config_id;
  out["provider"] = preview.provider;
  out["nextToken"] = preview.next_token ? OrderedJson(*preview.next_token) : OrderedJson(nullptr);
  OrderedJson candidates = OrderedJson::array();
  for (const ImportCandidate& c : preview.candidates) candidates.push_back(ImportCandidateJson(c));
  out["candidates"] = std::move(candidates);
  return out;
}

Result<RemoteImportPreview> RemoteImportService::Preview(const std::string& company_id,
                                                         const RemoteImportPreviewRequest& request,
                                                         const std::optional<RemoteSecretPage>& page,
                                                         const Actor& actor) {
  return InTransaction<RemoteImportPreview>(store_, [&](StoreTxn& txn) -> Result<RemoteImportPreview> {
    auto vault = SelectVault(txn, company_id, request.provider_config_id);
    if (!vault.ok()) return Forward<RemoteImportPreview>(std::move(vault));
    const std::string& provider = vault.value->provider;
    if (provider != "aws_secrets_manager") {
      return FailResult<RemoteImportPreview>(Code::kRemoteImportUnsupported,
                                             provider + " provider does not support remote import listing");
    }
    if (!page) {
      return FailResult<RemoteImportPreview>(
          Code::kProviderNotConfigured,
          ProviderNotConfiguredMessage(provider) + ": pass its ListSecrets page as \"inventory\"");
    }
    auto index = LoadIndex(txn, company_id, provider);
    if (!index.ok()) return Forward<RemoteImportPreview>(std::move(index));
    RemoteImportPreview preview{vault.value->id, provider, page->next_token, {}};
    int ready = 0, duplicate = 0, conflict = 0;
    for (const RemoteSecretEntry& remote : page->secrets) {
      auto link = LinkExternalReferenceInTxn(txn, provider, vault.value->id, remote.external_ref,
                                             remote.provider_version_ref);
      // A broken store is no guardrail verdict: stop rather than report it per row.
      if (!link.ok() && !link.diagnostics.empty() && IsStorageFailure(link.diagnostics.front())) {
        return Forward<RemoteImportPreview>(std::move(link));
      }
      preview.candidates.push_back(PlanImportCandidate(remote, provider, vault.value->id, link, *index.value));
      const std::string& status = preview.candidates.back().status;
      ready += status == "ready", duplicate += status == "duplicate", conflict += status == "conflict";
    }
    OrderedJson details = {{"provider", provider},
                           {"candidateCount", preview.candidates.size()},
                           {"readyCount", ready},
                           {"duplicateCount", duplicate},
                           {"conflictCount", conflict}};
    Status logged = RecordActivity(txn, random_, clock_.NowIso8601(), company_id, actor,
                                   "secret.remote_import.previewed", vault.value->id, std::move(details));
    if (!logged.ok()) return Forward<RemoteImportPreview>(std::move(logged));
    return Result<RemoteImportPreview>::Ok(std::move(preview));
  });
}

Result<RemoteImportOutcome> RemoteImportService::Import(const std::string& company_id,
                                                        const RemoteImportRequest& request, bool apply,
                                                        const Actor& actor) {
  return InTransaction<RemoteImportOutcome>(store_, [&](StoreTxn& txn) -> Result<RemoteImportOutcome> {
    auto vault = SelectVault(txn, company_id, request.provider_config_id);
    if (!vault.ok()) return Forward<RemoteImportOutcome>(std::move(vault));
    const std::string& provider = vault.value->provider;
    if (provider != "aws_secrets_manager") {
      return FailResult<RemoteImportOutcome>(Code::kRemoteImportUnsupported,
                                             provider + " provider does not support linked external references");
    }
    auto index = LoadIndex(txn, company_id, provider);
    if (!index.ok()) return Forward<RemoteImportOutcome>(std::move(index));
    RemoteImportOutcome outcome{vault.value->id, provider, {}, apply};
    const std::string now = clock_.NowIso8601();
    OrderedJson secret_ids = OrderedJson::array();
    for (const RemoteImportSelection& selection : request.secrets) {
      auto link = LinkExternalReferenceInTxn(txn, provider, vault.value->id, selection.external_ref,
                                             selection.provider_version_ref);
      if (!link.ok() && !link.diagnostics.empty() && IsStorageFailure(link.diagnostics.front())) {
        return Forward<RemoteImportOutcome>(std::move(link));
      }
      ImportRowResult row = JudgeImportRow(selection, vault.value->id, link, *index.value);
      if (row.status == "imported") {
        SecretRow secret;
        if (apply) {
          auto secret_id = NewUuid(random_);
          if (!secret_id.ok()) return Forward<RemoteImportOutcome>(std::move(secret_id));
          auto version_id = NewUuid(random_);
          if (!version_id.ok()) return Forward<RemoteImportOutcome>(std::move(version_id));
          secret.id = *secret_id.value;
          secret.company_id = company_id, secret.name = row.name, secret.key = row.key, secret.provider = provider;
          secret.provider_config_id = vault.value->id, secret.status = "active";
          secret.managed_mode = "external_reference", secret.external_ref = link.value->external_ref;
          secret.latest_version = 1, secret.description = row.description, secret.last_rotated_at = now;
          secret.created_by_agent_id = actor.agent_id, secret.created_by_user_id = actor.user_id;
          secret.created_at = now, secret.updated_at = now;
          if (auto s = txn.InsertSecret(secret); !s.ok()) return Forward<RemoteImportOutcome>(std::move(s));
          VersionRow version = ExternalReferenceVersion(*link.value, *version_id.value, secret.id, now);
          version.created_by_agent_id = actor.agent_id, version.created_by_user_id = actor.user_id;
          if (auto s = txn.InsertVersion(version); !s.ok()) return Forward<RemoteImportOutcome>(std::move(s));
          row.secret_id = secret.id;
          secret_ids.push_back(secret.id);
        }
        index.value->Add({secret.id, row.name, row.key, provider, vault.value->id, link.value->external_ref});
      }
      outcome.results.push_back(std::move(row));
    }
    if (apply) {
      const ImportCounts counts = CountImportResults(outcome.results);
      OrderedJson details = {{"provider", provider},
                             {"importedCount", counts.imported},
                             {"skippedCount", counts.skipped},
                             {"errorCount", counts.errors},
                             {"secretIds", std::move(secret_ids)}};
      Status logged = RecordActivity(txn, random_, now, company_id, actor, "secret.remote_import.completed",
                                     vault.value->id, std::move(details));
      if (!logged.ok()) return Forward<RemoteImportOutcome>(std::move(logged));
    }
    return Result<RemoteImportOutcome>::Ok(std::move(outcome));
  });
}

}  // namespace clasp::native
