// clasp/native/vault_service.h — provider vaults (company_secret_provider_configs)
// as Paperclip's routes serve them: create, list, get, patch, delete, set the
// default, health.
//
// Every rule comes from the core (vault_status.h: VLT-1..4, VLT-D, VAULT-SEL,
// HLT; vault_config.h: VLT-5/6; vault_address.h: VLT-7); this layer only reads
// rows, asks the core, and writes what the core decided, each public call in
// exactly one store transaction so a default never goes missing or doubles.
//
// Failures are Result diagnostics whose http_status is Paperclip's, and
// VaultErrorJson turns them into Paperclip's exact response body:
//   400 {"error":"Validation error","details":[zod issues]}   schema refusals
//   422 {"error":"Invalid provider vault config","details":{"formErrors":[],"fieldErrors":{...}}}
//                                                             PATCH config failing the strict schema
//   422 {"error":"Only ready or warning provider vaults can be default"}   service rules
//   404 {"error":"Provider vault not found"}
//
// Configs hold non-secret metadata only (VLT-5 refuses credential fields), so
// the JSON shapes below may carry them; no value of a secret ever passes here.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clasp/json_input.h"
#include "clasp/native/clock.h"
#include "clasp/native/random.h"
#include "clasp/native/secret_service.h"
#include "clasp/native/secret_store.h"
#include "clasp/native/status.h"
#include "clasp/native/system.h"
#include "clasp/vault_status.h"

namespace clasp::native {

// A stored row as the core's ProviderVault (config parsed from its JSON
// text). A row the core cannot read (unknown provider or status, config that
// is not JSON) is a kStorageError naming the row id, never a crash.
//   {provider "vault", status "coming_soon", config "{}"} -> ok
//   {provider "hashicorp"}                               -> kStorageError
Result<ProviderVault> ToProviderVault(const ProviderConfigRow& row);

// Paperclip's API shape of a row (what drizzle's select() serialises): every
// column in table order, camelCase, config and healthDetails as JSON, absent
// values as null:
//   {"id","companyId","provider","displayName","status","isDefault","config",
//    "healthStatus","healthCheckedAt","healthMessage","healthDetails",
//    "disabledAt","createdByAgentId","createdByUserId","createdAt","updatedAt"}
OrderedJson ProviderConfigJson(const ProviderConfigRow& row);

// The zod issues of a schema refusal (http 400), for the `details` of
// {"error":"Validation error","details":...}; nullopt when the diagnostics
// are not a schema refusal (a rule's 422, a 404, a storage error).
//   Create(c, {"provider":"vault","displayName":"V","config":{"token":"x"}})
//     -> [{"code":"custom","path":["config","token"],…},{"code":"unrecognized_keys","keys":["token"],…}]
std::optional<OrderedJson> ValidationDetails(const std::vector<Diagnostic>& diagnostics);

// Paperclip's full error response for a failed call: the status and body
// described at the top of this file; a storage failure is 500
// {"error":"Internal server error"} (database messages stay in the logs).
struct VaultErrorResponse {
  int http_status = 500;
  OrderedJson body;
};
VaultErrorResponse VaultErrorJson(const std::vector<Diagnostic>& diagnostics);

// VAULT-SEL inside the caller's transaction: the vault `provider_config_id`
// must exist, belong to `company_id`, serve `secret_provider`, and be neither
// coming_soon nor disabled (CheckSelectableVault's messages and statuses).
// An id that is not a uuid cannot exist: 404, without a query.
//   (txn, "<ready local_encrypted vault of c1>", "c1", "local_encrypted") -> ok
//   (txn, "<vault of c2>", "c1", "local_encrypted") -> 422 "Provider vault must belong to same company"
Status CheckSelectableVaultInTxn(StoreTxn& txn, const std::string& provider_config_id, const std::string& company_id,
                                 const std::string& secret_provider);

// What a provider module's healthCheck() answers: the verdict HLT-3 maps,
// and the module's raw object, which the company-level health route returns
// as is ({provider, status, message, warnings?, backupGuidance?, details?}).
struct ProviderModuleReport {
  ModuleHealth health;
  OrderedJson json;
};

// The provider modules' health checks. None may call the network: a check
// describes what this process can see (environment, key file).
class ProviderHealthProbe {
 public:
  virtual ~ProviderHealthProbe() = default;
  // `vault` is the vault being checked (HLT-3), or nullptr for the
  // deployment-level check of GET /companies/:cid/secret-providers/health.
  virtual ProviderModuleReport Check(Provider provider, const ProviderVault* vault) = 0;
};

// Paperclip 2026.916.1's four modules, offline:
// - local_encrypted: the master key's state (key_custody.h InspectMasterKey)
//   with Paperclip's backup guidance and {keySource, keyFilePath?} details;
// - aws_secrets_manager: the provider config and the AWS_* / PAPERCLIP_SECRETS_AWS_*
//   environment as Paperclip reads them (no AWS call, as in Paperclip); clasp
//   has no AWS client, so even a complete config answers warn with
//   Paperclip's "available for external references but not configured for
//   runtime resolution" (HLT-3: vault health "warning");
// - gcp_secret_manager, vault: "not configured for runtime resolution" (warn).
// `home`: whose default key file the local_encrypted module inspects
// (key_custody.h; Paperclip's for a PostgreSQL database).
std::unique_ptr<ProviderHealthProbe> DeploymentHealthProbe(const EnvVars& vars, FileSystem& fs,
                                                           KeyHome home = KeyHome::kClasp);

// HLT: the answer of POST /secret-provider-configs/:id/health.
struct VaultHealthReport {
  ProviderConfigRow row;  // as persisted, with the health columns set
  VaultHealth health;
  std::string checked_at;
};
// {"configId","provider","status","message","details":{"code","message","guidance"?},"checkedAt"}
OrderedJson VaultHealthJson(const VaultHealthReport& report);

class VaultService {
 public:
  // `probe` answers HLT-3 and the company-level check; it must outlive the service.
  VaultService(SecretStore& store, Random& random, Clock& clock, ProviderHealthProbe& probe)
      : store_(store), random_(random), clock_(clock), probe_(probe) {}

