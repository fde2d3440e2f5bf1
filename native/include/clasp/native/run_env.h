// clasp/native/run_env.h — assembling the env an agent's run gets, from the
// store: the agent (and its project), the core's plan (run_env.h: PREC-1,
// BIND-2 per ref, every missing binding at once), then each secret through
// SecretService::Resolve, which records one access event per attempt.
//
// The run's PAPERCLIP_* variables are the ones clasp knows without a
// heartbeat run: PAPERCLIP_AGENT_ID, PAPERCLIP_AGENT_NAME,
// PAPERCLIP_COMPANY_ID and, with a project, PAPERCLIP_PROJECT_ID. There is no
// run token, so PAPERCLIP_API_KEY is never set (config layers cannot set it).
//
// Values exist only in AssembledRunEnv::env (SecretBytes, wiped when they
// die); plans, manifests, reports and errors name keys, ids and paths.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clasp/json_input.h"
#include "clasp/native/clock.h"
#include "clasp/native/random.h"
#include "clasp/native/secret_bytes.h"
#include "clasp/native/secret_service.h"
#include "clasp/native/secret_store.h"
#include "clasp/run_env.h"

namespace clasp::native {

struct RunEnvRequest {
  std::string agent_id;
  std::optional<std::string> project_id;
  // Who the access events name: the agent itself for a run; a redaction
  // (run_mask.h) names "system" and what asked for it.
  std::string actor_type = "agent";
  std::optional<std::string> actor_id = std::nullopt;  // nullopt: the agent's id
};

// The plan read from the store in one transaction, nothing decrypted and no
// access event written: what a pre-dispatch check answers.
struct RunEnvCheck {
  std::string company_id;
  std::string agent_id;
  std::string agent_name;
  std::optional<std::string> project_id;
  RunEnvPlan plan;  // holds plain values: print keys only
  // One entry per planned ref, outcome "pending"; version is the number the
  // ref would resolve to now (null when its secret is gone), provider the
  // secret's. Missing bindings carry the secret's name when it exists.
  std::vector<RunEnvManifestEntry> manifest;
};

// Loads and plans. Failures (the plan's own problems are not failures: see
// plan.ok()): 404 "Agent not found" at /agentId, 404 "Project not found" at
// /projectId, 422 "Project must belong to the agent's company", 422 when the
// stored adapterConfig is not a JSON object, storage errors.
//   agent a1 env {K: ref S}, row agent:a1 env.K -> S
//     -> plan.ok(), manifest [{env.K, K, S, b1, 1, local_encrypted, pending}]
//   agent a1 env {K: ref S}, no row -> plan.missing [env.K], manifest []
Result<RunEnvCheck> CheckRunEnv(SecretStore& store, const RunEnvRequest& request);

struct RunEnvVariable {
  std::string key;
  SecretBytes value;
  bool secret = false;  // resolved from a secret_ref
};

struct AssembledRunEnv {
  RunEnvCheck check;
  std::vector<RunEnvVariable> env;  // the plan's order; plain and secret values
  // One entry per resolved ref, outcome "success", with the version resolved.
  std::vector<RunEnvManifestEntry> manifest;
};

// CheckRunEnv, then: when the plan has any error (a missing binding, an
// invalid entry) the run is refused with the plan's diagnostics — nothing is
// decrypted and no access event is written; otherwise each ref is resolved
// in plan order (actor agent <agent id>, consumer = the ref's target, config
// path env.<KEY>: one access event each), stopping at the first failure,
// whose diagnostics are returned (the values resolved so far are wiped).
//   refusal: diagnostics [binding_missing /agent/K "Secret is not bound to agent:a1 at env.K", ...]
Result<AssembledRunEnv> AssembleRunEnv(SecretStore& store, CipherSource& ciphers, Random& random, Clock& clock,
                                       const RunEnvRequest& request);

// The check as JSON, never a value: {ok, companyId, agentId, projectId,
// env: [{key, source: "plain"|"secret", layer, shadowed}], manifest,
// dropped: [{key, layer}], missingBindings, diagnostics: [{code, path,
// message, severity}]}. `manifest` replaces check.manifest when given (the
// assembled run's); `failure`, a resolution's errors after a clean plan, is
// appended to diagnostics and makes ok false.
OrderedJson RunEnvReportJson(const RunEnvCheck& check, const std::vector<RunEnvManifestEntry>* manifest = nullptr,
                             const std::vector<Diagnostic>* failure = nullptr);

}  // namespace clasp::native
