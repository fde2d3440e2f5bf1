// clasp/result.h — a value or the diagnostics that explain why there is none.
//
// Result<T> is clasp's stand-in for std::expected (absent from g++ 12 and
// emscripten's libc++ 13). A Result always carries its diagnostics, so a
// successful verdict can still hold warnings:
//
//   Result<int> r = Result<int>::Ok(3);          // r.ok(), *r.value == 3
//   Result<int> e = Result<int>::Fail({diag});    // !e.ok(), e.diagnostics[0]
//
// ok() is true iff a value is present and no diagnostic is an error.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "clasp/diagnostic.h"

namespace clasp {

template <typename T>
struct Result {
  std::optional<T> value;
  std::vector<Diagnostic> diagnostics;

  bool ok() const { return value.has_value() && !HasErrors(diagnostics); }

  static Result Ok(T v, std::vector<Diagnostic> warnings = {}) {
    return Result{std::move(v), std::move(warnings)};
  }
  static Result Fail(std::vector<Diagnostic> errors) { return Result{std::nullopt, std::move(errors)}; }
  static Result Fail(Diagnostic error) { return Fail(std::vector<Diagnostic>{std::move(error)}); }
};

}  // namespace clasp
