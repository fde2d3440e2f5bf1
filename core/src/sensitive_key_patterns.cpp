// The built-in sensitive-key catalogue (SENS-1/2/3), one documented pattern per
// alternative of Paperclip's rules. The hand-written predicates in
// sensitive_keys.cpp are the reference; the unit tests check that the two
// agree and that every example below behaves as stated.
#include "clasp/sensitive_keys.h"

namespace clasp {
namespace {

SensitivePattern P(std::string id, SensitiveRule rule, KeyForm form, std::string regex, std::string description,
                   std::vector<std::string> tps, std::vector<std::string> fps) {
  return SensitivePattern{std::move(id), rule, form, std::move(regex), std::move(description),
                          std::move(tps), std::move(fps)};
}

// SENS-1 runs on the ASCII-folded key: JS /i without the u flag never folds a
// non-ASCII character onto an ASCII one, hence the U+017F / U+212A examples.
std::vector<SensitivePattern> ServiceRegexPatterns() {
  constexpr auto R = SensitiveRule::kServiceRegex;
  constexpr auto F = KeyForm::kAsciiFolded;
  return {
      P("sens1.api_key", R, F, "api[-_]?key", "an API key",
        {"OPENAI_API_KEY", "MY_APIKEY_V2", "x-api-key", "Api_Key"},
        {"API", "API__KEY", "API_\u212AEY", "api\u0131key", "\uFF21\uFF30\uFF29_KEY"}),
      P("sens1.access_token", R, F, "access[-_]?token", "an OAuth access token",
        {"ACCESS_TOKEN", "ACCESSTOKEN", "access-token"}, {"ACCESS__TOKEN", "ACCESS_KEY_ID"}),
      P("sens1.auth", R, F, "auth",
        "anything auth-related; Paperclip's auth(_?token)? and authorization alternatives reduce to it "
        "(it also over-matches AUTHOR and AUTHENTIK_URL, as Paperclip does)",
        {"AUTH", "OAUTH_TOKEN", "AUTHORIZATION", "AUTHOR_NAME"}, {"AUT_H", "OA_UTH"}),
      P("sens1.bearer", R, F, "bearer", "a bearer token", {"BEARER", "BEARER_PREFIX"}, {"BEAR", "BEARS"}),
      P("sens1.secret", R, F, "secret", "a secret (over-matches SECRETARY_EMAIL)",
        {"CLIENT_SECRET", "SECRETARY_EMAIL"}, {"\u017FECRET", "SECRE_T"}),
      P("sens1.passwd", R, F, "passwd", "a Unix-style password", {"PASSWD_FILE"}, {"PASS", "PWD"}),
      P("sens1.password", R, F, "password", "a password", {"DB_PASSWORD", "PASSWORD_HASH"},
        {"PASSPHRASE", "PASS_WORD"}),
      P("sens1.credential", R, F, "credential", "credentials", {"GOOGLE_APPLICATION_CREDENTIALS"}, {"CRED", "CREDS"}),
      P("sens1.jwt", R, F, "jwt", "a JSON Web Token or its signing key", {"JWT_ISSUER"}, {"JWKS_URL"}),
      P("sens1.private_key", R, F, "private[-_]?key", "a private key",
        {"PRIVATE_KEY", "SSH_PRIVATEKEY", "private-key-path"}, {"PRIVATE", "PRIVATE__KEY", "PUBLIC_KEY"}),
      P("sens1.cookie", R, F, "cookie", "a cookie or its signing secret", {"SESSION_COOKIE"}, {"COOKBOOK"}),
      P("sens1.connectionstring", R, F, "connectionstring", "a connection string (only without a separator)",
        {"DB_CONNECTIONSTRING"}, {"CONNECTION_STRING", "DATABASE_URL"}),
  };
}

// SENS-2 is the documentation's upper-case glob, matched on the exact key.
std::vector<SensitivePattern> DocsGlobPatterns() {
  constexpr auto R = SensitiveRule::kDocsGlob;
  constexpr auto F = KeyForm::kExact;
  return {
      P("sens2.api_key_suffix", R, F, "_API_KEY\\z", "the documented *_API_KEY",
        {"OPENAI_API_KEY", "_API_KEY"}, {"API_KEY", "openai_api_key", "OPENAI_API_KEY_V2"}),
      P("sens2.token_suffix", R, F, "_TOKEN\\z", "the documented *_TOKEN", {"GITHUB_TOKEN", "_TOKEN"},
        {"TOKEN", "GITHUB_TOKEN_URL", "github_token"}),
      P("sens2.secret_suffix", R, F, "_SECRET\\z", "the documented *_SECRET",
        {"CLIENT_SECRET", "S\u0130GNING_SECRET"}, {"SECRET", "CLIENT_SECRET_FILE", "client_secret"}),
  };
}

// SENS-3 runs on JS trim() + toLowerCase(), so it sees the Kelvin sign as "k"
// and fullwidth letters as fullwidth lower case.
std::vector<SensitivePattern> PortabilityPatterns() {
  constexpr auto R = SensitiveRule::kPortability;
  constexpr auto F = KeyForm::kPortability;
  return {
      P("sens3.key_name", R, F, "(?:\\A|[_-])key\\z", "a key: KEY, *_KEY or *-KEY",
        {"KEY", "PUBLIC_KEY", "MY-KEY", " SSH_KEY ", "API_\u212AEY", "\uFF21\uFF30\uFF29_KEY"},
        {"KEYS", "KEY_ID", "monkey"}),
      P("sens3.token_name", R, F, "(?:\\A|[_-])token\\z", "a token: TOKEN, *_TOKEN or *-TOKEN",
        {"TOKEN", "GITHUB_TOKEN", "x-token", " token "}, {"TOKEN_URL", "MAX_TOKENS", "TOKENIZER_MODEL", "tok en"}),
      P("sens3.api_key", R, F, "api[-_]?key", "an API key", {"MY_APIKEY_V2", "Api-Key-Id"}, {"API__KEY", "API"}),
      P("sens3.access_token", R, F, "access[-_]token", "an access token (a separator is required)",
        {"ACCESS_TOKEN_URL", "access-token-url"}, {"ACCESSTOKEN"}),
      P("sens3.auth", R, F, "auth",
        "anything auth-related; auth_token, auth-token and authorization in Paperclip's list all contain it",
        {"OAUTH_CLIENT_ID", "AUTHOR_NAME", "Authorization"}, {"AUT_H"}),
      P("sens3.bearer", R, F, "bearer", "a bearer token", {"BEARER_PREFIX"}, {"BEAR"}),
      P("sens3.secret", R, F, "secret", "a secret", {"SECRETARY_EMAIL", "S\u0130GNING_SECRET"}, {"SECRE_T"}),
      P("sens3.passwd", R, F, "passwd", "a Unix-style password", {"PASSWD_FILE"}, {"PWD"}),
      P("sens3.password", R, F, "password", "a password", {"DB_PASSWORD"}, {"PASSPHRASE"}),
      P("sens3.credential", R, F, "credential", "credentials", {"CREDENTIALS_JSON"}, {"CREDS"}),
      P("sens3.jwt", R, F, "jwt", "a JSON Web Token", {"JWT_ISSUER"}, {"JWKS_URL"}),
      P("sens3.private_key", R, F, "private[-_]?key", "a private key", {"PRIVATE_KEY_PATH", "SSH_PRIVATEKEY"},
        {"PRIVATE__KEY"}),
      P("sens3.cookie", R, F, "cookie", "a cookie", {"SESSION_COOKIE"}, {"COOKBOOK"}),
      P("sens3.connectionstring", R, F, "connectionstring", "a connection string without a separator",
        {"DB_CONNECTIONSTRING"}, {"CONNECTION_STRING"}),
  };
}

}  // namespace

const std::vector<SensitivePattern>& BuiltinSensitivePatterns() {
  static const std::vector<SensitivePattern> kPatterns = [] {
    std::vector<SensitivePattern> all = ServiceRegexPatterns();
    for (auto* group : {DocsGlobPatterns, PortabilityPatterns}) {
      for (auto& p : group()) all.push_back(std::move(p));
    }
    return all;
  }();
  return kPatterns;
}

}  // namespace clasp
