// clasp/native/user_secret_service.h — Paperclip's user-scoped secrets: a
// company's user secret definitions (what each user is asked to supply) and
// each user's own values of them, written once against SecretStore for the
// API and the CLI alike.
//
// Every public call is one store transaction, and the activity_log row
// Paperclip's route writes for it (user_secret_definition.created / .updated
// / .deleted, user_secret_value.created / .updated / .rotated / .deleted) is
// written in that same transaction, so a change is never without its row.
// The actor of a definition's row is ("user", actor.user_id), or ("system",
// "board") without a user, as userSecretDefinitionActivityActor picks it.
//
// Ids are compared as PostgreSQL compares uuids (CanonicalGuid): an upper-case
// id finds its row. An id that is not a GUID finds none.
//
// A user's value is a company_secrets row with scope "user", its owner and its
// definition, sealed like a company secret by the local_encrypted provider;
// its value is never returned, logged or put in a row other than the
// version's ciphertext.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clasp/native/clock.h"
#include "clasp/native/random.h"
#include "clasp/native/secret_service.h"
#include "clasp/native/secret_store.h"
#include "clasp/native/status.h"
#include "clasp/user_secret_request.h"

namespace clasp::native {

// GET …/user-secret-definitions/:id/coverage: of the company's active user
// members, how many hold an active value, an inactive one, or none.
struct UserSecretCoverage {
  std::string definition_id;
  int configured = 0;
  int inactive = 0;
  int missing = 0;
};

// One row of GET …/me/user-secrets: a live definition and the caller's value
// of it, if any.
struct UserSecretValueEntry {
  UserSecretDefinitionRow definition;
  std::optional<SecretRow> secret;
};

class UserSecretService {
 public:
  UserSecretService(SecretStore& store, CipherSource& ciphers, Random& random, Clock& clock)
      : store_(store), ciphers_(ciphers), random_(random), clock_(clock) {}

  // The company's definitions that are not deleted, newest first.
  Result<std::vector<UserSecretDefinitionRow>> ListDefinitions(const std::string& company_id);

  // 409 "User secret definition already exists: <key>" when a live
  // definition has the key; a providerConfigId must pass VAULT-SEL for the
  // definition's provider (404 "Provider vault not found", 422 …).
  //   Create(c1, {key "github-token", name "GitHub token"}) -> active, local_encrypted, paperclip_managed
  Result<UserSecretDefinitionRow> CreateDefinition(const std::string& company_id,
                                                   const CreateUserSecretDefinitionRequest& request,
                                                   const Actor& actor);

  // Absent fields stay; status "deleted" is RemoveDefinition (its activity
  // row says .deleted). 404 `User secret definition not found for definition
  // id "<id>"` for a missing or deleted definition.
  Result<UserSecretDefinitionRow> UpdateDefinition(const std::string& company_id, const std::string& definition_id,
                                                   const UpdateUserSecretDefinitionRequest& request,
                                                   const Actor& actor);

  // Deletes every user's value of the definition (their versions and
  // bindings go with them), then marks it deleted: key
  // "<key>__deleted__<id>", status "deleted", deleted_at stamped. The 404 as
  // UpdateDefinition's.
  Result<UserSecretDefinitionRow> RemoveDefinition(const std::string& company_id, const std::string& definition_id,
                                                   const Actor& actor);

  // The 404 as UpdateDefinition's.
  Result<UserSecretCoverage> Coverage(const std::string& company_id, const std::string& definition_id);

  // Each live definition with `owner`'s live value of it (or none).
  Result<std::vector<UserSecretValueEntry>> ListValues(const std::string& company_id, const std::string& owner);

  // `owner`'s value of a definition (by id, else by key): 404 `User secret
  // definition not found for definition id "<id>"` (or `definition key
  // "<key>"`), 422 "User secret definition is not active", 409 "User secret
  // value already exists", 422 "Managed user secrets cannot override
  // externalRef" / "Managed user secrets require value" / "External reference
  // user secrets require externalRef", then VAULT-SEL for the definition's
  // (or the request's) vault. Key "user.<definition key>.<uuid>", name
  // "<definition name> (<owner>)", version 1 sealed by local_encrypted.
  //   CreateValue(c1, "u1", {definitionKey "github-token", value "ghp_…"}) -> active, latest_version 1
  Result<SecretRow> CreateValue(const std::string& company_id, const std::string& owner,
                                const CreateUserSecretValueRequest& request);

  // A value, a reference, a providerVersionRef or a providerConfigId makes
  // it a rotation (RotateValue, logged as .updated); status "deleted" a
  // delete; else the status is set. 404 "User secret value not found" for a
  // value that is not `owner`'s in the company (or is deleted).
  Result<SecretRow> UpdateValue(const std::string& company_id, const std::string& owner, const std::string& secret_id,
                                const UserSecretValuePatchRequest& request);

  // The definition must still be live (its 404), then SecretService's
  // rotation rules and messages.
  Result<SecretRow> RotateValue(const std::string& company_id, const std::string& owner, const std::string& secret_id,
                                const UserSecretValuePatchRequest& request);

  // Deletes the value with its versions; the row as it was.
  Result<SecretRow> RemoveValue(const std::string& company_id, const std::string& owner, const std::string& secret_id);

 private:
  SecretStore& store_;
  CipherSource& ciphers_;
  Random& random_;
  Clock& clock_;
};

// The definition as Paperclip's routes answer it (every column, camelCase).
OrderedJson UserSecretDefinitionJson(const UserSecretDefinitionRow& row);
OrderedJson UserSecretCoverageJson(const UserSecretCoverage& coverage);

}  // namespace clasp::native
