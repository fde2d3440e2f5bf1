// Per-request rule costs: key classification, a 50-key env with strict mode
// on, and provider-vault config validation. Targets (issue: clasp core): a
// 50-key env validated in <= 5 us.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "clasp/env_normalize.h"
#include "clasp/sensitive_keys.h"
#include "clasp/vault_config.h"

namespace {

using clasp::OrderedJson;

const std::vector<std::string>& SampleKeys() {
  static const std::vector<std::string> kKeys = {
      "OPENAI_API_KEY", "LOG_LEVEL", "GITHUB_TOKEN", "DATABASE_URL", "CLAUDE_CODE_OAUTH_TOKEN",
      "NODE_ENV",       "DB_PASSWORD", "MAX_TOKENS", "AUTHOR",       "SSH_PRIVATE_KEY"};
  return kKeys;
}

void BM_ClassifyKey_DefaultPolicy(benchmark::State& state) {
  const auto policy = clasp::SensitiveKeyPolicy::Default();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(policy.IsSensitive(SampleKeys()[i++ % SampleKeys().size()]));
  }
}
BENCHMARK(BM_ClassifyKey_DefaultPolicy);

void BM_ClassifyKey_Sens1Predicate(benchmark::State& state) {
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(clasp::IsSensitiveServiceRegex(SampleKeys()[i++ % SampleKeys().size()]));
  }
}
BENCHMARK(BM_ClassifyKey_Sens1Predicate);

// A realistic agent env: 50 keys, a third of them secret refs, the rest plain
// values under non-sensitive names (a strict-mode pass that rejects nothing).
OrderedJson FiftyKeyEnv() {
  OrderedJson env = OrderedJson::object();
  for (int i = 0; i < 50; ++i) {
    const std::string n = std::to_string(i);
    if (i % 3 == 0) {
      env["SERVICE_" + n + "_API_KEY"] = {{"type", "secret_ref"},
                                          {"secretId", "8f884973-c29b-44e4-8ea3-6413437f80" + std::string(n.size() == 1 ? "0" : "") + n},
                                          {"version", i % 2 ? OrderedJson(3) : OrderedJson("latest")}};
    } else if (i % 3 == 1) {
      env["FEATURE_FLAG_" + n] = "enabled";
    } else {
      env["ENDPOINT_" + n] = {{"type", "plain"}, {"value", "https://service-" + n + ".internal:8443/v1"}};
    }
  }
  return env;
}

clasp::EnvNormalizeOptions StrictOptions() {
  clasp::EnvNormalizeOptions options;
  options.strict_mode = true;
  options.policy = clasp::SensitiveKeyPolicy::Default();
  return options;
}

// The verdict alone (what the UI asks on every keystroke).
void BM_ValidateEnv50_Strict(benchmark::State& state) {
  const OrderedJson env = FiftyKeyEnv();
  const auto options = StrictOptions();
  for (auto _ : state) {
    auto diagnostics = clasp::ValidateEnv(env, options);
    if (!diagnostics.empty()) state.SkipWithError("sample env rejected");
    benchmark::DoNotOptimize(diagnostics);
  }
  state.counters["keys"] = 50;
}
BENCHMARK(BM_ValidateEnv50_Strict);

// The verdict plus the persisted canonical env (what the server stores).
void BM_NormalizeEnv50_Strict(benchmark::State& state) {
  const OrderedJson env = FiftyKeyEnv();
  const auto options = StrictOptions();
  for (auto _ : state) {
    auto result = clasp::NormalizeEnv(env, options);
    if (!result.ok()) state.SkipWithError("sample env rejected");
    benchmark::DoNotOptimize(result);
  }
  state.counters["keys"] = 50;
}
BENCHMARK(BM_NormalizeEnv50_Strict);

void BM_ValidateVaultConfig_Aws(benchmark::State& state) {
  const OrderedJson config = {{"region", "us-east-1"}, {"namespace", "paperclip"}, {"kmsKeyId", "alias/paperclip"}};
  for (auto _ : state) benchmark::DoNotOptimize(clasp::CheckProviderConfig(clasp::Provider::kAwsSecretsManager, config));
}
BENCHMARK(BM_ValidateVaultConfig_Aws);

void BM_ValidateVaultConfig_VaultAddressIdn(benchmark::State& state) {
  const OrderedJson config = {{"address", "https://VAULT.bücher.example:8200/"}, {"mountPath", "secret"}};
  for (auto _ : state) benchmark::DoNotOptimize(clasp::CheckProviderConfig(clasp::Provider::kVault, config));
}
BENCHMARK(BM_ValidateVaultConfig_VaultAddressIdn);

void BM_ValidateVaultConfig_DeniedCredential(benchmark::State& state) {
  const OrderedJson config = {{"region", "us-east-1"}, {"secretAccessKey", "x"}, {"auth", {{"token", "y"}}}};
  for (auto _ : state) benchmark::DoNotOptimize(clasp::CheckProviderConfig(clasp::Provider::kAwsSecretsManager, config));
}
BENCHMARK(BM_ValidateVaultConfig_DeniedCredential);

}  // namespace
