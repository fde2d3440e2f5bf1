// The built-in sensitive-key catalogue (SENS-1/2/3), one documented pattern per
// alternative of Paperclip's rules. The hand-written predicates in
// sensitive_keys.cpp are the reference; the unit tests check that the two
// agree and that every example below behaves as stated.
#include <array>

#include "clasp/sensitive_keys.h"

namespace clasp {
namespace {

// Plain data, turned into SensitivePatterns once: a table and one loop is a
// fraction of the code that building each pattern in place took (it ships in
// clasp.wasm). Unused example slots are null.
struct Entry {
  const char* id;
  SensitiveRule rule;
  KeyForm form;
  const char* regex;
  const char* description;
  std::array<const char*, 6> true_positives;
  std::array<const char*, 6> false_positives;
};

constexpr auto kS1 = SensitiveRule::kServiceRegex;
constexpr auto kS2 = SensitiveRule::kDocsGlob;
constexpr auto kS3 = SensitiveRule::kPortability;
constexpr auto kFolded = KeyForm::kAsciiFolded;
constexpr auto kExact = KeyForm::kExact;
constexpr auto kPort = KeyForm::kPortability;

// In policy order.
constexpr Entry kCatalogue[] = {
    // SENS-1 runs on the ASCII-folded key: JS /i without the u flag never folds
    // a non-ASCII character onto an ASCII one, hence the U+017F / U+212A examples.
    {"sens1.api_key", kS1, kFolded, "api[-_]?key", "an API key",
        {"OPENAI_API_KEY", "MY_APIKEY_V2", "x-api-key", "Api_Key"},
        {"API", "API__KEY", "API_\u212AEY", "api\u0131key", "\uFF21\uFF30\uFF29_KEY"}},
    {"sens1.access_token", kS1, kFolded, "access[-_]?token", "an OAuth access token",
        {"ACCESS_TOKEN", "ACCESSTOKEN", "access-token"}, {"ACCESS__TOKEN", "ACCESS_KEY_ID"}},
    {"sens1.auth", kS1, kFolded, "auth",
        "anything auth-related; Paperclip's auth(_?token)? and authorization alternatives reduce to it "
        "(it also over-matches AUTHOR and AUTHENTIK_URL, as Paperclip does)",
        {"AUTH", "OAUTH_TOKEN", "AUTHORIZATION", "AUTHOR_NAME"}, {"AUT_H", "OA_UTH"}},
    {"sens1.bearer", kS1, kFolded, "bearer", "a bearer token", {"BEARER", "BEARER_PREFIX"}, {"BEAR", "BEARS"}},
    {"sens1.secret", kS1, kFolded, "secret", "a secret (over-matches SECRETARY_EMAIL)",
        {"CLIENT_SECRET", "SECRETARY_EMAIL"}, {"\u017FECRET", "SECRE_T"}},
    {"sens1.passwd", kS1, kFolded, "passwd", "a Unix-style password", {"PASSWD_FILE"}, {"PASS", "PWD"}},
    {"sens1.password", kS1, kFolded, "password", "a password", {"DB_PASSWORD", "PASSWORD_HASH"},
        {"PASSPHRASE", "PASS_WORD"}},
    {"sens1.credential", kS1, kFolded, "credential", "credentials", {"GOOGLE_APPLICATION_CREDENTIALS"},
        {"CRED", "CREDS"}},
    {"sens1.jwt", kS1, kFolded, "jwt", "a JSON Web Token or its signing key", {"JWT_ISSUER"}, {"JWKS_URL"}},
    {"sens1.private_key", kS1, kFolded, "private[-_]?key", "a private key",
        {"PRIVATE_KEY", "SSH_PRIVATEKEY", "private-key-path"}, {"PRIVATE", "PRIVATE__KEY", "PUBLIC_KEY"}},
    {"sens1.cookie", kS1, kFolded, "cookie", "a cookie or its signing secret", {"SESSION_COOKIE"}, {"COOKBOOK"}},
    {"sens1.connectionstring", kS1, kFolded, "connectionstring", "a connection string (only without a separator)",
        {"DB_CONNECTIONSTRING"}, {"CONNECTION_STRING", "DATABASE_URL"}},
    // SENS-2 is the documentation's upper-case glob, matched on the exact key.
    {"sens2.api_key_suffix", kS2, kExact, "_API_KEY\\z", "the documented *_API_KEY",
        {"OPENAI_API_KEY", "_API_KEY"}, {"API_KEY", "openai_api_key", "OPENAI_API_KEY_V2"}},
    {"sens2.token_suffix", kS2, kExact, "_TOKEN\\z", "the documented *_TOKEN", {"GITHUB_TOKEN", "_TOKEN"},
        {"TOKEN", "GITHUB_TOKEN_URL", "github_token"}},
    {"sens2.secret_suffix", kS2, kExact, "_SECRET\\z", "the documented *_SECRET",
        {"CLIENT_SECRET", "S\u0130GNING_SECRET"}, {"SECRET", "CLIENT_SECRET_FILE", "client_secret"}},
    // SENS-3 runs on JS trim() + toLowerCase(), so it sees the Kelvin sign as
    // "k" and fullwidth letters as fullwidth lower case.
    {"sens3.key_name", kS3, kPort, "(?:\\A|[_-])key\\z", "a key: KEY, *_KEY or *-KEY",
        {"KEY", "PUBLIC_KEY", "MY-KEY", " SSH_KEY ", "API_\u212AEY", "\uFF21\uFF30\uFF29_KEY"},
        {"KEYS", "KEY_ID", "monkey"}},
    {"sens3.token_name", kS3, kPort, "(?:\\A|[_-])token\\z", "a token: TOKEN, *_TOKEN or *-TOKEN",
        {"TOKEN", "GITHUB_TOKEN", "x-token", " token "}, {"TOKEN_URL", "MAX_TOKENS", "TOKENIZER_MODEL", "tok en"}},
    {"sens3.api_key", kS3, kPort, "api[-_]?key", "an API key", {"MY_APIKEY_V2", "Api-Key-Id"}, {"API__KEY", "API"}},
    {"sens3.access_token", kS3, kPort, "access[-_]token", "an access token (a separator is required)",
        {"ACCESS_TOKEN_URL", "access-token-url"}, {"ACCESSTOKEN"}},
    {"sens3.auth", kS3, kPort, "auth",
        "anything auth-related; auth_token, auth-token and authorization in Paperclip's list all contain it",
        {"OAUTH_CLIENT_ID", "AUTHOR_NAME", "Authorization"}, {"AUT_H"}},
    {"sens3.bearer", kS3, kPort, "bearer", "a bearer token", {"BEARER_PREFIX"}, {"BEAR"}},
    {"sens3.secret", kS3, kPort, "secret", "a secret", {"SECRETARY_EMAIL", "S\u0130GNING_SECRET"}, {"SECRE_T"}},
    {"sens3.passwd", kS3, kPort, "passwd", "a Unix-style password", {"PASSWD_FILE"}, {"PWD"}},
    {"sens3.password", kS3, kPort, "password", "a password", {"DB_PASSWORD"}, {"PASSPHRASE"}},
    {"sens3.credential", kS3, kPort, "credential", "credentials", {"CREDENTIALS_JSON"}, {"CREDS"}},
    {"sens3.jwt", kS3, kPort, "jwt", "a JSON Web Token", {"JWT_ISSUER"}, {"JWKS_URL"}},
    {"sens3.private_key", kS3, kPort, "private[-_]?key", "a private key", {"PRIVATE_KEY_PATH", "SSH_PRIVATEKEY"},
        {"PRIVATE__KEY"}},
    {"sens3.cookie", kS3, kPort, "cookie", "a cookie", {"SESSION_COOKIE"}, {"COOKBOOK"}},
    {"sens3.connectionstring", kS3, kPort, "connectionstring", "a connection string without a separator",
        {"DB_CONNECTIONSTRING"}, {"CONNECTION_STRING"}},
};

std::vector<std::string> Examples(const std::array<const char*, 6>& slots) {
  std::vector<std::string> out;
  for (const char* s : slots) {
    if (s != nullptr) out.emplace_back(s);
  }
  return out;
}

}  // namespace

const std::vector<SensitivePattern>& BuiltinSensitivePatterns() {
  static const std::vector<SensitivePattern> kPatterns = [] {
    std::vector<SensitivePattern> all;
    all.reserve(std::size(kCatalogue));
    for (const Entry& e : kCatalogue) {
      all.push_back(SensitivePattern{e.id, e.rule, e.form, e.regex, e.description, Examples(e.true_positives),
                                     Examples(e.false_positives)});
    }
    return all;
  }();
  return kPatterns;
}

}  // namespace clasp
