// clasp/agent_access.h — which secrets an agent may read through the
// agent-facing API (GET /agents/me/secrets), as Paperclip's
// listAgentSecretAccess decides.
//
// An agent sees a secret when a binding row of target ("agent", agent id)
// with a configPath under "env." or "access." names it, and the secret is
// company-scoped, active and of the agent's company. Per secret, an
// "access." binding is preferred over the first "env." one; `delivery` says
// which kinds exist ("env", "api" or "both"). Entries sort by key as JS
// `localeCompare` does for secret keys (ICU root order: "_" < "-" < "." <
// digits < letters, case-insensitive first, lower case before upper on a
// tie); characters outside [A-Za-z0-9_.-] sort after those, by byte.
//   rows [agent:a1 env.OPENAI -> s1 latest], secrets {s1 active key "openai"}
//     -> [{secret s1, key "openai", delivery "env", version "latest", resolved = latest_version}]
//   rows [agent:a1 env.X -> s2], secrets {s2 status "disabled"}   -> []
//   rows [agent:a2 env.X -> s1] (another agent)                    -> []
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clasp/binding.h"

namespace clasp {

struct AccessibleSecret {
  std::string id;
  std::string company_id;
  std::string key;
  std::string name;
  std::optional<std::string> description;
  int latest_version = 0;
  std::string status = "active";
  std::string scope = "company";
};

struct AgentSecretAccessEntry {
  std::string secret_id;
  std::string binding_id;
  std::string config_path;
  std::string key;
  std::string name;
  std::optional<std::string> description;
  std::string delivery;  // "env" | "api" | "both"
  std::string projection_class;
  int latest_version = 0;
  std::optional<int> pinned_version;  // nullopt = "latest"
  int resolved_version = 0;
};

std::vector<AgentSecretAccessEntry> AgentSecretAccess(const std::string& company_id, const std::string& agent_id,
                                                      const std::vector<BindingRow>& rows,
                                                      const std::vector<AccessibleSecret>& secrets);

// JS localeCompare (ICU root collation) restricted as described above:
// negative, zero or positive.
//   CompareSecretKeys("a_b", "a-b") < 0;  CompareSecretKeys("a", "A") < 0;  CompareSecretKeys("B", "ab") > 0
int CompareSecretKeys(std::string_view a, std::string_view b);

}  // namespace clasp
