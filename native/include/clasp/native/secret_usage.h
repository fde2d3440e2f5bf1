// clasp/native/secret_usage.h — a secret's uses read from a store, named,
// and the one JSON shape every answer about them uses.
//
// The core says what counts as a use (clasp/secret_usage.h: binding rows and
// env refs alike, an env ref without a row marked as a desync); this module
// feeds it one company's rows, agents and projects and adds the names an
// operator needs. GET /secrets/:id/usage, the 409 of DELETE /secrets/:id and
// `clasp secrets usage|delete` all print the list through SecretUsesJson, so
// the shape is decided once. Ids, names and paths only, never a value.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clasp/json_input.h"
#include "clasp/native/secret_store.h"
#include "clasp/native/status.h"
#include "clasp/secret_usage.h"

namespace clasp::native {

struct NamedSecretUse {
  SecretUse use;
  std::optional<std::string> target_name;  // the agent's or project's name; nullopt when the target is gone
  std::optional<std::string> binding_id;   // the row's id (sources row and both)
};

// The uses of `secret` inside its company: the rows ListSecretBindings gives
// (oldest first) stored under the secret's company, joined with the env refs
// of that company's agents and projects (LoadStoredTargets, binding_doctor.h).
// A target of another company naming the secret is not a use here (the
// bindings doctor reports it as desync_cross_company).
//   agent "Coder" env {"K": ref S}, row env.K -> S   -> [{Coder, env.K, both, bindingId}]
//   agent "Coder" env {"K": ref S}, no row           -> [{Coder, env.K, env_ref}] (desync)
Result<std::vector<NamedSecretUse>> ReadSecretUses(StoreTxn& txn, const SecretRow& secret);

// The list as JSON, one object per use, in order:
//   {"targetType":"agent","targetId":"…","targetName":"Coder","configPath":"env.OPENAI_API_KEY",
//    "source":"env_ref","desync":true,"bindingId":null}
// source is "row", "env_ref" or "both"; desync is true exactly for
// "env_ref" (the env names the secret but no row grants it: a run fails
// pre-dispatch); targetName and bindingId are null when unknown.
OrderedJson SecretUsesJson(const std::vector<NamedSecretUse>& uses);

// secret_in_use (409), counting the uses and the desync ones among them:
//   2 uses, 1 desync -> "Secret is in use (2 uses, 1 of them an env reference without a binding row)"
//   1 use            -> "Secret is in use (1 use)"
Diagnostic SecretInUseDiagnostic(const std::vector<NamedSecretUse>& uses);

}  // namespace clasp::native
