// IMP-2..4: remote import candidates, conflicts and per-row outcomes.
#include "clasp/remote_import.h"

#include <utility>

#include "clasp/secret_key.h"
#include "clasp/utf8.h"

namespace clasp {
namespace {

constexpr const char* kExactReferenceMessage = "An existing secret already links this exact provider reference.";

// A row of this batch that a dry run did not write has no id yet.
std::optional<std::string> ExistingId(const LiveSecret& existing) {
  if (existing.id.empty()) return std::nullopt;
  return existing.id;
}

ImportConflict ExactConflict(const LiveSecret& existing) {
  return {"exact_reference", ExistingId(existing), kExactReferenceMessage};
}

OrderedJson OptionalText(const std::optional<std::string>& text) {
  return text ? OrderedJson(*text) : OrderedJson(nullptr);
}

OrderedJson ConflictsJson(const std::vector<ImportConflict>& conflicts) {
  OrderedJson out = OrderedJson::array();
  for (const ImportConflict& c : conflicts) out.push_back(ImportConflictJson(c));
  return out;
}

// JS `text?.trim() || null`.
std::optional<std::string> TrimmedOrNull(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  const std::string_view trimmed = EcmaTrim(*text);
  if (trimmed.empty()) return std::nullopt;
  return std::string(trimmed);
}

}  // namespace

std::string DeriveSecretNameFromExternalRef(std::string_view external_ref) {
  const std::string name = AwsSecretNameOfRef(external_ref);
  const std::size_t end = name.find_last_not_of('/');
  if (end == std::string::npos) return name;
  const std::size_t slash = name.rfind('/', end);
  const std::size_t begin = slash == std::string::npos ? 0 : slash + 1;
  return name.substr(begin, end + 1 - begin);
}

OrderedJson ImportConflictJson(const ImportConflict& conflict) {
  OrderedJson out = OrderedJson::object();
  out["type"] = conflict.type;
  if (conflict.existing_secret_id) out["existingSecretId"] = *conflict.existing_secret_id;
  out["message"] = conflict.message;
  return out;
}

std::string RemoteImportExternalRefKey(const std::optional<std::string>& provider_config_id,
                                       std::string_view external_ref) {
  std::string key = provider_config_id.value_or("default");
  key.push_back('\0');
  key += EcmaTrim(external_ref);
  return key;
}

RemoteImportConflictIndex::RemoteImportConflictIndex(std::string provider, const std::vector<LiveSecret>& live)
    : provider_(std::move(provider)) {
  for (const LiveSecret& secret : live) {
    if (secret.provider == provider_ && secret.external_ref && !EcmaTrim(*secret.external_ref).empty()) {
      by_reference_[RemoteImportExternalRefKey(secret.provider_config_id, *secret.external_ref)] = secret;
    }
    by_name_[secret.name] = secret;
    by_key_[secret.key] = secret;
  }
}

std::optional<LiveSecret> RemoteImportConflictIndex::ExactReference(
    const std::optional<std::string>& provider_config_id, std::string_view external_ref) const {
  const auto it = by_reference_.find(RemoteImportExternalRefKey(provider_config_id, external_ref));
  if (it == by_reference_.end()) return std::nullopt;
  return it->second;
}

std::vector<ImportConflict> RemoteImportConflictIndex::ConflictsFor(
    const std::optional<std::string>& provider_config_id, std::string_view external_ref, const std::string& name,
    const std::string& key) const {
  if (auto duplicate = ExactReference(provider_config_id, external_ref)) return {ExactConflict(*duplicate)};
  std::vector<ImportConflict> conflicts;
  if (const auto it = by_name_.find(name); it != by_name_.end()) {
    conflicts.push_back({"name", ExistingId(it->second), "Secret name already exists: " + name});
  }
  if (const auto it = by_key_.find(key); it != by_key_.end()) {
    conflicts.push_back({"key", ExistingId(it->second), "Secret key already exists: " + key});
  }
  return conflicts;
}

void RemoteImportConflictIndex::Add(const LiveSecret& imported) {
  if (imported.external_ref) {
    by_reference_[RemoteImportExternalRefKey(imported.provider_config_id, *imported.external_ref)] = imported;
  }
  by_name_[imported.name] = imported;
  by_key_[imported.key] = imported;
}

OrderedJson SanitizeRemoteProviderMetadata(std::string_view provider, const OrderedJson& metadata) {
  if (provider != "aws_secrets_manager" || !metadata.is_object()) return nullptr;
  OrderedJson safe = OrderedJson::object();
  for (const char* key : {"createdDate", "lastAccessedDate", "lastChangedDate", "deletedDate"}) {
    const auto it = metadata.find(key);
    if (it != metadata.end() && (it->is_string() || it->is_null())) safe[key] = *it;
  }
  for (const char* key : {"hasDescription", "hasKmsKey", "tagCount"}) {
    const auto it = metadata.find(key);
    if (it != metadata.end() && (it->is_boolean() || it->is_number())) safe[key] = *it;
  }
  if (safe.empty()) return nullptr;
  return safe;
}

ImportCandidate PlanImportCandidate(const RemoteSecretEntry& remote, std::string_view provider,
                                    const std::string& provider_config_id,
                                    const Result<ExternalReferenceMaterial>& link,
                                    const RemoteImportConflictIndex& index) {
  ImportCandidate c;
  c.external_ref = std::string(EcmaTrim(remote.external_ref));
  const std::string_view listed = EcmaTrim(remote.name);
  c.remote_name = listed.empty() ? DeriveSecretNameFromExternalRef(c.external_ref) : std::string(listed);
  c.name = c.remote_name.empty() ? DeriveSecretNameFromExternalRef(c.external_ref) : c.remote_name;
  c.key = NormalizeSecretKey(c.name);
  c.provider_version_ref = remote.provider_version_ref;
  c.provider_metadata = SanitizeRemoteProviderMetadata(provider, remote.metadata);
  std::string canonical = c.external_ref;
  if (link.ok()) {
    canonical = link.value->external_ref;
  } else {
    const std::string message =
        link.diagnostics.empty() ? "Provider rejected this external reference" : link.diagnostics.front().message;
    c.conflicts.push_back({"provider_guardrail", std::nullopt, message});
  }
  for (ImportConflict& conflict : index.ConflictsFor(provider_config_id, canonical, c.name, c.key)) {
    c.conflicts.push_back(std::move(conflict));
  }
  bool duplicate = false;
  for (const ImportConflict& conflict : c.conflicts) duplicate = duplicate || conflict.type == "exact_reference";
  c.status = duplicate ? "duplicate" : c.conflicts.empty() ? "ready" : "conflict";
  c.importable = c.conflicts.empty();
  return c;
}

OrderedJson ImportCandidateJson(const ImportCandidate& c) {
  OrderedJson out = OrderedJson::object();
  out["externalRef"] = c.external_ref;
  out["remoteName"] = c.remote_name;
  out["name"] = c.name;
  out["key"] = c.key;
  out["providerVersionRef"] = OptionalText(c.provider_version_ref);
  out["providerMetadata"] = c.provider_metadata;
  out["status"] = c.status;
  out["importable"] = c.importable;
  out["conflicts"] = ConflictsJson(c.conflicts);
  return out;
}

ImportRowResult JudgeImportRow(const RemoteImportSelection& selection, const std::string& provider_config_id,
                               const Result<ExternalReferenceMaterial>& link, const RemoteImportConflictIndex& index) {
  ImportRowResult r;
  r.external_ref = std::string(EcmaTrim(selection.external_ref));
  const std::optional<std::string> name = TrimmedOrNull(selection.name);
  r.name = name ? *name : DeriveSecretNameFromExternalRef(r.external_ref);
  const std::optional<std::string> key = TrimmedOrNull(selection.key);
  r.key = NormalizeSecretKey(key ? *key : r.name);
  r.description = TrimmedOrNull(selection.description);
  r.provider_version_ref = selection.provider_version_ref;
  r.conflicts = index.ConflictsFor(provider_config_id, r.external_ref, r.name, r.key);
  if (r.key.empty()) {
    r.status = "error", r.reason = "Secret key is required";
    return r;
  }
  if (r.conflicts.empty()) {
    if (!link.ok()) {
      r.status = "error", r.conflicts.clear();
      r.reason =
          link.diagnostics.empty() ? "Provider rejected this external reference" : link.diagnostics.front().message;
      return r;
    }
    if (auto duplicate = index.ExactReference(provider_config_id, link.value->external_ref)) {
      r.conflicts.push_back(ExactConflict(*duplicate));
    }
    r.provider_version_ref = link.value->provider_version_ref;
  }
  if (!r.conflicts.empty()) {
    bool exact = false;
    for (const ImportConflict& c : r.conflicts) exact = exact || c.type == "exact_reference";
    r.status = "skipped", r.reason = exact ? "exact_reference_duplicate" : "name_or_key_conflict";
    return r;
  }
  r.status = "imported";
  return r;
}

ImportCounts CountImportResults(const std::vector<ImportRowResult>& results) {
  ImportCounts counts;
  for (const ImportRowResult& r : results) {
    if (r.status == "imported") ++counts.imported;
    if (r.status == "skipped") ++counts.skipped;
    if (r.status == "error") ++counts.errors;
  }
  return counts;
}

OrderedJson RemoteImportResultJson(const std::string& provider_config_id, std::string_view provider,
                                   const std::vector<ImportRowResult>& results) {
  const ImportCounts counts = CountImportResults(results);
  OrderedJson out = OrderedJson::object();
  out["providerConfigId"] = provider_config_id;
  out["provider"] = std::string(provider);
  out["importedCount"] = counts.imported;
  out["skippedCount"] = counts.skipped;
  out["errorCount"] = counts.errors;
  OrderedJson rows = OrderedJson::array();
  for (const ImportRowResult& r : results) {
    OrderedJson row = OrderedJson::object();
    row["externalRef"] = r.external_ref;
    row["name"] = r.name;
    row["key"] = r.key;
    row["status"] = r.status;
    row["reason"] = OptionalText(r.reason);
    row["secretId"] = OptionalText(r.secret_id);
    row["conflicts"] = ConflictsJson(r.conflicts);
    rows.push_back(std::move(row));
  }
  out["results"] = std::move(rows);
  return out;
}

}  // namespace clasp
