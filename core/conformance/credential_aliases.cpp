#include "clasp/conformance.h"

namespace clasp::conformance {

// Placeholder until the credential_aliases rules land; reports every case as failing.
OrderedJson EvaluateCredentialAliases(const OrderedJson&) { return OrderedJson{{"unimplemented", true}}; }

}  // namespace clasp::conformance
