// Binding diff input (SYNC, BIND, desync): any JSON as a binding_diff vector
// input (env, rows, target, context, secrets), run through the same evaluator
// the conformance runners use, so every planner path sees hostile input.
#include "clasp/conformance.h"
#include "fuzz_support.h"

using namespace clasp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > fuzz::kMaxInput) return 0;
  auto json = ParseJson(fuzz::Bytes(data, size));
  if (!json.ok()) return 0;
  fuzz::CheckSerialises(conformance::EvaluateBindingDiff(*json.value));
  return 0;
}
