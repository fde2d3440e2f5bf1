// clasp/portable.h — PORT-1/2: the env declarations a company export emits,
// and MIG-1's names for secrets migrated out of inline env.
//
// A company package must be importable elsewhere without leaking anything,
// so Paperclip exports env as declarations ("this agent needs OPENAI_API_KEY")
// rather than values. This module computes those declarations from an agent
// or project env map exactly as Paperclip 2026.916.1's exporter does
// (services/company-portability extractPortableScopedEnvInputs and
// dedupeEnvInputs), so clasp can show "what would an export reveal?" before
// anyone runs one.
//
// PORT-1 guarantee: a declaration never carries a secret value, a secret id,
// a provider reference or encrypted material. A secret-kind entry's default
// is always "". The only value that can appear is a non-sensitive plain
// value, which Paperclip exports as an optional default on purpose.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/diagnostic.h"
#include "clasp/json_input.h"

namespace clasp {

enum class EnvInputKind { kSecret, kPlain };
enum class EnvInputRequirement { kRequired, kOptional };
enum class EnvInputPortability { kPortable, kSystemDependent };

// "secret" / "plain", "required" / "optional", "portable" / "system_dependent".
std::string_view EnvInputKindName(EnvInputKind kind);
std::string_view EnvInputRequirementName(EnvInputRequirement requirement);
std::string_view EnvInputPortabilityName(EnvInputPortability portability);

// PORT-1 entry. The exporter always emits requirement kOptional; the enum
// keeps the manifest's full vocabulary for imported declarations.
struct EnvInputDeclaration {
  std::string key;
  std::string description;
  std::optional<std::string> agent_slug;
  std::optional<std::string> project_slug;
  EnvInputKind kind = EnvInputKind::kPlain;
  EnvInputRequirement requirement = EnvInputRequirement::kOptional;
  std::optional<std::string> default_value;
  EnvInputPortability portability = EnvInputPortability::kPortable;
};

enum class PortableScopeKind { kAgent, kProject };

struct PortableScope {
  PortableScopeKind kind = PortableScopeKind::kAgent;
  std::string slug;
};

struct PortableExtraction {
  std::vector<EnvInputDeclaration> inputs;
  // kPortPathOmitted / kPortSystemDependent warnings with Paperclip's text,
  // path = JSON Pointer to the key in the env map.
  std::vector<Diagnostic> warnings;
};

// PORT-2, for one agent ("agent <slug>") or project ("project <slug>") env.
// Entries are visited in JS Object.entries order. Per entry:
// * a key whose ASCII upper case is "PATH" is skipped with kPortPathOmitted
//   "Agent <slug> PATH override was omitted from export because it is
//   system-dependent." ("Project <slug> …" for projects);
// * {type:"secret_ref",…} (any other fields, never read) -> kind secret,
//   default "", portable, "Provide <KEY> for agent <slug>";
// * {type:"plain", value} -> its value JS-trimmed ("" when blank or not a
//   string); a legacy string -> the string as is. Both: "Optional default for
//   <KEY> on agent <slug>", kind secret iff SENS-3 (IsSensitivePortability)
//   flags the key, default "" for secret kind and the value otherwise, and
//   system_dependent when the value is a POSIX absolute path or starts with
//   a drive ("C:\" / "c:/"), warned as kPortSystemDependent
//   "Agent <slug> env <KEY> default was exported as system-dependent.";
// * anything else (user_secret_ref, numbers, null, arrays) is not exported.
// A non-object env exports nothing.
//   agent "coder", {"OPENAI_API_KEY":{"type":"secret_ref","secretId":"…"}}
//     -> {OPENAI_API_KEY, "Provide OPENAI_API_KEY for agent coder", secret, "", portable}
//   agent "coder", {"DB_PASSWORD":"hunter2"} -> secret, default "" (value never emitted)
//   agent "coder", {"TOOL":"/usr/bin/tool"}  -> plain, "/usr/bin/tool", system_dependent + warning
//   agent "coder", {"Path":"/bin"}           -> nothing + kPortPathOmitted
PortableExtraction ExtractPortableEnvInputs(const PortableScope& scope, const OrderedJson& env);

// Keeps the first declaration per agentSlug + ":" + projectSlug + ":" +
// upper-cased key (a missing slug counts as ""), in order. Paperclip's code
// includes projectSlug although the spec text names only agentSlug; the code
// wins. Upper-casing here is ASCII only, where JS uses full Unicode: keys
// such as "straße" / "STRASSE" that only meet under Unicode rules are kept
// apart (env keys that pass ENV-5 are ASCII, so stored envs never differ).
//   [A/API_KEY, A/api_key, B/API_KEY] -> [A/API_KEY, B/API_KEY]
std::vector<EnvInputDeclaration> DedupeEnvInputs(std::vector<EnvInputDeclaration> inputs);

// The manifest JSON: {key, description, agentSlug, projectSlug, kind,
// requirement, defaultValue, portability}, missing slugs/default as null.
OrderedJson EnvInputJson(const EnvInputDeclaration& input);

// MIG-1 naming for `secrets:migrate-inline-env`: the secret created for an
// inline sensitive value of agent <id> is "agent_" + the id's first 8
// characters + "_" + JS toLowerCase(key).
//   MigratedSecretName("3f2a9c4e-1111-…", "OPENAI_API_KEY") == "agent_3f2a9c4e_openai_api_key"
std::string MigratedSecretName(std::string_view agent_id, std::string_view key);

// "Migrated from agent <id> env <key>".
std::string MigratedSecretDescription(std::string_view agent_id, std::string_view key);

// The dry run's stand-in secret id: "<would-create:NAME>".
std::string MigrationDryRunSecretId(std::string_view name);

// "Dry run: N agents would be updated" /
// "Updated N agents, created C secrets, rotated R secrets".
std::string MigrationDryRunSummary(std::size_t agents);
std::string MigrationApplySummary(std::size_t agents, std::size_t created, std::size_t rotated);

}  // namespace clasp
