#define BOOST_TEST_MODULE sensitive_keys
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "clasp/sensitive_keys.h"
#include "test_support.h"

using namespace clasp;

namespace {

// Keys from the conformance vectors (inputs only), plus spec edge cases.
const std::vector<std::string> kSampleKeys = {
    "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "api_key", "Api_Key", "MY_APIKEY_V2", "X_API_KEY", "SLACK_BOT_TOKEN",
    "NPM_TOKEN", "TOKEN", "token", "TOKENIZER_MODEL", "MAX_TOKENS", "ACCESS_TOKEN", "ACCESSTOKEN", "OAUTH_TOKEN",
    "CLAUDE_CODE_OAUTH_TOKEN", "OAUTH_CLIENT_ID", "AUTH", "AUTHOR_NAME", "AUTH_TOKEN", "AUTHTOKEN", "AUTHORIZATION",
    "BEARER", "BEARER_PREFIX", "CLIENT_SECRET", "AWS_SECRET_ACCESS_KEY", "SECRET", "SECRETARY_EMAIL", "DB_PASSWORD",
    "PASSWD", "PASSWORD_HASH", "PASS", "PWD", "PASSPHRASE", "CREDENTIALS_JSON", "GOOGLE_APPLICATION_CREDENTIALS",
    "JWT_ISSUER", "JWKS_URL", "PRIVATE_KEY", "SSH_PRIVATEKEY", "PRIVATE_KEY_PATH", "PUBLIC_KEY", "COOKIE_SECRET",
    "SESSION_COOKIE", "DATABASE_URL", "PATH", "LOG_LEVEL", "KEY", "API", "\uFF21\uFF30\uFF29_KEY",
    "S\u0130GNING_SECRET", "\u017FECRET", "slack", "\u00A0cREDENTiALs__PAsSworD_CoOkIE ", "SLACK", "ConNEcTion",
    "COOKIE-SECRETSESSION.TOKEN", "openai", "passwdstring-access", "\tpass ", "auth__auth", "JwT.pRIVATE",
    "ID PASSWORD-PWD-PRIVATE", "tOken-jwt_Jwt", "\nname__bearer\n", "SLACK DBPWD", "CONNECTION PWD.SESSION",
    "KEYS PRIVATE_STRING", "api", "\u017Fecret", "api\u0131key", "\uFF34OKEN", "X_\u00C5PI_KEY", "MY_KEY", "monkey",
    "KEY_ID", "TOKEN_", "_TOKEN", "-token", "x-token", "access-token", "AUTH_TOKEN_URL", "PRIVATEKEY", "PASSWD_FILE",
    std::string("password\0", 9), " token ", "tok en", "BEARER_TOKEN", "SSH_KEY", "GITHUB_TOKEN", "AUTHOR",
    "AUTHENTIK_URL", "CONNECTION_STRING", "API_\u212AEY", "\u212AEY", "_API_KEY", "_SECRET", "CLIENT_SECRET_FILE"};

std::set<SensitiveRule> RulesOf(const SensitiveClassification& c) {
  std::set<SensitiveRule> rules;
  for (const auto& m : c.matches) rules.insert(m.rule);
  return rules;
}

std::set<SensitiveRule> PredicateRules(const std::string& key) {
  std::set<SensitiveRule> rules;
  if (IsSensitiveServiceRegex(key)) rules.insert(SensitiveRule::kServiceRegex);
  if (IsSensitiveDocsGlob(key)) rules.insert(SensitiveRule::kDocsGlob);
  if (IsSensitivePortability(key)) rules.insert(SensitiveRule::kPortability);
  return rules;
}

std::vector<std::string> RandomKeys(std::size_t count) {
  const std::vector<std::string> parts = {
      "API", "api", "Api", "_", "-", "KEY", "key", "Key", "TOKEN", "token", "OKEN", "T", "K", "EY", "AUTH", "auth",
      "SECRET", "secret", "PASS", "WORD", "PASSWD", "ACCESS", "access", "PRIVATE", "private", "COOKIE", "CONNECTION",
      "STRING", "JWT", "jwt", "BEARER", "credential", "CREDENTIAL", " ", "\t", "\u00A0", "\u212A", "\u017F",
      "\u0130", "\uFF2B", "\u03A3", "x", "1", ".", "\xff"};
  std::mt19937 rng(20260916);
  std::uniform_int_distribution<std::size_t> pick(0, parts.size() - 1);
  std::uniform_int_distribution<int> length(1, 7);
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < count; ++i) {
    std::string key;
    for (int n = length(rng); n > 0; --n) key += parts[pick(rng)];
    keys.push_back(key);
  }
  return keys;
}

}  // namespace

