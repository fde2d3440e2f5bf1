// bindings/marshal.h — JSON <-> core struct conversions for the WASM API.
//
// The JS wrapper (clasp-api.mjs) serialises the caller's plain objects into
// one JSON array of arguments; these helpers read that array into the core's
// types and write the core's answers back as {ok, value?, diagnostics}. They
// convert types only: every verdict comes from core/. A field of the wrong
// type is an input_wrong_type diagnostic at its JSON Pointer, never a crash.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/binding.h"
#include "clasp/desync.h"
#include "clasp/diagnostic.h"
#include "clasp/json_input.h"
#include "clasp/sensitive_keys.h"
#include "clasp/user_secret_ref.h"
#include "clasp/vault_status.h"

namespace clasp::bindings {

// A member of an object, or a shared null when absent or `object` is not one.
const OrderedJson& Member(const OrderedJson& object, std::string_view name);

// The answer every API function returns. `value` is omitted when null.
OrderedJson Answer(bool ok, OrderedJson value, const std::vector<Diagnostic>& diagnostics);
OrderedJson DiagnosticJson(const Diagnostic& d);

// Moves diagnostics into `out`, prefixing their paths with `prefix`.
void AppendWithPrefix(std::vector<Diagnostic>& out, const std::vector<Diagnostic>& in, std::string_view prefix);

// Typed readers. A null/absent value gives the fallback; any other wrong type
// adds an input_wrong_type diagnostic at `path` and gives the fallback.
class Reader {
 public:
  bool Bool(const OrderedJson& v, std::string_view path, bool fallback);
  std::string String(const OrderedJson& v, std::string_view path, std::string fallback = {});
  std::optional<std::string> OptString(const OrderedJson& v, std::string_view path);
  std::vector<std::string> Strings(const OrderedJson& v, std::string_view path);
  void WrongType(std::string_view path, std::string_view expected, const OrderedJson& v);

  std::vector<Diagnostic> diagnostics;
};

// "default" (SENS-1+2+3), "paperclip" (SENS-1), or {base, extraPatterns:[
// {id, form: "exact"|"ascii_folded"|"portability", regex, description,
// truePositives, falsePositives}]}. Absent -> nullopt (the caller's default).
std::optional<SensitiveKeyPolicy> ReadPolicy(const OrderedJson& v, std::string_view path, Reader& reader);

// Binding rows in the API's camelCase shape, paths "/rows/<i>/...".
std::vector<BindingRow> ReadBindingRows(const OrderedJson& v, std::string_view path, Reader& reader);
OrderedJson BindingRowsJson(const std::vector<BindingRow>& rows);

// {id: {companyId, status?, scope?}} or {id: "companyId"}; ids are stored in
// the lower-case text form SecretMap expects.
SecretMap ReadSecrets(const OrderedJson& v, std::string_view path, Reader& reader);
// [{id, companyId, key, status?, deletedAt?}]; null = none.
std::vector<UserSecretDefinition> ReadUserSecretDefinitions(const OrderedJson& v, std::string_view path,
                                                            Reader& reader);

// {targetType, targetId, pathPrefix?}.
BindingTarget ReadTarget(const OrderedJson& v, std::string_view path, Reader& reader);

// Provider vault rows in Paperclip's JSON shape.
std::vector<ProviderVault> ReadVaultRows(const OrderedJson& v, std::string_view path, Reader& reader);
OrderedJson ProviderVaultJson(const ProviderVault& row);

std::string_view DisabledAtChangeName(DisabledAtChange change);

}  // namespace clasp::bindings
