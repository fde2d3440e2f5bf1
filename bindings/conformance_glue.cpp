// The test-only module clasp-conformance.mjs: evaluates one vector file with
// the shared evaluators (core/conformance), exactly as
// native/tools/conformance_main.cpp does, and hands back its text and JSON
// output for wasm/conformance.mjs to print. It is not part of the public API
// (master_key cases carry decoded key bytes, which clasp.mjs never exposes).
#include <emscripten/bind.h>

#include <string>

#include "clasp/conformance.h"

namespace {

using clasp::OrderedJson;
namespace conf = clasp::conformance;

// The families the WASM build cannot run, with the reason it prints.
struct SkippedFamily {
  std::string_view name;
  std::string_view reason;
};
constexpr SkippedFamily kSkipped[] = {
    {"local_encrypted_material", "native-only: AES-256-GCM is not part of the WASM build"},
};

struct FileRun {
  std::string out;      // stdout text
  std::string err;      // stderr text
  std::string entries;  // --json: the file's {"file","name","actual"} objects, comma-joined
  int passed = 0;
  int failed = 0;
  int skipped = 0;
};

std::string BaseName(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

FileRun RunFile(const std::string& path, const std::string& text, bool json_mode) {
  FileRun run;
  const std::string family_name = conf::FamilyOfPath(path);
  const std::string file = BaseName(path);
  clasp::JsonLimits limits;
  limits.max_bytes = 512u * 1024 * 1024;
  auto parsed = clasp::ParseJson(text, limits);
  if (!parsed.ok() || !parsed.value->is_array()) {
    run.err += "ERROR " + path + ": not a JSON array of cases" +
               (parsed.ok() ? "" : " (" + parsed.diagnostics[0].message + ")") + "\n";
    ++run.failed;
    return run;
  }
  const auto& cases = *parsed.value;
  for (const auto& skip : kSkipped) {
    if (skip.name != family_name) continue;
    // With --json, stdout carries only the JSON array, so the notice goes to stderr.
    (json_mode ? run.err : run.out) += "SKIP " + file + ": " + std::to_string(cases.size()) + " cases of family '" +
                                       family_name + "' skipped: " + std::string(skip.reason) + "\n";
    run.skipped += static_cast<int>(cases.size());
    return run;
  }
  const conf::Family* family = conf::FindFamily(conf::CoreFamilies(), family_name);
  if (family == nullptr) {
    run.err += "ERROR " + path + ": unknown family '" + family_name + "'\n";
    ++run.failed;
    return run;
  }
  for (const auto& c : cases) {
    const std::string name = c.is_object() && c.contains("name") && c["name"].is_string()
                                 ? c["name"].get<std::string>()
                                 : std::string("(unnamed)");
    if (!c.is_object() || !c.contains("input")) {
      run.out += "FAIL " + file + ": " + name + ": case has no input\n";
      ++run.failed;
      continue;
    }
    const OrderedJson& input = c["input"];
    const bool has_expect = c.contains("expect");
    OrderedJson actual = family->evaluate(input);
    const bool passed = has_expect && conf::MatchesExpect(actual, c["expect"]);
    if (json_mode) {
      if (!run.entries.empty()) run.entries += ',';
      run.entries += clasp::DumpJson(OrderedJson{{"file", file}, {"name", name}, {"actual", std::move(actual)}});
    } else if (!passed) {
      run.out += "FAIL " + file + ": " + name + "\n  expected " +
                 clasp::DumpJson(has_expect ? c["expect"] : OrderedJson()) + "\n  actual   " +
                 clasp::DumpJson(actual) + "\n";
    }
    passed ? ++run.passed : ++run.failed;
  }
  return run;
}

}  // namespace

EMSCRIPTEN_BINDINGS(clasp_conformance) {
  emscripten::value_object<FileRun>("FileRun")
      .field("out", &FileRun::out)
      .field("err", &FileRun::err)
      .field("entries", &FileRun::entries)
      .field("passed", &FileRun::passed)
      .field("failed", &FileRun::failed)
      .field("skipped", &FileRun::skipped);
  emscripten::function("runFile", &RunFile);
}