BOOST_AUTO_TEST_CASE(sens1_service_regex) {
  for (const char* yes : {"OPENAI_API_KEY", "api-key", "MY_APIKEY_V2", "access_token", "ACCESSTOKEN", "oauth_token",
                          "AUTHOR", "AUTHENTIK_URL", "AUTHORIZATION", "bearer", "SECRETARY_EMAIL", "PASSWD",
                          "DB_PASSWORD", "CREDENTIALS", "JWT", "private-key", "SSH_PRIVATEKEY", "COOKIE",
                          "DB_CONNECTIONSTRING", "x_Api_Key_y"}) {
    BOOST_TEST(IsSensitiveServiceRegex(yes), yes);
  }
  for (const char* no : {"GITHUB_TOKEN", "SLACK_BOT_TOKEN", "NPM_TOKEN", "REFRESH_TOKEN", "CONNECTION_STRING",
                         "PASSPHRASE", "PWD", "PASS", "PUBLIC_KEY", "KEY", "API__KEY", "\u017FECRET",
                         "API_\u212AEY", "\uFF21\uFF30\uFF29_KEY", "api\u0131key", ""}) {
    BOOST_TEST(!IsSensitiveServiceRegex(no), no);
  }
}

BOOST_AUTO_TEST_CASE(sens2_docs_glob) {
  for (const char* yes : {"GITHUB_TOKEN", "_TOKEN", "CLIENT_SECRET", "X_API_KEY", "S\u0130GNING_SECRET"}) {
    BOOST_TEST(IsSensitiveDocsGlob(yes), yes);
  }
  for (const char* no : {"TOKEN", "API_KEY", "SECRET", "github_token", "DB_PASSWORD", "GITHUB_TOKEN ",
                         "TOKEN_", "AWS_SECRET_ACCESS_KEY", ""}) {
    BOOST_TEST(!IsSensitiveDocsGlob(no), no);
  }
}

BOOST_AUTO_TEST_CASE(sens3_portability) {
  for (const char* yes : {"GITHUB_TOKEN", "PUBLIC_KEY", "KEY", "key", "MY-KEY", " token ", "x-token", "-token",
                          "\uFF21\uFF30\uFF29_KEY", "API_\u212AEY", "\u212AEY", "ACCESS_TOKEN_URL",
                          "OAUTH_CLIENT_ID", "AUTHOR", "\u00A0cREDENTiALs "}) {
    BOOST_TEST(IsSensitivePortability(yes), yes);
  }
  for (const char* no : {"ACCESSTOKEN", "TOKEN_URL", "MAX_TOKENS", "TOKENIZER_MODEL", "KEY_ID", "KEYS", "monkey",
                         "tok en", "TOKEN_", "\u017FECRET", "\uFF34OKEN", "CONNECTION_STRING", "\u200BKEY", ""}) {
    BOOST_TEST(!IsSensitivePortability(no), no);
  }
}

BOOST_AUTO_TEST_CASE(builtin_patterns_honour_their_examples) {
  const auto policy = SensitiveKeyPolicy::Default();
  BOOST_TEST(policy.patterns().size() == BuiltinSensitivePatterns().size());
  std::set<std::string> ids;
  for (const auto& p : BuiltinSensitivePatterns()) {
    BOOST_TEST(ids.insert(p.id).second, "duplicate id " << p.id);
    BOOST_TEST(!p.description.empty(), p.id);
    BOOST_TEST(!p.true_positives.empty(), p.id);
    BOOST_TEST(!p.false_positives.empty(), p.id);
    const auto has = [&](const std::string& key) {
      const auto c = policy.Classify(key);
      return std::any_of(c.matches.begin(), c.matches.end(), [&](const auto& m) { return m.pattern_id == p.id; });
    };
    for (const auto& tp : p.true_positives) BOOST_TEST(has(tp), p.id << " misses " << tp);
    for (const auto& fp : p.false_positives) BOOST_TEST(!has(fp), p.id << " flags " << fp);
  }
  // Re-validating the catalogue as operator patterns exercises the same checks.
  std::vector<SensitivePattern> copies = BuiltinSensitivePatterns();
  for (auto& p : copies) p.id = "copy." + p.id;
  BOOST_TEST(SensitiveKeyPolicy::Default().WithExtraPatterns(copies).ok());
}

