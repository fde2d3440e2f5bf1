// clasp/native/env_target_service.h — the write path of agents' and projects'
// env maps: validation, redaction, binding sync, in one transaction.
//
// Paperclip routes these writes through POST/PATCH /agents and /projects. What
// each write does here, in one store transaction (all of it commits or none):
//   1. the body is checked like Paperclip's zod schema (400, zod's messages);
//   2. placeholders echoed from a read are swapped for the stored entries
//      (env_redaction.h RestoreRedactedEnv);
//   3. the env is normalised (env_normalize.h NormalizeEnv: ENV-1..5, STRICT-1,
//      RED-1; 422) and every secret_ref must name a live secret of the same
//      company (SEC-1: 404 "Secret not found", 422 "Secret must belong to same
//      company", 422 "Secret references require company-scoped secrets");
//      diagnostics come in env entry order, so the first is Paperclip's error;
//   4. the row is written with the persisted env;
//   5. the target's env.* binding rows are brought in line with it through
//      PlanBindingSync with replace_all (the env is the truth, so removing the
//      last ref unbinds), every applied step returned, deletes with reasons.
//
// Reads return rows; AgentJson / ProjectJson give the API shapes with every
// plain env value redacted.
//
// "Not found" is a value, not an error: the lookups and writes return nullopt
// for a missing agent, project or (on create) company, and the HTTP layer
// answers 404 with kAgentNotFound / kProjectNotFound / kCompanyNotFound.
//
// Differences from Paperclip, all deliberate:
// - Projects get the agents' treatment: their env is redacted on read and
//   placeholders are restored on write (Paperclip returns project env values
//   in the clear, and so needs no restore).
// - Sync is clasp's diff (binding_sync.h), inside the write's transaction;
//   Paperclip syncs projects after the write's transaction and deletes and
//   re-inserts every row. An agent write that does not touch adapterConfig
//   and adapterType leaves bindings alone, as Paperclip does.
// - Only env.* bindings are synced: Paperclip also binds secret_ref values in
//   top-level adapterConfig fields and moves plain values of adapter "secret
//   fields" (e.g. hermes_gateway apiKey) into new secrets; clasp does neither
//   and leaves such fields as written (reads redact them by name).
// - Only the body fields clasp stores (and runtimeConfig, checked then
//   dropped: the row has no column for it) are validated; other fields of
//   Paperclip's schemas (icon, reportsTo, budgetMonthlyCents, ...) are
//   ignored like unknown keys, where Paperclip would check and store them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/json_input.h"
#include "clasp/native/clock.h"
#include "clasp/native/random.h"
#include "clasp/native/secret_service.h"
#include "clasp/native/secret_store.h"
#include "clasp/sensitive_keys.h"

namespace clasp::native {

inline constexpr std::string_view kAgentNotFound = "Agent not found";
inline constexpr std::string_view kProjectNotFound = "Project not found";
inline constexpr std::string_view kCompanyNotFound = "Company not found";

// How env writes are judged. strict_mode is the server's resolved STRICT-3
// flag (strict_mode.h ResolveStrictMode); policy is what strict mode treats as
// sensitive (unset: SensitiveKeyPolicy::Default(), SENS-1 ∪ SENS-2 ∪ SENS-3).
struct EnvWritePolicy {
  bool strict_mode = false;
  std::optional<SensitiveKeyPolicy> policy;
};

struct AgentWrite {
  AgentRow agent;
  std::vector<AppliedBindingChange> binding_changes;  // empty when the write did not sync
};

struct ProjectWrite {
  ProjectRow project;
  std::vector<AppliedBindingChange> binding_changes;
};

class EnvTargetService {
 public:
  EnvTargetService(SecretStore& store, Random& random, Clock& clock, EnvWritePolicy policy = {})
      : store_(store), random_(random), clock_(clock), policy_(std::move(policy)) {}

