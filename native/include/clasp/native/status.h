// clasp/native/status.h — the outcome of a native operation that returns no value.
//
// The native engine answers in the core's vocabulary: Result<T> for values and
// Status (a Result of nothing) for effects, both carrying Diagnostic lists, so
// a failed transaction, a bad key file and a rule violation all read alike.
//
//   Status s = OkStatus();                                       // s.ok()
//   Status e = FailStatus(Code::kStorageError, "disk I/O error"); // !e.ok()
#pragma once

#include <string>
#include <utility>

#include "clasp/diagnostic.h"
#include "clasp/result.h"

namespace clasp::native {

struct Done {};
using Status = Result<Done>;

inline Status OkStatus() { return Status::Ok(Done{}); }

inline Status FailStatus(Code code, std::string message) {
  return Status::Fail(MakeDiagnostic(code, "", std::move(message)));
}

// A failed Result<T> rewrapped as a failed Result<U> (or Status): the
// diagnostics travel, the absent value does not.
template <typename U, typename T>
Result<U> Forward(Result<T>&& failed) {
  return Result<U>::Fail(std::move(failed.diagnostics));
}

template <typename T>
Result<T> FailResult(Code code, std::string message) {
  return Result<T>::Fail(MakeDiagnostic(code, "", std::move(message)));
}

}  // namespace clasp::native