BOOST_AUTO_TEST_CASE(policy_agrees_with_predicates) {
  std::vector<std::string> keys = kSampleKeys;
  const auto random = RandomKeys(5000);
  keys.insert(keys.end(), random.begin(), random.end());
  const auto def = SensitiveKeyPolicy::Default();
  const auto compat = SensitiveKeyPolicy::PaperclipCompat();
  for (const auto& key : keys) {
    const auto expected = PredicateRules(key);
    const auto c = def.Classify(key);
    BOOST_TEST((RulesOf(c) == expected), "rules differ for [" << key << "]");
    BOOST_TEST(c.sensitive == !expected.empty());
    BOOST_TEST(def.IsSensitive(key) == c.sensitive);
    BOOST_TEST(compat.IsSensitive(key) == IsSensitiveServiceRegex(key), "compat differs for [" << key << "]");
  }
}

BOOST_AUTO_TEST_CASE(classify_explains) {
  const auto c = SensitiveKeyPolicy::Default().Classify("DB_PASSWORD");
  BOOST_REQUIRE(c.matches.size() == 2u);
  BOOST_TEST(c.matches[0].pattern_id == "sens1.password");
  BOOST_TEST((c.matches[0].rule == SensitiveRule::kServiceRegex));
  BOOST_TEST(c.matches[1].pattern_id == "sens3.password");
  BOOST_TEST(SensitiveRuleName(c.matches[1].rule) == "SENS-3");
  const auto none = SensitiveKeyPolicy::Default().Classify("LOG_LEVEL");
  BOOST_TEST(!none.sensitive);
  BOOST_TEST(none.matches.empty());
  BOOST_TEST(SensitiveKeyPolicy::Default().IsSensitive("GITHUB_TOKEN"));
  BOOST_TEST(!SensitiveKeyPolicy::PaperclipCompat().IsSensitive("GITHUB_TOKEN"));
}

BOOST_AUTO_TEST_CASE(operator_patterns_extend_without_mutating) {
  const auto base = SensitiveKeyPolicy::PaperclipCompat();
  SensitivePattern vault{"corp.vault_pass", SensitiveRule::kDocsGlob, KeyForm::kAsciiFolded, "vault_?pass",
                         "corporate vault passphrases", {"VAULT_PASS", "vaultpass_file"}, {"VAULT_ADDR"}};
  const auto extended = base.WithExtraPatterns({vault});
  BOOST_REQUIRE(extended.ok());
  BOOST_TEST(extended.value->IsSensitive("MY_VAULT_PASS"));
  BOOST_TEST(!base.IsSensitive("MY_VAULT_PASS"));
  BOOST_TEST(extended.value->IsSensitive("DB_PASSWORD"));  // built-ins kept
  const auto c = extended.value->Classify("VAULT_PASS");
  BOOST_REQUIRE(c.matches.size() == 1u);
  BOOST_TEST((c.matches[0].rule == SensitiveRule::kOperator));  // rule is forced
  const auto exact = base.WithExtraPatterns({{"corp.exact", SensitiveRule::kOperator, KeyForm::kExact, "^STRIPE_"}});
  BOOST_REQUIRE(exact.ok());
  BOOST_TEST(exact.value->IsSensitive("STRIPE_X"));
  BOOST_TEST(!exact.value->IsSensitive("stripe_x"));
}

