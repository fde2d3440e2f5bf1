// The embind surface of clasp.mjs: one function per API entry, each taking
// and returning JSON text (clasp-api.mjs turns it into plain objects).
#include <emscripten/bind.h>

#include <string>

#include "api.h"

namespace {

using clasp::bindings::Handler;

template <Handler H>
std::string Entry(const std::string& args_json) {
  return clasp::bindings::Run(args_json, H);
}

}  // namespace

EMSCRIPTEN_BINDINGS(clasp) {
  using namespace clasp::bindings;
  emscripten::function("validateEnv", &Entry<ValidateEnv>);
  emscripten::function("classifyKey", &Entry<ClassifyKey>);
  emscripten::function("resolveStrictMode", &Entry<ResolveStrictMode>);
  emscripten::function("exportEnvDeclarations", &Entry<ExportEnvDeclarations>);
  emscripten::function("mergeRunEnv", &Entry<MergeRunEnv>);
  emscripten::function("diagnosticCodes", &Entry<DiagnosticCodes>);
  emscripten::function("validateVaultConfig", &Entry<ValidateVaultConfig>);
  emscripten::function("normalizeVaultAddress", &Entry<NormalizeVaultAddress>);
  emscripten::function("planVaultChange", &Entry<PlanVaultChange>);
  emscripten::function("diffBindings", &Entry<DiffBindings>);
  emscripten::function("desyncReport", &Entry<DesyncReport>);
  emscripten::function("checkBindingContext", &Entry<CheckBindingContext>);
  emscripten::function("checkBindingConfigPath", &Entry<CheckBindingConfigPath>);
}
