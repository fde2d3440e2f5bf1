// clasp/native/remote_import_service.h — IMP-1..5 on a store: preview a
// remote inventory page against a company's secrets, and import the chosen
// rows as external-reference secrets.
//
// The rules are the core's (remote_import.h, remote_import_request.h,
// external_ref.h); this layer reads the company's live secrets and the vault,
// asks the core, and writes what it decided. clasp has no AWS client, so the
// inventory is handed in (aws_inventory.h reads a ListSecrets page): no
// GetSecretValue, no KMS, no value ever read or stored.
//
// IMP-5: each call that changes or reveals anything writes one activity_log
// row holding counts and ids only — never a name, ARN, tag or description.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clasp/aws_inventory.h"
#include "clasp/native/clock.h"
#include "clasp/native/random.h"
#include "clasp/native/secret_service.h"
#include "clasp/native/secret_store.h"
#include "clasp/remote_import_request.h"

namespace clasp::native {

struct RemoteImportPreview {
  std::string provider_config_id;
  std::string provider;
  std::optional<std::string> next_token;
  std::vector<ImportCandidate> candidates;
};
// {"providerConfigId","provider","nextToken","candidates":[ImportCandidateJson…]}
OrderedJson RemoteImportPreviewJson(const RemoteImportPreview& preview);

struct RemoteImportOutcome {
  std::string provider_config_id;
  std::string provider;
  std::vector<ImportRowResult> results;
  bool applied = false;  // false: a dry run; "imported" rows were not written
};

class RemoteImportService {
 public:
  RemoteImportService(SecretStore& store, Random& random, Clock& clock)
      : store_(store), random_(random), clock_(clock) {}

  // IMP-1/2, Paperclip's previewRemoteImport with `page` as the provider's
  // listing. The vault must exist (404 "Provider vault not found"), pass
  // VAULT-SEL for the company, and list remote secrets (422 "<provider>
  // provider does not support remote import listing" otherwise). One
  // transaction: read, decide, and record `secret.remote_import.previewed`
  // {provider, candidateCount, readyCount, duplicateCount, conflictCount}.
  // Without a page (an HTTP body with no "inventory") the vault checks
  // still run first, then 422 provider_not_configured: clasp cannot list.
  //   (c1, {v1}, page with "arn:…:secret:team/db") -> [{name "db", key "db", status "ready"}]
  Result<RemoteImportPreview> Preview(const std::string& company_id, const RemoteImportPreviewRequest& request,
                                      const std::optional<RemoteSecretPage>& page, const Actor& actor = {});

  // IMP-4, Paperclip's importRemoteSecrets: the same vault checks (422
  // "<provider> provider does not support linked external references" for
  // local_encrypted), conflicts re-checked now against the live secrets and
  // the rows before in the batch, and every row imported as an active
  // external_reference secret with one "current" version row (EXT-1
  // material), all in ONE transaction: a storage failure imports nothing.
  // With apply false nothing is written (the rows that would be imported
  // read "imported" with no secret id). Applied, it records
  // `secret.remote_import.completed` {provider, importedCount, skippedCount,
  // errorCount, secretIds}.
  //   two rows with the same ARN -> imported, then skipped exact_reference_duplicate
  Result<RemoteImportOutcome> Import(const std::string& company_id, const RemoteImportRequest& request,
                                     bool apply, const Actor& actor = {});

 private:
  SecretStore& store_;
  Random& random_;
  Clock& clock_;
};

}  // namespace clasp::native
