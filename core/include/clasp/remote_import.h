// clasp/remote_import.h — IMP-2..4: turning a remote provider's inventory into
// external-reference secrets, as Paperclip 2026.916.1's previewRemoteImport
// and importRemoteSecrets decide it.
//
// Pure rules: the caller lists the remote secrets (aws_inventory.h reads an
// AWS ListSecrets page), loads the company's live secrets, links each
// reference (external_ref.h) and writes what these functions decide. Nothing
// here reads a secret value; names and ARNs appear in the preview and result
// objects (the operator chose them) but IMP-5 keeps them out of audit rows.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/external_ref.h"
#include "clasp/json_input.h"
#include "clasp/result.h"

namespace clasp {

// IMP-2 naming: the AWS secret name of an ARN (AwsSecretNameOfRef: the ARN
// prefix matched case-insensitively), else the trimmed ref; then its last
// non-empty "/" segment (the whole name when it has none).
//   DeriveSecretNameFromExternalRef("arn:aws:secretsmanager:us-east-1:1:secret:prod/api/OpenAI-Key-AbC123")
//     == "OpenAI-Key-AbC123"
//   DeriveSecretNameFromExternalRef("ARN:AWS:SECRETSMANAGER:eu-west-1:1:SECRET:team/db//") == "db"
//   DeriveSecretNameFromExternalRef("arn:aws:s3:::bucket/logs") == "logs"   (not a secret ARN: the ref's own segments)
//   DeriveSecretNameFromExternalRef("///") == "///"                         (no non-empty segment: unchanged)
std::string DeriveSecretNameFromExternalRef(std::string_view external_ref);

// One of the company's secrets whose status is not "deleted".
struct LiveSecret {
  std::string id;
  std::string name;
  std::string key;
  std::string provider;
  std::optional<std::string> provider_config_id;
  std::optional<std::string> external_ref;
};

// A reason a remote secret cannot be imported as is. `type` is
// exact_reference | name | key | provider_guardrail; provider_guardrail has
// no existing secret.
struct ImportConflict {
  std::string type;
  std::optional<std::string> existing_secret_id;
  std::string message;
};
// {"type","existingSecretId"?,"message"} (the id only when there is one, as Paperclip's objects).
OrderedJson ImportConflictJson(const ImportConflict& conflict);

// The exact-reference map key: (providerConfigId or "default"), NUL, the trimmed ref.
//   RemoteImportExternalRefKey("v1", " arn:x ") == std::string("v1\0arn:x", 8)
//   RemoteImportExternalRefKey(std::nullopt, "arn:x") == std::string("default\0arn:x", 13)
std::string RemoteImportExternalRefKey(const std::optional<std::string>& provider_config_id,
                                       std::string_view external_ref);

// IMP-2 conflicts of one remote secret against the company's live secrets
// and the rows imported earlier in the same batch (Add):
//   - exact_reference: a live secret of the same provider whose
//     (provider_config_id, trimmed external_ref) key matches; when it does it
//     is the only conflict reported, so a re-import of a linked secret reads
//     "duplicate", not "name taken";
//   - otherwise a name conflict ("Secret name already exists: <name>", exact
//     name) and a key conflict ("Secret key already exists: <key>"), against
//     secrets of every provider.
// Like Paperclip's Maps, a later secret with the same map key wins.
//   live {id s1, aws, vault v1, ref "arn:a", name "A", key "a"}:
//     ConflictsFor("v1", " arn:a ", "A", "a") -> [exact_reference s1]
//     ConflictsFor("v2", "arn:a", "A", "b")   -> [name s1]          (other vault: not the same reference)
//     ConflictsFor("v1", "arn:b", "B", "b")   -> []
class RemoteImportConflictIndex {
 public:
  RemoteImportConflictIndex(std::string provider, const std::vector<LiveSecret>& live);

  std::vector<ImportConflict> ConflictsFor(const std::optional<std::string>& provider_config_id,
                                           std::string_view external_ref, const std::string& name,
                                           const std::string& key) const;
  // The secret already linking exactly this reference, if any.
  std::optional<LiveSecret> ExactReference(const std::optional<std::string>& provider_config_id,
                                           std::string_view external_ref) const;
  // A secret imported by this batch: later rows conflict with it.
  void Add(const LiveSecret& imported);