  // POST /companies/:cid/agents. Body fields: name (required, non-empty),
  // role (one of Paperclip's AGENT_ROLES, default "general"), title (string
  // or null), adapterType (trimmed, non-empty, default "process"),
  // adapterConfig (an object; its env must be a map of valid bindings, else
  // 400 "adapterConfig.env must be a map of valid env bindings"),
  // runtimeConfig (an object without modelProfiles). The agent starts "idle".
  //   {name:"Coder", adapterConfig:{env:{K:{type:secret_ref, secretId:S}}}}
  //     -> agent + [insert env.K -> S]
  //   {name:"Coder", adapterConfig:{env:{K:{type:secret_ref, secretId:"nope"}}}} -> 400, nothing written
  //   strict, {name:"C", adapterConfig:{env:{OPENAI_API_KEY:"sk-1"}}}
  //     -> 422 "Strict secret mode requires secret references for sensitive key: OPENAI_API_KEY"
  // nullopt: no such company.
  Result<std::optional<AgentWrite>> CreateAgent(const std::string& company_id, const OrderedJson& body);

  // GET /agents/:id; nullopt: no such agent.
  Result<std::optional<AgentRow>> GetAgent(const std::string& id);

  // GET /companies/:cid/agents: the company's agents except terminated ones,
  // oldest first.
  Result<std::vector<AgentRow>> ListAgents(const std::string& company_id);

  // PATCH /agents/:id. Fields as CreateAgent, all optional, plus status (one
  // of AGENT_STATUSES) and replaceAdapterConfig (boolean); permissions is
  // refused (400). adapterConfig is merged member by member into the stored
  // one (a given env replaces the whole stored env), or replaces it whole with
  // replaceAdapterConfig:true, or when adapterType changes (then env, cwd and
  // the other adapter-agnostic keys not given are carried over).
  //   stored env {A:"1", K:ref S}; patch {adapterConfig:{env:{A:<placeholder>}}}
  //     -> env {A:"1"}, [delete env.K ref_removed]
  //   patch {adapterConfig:{env:{NEW:<placeholder>}}}
  //     -> 422 "Refusing to persist redacted placeholder for key: NEW"
  // nullopt: no such agent.
  Result<std::optional<AgentWrite>> UpdateAgent(const std::string& id, const OrderedJson& patch);

  // POST /companies/:cid/projects. Body fields: name (required, non-empty),
  // description (string or null), status (one of PROJECT_STATUSES, default
  // "backlog"), env (a map of valid bindings, field path "env"; null is 422
  // "env must be an object", as Paperclip's normalisation answers).
  // nullopt: no such company.
  Result<std::optional<ProjectWrite>> CreateProject(const std::string& company_id, const OrderedJson& body);

  // GET /projects/:id; nullopt: no such project.
  Result<std::optional<ProjectRow>> GetProject(const std::string& id);

  // GET /companies/:cid/projects, oldest first.
  Result<std::vector<ProjectRow>> ListProjects(const std::string& company_id);

  // PATCH /projects/:id: fields as CreateProject, all optional. A given env
  // replaces the stored one whole (placeholders restored) and syncs; a patch
  // without env leaves env and bindings alone. nullopt: no such project.
  Result<std::optional<ProjectWrite>> UpdateProject(const std::string& id, const OrderedJson& patch);

 private:
  SecretStore& store_;
  Random& random_;
  Clock& clock_;
  EnvWritePolicy policy_;
};

// The API shape of an agent (camelCase, Paperclip's column order): id,
// companyId, name, role, title, status, adapterType, adapterConfig,
// createdAt, updatedAt; adapterConfig through RedactAdapterConfigForRead, so
// no plain env value ever leaves. A stored config that does not parse as a
// JSON object is shown as {}.
OrderedJson AgentJson(const AgentRow& row);

// The API shape of a project: id, companyId, name, description, status, env
// (RedactEnvForRead; null when unset or unparsable), createdAt, updatedAt.
OrderedJson ProjectJson(const ProjectRow& row);

}  // namespace clasp::native
