// binding_apply.h — env binding sync inside a caller's transaction.
//
// SecretService::SyncEnvBindings (its own transaction) and EnvTargetService
// (inside an agent or project write) both apply PlanBindingSync this way, so
// the rows an env produces are the same whichever path wrote it.
#pragma once

#include <string>
#include <vector>

#include "clasp/binding_sync.h"
#include "clasp/native/random.h"
#include "clasp/native/secret_service.h"
#include "clasp/native/secret_store.h"

namespace clasp::native {

// Reads the target's rows and the secrets the env or the rows name, plans with
// PlanBindingSync and writes the plan through `txn`: deletes, updates (same
// row id), inserts (new ids from `random`, timestamps `now`). Returns every
// step, keeps included, deletes with their reasons; warnings (sync_env_absent)
// ride on the result. A refused plan writes nothing; a failed write leaves
// earlier writes for the caller's rollback.
Result<std::vector<AppliedBindingChange>> ApplyEnvBindingSync(StoreTxn& txn, Random& random, const std::string& now,
                                                              const std::string& company_id,
                                                              const BindingTarget& target, const OrderedJson& env,
                                                              const BindingSyncOptions& options);

// The SecretMap SEC-1 is checked against: every non-deleted secret that a
// secret_ref entry of `env` (when it is an object) or one of `rows` names,
// read through `txn`.
Result<SecretMap> LoadReferencedSecrets(StoreTxn& txn, const OrderedJson& env, const std::vector<BindingRow>& rows);

}  // namespace clasp::native
