// The C surface of clasp.mjs: one export per API entry. clasp-api.mjs writes
// the call's arguments as UTF-8 JSON ({"0": a0, ...}) into memory from
// malloc, calls the entry with (pointer, length) and reads the answer
// {ok, value?, diagnostics} back as a NUL-terminated UTF-8 string (DumpJson
// escapes NUL, so the answer holds none), valid until the next call.
//
// Plain exports rather than embind: embind's JS runtime was most of the glue,
// and its string conversion ran a JS loop over every character.
#include <emscripten/emscripten.h>

#include <string>
#include <string_view>

#include "api.h"

namespace {

using clasp::bindings::Handler;

// The last call's answer: the module is single-threaded and clasp-api.mjs
// copies the answer out before it calls again.
std::string& LastAnswer() {
  static std::string answer;
  return answer;
}

template <Handler H>
const char* Entry(const char* args, std::size_t size) {
  LastAnswer() = clasp::bindings::Run(std::string_view(args, size), H);
  return LastAnswer().c_str();
}

}  // namespace

using namespace clasp::bindings;

extern "C" {
EMSCRIPTEN_KEEPALIVE const char* validateEnv(const char* a, std::size_t n) { return Entry<ValidateEnv>(a, n); }
EMSCRIPTEN_KEEPALIVE const char* classifyKey(const char* a, std::size_t n) { return Entry<ClassifyKey>(a, n); }
EMSCRIPTEN_KEEPALIVE const char* resolveStrictMode(const char* a, std::size_t n) {
  return Entry<ResolveStrictMode>(a, n);
}
EMSCRIPTEN_KEEPALIVE const char* exportEnvDeclarations(const char* a, std::size_t n) {
  return Entry<ExportEnvDeclarations>(a, n);
}
EMSCRIPTEN_KEEPALIVE const char* mergeRunEnv(const char* a, std::size_t n) { return Entry<MergeRunEnv>(a, n); }
EMSCRIPTEN_KEEPALIVE const char* diagnosticCodes(const char* a, std::size_t n) { return Entry<DiagnosticCodes>(a, n); }
EMSCRIPTEN_KEEPALIVE const char* validateVaultConfig(const char* a, std::size_t n) {
  return Entry<ValidateVaultConfig>(a, n);
}
EMSCRIPTEN_KEEPALIVE const char* normalizeVaultAddress(const char* a, std::size_t n) {
  return Entry<NormalizeVaultAddress>(a, n);
}
EMSCRIPTEN_KEEPALIVE const char* planVaultChange(const char* a, std::size_t n) { return Entry<PlanVaultChange>(a, n); }
EMSCRIPTEN_KEEPALIVE const char* diffBindings(const char* a, std::size_t n) { return Entry<DiffBindings>(a, n); }
EMSCRIPTEN_KEEPALIVE const char* desyncReport(const char* a, std::size_t n) { return Entry<DesyncReport>(a, n); }
EMSCRIPTEN_KEEPALIVE const char* checkBindingContext(const char* a, std::size_t n) {
  return Entry<CheckBindingContext>(a, n);
}
EMSCRIPTEN_KEEPALIVE const char* checkBindingConfigPath(const char* a, std::size_t n) {
  return Entry<CheckBindingConfigPath>(a, n);
}
}
