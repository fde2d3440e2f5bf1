// bindings/api.h — the WASM API's entry points, one per JS function.
//
// Each takes the JS call's arguments as one JSON object {"0": a0, "1": a1, ...}
// (built by clasp-api.mjs with JSON.stringify, never by the caller; an
// `undefined` argument is simply absent, so it stays distinct from null) and returns
// {ok, value?, diagnostics:[{code, path, message, httpStatus, severity}]}.
// clasp-api.d.ts documents every argument and value shape. No entry point
// takes or returns a secret value, a master key or ciphertext: crypto stays
// in the native build.
#pragma once

#include <string>
#include <string_view>

#include "clasp/json_input.h"

namespace clasp::bindings {

using Handler = OrderedJson (*)(const OrderedJson& args);

// Parses `args_json` (a JSON object; anything else is one diagnostic), runs
// `handler` and serialises its answer.
std::string Run(std::string_view args_json, Handler handler);

// The i-th argument; nullptr (ArgPtr) or null (Arg) when it was undefined.
const OrderedJson* ArgPtr(const OrderedJson& args, std::size_t i);
const OrderedJson& Arg(const OrderedJson& args, std::size_t i);

// Env, strict mode, sensitive keys, portability, precedence (api_env.cpp).
OrderedJson ValidateEnv(const OrderedJson& args);          // (env, {strictMode, policy, fieldPath, paperclipCompat})
OrderedJson ClassifyKey(const OrderedJson& args);          // (key, {policy})
OrderedJson ResolveStrictMode(const OrderedJson& args);    // ({envStrictMode, envDeploymentMode, configFile})
OrderedJson ExportEnvDeclarations(const OrderedJson& args);  // ({kind, slug}, env)
OrderedJson MergeRunEnv(const OrderedJson& args);          // ({environment, agent, project, routine, runtime})
OrderedJson DiagnosticCodes(const OrderedJson& args);      // ()

// Provider vaults (api_vault.cpp).
OrderedJson ValidateVaultConfig(const OrderedJson& args);    // (provider, config)
OrderedJson NormalizeVaultAddress(const OrderedJson& args);  // (address)
OrderedJson PlanVaultChange(const OrderedJson& args);        // (rows, op)

// Bindings (api_bindings.cpp).
OrderedJson DiffBindings(const OrderedJson& args);          // (env, rows, target, {secrets, replaceAll, paperclipCompat})
OrderedJson DesyncReport(const OrderedJson& args);          // (targets, rows, secrets)
OrderedJson CheckBindingContext(const OrderedJson& args);   // (rows, {companyId, secretId, context})
OrderedJson CheckBindingConfigPath(const OrderedJson& args);  // (targetType, configPath)

}  // namespace clasp::bindings
