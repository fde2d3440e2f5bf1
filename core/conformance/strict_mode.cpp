#include "clasp/conformance.h"

namespace clasp::conformance {

// Placeholder until the strict_mode rules land; reports every case as failing.
OrderedJson EvaluateStrictMode(const OrderedJson&) { return OrderedJson{{"unimplemented", true}}; }

}  // namespace clasp::conformance
