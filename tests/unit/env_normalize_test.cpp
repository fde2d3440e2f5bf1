#define BOOST_TEST_MODULE env_normalize
#include <boost/test/unit_test.hpp>

#include <string>

#include "clasp/env_normalize.h"
#include "test_support.h"

using namespace clasp;
using clasp::test::J;

namespace {

const std::string kGuid = "8f884973-c29b-44e4-8ea3-6413437f8081";

EnvNormalizeOptions Strict(bool compat = false) {
  EnvNormalizeOptions o;
  o.strict_mode = true;
  o.paperclip_compat = compat;
  return o;
}

EnvNormalizeOptions Compat() {
  EnvNormalizeOptions o;
  o.paperclip_compat = true;
  return o;
}

Diagnostic FirstError(const OrderedJson& raw, const std::string& key, const EnvNormalizeOptions& o) {
  auto r = NormalizeEnvEntry(key, raw, o);
  BOOST_REQUIRE(!r.ok());
  return r.diagnostics.at(0);
}

}  // namespace

BOOST_AUTO_TEST_CASE(canonical_env) {
  const auto r = NormalizeEnv(J(R"({"A":"1","B":{"type":"secret_ref","secretId":")" + kGuid +
                                R"(","version":2},"C":{"type":"plain","value":"x","junk":true},
                                "D":{"type":"user_secret_ref","key":"gh"}})"));
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r.value->json == J(R"({"A":{"type":"plain","value":"1"},
    "B":{"type":"secret_ref","secretId":")" + kGuid + R"(","version":2,"projectionClass":"unclassified","projectionAllowlistKey":null},
    "C":{"type":"plain","value":"x"},
    "D":{"type":"user_secret_ref","key":"gh","version":"latest","required":true,"allowMissingOverride":false}})"));
  BOOST_TEST(r.value->json.begin().key() == "A");  // order kept
  BOOST_REQUIRE(r.value->entries.size() == 4u);
  BOOST_TEST(r.value->entries[1].key == "B");
  BOOST_TEST(r.value->entries[1].binding.secret_id == kGuid);  // for the adapter's SEC-1 check
  BOOST_TEST(NormalizeEnv(J("{}")).value->json == J("{}"));
  BOOST_TEST(NormalizeEnv(J(R"({"api_key":"a","API_KEY":"b"})")).value->entries.size() == 2u);
}

BOOST_AUTO_TEST_CASE(not_an_object) {
  for (const char* bad : {"null", "[\"A\"]", "\"A=1\"", "5", "true"}) {
    const auto r = NormalizeEnv(J(bad));
    BOOST_REQUIRE(!r.ok());
    BOOST_TEST(r.diagnostics[0].code == Code::kEnvNotObject);
    BOOST_TEST(r.diagnostics[0].message == "env must be an object");
    BOOST_TEST(r.diagnostics[0].path == "/env");
    BOOST_TEST(r.diagnostics[0].http_status == 422);
  }
  EnvNormalizeOptions o;
  o.field_path = "adapterConfig.env";
  const auto r = NormalizeEnv(J("[]"), o);
  BOOST_TEST(r.diagnostics.at(0).message == "adapterConfig.env must be an object");
  BOOST_TEST(r.diagnostics.at(0).path == "/adapterConfig/env");
  BOOST_TEST(NormalizeEnv(J(R"({"1X":"a"})"), o).diagnostics.at(0).path == "/adapterConfig/env/1X");
}

BOOST_AUTO_TEST_CASE(env5_and_binding_messages) {
  const auto key = FirstError(J("\"v\""), "1X", {});
  BOOST_TEST(key.code == Code::kEnvKeyInvalid);
  BOOST_TEST(key.message == "Invalid environment variable name: 1X");
  BOOST_TEST(key.path == "/env/1X");
  BOOST_TEST(FirstError(J("\"v\""), "a/b~", {}).path == "/env/a~1b~0");
  BOOST_TEST(FirstError(J("\"v\""), "ABC\n", {}).code == Code::kEnvKeyInvalid);
  const auto binding = FirstError(J(R"({"type":"plain","value":5})"), "K", {});
  BOOST_TEST(binding.code == Code::kEnvBindingInvalid);
  BOOST_TEST(binding.message == "Invalid environment binding for key: K");
  BOOST_TEST(binding.http_status == 422);
}

