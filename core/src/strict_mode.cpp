#include "clasp/strict_mode.h"

namespace clasp {

std::string_view DeploymentModeName(DeploymentMode mode) {
  return mode == DeploymentMode::kAuthenticated ? "authenticated" : "local_trusted";
}

std::optional<DeploymentMode> ParseDeploymentMode(std::string_view text) {
  if (text == "local_trusted") return DeploymentMode::kLocalTrusted;
  if (text == "authenticated") return DeploymentMode::kAuthenticated;
  return std::nullopt;
}

bool StrictEnvValueIsTrue(std::string_view value) { return value == "true"; }

Result<StrictModeResolution> ResolveStrictMode(const StrictModeInputs& inputs) {
  // The config file is validated as a whole before any of it is used.
  std::optional<DeploymentMode> file_mode;
  if (inputs.config_file) {
    file_mode = DeploymentMode::kLocalTrusted;
    if (const auto& written = inputs.config_file->deployment_mode) {
      file_mode = ParseDeploymentMode(*written);
      if (!file_mode) {
        return Result<StrictModeResolution>::Fail(MakeDiagnostic(
            Code::kStrictConfigInvalid, "/server/deploymentMode",
            "Invalid Paperclip config: server.deploymentMode must be local_trusted or authenticated"));
      }
    }
  }

  StrictModeResolution out;
  std::optional<DeploymentMode> env_mode;
  if (inputs.env_deployment_mode) env_mode = ParseDeploymentMode(*inputs.env_deployment_mode);
  out.deployment_mode = env_mode ? *env_mode : file_mode.value_or(DeploymentMode::kLocalTrusted);

  if (inputs.env_strict_mode) {
    out.strict_mode = StrictEnvValueIsTrue(*inputs.env_strict_mode);
  } else if (inputs.config_file) {
    out.strict_mode = inputs.config_file->strict_mode.value_or(false);
  } else {
    out.strict_mode = out.deployment_mode == DeploymentMode::kAuthenticated;
  }
  if (!inputs.env_strict_mode) out.env_write_back = out.strict_mode ? "true" : "false";

  std::vector<Diagnostic> warnings;
  if (auto warning = StrictModeWarning(out.deployment_mode, out.strict_mode)) warnings.push_back(std::move(*warning));
  return Result<StrictModeResolution>::Ok(std::move(out), std::move(warnings));
}

std::optional<Diagnostic> StrictModeWarning(DeploymentMode mode, bool strict_mode) {
  if (mode != DeploymentMode::kAuthenticated || strict_mode) return std::nullopt;
  return MakeDiagnostic(Code::kStrictOffInAuthenticated, "",
                        "Strict secret mode should be enabled for authenticated deployments", Severity::kWarning);
}

}  // namespace clasp
