// The WASM API's work, natively: the same binding layer (bindings/*.cpp, the
// code clasp.wasm runs behind every JS call) on the same JSON argument text
// clasp-api.mjs sends, so bench/wasm_bench.mjs can put "clasp WASM vs clasp
// native" side by side. Inputs: bench/wasm_inputs.json.
//
// The binding sources are compiled into this executable directly: they are
// not a library of the native tree (only the WASM tree builds them).
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "../bindings/api.h"
#include "../bindings/api_bindings.cpp"
#include "../bindings/api_env.cpp"
#include "../bindings/api_vault.cpp"
#include "../bindings/marshal.cpp"
#include "../bindings/run.cpp"

namespace {

using clasp::OrderedJson;

const OrderedJson& Inputs() {
  static const OrderedJson kInputs = [] {
    std::string path = __FILE__;
    path = path.substr(0, path.find_last_of('/') + 1) + "wasm_inputs.json";
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = clasp::ParseJson(text.str());
    return parsed.ok() ? *parsed.value : OrderedJson();
  }();
  return kInputs;
}

// What JSON.stringify({0: a0, 1: a1}) gives for these ASCII inputs.
std::string Args(OrderedJson a0, OrderedJson a1) {
  return clasp::DumpJson(OrderedJson{{"0", std::move(a0)}, {"1", std::move(a1)}});
}

void Env50Strict(benchmark::State& state, const char* policy) {
  const std::string args = Args(Inputs()["env50"], OrderedJson{{"strictMode", true}, {"policy", policy}});
  for (auto _ : state) benchmark::DoNotOptimize(clasp::bindings::Run(args, clasp::bindings::ValidateEnv));
}

void VaultConfig(benchmark::State& state) {
  const auto& vault = Inputs()["vault"];
  const std::string args = Args(vault["provider"], vault["config"]);
  for (auto _ : state) benchmark::DoNotOptimize(clasp::bindings::Run(args, clasp::bindings::ValidateVaultConfig));
}

BENCHMARK_CAPTURE(Env50Strict, default_policy, "default");
BENCHMARK_CAPTURE(Env50Strict, paperclip_policy, "paperclip");
BENCHMARK(VaultConfig);

}  // namespace
