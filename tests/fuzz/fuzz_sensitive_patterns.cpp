// Sensitive-key policy patterns: an operator's RE2 pattern and a key, split
// at the first NUL. Compiling any pattern must answer with a value or a
// diagnostic; a policy's IsSensitive must agree with its Classify, and the
// default policy must flag every key the built-in rules flag.
#include <string>

#include "clasp/sensitive_keys.h"
#include "fuzz_support.h"

using namespace clasp;

namespace {

const SensitiveKeyPolicy& Default() {
  static const SensitiveKeyPolicy policy = SensitiveKeyPolicy::Default();
  return policy;
}

// The smaller base to extend: recompiling the whole default catalogue for
// every input would spend the run in RE2's compiler.
const SensitiveKeyPolicy& Compat() {
  static const SensitiveKeyPolicy policy = SensitiveKeyPolicy::PaperclipCompat();
  return policy;
}

void CheckAgreement(const SensitiveKeyPolicy& policy, std::string_view key) {
  const auto classification = policy.Classify(key);
  fuzz::Require(policy.IsSensitive(key) == classification.sensitive, "IsSensitive agrees with Classify");
  fuzz::Require(classification.sensitive == !classification.matches.empty(), "sensitive iff a pattern matched");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > 4096) return 0;
  const std::string_view bytes = fuzz::Bytes(data + 1, size - 1);
  const std::size_t nul = bytes.find('\0');
  const std::string_view regex = bytes.substr(0, nul);
  const std::string_view key = nul == std::string_view::npos ? bytes : bytes.substr(nul + 1);

  CheckAgreement(Default(), key);
  const bool builtin = IsSensitiveServiceRegex(key) || IsSensitiveDocsGlob(key) || IsSensitivePortability(key);
  fuzz::Require(Default().IsSensitive(key) == builtin, "the default policy is the union of SENS-1/2/3");

  SensitivePattern pattern;
  pattern.id = "fuzz.operator";
  pattern.form = static_cast<KeyForm>(data[0] % 3);
  pattern.regex = std::string(regex);
  auto extended = Compat().WithExtraPatterns({pattern});
  fuzz::CheckDiagnostics(extended.diagnostics);
  if (!extended.ok()) return 0;
  CheckAgreement(*extended.value, key);
  fuzz::Require(!Compat().IsSensitive(key) || extended.value->IsSensitive(key), "extra patterns only add");
  return 0;
}
