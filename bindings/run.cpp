// The JSON transport shared by every entry point (api.h).
#include "api.h"
#include "marshal.h"

namespace clasp::bindings {

std::string Run(std::string_view args_json, Handler handler) {
  JsonLimits limits;
  limits.max_depth += 2;  // the argument object and an options object wrap the caller's input
  auto parsed = ParseJson(args_json, limits);
  if (!parsed.ok()) return DumpJson(Answer(false, nullptr, parsed.diagnostics));
  if (!parsed.value->is_object()) {
    return DumpJson(Answer(false, nullptr,
                           {MakeDiagnostic(Code::kInputWrongType, "", "arguments must be a JSON object")}));
  }
  return DumpJson(handler(*parsed.value));
}

const OrderedJson* ArgPtr(const OrderedJson& args, std::size_t i) {
  const auto it = args.find(std::to_string(i));
  return it == args.end() ? nullptr : &*it;
}

const OrderedJson& Arg(const OrderedJson& args, std::size_t i) {
  static const OrderedJson kNull;
  const OrderedJson* arg = ArgPtr(args, i);
  return arg == nullptr ? kNull : *arg;
}

}  // namespace clasp::bindings