BOOST_AUTO_TEST_CASE(every_bad_entry_is_reported_in_js_order) {
  // Object.entries puts integer-like keys first, so Paperclip's one error is "0".
  const auto r = NormalizeEnv(J(R"({"A-B":"x","OK":"1","B":5,"10":"x","0":"y","01":"z"})"));
  BOOST_REQUIRE(!r.ok());
  BOOST_REQUIRE(r.diagnostics.size() == 5u);
  BOOST_TEST(r.diagnostics[0].message == "Invalid environment variable name: 0");
  BOOST_TEST(r.diagnostics[1].message == "Invalid environment variable name: 10");
  BOOST_TEST(r.diagnostics[2].message == "Invalid environment variable name: A-B");
  BOOST_TEST(r.diagnostics[3].message == "Invalid environment binding for key: B");
  BOOST_TEST(r.diagnostics[4].message == "Invalid environment variable name: 01");
  // 4294967295 is not an array index, so it keeps document order.
  const auto big = NormalizeEnv(J(R"({"4294967295":"a","4294967294":"b"})"));
  BOOST_TEST(big.diagnostics.at(0).message == "Invalid environment variable name: 4294967294");
  BOOST_TEST(big.diagnostics.at(1).message == "Invalid environment variable name: 4294967295");
}

BOOST_AUTO_TEST_CASE(proto_key) {
  const auto parsed = ParseJson(R"({"__proto__":"a","B":"b"})");
  BOOST_REQUIRE(parsed.ok());
  const auto strict = NormalizeEnv(*parsed.value);
  BOOST_REQUIRE(!strict.ok());
  BOOST_TEST(strict.diagnostics.at(0).code == Code::kEnvReservedKey);
  BOOST_TEST(strict.diagnostics.at(0).path == "/env/__proto__");
  const auto compat = NormalizeEnv(*parsed.value, Compat());
  BOOST_REQUIRE(compat.ok());
  BOOST_TEST(compat.value->json == J(R"({"B":{"type":"plain","value":"b"}})"));
  // Paperclip still validates the binding before the assignment swallows it.
  BOOST_TEST(NormalizeEnv(J(R"({"__proto__":5})"), Compat()).diagnostics.at(0).code == Code::kEnvBindingInvalid);
  BOOST_TEST(NormalizeEnv(J(R"({"__proto__":"***REDACTED***"})"), Compat()).diagnostics.at(0).code ==
             Code::kEnvRedactedPlaceholder);
  BOOST_TEST(NormalizeEnv(J(R"({"constructor":"x"})")).ok());  // only the setter is special
}

BOOST_AUTO_TEST_CASE(duplicate_keys_last_wins) {
  const auto parsed = ParseJson(R"({"K":"a","J":"j","K":"b"})");
  BOOST_REQUIRE(parsed.ok());
  const auto r = NormalizeEnv(*parsed.value);
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r.value->json == J(R"({"K":{"type":"plain","value":"b"},"J":{"type":"plain","value":"j"}})"));
}

BOOST_AUTO_TEST_CASE(strict1_paperclip_compat) {
  const auto o = Strict(true);
  const auto e = FirstError(J("\"sk-123\""), "OPENAI_API_KEY", o);
  BOOST_TEST(e.code == Code::kStrictSensitivePlain);
  BOOST_TEST(e.message == "Strict secret mode requires secret references for sensitive key: OPENAI_API_KEY");
  BOOST_TEST(e.path == "/env/OPENAI_API_KEY");
  BOOST_TEST(FirstError(J(R"({"type":"plain","value":"x"})"), "OAUTH_TOKEN", o).code == Code::kStrictSensitivePlain);
  BOOST_TEST(FirstError(J("\"Jane\""), "AUTHOR", o).code == Code::kStrictSensitivePlain);  // false positive
  for (const char* allowed : {"GITHUB_TOKEN", "PUBLIC_KEY", "CONNECTION_STRING", "LOG_LEVEL"}) {
    BOOST_TEST(NormalizeEnvEntry(allowed, J("\"x\""), o).ok(), allowed);
  }
  // JS trim(): empty after trimming NBSP, BOM, U+3000, LF is allowed; ZWSP and U+180E are not whitespace.
  for (const char* blank : {"", " \t\n", "\u00A0", "\uFEFF ", "\u3000", "\u2028"}) {
    BOOST_TEST(NormalizeEnvEntry("DB_PASSWORD", OrderedJson(blank), o).ok(), blank);
  }
  for (const char* visible : {"\u200B", "\u180E"}) {
    BOOST_TEST(!NormalizeEnvEntry("DB_PASSWORD", OrderedJson(visible), o).ok(), visible);
  }
  BOOST_TEST(NormalizeEnvEntry("OPENAI_API_KEY", J("\"sk\""), Compat()).ok());  // strict off
  // Strict mode never looks at references.
  BOOST_TEST(NormalizeEnvEntry("OPENAI_API_KEY", J(R"({"type":"secret_ref","secretId":")" + kGuid + "\"}"), o).ok());
  BOOST_TEST(NormalizeEnvEntry("OPENAI_API_KEY", J(R"({"type":"user_secret_ref","key":"k"})"), o).ok());
}

