// Env map (ENV-1..5, STRICT): any JSON as adapterConfig.env. ValidateEnv
// (what the browser runs per keystroke) must give exactly NormalizeEnv's
// verdict, in strict and non-strict mode, with either key policy, and the
// persisted form must normalise to itself. The first byte picks the options.
#include "clasp/env_normalize.h"
#include "clasp/sensitive_keys.h"
#include "fuzz_support.h"

using namespace clasp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > fuzz::kMaxInput) return 0;
  auto json = ParseJson(fuzz::Bytes(data + 1, size - 1));
  if (!json.ok()) {
    fuzz::CheckDiagnostics(json.diagnostics);
    return 0;
  }
  EnvNormalizeOptions options;
  options.strict_mode = data[0] & 1;
  options.paperclip_compat = data[0] & 2;
  options.field_path = (data[0] & 4) ? "adapterConfig.env" : "env";
  auto normalized = NormalizeEnv(*json.value, options);
  auto validated = ValidateEnv(*json.value, options);
  fuzz::CheckDiagnostics(normalized.diagnostics);
  if (!normalized.ok()) {
    fuzz::Require(fuzz::SameDiagnostics(normalized.diagnostics, validated), "ValidateEnv gives NormalizeEnv's errors");
    return 0;
  }
  fuzz::Require(validated.empty(), "ValidateEnv accepts what NormalizeEnv accepts");
  fuzz::CheckSerialises(normalized.value->json);
  // The persisted form is a fixed point: normalising it again changes nothing.
  auto again = NormalizeEnv(normalized.value->json, options);
  fuzz::Require(again.ok() && again.value->json == normalized.value->json, "NormalizeEnv is idempotent");
  return 0;
}
