// zod_object.h — internal to core: the bookkeeping of a zod z.object() parse
// that the request schemas (secret_request.cpp, remote_import_request.cpp)
// share.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "clasp/diagnostic.h"
#include "clasp/json_input.h"
#include "clasp/result.h"
#include "clasp/vault_zod.h"

namespace clasp::zod {

// The issues of one parse, in zod's order, each http_status 400 as
// Paperclip's route validator answers. `aborted` is zod's "an issue without
// continue" (type and enum errors): an object's refinement is skipped once
// one was raised.
struct ObjectIssues {
  std::vector<Diagnostic> list;
  bool aborted = false;

  // An issue at `field` of the object at JSON Pointer `base` ("" = the object itself).
  void Add(Code code, std::string_view base, std::string_view field, std::string message, bool aborts = false) {
    Diagnostic d = MakeDiagnostic(code, field.empty() ? std::string(base) : JsonPointerAppend(base, field),
                                  std::move(message));
    d.http_status = 400;
    list.push_back(std::move(d));
    aborted = aborted || aborts;
  }
};

// The property `name` of `object`, or nullptr when absent.
inline const OrderedJson* Property(const OrderedJson& object, std::string_view name) {
  const auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

// z.object() on a non-object: "Invalid input: expected object, received <type>".
inline bool BodyIsObject(const OrderedJson& body, ObjectIssues& issues) {
  if (body.is_object()) return true;
  issues.Add(Code::kInputWrongType, "", "", InvalidType("object", &body), true);
  return false;
}

// The parsed request, or every issue.
template <typename T>
Result<T> Finish(T request, ObjectIssues& issues) {
  if (!issues.list.empty()) return Result<T>::Fail(std::move(issues.list));
  return Result<T>::Ok(std::move(request));
}

}  // namespace clasp::zod