// Found by fuzz_sensitive_patterns: IsSensitive once matched one alternation
// spliced from the patterns' text, and `\Qx` (a quote RE2 ends only at \E)
// swallowed the rest of it, so every other pattern of its form stopped
// flagging. Each pattern now stands on its own.
BOOST_AUTO_TEST_CASE(an_unterminated_quote_does_not_swallow_the_other_patterns) {
  const auto base = SensitiveKeyPolicy::PaperclipCompat();
  const auto extended = base.WithExtraPatterns({{"corp.quote", SensitiveRule::kOperator, KeyForm::kExact, "\\Qx_"},
                                                {"corp.secret", SensitiveRule::kOperator, KeyForm::kExact, "MYSECRET"}});
  BOOST_REQUIRE(extended.ok());
  for (const char* key : {"MYSECRET_VALUE", "A_x_B", "a\\Q\\", "PLAIN"}) {
    BOOST_TEST(extended.value->IsSensitive(key) == extended.value->Classify(key).sensitive, key);
  }
  BOOST_TEST(extended.value->IsSensitive("MYSECRET_VALUE"));
  BOOST_TEST(extended.value->IsSensitive("A_x_B"));
  BOOST_TEST(!extended.value->IsSensitive("PLAIN"));
}

BOOST_AUTO_TEST_CASE(bad_operator_patterns_are_diagnostics) {
  const auto base = SensitiveKeyPolicy::Default();
  const auto check = [&](const SensitivePattern& p, const std::string& path) {
    const auto r = base.WithExtraPatterns({SensitivePattern{"ok.one", SensitiveRule::kOperator, KeyForm::kExact, "X1"}, p});
    BOOST_REQUIRE(!r.ok());
    BOOST_REQUIRE(r.diagnostics.size() == 1u);
    BOOST_TEST(r.diagnostics[0].code == Code::kSensitivePatternInvalid);
    BOOST_TEST(r.diagnostics[0].path == path);
  };
  check({"bad", SensitiveRule::kOperator, KeyForm::kExact, "("}, "/1/regex");
  check({"bad", SensitiveRule::kOperator, KeyForm::kExact, "\xff"}, "/1/regex");
  check({"", SensitiveRule::kOperator, KeyForm::kExact, "x"}, "/1/id");
  check({"sens1.auth", SensitiveRule::kOperator, KeyForm::kExact, "x"}, "/1/id");
  check({"ok.one", SensitiveRule::kOperator, KeyForm::kExact, "x"}, "/1/id");
  check({"all", SensitiveRule::kOperator, KeyForm::kExact, ".*"}, "/1/regex");
  check({"tp", SensitiveRule::kOperator, KeyForm::kAsciiFolded, "stripe", "", {"STRIPE_KEY", "NOPE"}}, "/1/true_positives/1");
  check({"fp", SensitiveRule::kOperator, KeyForm::kAsciiFolded, "stripe", "", {}, {"STRIPEY"}}, "/1/false_positives/0");
  check({"big", SensitiveRule::kOperator, KeyForm::kExact, "((((a{1000}){1000}){1000}){1000})"}, "/1/regex");
}

BOOST_AUTO_TEST_CASE(hostile_keys) {
  const auto policy = SensitiveKeyPolicy::Default();
  const std::string huge = std::string(10 * 1024 * 1024, 'A') + "_TOKEN";
  BOOST_TEST(IsSensitiveDocsGlob(huge));
  BOOST_TEST(IsSensitivePortability(huge));
  BOOST_TEST(!IsSensitiveServiceRegex(huge));
  BOOST_TEST(policy.IsSensitive(huge));
  for (const std::string bad : {std::string("\xff\xfe_API_KEY"), std::string("SECRET\xc3"), std::string("\xed\xa0\x80KEY")}) {
    BOOST_TEST((RulesOf(policy.Classify(bad)) == PredicateRules(bad)));
  }
  BOOST_TEST(policy.IsSensitive("\xff_SECRET"));
}

BOOST_AUTO_TEST_CASE(policy_is_shareable_across_threads) {
  const auto policy = SensitiveKeyPolicy::Default();
  const auto keys = RandomKeys(500);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t, copy = policy] {
      for (const auto& key : keys) {
        if (copy.IsSensitive(key) != !PredicateRules(key).empty()) ++mismatches[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : mismatches) BOOST_TEST(m == 0);
}
