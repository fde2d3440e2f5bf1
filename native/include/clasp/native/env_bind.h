// clasp/native/env_bind.h — one env key of an agent or a project bound to a
// secret, or unbound: `clasp bind` / `clasp unbind`.
//
// The write goes through EnvTargetService::UpdateAgent / UpdateProject, the
// path of PATCH /agents/:id and /projects/:id, so the env is validated and
// its binding rows synced by the same rules; the target is read, patched and
// audited in one store transaction (all of it commits or none). The audit is
// one activity_log row, as Paperclip records an update: action
// "agent.updated" / "project.updated", details {configPath, secretId,
// version, change: "bind"|"unbind"}, never a value.
//   bind agent A, key OPENAI_API_KEY, secret S, latest
//     -> env.OPENAI_API_KEY = {type:secret_ref, secretId:S, version:"latest"},
//        [insert env.OPENAI_API_KEY -> S], 1 activity row
//   bind again, same secret and version -> changed false, nothing written
//   unbind agent A, key NOPE -> kInputInvalidValue "… has no env key NOPE", nothing written
//   unbind a plain value      -> refused: unbind removes secret refs only
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clasp/env_binding.h"
#include "clasp/native/env_target_service.h"

namespace clasp::native {

struct EnvBindRequest {
  std::string target_type;  // "agent" | "project"
  std::string target_id;
  std::string key;
  std::optional<std::string> secret_id;  // bind; nullopt: unbind
  SecretVersion version;                 // bind
  std::string actor_id = "cli";          // the activity row's (actor_type "system")
};

struct EnvBindOutcome {
  std::string target_name;
  std::string company_id;
  bool changed = false;  // false: the env already said so, nothing written
  std::vector<AppliedBindingChange> binding_changes;
};

Result<EnvBindOutcome> BindEnvKey(SecretStore& store, Random& random, Clock& clock, const EnvWritePolicy& policy,
                                  const EnvBindRequest& request);

}  // namespace clasp::native
