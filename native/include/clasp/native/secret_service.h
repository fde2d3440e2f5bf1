// clasp/native/secret_service.h — the secret operations, each one transaction.
//
// Paperclip's secretService for company secrets on the local_encrypted
// provider, written once against SecretStore so every storage adapter
// behaves the same. Each public call is exactly one store transaction:
// either everything it writes commits or nothing does.
//
// Where Paperclip needs several steps because its provider may be remote
// (CRUD-4: reserve an "archived" row, call the provider, insert a "disabled"
// version, then flip both), the local provider seals before the transaction
// and the transaction writes the final state directly; the rows that result
// are the same, and no half-created secret is ever visible.
//
// Values cross this API only as input (create/rotate) and as Resolve's
// output; they are never logged, stored unencrypted, or put in a message.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clasp/binding_context.h"
#include "clasp/binding_sync.h"
#include "clasp/native/clock.h"
#include "clasp/native/key_custody.h"
#include "clasp/native/local_encrypted.h"
#include "clasp/native/random.h"
#include "clasp/native/secret_store.h"
#include "clasp/native/secret_usage.h"
#include "clasp/native/status.h"
#include "clasp/native/system.h"

namespace clasp::native {

// Supplies the local_encrypted cipher on first use (Paperclip loads, and if
// need be creates, the master key only when a managed value is written or
// read). KeyCustodyCipherSource (below) is the production one.
class CipherSource {
 public:
  virtual ~CipherSource() = default;
  // The cipher for a value written or read in `txn`, which must be a
  // writing transaction: the source checks the key against the store's (and
  // may record it) there, so nothing is encrypted or decrypted under a key
  // the store does not hold (key_check.h).
  virtual Result<LocalEncryptedCipher*> Cipher(StoreTxn& txn) = 0;
};

// Loads the master key through key_custody.h once (creating it only while
// the store holds no secret), refuses it with kMasterKeyMismatch /
// kMasterKeyMissing when it is not the store's (key_check.h), then reuses one
// cipher (and its OpenSSL contexts). `home`: whose default key file — clasp's
// for SQLite, Paperclip's for a PostgreSQL database (StoreKeyHome).
std::unique_ptr<CipherSource> KeyCustodyCipherSource(const EnvVars& vars, FileSystem& fs, Random& random,
                                                     KeyHome home = KeyHome::kClasp);

struct Actor {
  std::optional<std::string> agent_id;
  std::optional<std::string> user_id;
};

struct CreateSecretInput {
  std::string name;
  std::optional<std::string> key;    // defaults to name; always normalised (CRUD-1)
  std::optional<std::string> value;  // required for paperclip_managed (CRUD-2)
  std::optional<std::string> description;
  std::string provider = "local_encrypted";
  std::string managed_mode = "paperclip_managed";
  std::optional<std::string> external_ref;
  // external_reference only: the remote version to pin (EXT-1); blank = none.
  std::optional<std::string> provider_version_ref;
  // The provider vault to write through (VAULT-SEL, vault_service.h): it must
  // exist, belong to the company, serve `provider`, and be ready or warning.
  // Absent means the deployment-level provider; like Paperclip, the
  // company's default vault is never picked implicitly.
  std::optional<std::string> provider_config_id;
};

struct RotateSecretInput {
  std::optional<std::string> value;
  std::optional<std::string> external_ref;
  std::optional<int> expected_latest_version;  // guarded rotation (409 when stale)
};

// PATCH /secrets/:id. Absent fields are left alone; `description` and
// `external_ref` distinguish "absent" (nullopt) from "set to null".
struct SecretPatch {
  std::optional<std::string> name;
  std::optional<std::string> key;
  std::optional<std::string> status;
  std::optional<std::optional<std::string>> description;
  std::optional<std::optional<std::string>> external_ref;
};

// AUD-1's context for one resolution: who asks (actor), for whom (consumer)
// and at which path. BIND-2 runs on consumer_type/consumer_id/config_path.
struct AccessContext {
  std::string actor_type = "system";
  std::optional<std::string> actor_id;
  std::string consumer_type;
  std::string consumer_id;
  // The access event's consumer_type when it differs from the binding
  // target's: Paperclip records agent API reads as "agent_api".
  std::optional<std::string> event_consumer_type;
  std::optional<std::string> config_path;
  std::optional<std::vector<std::string>> allowed_binding_ids;
  std::optional<std::string> issue_id;
  std::optional<std::string> heartbeat_run_id;
  std::optional<std::string> plugin_id;
  std::optional<std::string> responsible_user_id;
};

// §4.1's manifest entry next to the value.
struct ResolvedSecret {
  SecretBytes value;
  int version = 0;
  std::string secret_key;
  std::string provider;
  std::optional<std::string> binding_id;
  std::optional<std::string> env_key;  // config_path minus "env.", when it has that prefix
};

// One applied sync step; deletes carry their reason (never silent).
struct AppliedBindingChange {
  BindingChangeKind kind = BindingChangeKind::kKeep;
  DeleteReason reason = DeleteReason::kNone;
  BindingRow row;  // the row as written, or as it was before its delete
};

// SecretService::Remove's switch: delete even a secret in use.
struct RemoveSecretOptions {
  bool force = false;
};

class SecretService {
 public:
  SecretService(SecretStore& store, CipherSource& ciphers, Random& random, Clock& clock)
      : store_(store), ciphers_(ciphers), random_(random), clock_(clock) {}

