// clasp validate env FILE / clasp validate vault-config --provider P FILE,
// and clasp classify-key: the core's verdicts on files, for CI use.
#include <iostream>

#include "cli.h"
#include "clasp/env_normalize.h"
#include "clasp/sensitive_keys.h"
#include "clasp/vault_config.h"
#include "command_table.h"
#include "commands.h"

namespace clasp::cli {
namespace {

constexpr const char* kCommand = "validate";

constexpr const char* kUsage =
    "usage: clasp validate env [--strict] [--paperclip-compat] [--json] FILE|-\n"
    "       clasp validate vault-config --provider aws_secrets_manager|gcp_secret_manager|vault [--json] FILE|-\n"
    "Prints the core's diagnostics for the file; exit 0 valid, 1 invalid (malformed JSON: its line and\n"
    "column), 2 usage error, 3 the file cannot be read.\n";

int Report(bool json, bool ok, const OrderedJson& value, const std::vector<Diagnostic>& diagnostics) {
  if (json) {
    OrderedJson out = {{"ok", ok}, {"diagnostics", DiagnosticsJson(diagnostics)}};
    if (ok && !value.is_null()) out["value"] = value;
    std::cout << DumpJson(out) << "\n";
    return ok ? kExitOk : kExitProblems;
  }
  if (ok) std::cout << "ok\n";
  const int code = PrintDiagnostics(std::cout, diagnostics);
  return ok ? code : kExitProblems;
}

int ValidateEnvFile(const Args& args) {
  if (args.positionals.size() != 2) return UsageError(kCommand, "validate env takes one FILE");
  auto parsed = ReadJsonFile(args.positionals[1]);
  if (!parsed.ok() && IsIoFailure(parsed.diagnostics)) return RuntimeFailure(kCommand, parsed.diagnostics);
  if (!parsed.ok()) return Report(args.Has("json"), false, nullptr, parsed.diagnostics);
  EnvNormalizeOptions options;
  options.strict_mode = args.Has("strict");
  options.paperclip_compat = args.Has("paperclip-compat");
  const auto result = NormalizeEnv(*parsed.value, options);
  // The normalised env is not echoed: its plain values may be pasted secrets.
  return Report(args.Has("json"), result.ok(), nullptr, result.diagnostics);
}

int ValidateVaultFile(const Args& args) {
  if (args.positionals.size() != 2) return UsageError(kCommand, "validate vault-config takes one FILE");
  const auto provider_name = args.Value("provider");
  if (!provider_name) return UsageError(kCommand, "validate vault-config needs --provider");
  const auto provider = ParseProvider(*provider_name);
  if (!provider) return UsageError(kCommand, "unknown provider '" + *provider_name + "'");
  auto parsed = ReadJsonFile(args.positionals[1]);
  if (!parsed.ok() && IsIoFailure(parsed.diagnostics)) return RuntimeFailure(kCommand, parsed.diagnostics);
  if (!parsed.ok()) return Report(args.Has("json"), false, nullptr, parsed.diagnostics);
  const auto verdict = CheckProviderConfig(*provider, *parsed.value);
  return Report(args.Has("json"), verdict.accepted, verdict.normalized, verdict.diagnostics);
}

}  // namespace

int RunValidate(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, ValueFlagsOf(kCommand));
  if (parsed.error) return UsageError(kCommand, *parsed.error);
  const Args& args = parsed.args;
  const std::string what = args.positionals.empty() ? "" : args.positionals[0];
  if (what == "env") return ValidateEnvFile(args);
  if (what == "vault-config") return ValidateVaultFile(args);
  return UsageError(kCommand, "validate needs 'env' or 'vault-config'");
}

const char* ValidateHelp() { return kUsage; }
const char* ClassifyKeyHelp() { return "usage: clasp classify-key [--json] KEY...\n"; }

int RunClassifyKey(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, ValueFlagsOf("classify-key"));
  if (parsed.error) return UsageError("classify-key", *parsed.error);
  if (parsed.args.positionals.empty()) return UsageError("classify-key", "classify-key needs at least one KEY");
  const auto policy = SensitiveKeyPolicy::Default();
  OrderedJson out = OrderedJson::array();
  for (const auto& key : parsed.args.positionals) {
    const auto classification = policy.Classify(key);
    OrderedJson patterns = OrderedJson::array();
    for (const auto& m : classification.matches) patterns.push_back(m.pattern_id);
    if (parsed.args.Has("json")) {
      out.push_back({{"key", key}, {"sensitive", !patterns.empty()}, {"patterns", patterns}});
      continue;
    }
    std::cout << key << ": " << (patterns.empty() ? "not sensitive" : "sensitive");
    for (const auto& id : patterns) std::cout << ' ' << id.get<std::string>();
    std::cout << "\n";
  }
  if (parsed.args.Has("json")) std::cout << DumpJson(out) << "\n";
  return kExitOk;
}

}  // namespace clasp::cli
