// One env binding (ENV-1..4): any JSON value. A binding that parses has a
// canonical form that parses back to the same canonical form, and a compact
// form that parses back to the same binding.
#include "clasp/env_binding.h"
#include "fuzz_support.h"

using namespace clasp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > fuzz::kMaxInput) return 0;
  auto json = ParseJson(fuzz::Bytes(data, size));
  if (!json.ok()) return 0;
  auto binding = ParseEnvBinding(*json.value);
  if (!binding) return 0;
  const OrderedJson canonical = CanonicalBindingJson(*binding);
  fuzz::CheckSerialises(canonical);
  auto reparsed = ParseEnvBinding(canonical);
  fuzz::Require(reparsed.has_value(), "the canonical form parses");
  fuzz::Require(CanonicalBindingJson(*reparsed) == canonical, "the canonical form is a fixed point");
  auto compact = ParseEnvBinding(CompactBindingJson(*binding));
  fuzz::Require(compact && CanonicalBindingJson(*compact) == canonical, "the compact form parses to the same binding");
  return 0;
}
