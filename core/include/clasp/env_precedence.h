// clasp/env_precedence.h — PREC-1: which env layer a run actually sees.
//
// A run's env is assembled from several maps, and a key set in two of them
// silently takes one value. Users hit this as "I set OPENAI_API_KEY on the
// agent but the run used another one": the project's value won. This module
// computes the merged map and, per key, the winning layer and the layers it
// shadowed, so a UI can say "overridden by project" before anything runs.
//
// The order is Paperclip 2026.916.1's (heartbeat resolveExecutionRunAdapter-
// Config, then the adapter's own env build), lowest to highest:
//   environment (execution environment envVars, under the agent)
//   agent       (adapterConfig.env)
//   project     (project env: wins over the agent on a collision)
//   routine     (routine env)
//   runtime     (Paperclip's run variables: a runtime key starting with
//                "PAPERCLIP_" beats every config layer; any other runtime key,
//                such as a runtime-tools variable, is only a default that the
//                config layers override)
// PAPERCLIP_API_KEY is never taken from a config layer (the run token is its
// only source), so a config entry for it is reported in `dropped`.
// Low-trust "trusted env projections" are not modelled.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clasp/diagnostic.h"
#include "clasp/json_input.h"

namespace clasp {

enum class EnvLayer { kEnvironment, kAgent, kProject, kRoutine, kRuntime };

// "environment", "agent", "project", "routine", "runtime".
std::string_view EnvLayerName(EnvLayer layer);

// Each layer is an env map: binding objects before resolution or strings
// after, carried through untouched. A missing layer is null; a non-object
// layer is ignored, like Paperclip's parseObject, with a kInputWrongType
// warning at "/<layer name>".
struct EnvLayers {
  OrderedJson environment;
  OrderedJson agent;
  OrderedJson project;
  OrderedJson routine;
  OrderedJson runtime;
};

struct MergedEnvEntry {
  std::string key;
  OrderedJson value;
  EnvLayer winner = EnvLayer::kAgent;
  std::vector<EnvLayer> shadowed;  // layers that also set the key and lost, in the order applied
};

struct DroppedEnvKey {
  std::string key;
  EnvLayer layer = EnvLayer::kAgent;
};

struct MergedEnv {
  // In JS object key order: integer-like keys ascending, then the others in
  // the order they were first set (config layers, then runtime-only keys).
  std::vector<MergedEnvEntry> entries;
  std::vector<DroppedEnvKey> dropped;
  std::vector<Diagnostic> diagnostics;
};

// PREC-1.
//   agent {"MODEL":"a","TOKEN":{secret_ref…}}, project {"MODEL":"b"}
//     -> MODEL = "b", winner project, shadowed [agent]; TOKEN winner agent
//   agent {"PAPERCLIP_AGENT_ID":"x"}, runtime {"PAPERCLIP_AGENT_ID":"id"}
//     -> "id", winner runtime, shadowed [agent]
//   agent {"PAPERCLIP_API_KEY":"k"}, no runtime token
//     -> no PAPERCLIP_API_KEY entry; dropped [{PAPERCLIP_API_KEY, agent}]
//   agent {"PAPERCLIP_CUSTOM":"v"} -> kept (runtime did not assign it)
MergedEnv MergeRunEnv(const EnvLayers& layers);

}  // namespace clasp
