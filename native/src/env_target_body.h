// env_target_body.h — agent and project request bodies, checked as Paperclip's
// zod schemas check them (createAgentSchema / updateAgentSchema,
// createProjectSchema / updateProjectSchema in @paperclipai/shared 2026.916.1),
// for the fields EnvTargetService stores.
//
// One Diagnostic per zod issue, in the schema's shape order, every one with
// http_status 400: input_wrong_type (invalid_type), input_invalid_value (enum
// miss, too_small) and, for an agent env that is not a map of valid bindings,
// env_binding_invalid with Paperclip's custom message. zod_issues.h turns them
// into the `details` array. Keys outside these fields are ignored, as
// z.object() strips what it does not list.
#pragma once

#include <optional>
#include <string>

#include "clasp/json_input.h"
#include "clasp/result.h"

namespace clasp::native {

inline constexpr std::string_view kAgentEnvMapMessage = "adapterConfig.env must be a map of valid env bindings";

// Absent fields are nullopt; title distinguishes absent from null.
struct AgentBody {
  std::optional<std::string> name;
  std::optional<std::string> role;
  std::optional<std::optional<std::string>> title;
  std::optional<std::string> status;        // update only
  std::optional<std::string> adapter_type;  // trimmed
  std::optional<OrderedJson> adapter_config;
  bool replace_adapter_config = false;      // update only
};

struct ProjectBody {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> description;
  std::optional<std::string> status;
  std::optional<OrderedJson> env;  // may hold null (then NormalizeEnv answers 422)
};

// create: name required, role / adapterType take their defaults.
//   ({"name":"A"}, true) -> name "A", role "general", adapter_type "process"
//   ({"name":""}, true)  -> input_invalid_value /name "Too small: expected string to have >=1 characters"
//   ({"adapterConfig":{"env":[]}}, false) -> env_binding_invalid /adapterConfig/env (400)
Result<AgentBody> ParseAgentBody(const OrderedJson& body, bool create);

// create: name required, status defaults to "backlog".
//   ({"name":"P","env":{"K":5}}, true) -> input_invalid_value /env/K "Invalid input" (zod's union miss)
Result<ProjectBody> ParseProjectBody(const OrderedJson& body, bool create);

// True when `value` nests objects/arrays deeper than `max_depth` levels;
// iterative, so a hostile depth cannot exhaust the stack.
bool NestedDeeperThan(const OrderedJson& value, int max_depth);

}  // namespace clasp::native
