#include "clasp/conformance.h"
#include "clasp/sensitive_keys.h"

namespace clasp::conformance {

// input {key} -> the three predicates, each on its own (SENS-1/2/3).
OrderedJson EvaluateSensitiveKeys(const OrderedJson& input) {
  const auto key = input.find("key");
  if (!input.is_object() || key == input.end() || !key->is_string()) {
    return OrderedJson{{"error", "input.key must be a string"}};
  }
  const auto& k = key->get_ref<const std::string&>();
  return OrderedJson{{"service_regex", IsSensitiveServiceRegex(k)},
                     {"docs_glob", IsSensitiveDocsGlob(k)},
                     {"portability_rule", IsSensitivePortability(k)}};
}

}  // namespace clasp::conformance