  // `scope` below is the caller's company access (Paperclip's
  // getAccessibleResource): a row of another company answers 404 "Provider
  // vault not found", exactly like a missing one. nullopt = every company
  // (the local board).

  // VLT-1/2, POST /companies/:cid/secret-provider-configs. `body` is the raw
  // request body. isDefault:true clears the other defaults of (company,
  // provider) before the insert, in the same transaction.
  //   {"provider":"aws_secrets_manager","displayName":"AWS","config":{"region":"us-east-1"}} -> ready
  //   {"provider":"vault","displayName":"V","status":"ready"} -> 400 "vault provider vaults are locked while coming soon"
  Result<ProviderConfigRow> Create(const std::string& company_id, const OrderedJson& body, const Actor& actor = {});

  // GET /companies/:cid/secret-provider-configs: newest created_at first
  // (Paperclip's orderBy desc(createdAt); ties by id descending).
  Result<std::vector<ProviderConfigRow>> List(const std::string& company_id);

  // GET /secret-provider-configs/:id. 404 "Provider vault not found".
  Result<ProviderConfigRow> Get(const std::string& id, const CompanyFilter& scope = std::nullopt);

  // VLT-3, PATCH /secret-provider-configs/:id. As in Paperclip, the body is
  // validated before the row is looked up, so a bad body on a missing vault
  // is 400, not 404. config is replaced wholesale when present.
  //   (aws ready default, {"status":"disabled"}) -> disabled, not default, disabled_at stamped
  //   (aws disabled, {"isDefault":true})         -> 422 "Only ready or warning provider vaults can be default"
  Result<ProviderConfigRow> Update(const std::string& id, const OrderedJson& patch,
                                   const CompanyFilter& scope = std::nullopt);

  // DELETE /secret-provider-configs/:id: Paperclip 2026.916.1's route calls
  // the hard removeProviderConfig (not the soft disable VLT-4 describes), and
  // its foreign key (ON DELETE SET NULL) detaches the secrets that named the
  // vault; clasp clears their provider_config_id in the same transaction.
  // Returns the removed row.
  Result<ProviderConfigRow> Delete(const std::string& id, const CompanyFilter& scope = std::nullopt);

  // VLT-D, POST /secret-provider-configs/:id/default: the old default of
  // (company, provider) is cleared before the new one is set, so the partial
  // unique index never sees two. 422 "Only ready or warning provider vaults
  // can be default" for a coming_soon or disabled target.
  Result<ProviderConfigRow> SetDefault(const std::string& id, const CompanyFilter& scope = std::nullopt);

  // HLT-1..3, POST /secret-provider-configs/:id/health: StaticVaultHealth,
  // else the probe's module verdict through MapModuleHealth; persisted to
  // health_status / health_checked_at / health_message / health_details.
  //   disabled vault -> {status "disabled", code "disabled"}
  //   vault-provider row marked ready -> {status "coming_soon", code "runtime_locked"}
  Result<VaultHealthReport> Health(const std::string& id, const CompanyFilter& scope = std::nullopt);

  // GET /companies/:cid/secret-providers/health: Paperclip answers with the
  // deployment's provider modules, not the company's vaults:
  // {"providers":[<module object> for local_encrypted, aws_secrets_manager,
  // gcp_secret_manager, vault]}. Reads no rows.
  OrderedJson CompanyHealth(const std::string& company_id);

 private:
  SecretStore& store_;
  Random& random_;
  Clock& clock_;
  ProviderHealthProbe& probe_;
};

}  // namespace clasp::native