BOOST_AUTO_TEST_CASE(strict1_default_policy_is_wider) {
  const auto o = Strict();
  for (const char* key : {"GITHUB_TOKEN", "PUBLIC_KEY", "SSH_KEY", "OPENAI_API_KEY", "NPM_TOKEN"}) {
    BOOST_TEST(FirstError(J("\"x\""), key, o).code == Code::kStrictSensitivePlain, key);
  }
  BOOST_TEST(NormalizeEnvEntry("LOG_LEVEL", J("\"x\""), o).ok());
  BOOST_TEST(NormalizeEnvEntry("CONNECTION_STRING", J("\"x\""), o).ok());
  // An explicit policy wins over both defaults.
  EnvNormalizeOptions custom = Strict(true);
  custom.policy = SensitiveKeyPolicy::Default();
  BOOST_TEST(!NormalizeEnvEntry("GITHUB_TOKEN", J("\"x\""), custom).ok());
  const auto extended = SensitiveKeyPolicy::PaperclipCompat().WithExtraPatterns(
      {{"corp.stripe", SensitiveRule::kOperator, KeyForm::kAsciiFolded, "stripe"}});
  BOOST_REQUIRE(extended.ok());
  custom.policy = *extended.value;
  BOOST_TEST(!NormalizeEnvEntry("STRIPE_ID", J("\"x\""), custom).ok());
  BOOST_TEST(NormalizeEnvEntry("GITHUB_TOKEN", J("\"x\""), custom).ok());
}

BOOST_AUTO_TEST_CASE(red1_redacted_sentinel) {
  const auto e = FirstError(J("\"***REDACTED***\""), "DB_PASSWORD", {});
  BOOST_TEST(e.code == Code::kEnvRedactedPlaceholder);
  BOOST_TEST(e.message == "Refusing to persist redacted placeholder for key: DB_PASSWORD");
  // STRICT-1 is checked first.
  BOOST_TEST(FirstError(J("\"***REDACTED***\""), "DB_PASSWORD", Strict(true)).code == Code::kStrictSensitivePlain);
  BOOST_TEST(FirstError(J("\"***REDACTED***\""), "LOG_LEVEL", Strict(true)).code == Code::kEnvRedactedPlaceholder);
  BOOST_TEST(FirstError(J(R"({"type":"plain","value":"***REDACTED***"})"), "X", {}).code ==
             Code::kEnvRedactedPlaceholder);
  for (const char* near : {"***redacted***", " ***REDACTED***", "\t***REDACTED***", "***REDACTED*** ", "**REDACTED**"}) {
    BOOST_TEST(NormalizeEnvEntry("COOKIE_NAME", OrderedJson(near), {}).ok(), near);
  }
}

BOOST_AUTO_TEST_CASE(hostile_input) {
  const std::string huge(10 * 1024 * 1024, 'v');
  BOOST_TEST(NormalizeEnvEntry("K", OrderedJson(huge), Strict()).ok());
  BOOST_TEST(!NormalizeEnvEntry("PASSWORD", OrderedJson(huge), Strict()).ok());
  BOOST_TEST(!NormalizeEnvEntry(std::string(1024 * 1024, '-'), J("\"v\""), {}).ok());
  BOOST_TEST(NormalizeEnvEntry("K", OrderedJson(std::string("\xff\xfe")), Strict()).ok());
  BOOST_TEST(!NormalizeEnvEntry("SECRET", OrderedJson(std::string("\xff")), Strict()).ok());
  BOOST_TEST(!NormalizeEnvEntry("K\xff", J("\"v\""), {}).ok());
  OrderedJson deep = "x";
  for (int i = 0; i < 200; ++i) deep = OrderedJson{{"type", "plain"}, {"value", deep}};
  BOOST_TEST(!NormalizeEnvEntry("K", deep, {}).ok());
  OrderedJson many = OrderedJson::object();
  for (int i = 0; i < 10000; ++i) many["K" + std::to_string(i)] = i % 2 ? OrderedJson("v") : OrderedJson(i);
  const auto r = NormalizeEnv(many);
  BOOST_TEST(r.diagnostics.size() == 5000u);
}

BOOST_AUTO_TEST_CASE(validate_env_gives_exactly_normalize_envs_diagnostics) {
  clasp::EnvNormalizeOptions strict;
  strict.strict_mode = true;
  for (const char* text : {R"({"A":"1"})", R"({"1X":"a","B":5,"OPENAI_API_KEY":"sk"})", R"([])",
                           R"({"K":"***REDACTED***","0":{"type":"plain"}})"}) {
    const auto env = clasp::test::J(text);
    const auto normalized = clasp::NormalizeEnv(env, strict);
    const auto validated = clasp::ValidateEnv(env, strict);
    BOOST_TEST_REQUIRE(validated.size() == normalized.diagnostics.size(), text);
    for (std::size_t i = 0; i < validated.size(); ++i) {
      BOOST_TEST(validated[i].code == normalized.diagnostics[i].code);
      BOOST_TEST(validated[i].path == normalized.diagnostics[i].path);
      BOOST_TEST(validated[i].message == normalized.diagnostics[i].message);
    }
  }
}
