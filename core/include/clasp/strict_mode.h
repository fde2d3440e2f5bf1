// clasp/strict_mode.h — STRICT-2..6: is secret strict mode on?
//
// Paperclip decides once, at startup, from two env variables and the config
// file (config.js), writes the answer back into the environment (index.js),
// and warns when an authenticated deployment runs without it (the
// local_encrypted provider). clasp does the same as a pure function of those
// inputs; the adapter reads the environment and the file. STRICT-1 (what
// strict mode forbids) lives in env_normalize.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "clasp/result.h"

namespace clasp {

enum class DeploymentMode { kLocalTrusted, kAuthenticated };

// "local_trusted" / "authenticated".
std::string_view DeploymentModeName(DeploymentMode mode);

// Exact, case-sensitive: "authenticated" -> kAuthenticated;
// "Authenticated", "public", "" -> nullopt.
std::optional<DeploymentMode> ParseDeploymentMode(std::string_view text);

// The two config-file fields that matter, as written in the file. A missing
// field takes the schema default (local_trusted, strictMode false).
struct StrictModeConfigFile {
  std::optional<std::string> deployment_mode;  // server.deploymentMode
  std::optional<bool> strict_mode;             // secrets.strictMode
};

struct StrictModeInputs {
  std::optional<std::string> env_strict_mode;       // PAPERCLIP_SECRETS_STRICT_MODE; nullopt = undefined
  std::optional<std::string> env_deployment_mode;   // PAPERCLIP_DEPLOYMENT_MODE; nullopt = undefined
  std::optional<StrictModeConfigFile> config_file;  // nullopt = no config file at all
};

struct StrictModeResolution {
  DeploymentMode deployment_mode = DeploymentMode::kLocalTrusted;
  bool strict_mode = false;
  // STRICT-4: the value startup writes to PAPERCLIP_SECRETS_STRICT_MODE
  // ("true"/"false"), only when the variable was undefined.
  std::optional<std::string> env_write_back;
};

// STRICT-3 and the routes' per-request test: exactly "true" (no trim, no case
// folding). StrictEnvValueIsTrue("true") == true; "TRUE", "1", " true", "" -> false.
bool StrictEnvValueIsTrue(std::string_view value);

// STRICT-2 then STRICT-3, as Paperclip's loadConfig():
//   deployment mode = the env value if it is exactly a mode, else the file's
//                     server.deploymentMode, else local_trusted;
//   strict          = env defined ? env == "true"
//                   : config file ? secrets.strictMode (schema default false)
//                   : deployment mode == authenticated.
// So authenticated-by-default strictness only happens with no config file:
//   {env_deployment_mode:"authenticated"}                  -> authenticated, strict
//   {config_file:{deployment_mode:"authenticated"}}         -> authenticated, NOT strict
//   {env_strict_mode:"", env_deployment_mode:"authenticated"} -> not strict
// A file deploymentMode that is not a mode makes Paperclip refuse to start:
// a kStrictConfigInvalid error at "/server/deploymentMode". The result
// carries the STRICT-6 warning when it applies.
Result<StrictModeResolution> ResolveStrictMode(const StrictModeInputs& inputs);

// STRICT-6, the local_encrypted provider's validateConfig warning: severity
// warning, kStrictOffInAuthenticated, "Strict secret mode should be enabled for
// authenticated deployments", when the mode is authenticated and strict is off.
//   StrictModeWarning(kAuthenticated, false) -> the warning
//   StrictModeWarning(kAuthenticated, true)  -> nullopt
std::optional<Diagnostic> StrictModeWarning(DeploymentMode mode, bool strict_mode);

}  // namespace clasp
