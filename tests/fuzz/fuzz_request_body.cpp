// The HTTP request body parser: the bytes `clasp serve` hands to the core
// (ParseJson under the API's limits), then the secret create / rotate /
// update schemas and the zod `details` array built from their issues.
#include "clasp/secret_request.h"
#include "clasp/zod_issues.h"
#include "fuzz_support.h"

using namespace clasp;

namespace {

template <typename T>
void CheckRequest(const Result<T>& request) {
  fuzz::CheckDiagnostics(request.diagnostics);
  fuzz::Require(request.ok() || !request.diagnostics.empty(), "a refused body says why");
  if (!request.ok()) fuzz::CheckSerialises(zod::IssuesJson(request.diagnostics));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > fuzz::kMaxInput) return 0;
  JsonLimits limits;
  limits.max_bytes = 1 << 20;
  auto body = ParseJson(fuzz::Bytes(data, size), limits);
  fuzz::CheckDiagnostics(body.diagnostics);
  if (!body.ok()) {
    fuzz::Require(!body.diagnostics.empty(), "a malformed body says why");
    return 0;
  }
  CheckRequest(ParseCreateSecretRequest(*body.value));
  CheckRequest(ParseRotateSecretRequest(*body.value));
  CheckRequest(ParseUpdateSecretRequest(*body.value));
  return 0;
}
