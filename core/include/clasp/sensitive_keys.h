// clasp/sensitive_keys.h — SENS-1/2/3: which env keys name a secret.
//
// Paperclip has three different answers to "is this key sensitive?", and a
// port must keep them apart (spec §2.1):
//
//   key                SENS-1 service  SENS-2 docs  SENS-3 portability
//   OPENAI_API_KEY     yes             yes          yes
//   GITHUB_TOKEN       no              yes          yes
//   DB_PASSWORD        yes             no           yes
//   PUBLIC_KEY         no              no           yes
//   AUTHOR             yes             no           yes   (over-match on "auth")
//   CONNECTION_STRING  no              no           no
//
// Strict mode in Paperclip uses SENS-1 only. clasp's strict mode asks a
// SensitiveKeyPolicy instead; its Default() is the union of all three, so a
// clasp server is never less protective than Paperclip, and PaperclipCompat()
// is SENS-1 exactly.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/result.h"

namespace clasp {

// SENS-1, Paperclip's SENSITIVE_ENV_KEY_RE: an unanchored substring search,
// case-insensitive with ASCII-only folding (JS non-unicode /i), for api[-_]?key,
// access[-_]?token, auth, bearer, secret, passwd, password, credential, jwt,
// private[-_]?key, cookie or connectionstring.
//   true:  "OPENAI_API_KEY", "oauth_token", "AUTHOR", "SECRETARY_EMAIL"
//   false: "GITHUB_TOKEN", "CONNECTION_STRING", "PASSPHRASE",
//          "\u017FECRET" (long s does not fold to s), "API_\u212AEY" (Kelvin sign)
bool IsSensitiveServiceRegex(std::string_view key);

// SENS-2, the documented glob *_API_KEY | *_TOKEN | *_SECRET: a case-sensitive
// suffix test, with nothing enforcing it in Paperclip's code. The glob's "*"
// may be empty, so the underscore is required and a bare name is not caught.
//   true:  "GITHUB_TOKEN", "_TOKEN", "CLIENT_SECRET", "X_API_KEY"
//   false: "TOKEN", "API_KEY", "github_token", "DB_PASSWORD"
bool IsSensitiveDocsGlob(std::string_view key);

// SENS-3, company export / CLI migrate: JS trim() and full-Unicode
// toLowerCase(), then == "key" | "token", or ends with _key -key _token -token,
// or contains apikey api_key api-key access_token access-token auth bearer
// secret passwd password credential jwt privatekey private_key private-key
// cookie connectionstring.
//   true:  "GITHUB_TOKEN", "PUBLIC_KEY", " token ", "\uFF21\uFF30\uFF29_KEY"
//   false: "ACCESSTOKEN", "TOKEN_URL", "MAX_TOKENS", "KEY_ID", "monkey"
bool IsSensitivePortability(std::string_view key);

enum class SensitiveRule { kServiceRegex, kDocsGlob, kPortability, kOperator };

// "SENS-1", "SENS-2", "SENS-3", "operator".
std::string_view SensitiveRuleName(SensitiveRule rule);

// Which form of the key a pattern is matched against. Folding happens before
// matching because RE2's (?i) folds Unicode (s ~ U+017F, k ~ U+212A), which
// is not what either JS rule does.
enum class KeyForm {
  kExact,          // as given, case-sensitive (SENS-2)
  kAsciiFolded,    // A-Z -> a-z only: JS non-unicode /i for ASCII patterns (SENS-1)
  kPortability,    // JS trim() then toLowerCase() (SENS-3)
};

// One documented RE2 pattern, gitleaks-style: the examples are part of the
// contract and are checked (for built-ins by the unit tests, for operator
// patterns by WithExtraPatterns). Patterns on a folded form are written in
// lower case, since upper-case ASCII never reaches them.
struct SensitivePattern {
  std::string id;  // stable, e.g. "sens1.api_key"
  SensitiveRule rule = SensitiveRule::kOperator;
  KeyForm form = KeyForm::kAsciiFolded;
  std::string regex;  // RE2 syntax, unanchored unless it says \A / \z
  std::string description;
  std::vector<std::string> true_positives;   // keys the pattern must flag
  std::vector<std::string> false_positives;  // look-alikes it must not flag
};

struct SensitiveMatch {
  std::string pattern_id;
  SensitiveRule rule;
};

struct SensitiveClassification {
  bool sensitive = false;
  std::vector<SensitiveMatch> matches;  // in policy order; empty when not sensitive
};

// An immutable set of compiled patterns. Built once (compiling is the
// expensive part), then shared: copies share the compiled RE2 objects, and
// every method is const and safe to call from several threads at once.
//
//   auto policy = SensitiveKeyPolicy::Default();
//   policy.IsSensitive("GITHUB_TOKEN")                      == true  (SENS-2, SENS-3)
//   SensitiveKeyPolicy::PaperclipCompat().IsSensitive("GITHUB_TOKEN") == false
//   policy.Classify("DB_PASSWORD").matches  -> sens1.password, sens3.password
class SensitiveKeyPolicy {
 public:
  // SENS-1 + SENS-2 + SENS-3: flags a key when any of Paperclip's rules would.
  static SensitiveKeyPolicy Default();
  // SENS-1 alone: exactly the keys Paperclip's strict mode rejects.
  static SensitiveKeyPolicy PaperclipCompat();

  // This policy plus operator patterns (their rule becomes kOperator). Every
  // problem is a kSensitivePatternInvalid diagnostic with a path into `extra`
  // ("/2/regex"): an empty or duplicate id, a regex RE2 refuses, a regex that
  // matches the empty key (it would flag every key), a true positive the
  // pattern misses or a false positive it flags.
  //   WithExtraPatterns({{"corp.vault", kOperator, kAsciiFolded, "vault_?pass"}}) -> ok
  //   WithExtraPatterns({{"bad", kOperator, kExact, "("}})  -> "/0/regex" diagnostic
  Result<SensitiveKeyPolicy> WithExtraPatterns(const std::vector<SensitivePattern>& extra) const;

  bool IsSensitive(std::string_view key) const;
  // Every pattern that flags the key, so a UI can say why.
  SensitiveClassification Classify(std::string_view key) const;
  const std::vector<SensitivePattern>& patterns() const;

 private:
  struct Impl;
  explicit SensitiveKeyPolicy(std::shared_ptr<Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

// The built-in catalogue in policy order (SENS-1, then SENS-2, then SENS-3),
// with the examples the unit tests iterate.
const std::vector<SensitivePattern>& BuiltinSensitivePatterns();

}  // namespace clasp
