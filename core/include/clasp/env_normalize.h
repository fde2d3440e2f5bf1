// clasp/env_normalize.h — SVC normalizeEnvConfig: a whole env map, checked and
// put in the canonical form Paperclip persists.
//
// Per entry, in JS Object.entries order (integer-like keys first, ascending,
// then the rest in document order), the first failing check wins:
//   ENV-5     key shape                 "Invalid environment variable name: <key>"
//   (clasp)   key "__proto__"           "Reserved environment variable name: __proto__"
//   ENV-1..4  binding shape             "Invalid environment binding for key: <key>"
//   STRICT-1  strict mode, sensitive key, plain value non-empty after JS trim()
//             "Strict secret mode requires secret references for sensitive key: <key>"
//   RED-1     plain value exactly "***REDACTED***" (no trim, case-sensitive)
//             "Refusing to persist redacted placeholder for key: <key>"
// All are HTTP 422, with JSON Pointer paths "/env/<key>".
//
// Differences from Paperclip, all deliberate:
// - Paperclip throws at the first bad entry; clasp reports every bad entry.
//   The first diagnostic is Paperclip's single error (in paperclip_compat
//   mode; by default see the next two points).
// - Paperclip assigns normalized["__proto__"] on a plain object, which sets
//   the prototype and silently drops the entry. clasp rejects the key
//   (kEnvReservedKey) unless paperclip_compat, which reproduces the drop.
// - Strict mode asks a SensitiveKeyPolicy; the default one (SENS-1+2+3) also
//   rejects plain GITHUB_TOKEN or PUBLIC_KEY, which Paperclip (SENS-1) lets
//   through. paperclip_compat uses PaperclipCompat() unless a policy is given.
// Secret ownership (SEC-1) is not checked here: normalisation does no lookups.
// The server adapter checks each secret_ref entry's secret_id separately.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/env_binding.h"
#include "clasp/json_input.h"
#include "clasp/result.h"
#include "clasp/sensitive_keys.h"

namespace clasp {

// RED-1: the UI's redaction placeholder, which must never be persisted.
inline constexpr std::string_view kRedactedSentinel = "***REDACTED***";

struct EnvNormalizeOptions {
  bool strict_mode = false;
  // Names the env in "<field_path> must be an object" and, split on '.',
  // roots the diagnostics: "adapterConfig.env" -> "/adapterConfig/env/KEY".
  std::string field_path = "env";
  // Reproduce Paperclip exactly: drop "__proto__" and default to SENS-1.
  bool paperclip_compat = false;
  // What strict mode treats as sensitive. Unset: SensitiveKeyPolicy::Default(),
  // or PaperclipCompat() in paperclip_compat mode.
  std::optional<SensitiveKeyPolicy> policy;
};

struct NormalizedEnvEntry {
  std::string key;
  EnvBinding binding;  // canonical: ENV-1 strings are kPlain, defaults filled in
};

struct NormalizedEnv {
  std::vector<NormalizedEnvEntry> entries;  // persisted entries, JS iteration order
  OrderedJson json;                         // the env object Paperclip persists
};

// One entry, with every check above. In paperclip_compat mode "__proto__" is
// accepted here; dropping it is NormalizeEnv's business.
//   NormalizeEnvEntry("LOG_LEVEL", "debug", {})                   -> plain "debug"
//   NormalizeEnvEntry("OPENAI_API_KEY", "sk-1", {strict_mode=true}) -> kStrictSensitivePlain
//   NormalizeEnvEntry("1X", "v", {})                              -> kEnvKeyInvalid
Result<EnvBinding> NormalizeEnvEntry(std::string_view key, const OrderedJson& raw,
                                     const EnvNormalizeOptions& options = {});

// The whole map. Not an object (null, array, string, ...) -> kEnvNotObject
// "<field_path> must be an object".
//   NormalizeEnv({"A":"1","B":{"type":"secret_ref","secretId":G}})
//     -> {"A":{"type":"plain","value":"1"},
//         "B":{"type":"secret_ref","secretId":G,"version":"latest",
//              "projectionClass":"unclassified","projectionAllowlistKey":null}}
//   NormalizeEnv({"1X":"a","B":5}) -> two diagnostics, /env/1X then /env/B
Result<NormalizedEnv> NormalizeEnv(const OrderedJson& env, const EnvNormalizeOptions& options = {});

// The same verdict as NormalizeEnv (identical diagnostics, in the same order)
// without building the persisted form: what a form validating on every
// keystroke needs. Empty when the env would be accepted.
//   ValidateEnv({"A":"1"})          -> {}
//   ValidateEnv({"1X":"a","B":5})   -> /env/1X, /env/B
std::vector<Diagnostic> ValidateEnv(const OrderedJson& env, const EnvNormalizeOptions& options = {});

}  // namespace clasp
