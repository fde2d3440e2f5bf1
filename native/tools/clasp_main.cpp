// clasp — the command-line front end over the core's rules.
//
//   clasp demo                          validate a sample env and vault config
//   clasp check-env [--strict] [--paperclip-compat] FILE|-
//   clasp check-vault PROVIDER FILE|-
//   clasp classify-key KEY...
//
// Commands print one line per diagnostic ("error code /path: message [http]")
// and exit 1 when any is an error, 2 on usage mistakes. The demo always exits
// 0: its inputs are wrong on purpose.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "clasp/env_normalize.h"
#include "clasp/json_input.h"
#include "clasp/sensitive_keys.h"
#include "clasp/vault_config.h"

namespace {

using clasp::Diagnostic;
using clasp::OrderedJson;

constexpr const char* kUsage =
    "usage: clasp demo\n"
    "       clasp check-env [--strict] [--paperclip-compat] FILE|-\n"
    "       clasp check-vault PROVIDER FILE|-\n"
    "       clasp classify-key KEY...\n";

int PrintDiagnostics(const std::vector<Diagnostic>& diagnostics) {
  for (const auto& d : diagnostics) {
    std::cout << (d.severity == clasp::Severity::kError ? "error   " : "warning ") << clasp::CodeName(d.code) << ' '
              << (d.path.empty() ? "/" : d.path) << ": " << d.message << " [" << d.http_status << "]\n";
  }
  return clasp::HasErrors(diagnostics) ? 1 : 0;
}

// Reads FILE or stdin ("-") and parses it with the core's limits.
clasp::Result<OrderedJson> ReadJson(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return clasp::Result<OrderedJson>::Fail(
          clasp::MakeDiagnostic(clasp::Code::kInputMalformedJson, "", "Cannot read file: " + path));
    }
    text << in.rdbuf();
  }
  return clasp::ParseJson(text.str());
}

int CheckEnv(const OrderedJson& env, bool strict, bool compat) {
  clasp::EnvNormalizeOptions options;
  options.strict_mode = strict;
  options.paperclip_compat = compat;
  const auto result = clasp::NormalizeEnv(env, options);
  if (result.ok()) std::cout << "ok: " << result.value->entries.size() << " entries\n";
  return PrintDiagnostics(result.diagnostics);
}

int CheckVault(const std::string& provider_name, const OrderedJson& config) {
  const auto provider = clasp::ParseProvider(provider_name);
  if (!provider) {
    std::cerr << "unknown provider '" << provider_name << "'; one of:";
    for (auto name : clasp::ProviderNames()) std::cerr << ' ' << name;
    std::cerr << "\n";
    return 2;
  }
  const auto verdict = clasp::CheckProviderConfig(*provider, config);
  if (verdict.accepted) std::cout << "ok: stored as " << clasp::DumpJson(verdict.normalized) << "\n";
  return PrintDiagnostics(verdict.diagnostics);
}

int ClassifyKeys(const std::vector<std::string>& keys) {
  const auto policy = clasp::SensitiveKeyPolicy::Default();
  for (const auto& key : keys) {
    const auto classification = policy.Classify(key);
    std::cout << key << ": " << (classification.matches.empty() ? "not sensitive" : "sensitive");
    for (const auto& m : classification.matches) std::cout << ' ' << m.pattern_id;
    std::cout << "\n";
  }
  return 0;
}

// A sample an operator recognises: an agent env with a pasted API key and a
// Vault config with a token and a path, both of which clasp refuses.
int Demo() {
  const OrderedJson env = OrderedJson::parse(R"({
    "OPENAI_API_KEY": "sk-live-pasted-by-hand",
    "ANTHROPIC_API_KEY": {"type": "secret_ref", "secretId": "8f884973-c29b-44e4-8ea3-6413437f8081"},
    "GITHUB_TOKEN": {"type": "plain", "value": "ghp_example"},
    "LOG_LEVEL": "debug",
    "bad-key": "x",
    "PINNED": {"type": "secret_ref", "secretId": "8f884973-c29b-44e4-8ea3-6413437f8081", "version": 0}
  })");
  std::cout << "== env (strict mode on, clasp's default sensitive-key policy)\n";
  CheckEnv(env, /*strict=*/true, /*compat=*/false);
  const OrderedJson config = OrderedJson::parse(R"({
    "address": "https://vault.example.com:8200/v1",
    "token": "hvs.example",
    "mountPath": "secret"
  })");
  std::cout << "\n== vault provider config\n";
  CheckVault("vault", config);
  std::cout << "\n(the demo's inputs are deliberately wrong: each line above is a rule clasp enforces)\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "demo") return Demo();
  const std::string& command = args[0];
  if (command == "check-env") {
    bool strict = false;
    bool compat = false;
    std::string file;
    for (std::size_t i = 1; i < args.size(); ++i) {
      if (args[i] == "--strict") {
        strict = true;
      } else if (args[i] == "--paperclip-compat") {
        compat = true;
      } else {
        file = args[i];
      }
    }
    if (file.empty()) return std::cerr << kUsage, 2;
    const auto parsed = ReadJson(file);
    if (!parsed.ok()) return PrintDiagnostics(parsed.diagnostics);
    return CheckEnv(*parsed.value, strict, compat);
  }
  if (command == "check-vault" && args.size() == 3) {
    const auto parsed = ReadJson(args[2]);
    if (!parsed.ok()) return PrintDiagnostics(parsed.diagnostics);
    return CheckVault(args[1], *parsed.value);
  }
  if (command == "classify-key" && args.size() >= 2) {
    return ClassifyKeys(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  std::cerr << kUsage;
  return 2;
}