  // CRUD-1/2/4. Fails with Paperclip's messages: 409 "Secret already exists:
  // <name>", 422 "Secret key is required", 409 "Secret key already exists:
  // <key>", 422 "External reference secrets require externalRef", 422
  // "Managed secrets cannot override externalRef", 422 "Managed secrets
  // require value" (a blank value counts as missing), 400 "local_encrypted
  // does not support external reference secrets".
  // EXT-1: provider aws_secrets_manager with managed_mode external_reference
  // links `external_ref` through its vault (external_ref.h: region required,
  // Paperclip's managed namespace refused with 422 provider_guardrail) and
  // stores only the reference, its fingerprint and provider_version_ref;
  // without a vault 422 provider_not_configured. A managed value for AWS is
  // 422 "aws_secrets_manager provider is not configured for Paperclip-managed
  // values": clasp has no AWS client.
  //   Create(c1, {name "db", provider aws, external_reference, external_ref "arn:…:secret:team/db",
  //               provider_config_id v1}) -> active, version 1 "current", material without a value
  // With provider_config_id, VAULT-SEL's refusals come after the key checks
  // and before the mode checks, as in Paperclip: 404 "Provider vault not
  // found", 422 "Provider vault must belong to same company" / "must match
  // the secret provider" / "is locked while coming soon" / "is disabled".
  //   Create(c1, {name "OpenAI API key", value "sk-…"}) -> active, key
  //     "openai-api-key", latest_version 1, version 1 "current"
  Result<SecretRow> Create(const std::string& company_id, const CreateSecretInput& input, const Actor& actor = {});

  // CRUD-2/4: a new version n+1 becomes "current", older ones "previous".
  // 404 "Secret not found"; 422 "Cannot rotate a non-active secret"; 409
  // "The secret version is stale. Reload and confirm the rotation again."
  // when expected_latest_version differs; the CRUD-2 value rules as Create.
  // A secret written through a vault (provider_config_id) passes VAULT-SEL
  // again, after the stale check: a vault disabled since blocks rotation.
  Result<SecretRow> Rotate(const std::string& secret_id, const RotateSecretInput& input, const Actor& actor = {});
  // Rotate inside the caller's transaction (a user's value rotates with its
  // activity row in one transaction, user_secret_service.h).
  Result<SecretRow> RotateInTxn(StoreTxn& txn, const std::string& secret_id, const RotateSecretInput& input,
                                const Actor& actor);

  // Seals `value` with the local_encrypted cipher as version `number` of
  // `secret_id` ("current") and inserts it; the caller keeps the secret row.
  Result<VersionRow> InsertSealedVersion(StoreTxn& txn, const std::string& secret_id, int number,
                                         const std::string& value, const Actor& actor, const std::string& now);

  // CRUD-1/2: rename, re-key, describe, or change status. 404 for a missing
  // or deleted secret; 422 "Managed secrets must be deleted through DELETE
  // /secrets/:id" for status "deleted" on a managed secret; 422 "Managed
  // secrets cannot override externalRef"; a soft delete of an external
  // reference renames to "<x>__deleted__<id>" and stamps deleted_at.
  Result<SecretRow> Update(const std::string& secret_id, const SecretPatch& patch);