 private:
  std::string provider_;
  std::map<std::string, LiveSecret> by_reference_;
  std::map<std::string, LiveSecret> by_name_;
  std::map<std::string, LiveSecret> by_key_;
};

// IMP-3: the provider metadata a preview may show. Only for
// aws_secrets_manager (any other provider, or a null/absent metadata, gives
// null); kept: createdDate, lastAccessedDate, lastChangedDate, deletedDate
// when a string or null; hasDescription, hasKmsKey, tagCount when a boolean
// or a number (either, for any of the three). Nothing kept -> null.
//   ("aws_secrets_manager", {"createdDate":"2026-01-02T03:04:05.000Z","tagCount":2,"Description":"prod db",
//                            "Tags":[{"Key":"team","Value":"x"}],"hasKmsKey":"yes"})
//     -> {"createdDate":"2026-01-02T03:04:05.000Z","tagCount":2}
//   ("aws_secrets_manager", {"name":"prod/db"}) -> null
//   ("vault", {"createdDate":"2026-01-02T03:04:05.000Z"}) -> null
OrderedJson SanitizeRemoteProviderMetadata(std::string_view provider, const OrderedJson& metadata);

// One secret as a provider lists it (aws_inventory.h for AWS ListSecrets).
struct RemoteSecretEntry {
  std::string external_ref;
  std::string name;
  std::optional<std::string> provider_version_ref;
  OrderedJson metadata;  // raw; SanitizeRemoteProviderMetadata decides what is shown
};

// IMP-2 candidate: externalRef trimmed; remoteName the trimmed listed name,
// or DeriveSecretNameFromExternalRef when blank; name = remoteName; key =
// NormalizeSecretKey(name). `link` is the provider's dry-run link of the ref:
// its failure becomes a provider_guardrail conflict first, its canonical ref
// is what exact_reference compares. status "duplicate" with an
// exact_reference, else "conflict" with any conflict, else "ready";
// importable = no conflicts.
//   ({"arn:…:secret:prod/OpenAI-AbC123", ""}, link ok, no live secrets)
//     -> name "OpenAI-AbC123", key "openai-abc123", status "ready", importable
//   (same, live secret named "OpenAI-AbC123") -> status "conflict", [name]
struct ImportCandidate {
  std::string external_ref;
  std::string remote_name;
  std::string name;
  std::string key;
  std::optional<std::string> provider_version_ref;
  OrderedJson provider_metadata;  // IMP-3, or null
  std::string status;             // ready | duplicate | conflict
  bool importable = false;
  std::vector<ImportConflict> conflicts;
};
ImportCandidate PlanImportCandidate(const RemoteSecretEntry& remote, std::string_view provider,
                                    const std::string& provider_config_id,
                                    const Result<ExternalReferenceMaterial>& link,
                                    const RemoteImportConflictIndex& index);
// {"externalRef","remoteName","name","key","providerVersionRef","providerMetadata","status","importable","conflicts"}
OrderedJson ImportCandidateJson(const ImportCandidate& candidate);

// IMP-4: one selected row of an import request (remote_import_request.h).
struct RemoteImportSelection {
  std::string external_ref;  // trimmed, 1..2048
  std::optional<std::string> name;
  std::optional<std::string> key;
  std::optional<std::string> description;
  std::optional<std::string> provider_version_ref;
};

// IMP-4 per-row outcome. status imported | skipped | error; reason null for
// imported, exact_reference_duplicate | name_or_key_conflict for skipped,
// the message for error; secret_id only for imported.
struct ImportRowResult {
  std::string external_ref;
  std::string name;
  std::string key;
  std::optional<std::string> description;  // trimmed; blank -> nullopt (stored as null)
  std::optional<std::string> provider_version_ref;
  std::string status;
  std::optional<std::string> reason;
  std::optional<std::string> secret_id;
  std::vector<ImportConflict> conflicts;
};

// IMP-4's decision for one row, in Paperclip's order: name = the trimmed
// name or the derived one; key = NormalizeSecretKey(key or name); an empty
// key -> error "Secret key is required"; conflicts (index, which holds the
// batch's earlier rows) -> skipped; a failed `link` -> error with its
// message (conflicts dropped); the linked canonical ref already linked ->
// skipped exact_reference_duplicate; otherwise status "imported" with no
// secret id yet: the caller writes the rows, sets secret_id, and Adds it to
// the index (or turns the row into error "Import failed").
//   ({externalRef "arn:…:secret:team/db"}, link ok, empty index) -> imported, name "db", key "db"
//   ({externalRef "arn:…:secret:team/db", name "!!!"}, …)       -> error "Secret key is required"
//   ({externalRef "arn:…:secret:team/db"}, index has "db")      -> skipped name_or_key_conflict
ImportRowResult JudgeImportRow(const RemoteImportSelection& selection, const std::string& provider_config_id,
                               const Result<ExternalReferenceMaterial>& link, const RemoteImportConflictIndex& index);

// The counts of an import, from its rows.
struct ImportCounts {
  int imported = 0;
  int skipped = 0;
  int errors = 0;
};
ImportCounts CountImportResults(const std::vector<ImportRowResult>& results);

// {"providerConfigId","provider","importedCount","skippedCount","errorCount",
//  "results":[{"externalRef","name","key","status","reason","secretId","conflicts"}]}
OrderedJson RemoteImportResultJson(const std::string& provider_config_id, std::string_view provider,
                                   const std::vector<ImportRowResult>& results);

}  // namespace clasp
