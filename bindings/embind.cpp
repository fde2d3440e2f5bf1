// The embind surface of clasp.mjs: one function per API entry, each taking
// and returning JSON text (clasp-api.mjs turns it into plain objects).
#include <emscripten/bind.h>

#include <string>

#include "api.h"
#include "marshal.h"

namespace clasp::bindings {

std::string Run(const std::string& args_json, Handler handler) {
  JsonLimits limits;
  limits.max_depth += 2;  // the argument array and an options object wrap the caller's input
  auto parsed = ParseJson(args_json, limits);
  if (!parsed.ok()) return DumpJson(Answer(false, nullptr, parsed.diagnostics));
  if (!parsed.value->is_array()) {
    return DumpJson(Answer(false, nullptr,
                           {MakeDiagnostic(Code::kInputWrongType, "", "arguments must be a JSON array")}));
  }
  return DumpJson(handler(*parsed.value));
}

const OrderedJson& Arg(const OrderedJson& args, std::size_t i) {
  static const OrderedJson kNull;
  return i < args.size() ? args[i] : kNull;
}

namespace {

template <Handler H>
std::string Entry(const std::string& args_json) {
  return Run(args_json, H);
}

}  // namespace
}  // namespace clasp::bindings

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