  // CRUD-3: remove the secret with its versions and the bindings that point
  // at it. The master key is never touched. Unlike Paperclip, which deletes
  // whatever uses the secret, a secret still in use (ReadSecretUses,
  // secret_usage.h: a binding row or an env ref of a target of its company)
  // is left exactly as it was unless `force`: the outcome then says
  // removed = false and lists the uses. The check and the delete are one
  // transaction, so nothing can start using the secret in between. A forced
  // delete leaves the env refs as they are (the env is the operator's; the
  // bindings doctor then reports them as desync_deleted_secret).
  // nullopt when there was no such secret.
  //   unused secret                 -> removed, uses []
  //   agent env {"K": ref S}, row   -> not removed, uses [agent env.K both]
  //   the same with force           -> removed, removed_bindings [the row]
  struct RemoveOutcome {
    SecretRow secret;                          // as it was
    std::vector<NamedSecretUse> uses;          // what used it when the delete was asked
    bool removed = false;                      // false: in use and not forced, nothing written
    std::vector<BindingRow> removed_bindings;  // the rows that went with it
  };
  Result<std::optional<RemoveOutcome>> Remove(const std::string& secret_id, const RemoveSecretOptions& options = {});

  // Env binding sync through the core's planner (binding_sync.h,
  // PlanBindingSync): per-path diff, an absent env changes nothing, and a
  // plan that would unbind everything needs options.replace_all. Returns
  // every applied change, deletes with their reasons.
  Result<std::vector<AppliedBindingChange>> SyncEnvBindings(const std::string& company_id, const BindingTarget& target,
                                                            const OrderedJson& env,
                                                            const BindingSyncOptions& options = {});

  // §4.1: resolve `version` (nullopt = latest) of a secret. With a context,
  // BIND-2 must grant it, and every attempt — success or failure — records
  // one secret_access_events row (AUD-1 fields, error_code per AUD-1's
  // mapping; never the value). Without a context nothing is recorded.
  // Failures: 404 "Secret not found" (missing, or deleted: secret_deleted),
  // 422 "Secret must belong to same company", 422 "User-scoped secrets must
  // be resolved through user secret declarations", 422 "Secret is not
  // active", BIND-2's 422s, 404 "Secret version not found", 422 "Secret
  // version is not active", KEY-5's decryption failure. An
  // aws_secrets_manager secret written through a vault resolves with
  // GetSecretValue (aws/aws_runtime.h: external references; Paperclip-managed
  // AWS material is still 422 not configured), its failures Paperclip's
  // provider classes and texts (404 "AWS Secrets Manager could not find the
  // requested secret.", …), recorded with error_code provider_error; any
  // other remote provider answers 422 "<provider> provider is not configured
  // in this deployment", recorded the same way.
  Result<ResolvedSecret> Resolve(const std::string& company_id, const std::string& secret_id,
                                 std::optional<int> version, const std::optional<AccessContext>& context);

  // Every version of a company secret that still has its value, for the
  // masker alone (run_mask.h), never for a run: a stored transcript may hold
  // a value from before a rotation, a disable or a lost binding row, so none
  // of Resolve's status, version or BIND-2 checks apply. The company and
  // scope checks do, and each version opened records one access event
  // (outcome success, like Resolve's). A version whose value cannot be
  // opened (destroyed, no material) is left out; a secret of a provider this
  // process has no runtime for fails as Resolve does.
  //   S active, versions 1 (previous) and 2 (current) -> [{1, v1}, {2, v2}]
  //   S disabled, version 1                           -> [{1, v1}]
  //   S of another company                            -> 422 "Secret must belong to same company"
  struct VersionValue {
    int version = 0;
    SecretBytes value;
  };
  Result<std::vector<VersionValue>> OpenVersionsForMasking(const std::string& company_id, const std::string& secret_id,
                                                           const AccessContext& context);

 private:
  // EXT-1's half of Create, inside its transaction (external_link.cpp).
  Result<SecretRow> CreateExternal(StoreTxn& txn, const std::string& company_id, const std::string& key,
                                   const CreateSecretInput& input, const Actor& actor);

  SecretStore& store_;
  CipherSource& ciphers_;
  Random& random_;
  Clock& clock_;
};

// AUD-1's error_code for a failed resolution's first diagnostic.
//   kBindingMissing -> "binding_missing"; kVersionMissing -> "version_missing";
//   kSecretScopeInvalid -> "secret_scope_invalid"; anything unmapped -> "provider_error"
std::string AccessErrorCode(const std::vector<Diagnostic>& diagnostics);

}  // namespace clasp::native
