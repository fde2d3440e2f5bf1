// Provider-vault configs (VLT-5/6/7): any JSON as `config`, for the provider
// the first byte picks. A credential key is never accepted, every denied key
// is reported, and an accepted config's stored form is accepted unchanged.
#include "clasp/vault_config.h"
#include "fuzz_support.h"

using namespace clasp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > fuzz::kMaxInput) return 0;
  const auto& names = ProviderNames();
  const auto provider = ParseProvider(names[data[0] % names.size()]);
  auto json = ParseJson(fuzz::Bytes(data + 1, size - 1));
  if (!json.ok() || !provider) return 0;
  const auto verdict = CheckProviderConfig(*provider, *json.value);
  fuzz::CheckDiagnostics(verdict.diagnostics);
  fuzz::Require(verdict.accepted == verdict.errors.empty(), "accepted iff no zod error");
  if (json.value->is_object()) {
    for (const auto& [key, value] : json.value->items()) {
      if (IsDeniedConfigKey(key)) fuzz::Require(!verdict.accepted, "a credential field is never accepted");
    }
  }
  if (!verdict.accepted) return 0;
  fuzz::CheckSerialises(verdict.normalized);
  const auto again = CheckProviderConfig(*provider, verdict.normalized);
  fuzz::Require(again.accepted && again.normalized == verdict.normalized, "the stored config is a fixed point");
  return 0;
}
