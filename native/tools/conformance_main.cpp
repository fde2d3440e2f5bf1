// clasp-conformance FILE... — runs shared conformance vectors against clasp.
//
// Text mode prints one line per failing case and a closing
// "N passed, N failed[, N skipped]" line; --json prints a JSON array of
// {"file","name","actual"} instead, for byte-for-byte comparison with the WASM
// runner. Exits 1 when any case fails or any file cannot be evaluated.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "clasp/conformance.h"
#include "native_families.h"

namespace {

using clasp::OrderedJson;
namespace conf = clasp::conformance;

struct Totals {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
};

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

std::string BaseName(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

void RunFile(const std::string& path, bool json_mode, Totals* totals, OrderedJson* json_out) {
  const std::string family_name = conf::FamilyOfPath(path);
  const std::string file = BaseName(path);
  std::string text;
  if (!ReadFile(path, &text)) {
    std::cerr << "ERROR " << path << ": cannot read file\n";
    ++totals->failed;
    return;
  }
  clasp::JsonLimits limits;
  limits.max_bytes = 512u * 1024 * 1024;
  auto parsed = clasp::ParseJson(text, limits);
  if (!parsed.ok() || !parsed.value->is_array()) {
    std::cerr << "ERROR " << path << ": not a JSON array of cases"
              << (parsed.ok() ? "" : " (" + parsed.diagnostics[0].message + ")") << "\n";
    ++totals->failed;
    return;
  }
  const auto& cases = *parsed.value;
  if (const auto* skip = clasp::native::FindSkippedFamily(family_name)) {
    std::cout << "SKIP " << file << ": " << cases.size() << " cases of family '" << family_name
              << "' skipped: " << skip->reason << "\n";
    totals->skipped += static_cast<int>(cases.size());
    return;
  }
  const conf::Family* family = conf::FindFamily(clasp::native::AllFamilies(), family_name);
  if (family == nullptr) {
    std::cerr << "ERROR " << path << ": unknown family '" << family_name << "'\n";
    ++totals->failed;
    return;
  }
  const clasp::native::FlatCaseFamily* flat = clasp::native::FindFlatCaseFamily(family_name);
  for (const auto& c : cases) {
    const std::string name = c.is_object() && c.contains("name") && c["name"].is_string()
                                 ? c["name"].get<std::string>()
                                 : std::string("(unnamed)");
    OrderedJson input;
    OrderedJson expect;
    bool has_expect = false;
    if (c.is_object() && c.contains("input")) {
      input = c["input"];
      has_expect = c.contains("expect");
      if (has_expect) expect = c["expect"];
    } else if (flat != nullptr && flat->split(c, &input, &expect)) {
      has_expect = true;
    } else {
      std::cout << "FAIL " << file << ": " << name << ": case has no input\n";
      ++totals->failed;
      continue;
    }
    OrderedJson actual = family->evaluate(input);
    if (json_mode) json_out->push_back(OrderedJson{{"file", file}, {"name", name}, {"actual", actual}});
    if (has_expect && conf::MatchesExpect(actual, expect)) {
      ++totals->passed;
    } else {
      ++totals->failed;
      if (!json_mode) {
        std::cout << "FAIL " << file << ": " << name << "\n  expected " << clasp::DumpJson(expect)
                  << "\n  actual   " << clasp::DumpJson(actual) << "\n";
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool json_mode = false;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--json") {
      json_mode = true;
    } else if (arg == "-h" || arg == "--help") {
      std::cout << "usage: clasp-conformance [--json] FILE...\n";
      return 0;
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    std::cerr << "usage: clasp-conformance [--json] FILE...\n";
    return 2;
  }
  Totals totals;
  OrderedJson json_out = OrderedJson::array();
  for (const auto& f : files) RunFile(f, json_mode, &totals, &json_out);
  if (json_mode) {
    std::cout << clasp::DumpJson(json_out) << "\n";
    std::cerr << totals.passed << " passed, " << totals.failed << " failed";
    if (totals.skipped) std::cerr << ", " << totals.skipped << " skipped";
    std::cerr << "\n";
  } else {
    std::cout << totals.passed << " passed, " << totals.failed << " failed";
    if (totals.skipped) std::cout << ", " << totals.skipped << " skipped";
    std::cout << "\n";
  }
  return totals.failed == 0 ? 0 : 1;
}
