// tests/fuzz/fuzz_support.h — what every clasp fuzz target shares.
//
// Targets are bounded like RE2's: inputs over kMaxInput bytes are ignored,
// so a slow unit is a real finding, not a large input. A broken invariant
// aborts (libFuzzer keeps the input as a crash reproducer); a Result that
// says "error" is never a finding by itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/diagnostic.h"
#include "clasp/json_input.h"

namespace clasp::fuzz {

inline constexpr std::size_t kMaxInput = 64 * 1024;

inline std::string_view Bytes(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

[[noreturn]] inline void Broken(const char* invariant) {
  std::fprintf(stderr, "invariant broken: %s\n", invariant);
  std::abort();
}

inline void Require(bool holds, const char* invariant) {
  if (!holds) Broken(invariant);
}

// Every diagnostic clasp emits must be complete: a stable code, a JSON
// Pointer ("" or starting with "/"), a message, and a 1xx-5xx status.
inline void CheckDiagnostics(const std::vector<Diagnostic>& diagnostics) {
  for (const auto& d : diagnostics) {
    Require(!CodeName(d.code).empty(), "diagnostic has a code");
    Require(d.path.empty() || d.path.front() == '/', "diagnostic path is a JSON Pointer");
    Require(!d.message.empty(), "diagnostic has a message");
    Require(d.http_status >= 100 && d.http_status < 600, "diagnostic status is an HTTP status");
  }
}

inline bool SameDiagnostics(const std::vector<Diagnostic>& a, const std::vector<Diagnostic>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].code != b[i].code || a[i].path != b[i].path || a[i].message != b[i].message ||
        a[i].http_status != b[i].http_status || a[i].severity != b[i].severity) {
      return false;
    }
  }
  return true;
}

// Whatever the core returns must serialise (invalid UTF-8 from the input is
// replaced, never thrown on).
inline void CheckSerialises(const OrderedJson& value) { (void)DumpJson(value); }

}  // namespace clasp::fuzz
