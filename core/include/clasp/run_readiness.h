// clasp/run_readiness.h — what a run would still refuse once env and
// binding rows agree.
//
// DesyncReport (desync.h) finds drift between a target's env and its rows.
// A run can also fail on a ref whose row is fine: the secret was disabled,
// the pinned version was revoked, the user secret definition is gone. Each
// of those is found here, before any run, as a warning with the code and
// message of Paperclip 2026.916.1's refusal (secrets.js, resolveEnvBindings
// and collectMissingRuntimeBindings), at /targets/i/env/K like DesyncReport:
//
//   secret_ref to a disabled or archived secret   secret_inactive    "Secret is not active"
//   pinned (or latest) version not stored         version_missing    "Secret version not found"
//   version disabled, destroyed or revoked        version_inactive   "Secret version is not active"
//   user_secret_ref, no live definition of key k  user_secret_definition_missing
//       "User secret definition not found for environment variable "K", agent a1, definition key "k""
//   user_secret_ref to a disabled definition      user_secret_definition_inactive
//       "User secret definition is not active"
//   user_secret_ref without its declaration row   binding_missing
//       "configuration incomplete: user secret "k" not available at agent env.K"
//       (also when the row names another definition: Paperclip looks it up by id)
//
// Optional user refs (required false, or allowMissingOverride) are left out
// of a run that lacks them, so they are not judged. Refs to a missing,
// deleted or foreign secret are DesyncReport's (desync_deleted_secret,
// desync_cross_company) and not repeated. Which user holds a value is
// decided per run (its responsible user), so a missing user value is not
// judged here. Entries with an invalid key or binding are env validation's.
//   secret S disabled, targets [{c1, agent:a1, {"K": ref S}}]   -> secret_inactive /targets/0/env/K
//   S active, latest 2, versions {1 current, 2 current}, {"K": ref S@1} -> none
//   S active, versions {1 revoked}, {"K": ref S@1}              -> version_inactive /targets/0/env/K
#pragma once

#include <map>
#include <string>
#include <vector>

#include "clasp/binding.h"
#include "clasp/desync.h"
#include "clasp/diagnostic.h"
#include "clasp/user_secret_ref.h"

namespace clasp {

struct VersionState {
  std::string status = "current";  // current | previous | disabled | destroyed
  bool revoked = false;            // revoked_at set
};

// A secret's latest version and its stored versions, by number.
struct SecretVersions {
  int latest_version = 0;
  std::map<int, VersionState> versions;
};

// By secret id, keys in lower case (as SecretMap's; see FindSecret).
using VersionMap = std::map<std::string, SecretVersions, std::less<>>;

std::vector<Diagnostic> RunReadinessReport(const std::vector<TargetEnv>& targets, const SecretMap& secrets,
                                           const VersionMap& versions,
                                           const std::vector<UserSecretDefinition>& definitions,
                                           const std::vector<UserSecretDeclaration>& declarations);

}  // namespace clasp
