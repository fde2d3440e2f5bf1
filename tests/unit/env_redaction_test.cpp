#define BOOST_TEST_MODULE env_redaction
#include <boost/test/unit_test.hpp>

#include <string>

#include "clasp/env_normalize.h"
#include "clasp/env_redaction.h"
#include "test_support.h"

using namespace clasp;
using clasp::test::J;

namespace {

const std::string kGuid = "8f884973-c29b-44e4-8ea3-6413437f8081";
const OrderedJson kPlaceholder = J(R"({"type":"plain","value":"***REDACTED***"})");

OrderedJson Ref(const std::string& extra = "") {
  return J(R"({"type":"secret_ref","secretId":")" + kGuid + "\"" + extra + "}");
}

}  // namespace

BOOST_AUTO_TEST_CASE(plain_values_become_the_object_placeholder) {
  BOOST_TEST(RedactEnvBindingForRead(J(R"("sk-live")")) == kPlaceholder);
  BOOST_TEST(RedactEnvBindingForRead(J(R"({"type":"plain","value":"debug"})")) == kPlaceholder);
  // "value" of any type still counts as a plain binding (isPlainBinding tests presence only).
  BOOST_TEST(RedactEnvBindingForRead(J(R"({"type":"plain","value":5})")) == kPlaceholder);
  BOOST_TEST(RedactEnvBindingForRead(J(R"("")")) == kPlaceholder);
}

BOOST_AUTO_TEST_CASE(secret_refs_are_shown_sanitised) {
  const OrderedJson stored = Ref(R"(,"version":"latest","projectionClass":"unclassified","projectionAllowlistKey":null)");
  BOOST_TEST(RedactEnvBindingForRead(stored) == stored);
  BOOST_TEST(RedactEnvBindingForRead(Ref(R"(,"version":2,"extra":"x")")) == Ref(R"(,"version":2)"));
  BOOST_TEST(RedactEnvBindingForRead(Ref(R"(,"version":0,"projectionClass":"weird")")) == Ref());
  BOOST_TEST(RedactEnvBindingForRead(Ref(R"(,"projectionAllowlistKey":"slack.bot_token")")) ==
             Ref(R"(,"projectionAllowlistKey":"slack.bot_token")"));
  BOOST_TEST(RedactEnvBindingForRead(Ref(R"(,"projectionAllowlistKey":"no dots here")")) == Ref());
  const OrderedJson user = J(R"({"type":"user_secret_ref","key":"gh","version":"latest","required":true,"allowMissingOverride":false})");
  BOOST_TEST(RedactEnvBindingForRead(user) == user);
}

BOOST_AUTO_TEST_CASE(unclassifiable_entries_become_the_bare_placeholder) {
  BOOST_TEST(RedactEnvBindingForRead(J("42")) == J(R"("***REDACTED***")"));
  BOOST_TEST(RedactEnvBindingForRead(J(R"({"type":"secret_ref","secretId":"nope"})")) == J(R"("***REDACTED***")"));
  BOOST_TEST(RedactEnvBindingForRead(J(R"({"type":"PLAIN","value":"x"})")) == J(R"("***REDACTED***")"));
  BOOST_TEST(RedactEnvBindingForRead(J("null")).is_null());
}

BOOST_AUTO_TEST_CASE(whole_env_keeps_js_entry_order_and_never_echoes_values) {
  const OrderedJson env = J(R"({"b":"x","10":"y","2":{"type":"plain","value":"z"}})");
  const OrderedJson out = RedactEnvForRead(env);
  std::string keys;
  for (const auto& [k, v] : out.items()) keys += k + ",";
  BOOST_TEST(keys == "2,10,b,");
  BOOST_TEST(DumpJson(out).find("\"x\"") == std::string::npos);
  BOOST_TEST(RedactEnvForRead(J(R"("oops")")) == J(R"("***REDACTED***")"));
  BOOST_TEST(RedactEnvForRead(J("null")).is_null());
}

BOOST_AUTO_TEST_CASE(secret_field_names) {
  for (const char* yes : {"apiKey", "API_KEY", "x-api-key", "GITHUB_TOKEN", "oauth", "Authorization", "bearer",
                          "clientSecret", "passwd", "dbPassword", "credentials", "jwt", "privateKey", "cookie",
                          "connectionString", "browser_code", "loginUrl"}) {
    BOOST_TEST(IsSecretFieldName(yes), yes);
  }
  for (const char* no : {"model", "cwd", "env", "timeoutSec", "connection_string", "apikez", ""}) {
    BOOST_TEST(!IsSecretFieldName(no), no);
  }
}

BOOST_AUTO_TEST_CASE(adapter_config_redaction) {
  const OrderedJson config = J(R"({"env":{"A":"1"},"model":"gpt","apiKey":"sk-1",
    "headers":{"Authorization":"Bearer abc","x":"eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl"},
    "list":["plain","a.b.c"],"tokenRef":)" + Ref().dump() + "}");
  const OrderedJson out = RedactAdapterConfigForRead(config);
  BOOST_TEST(out["model"] == "gpt");
  BOOST_TEST(out["apiKey"] == "***REDACTED***");
  BOOST_TEST(out["headers"]["Authorization"] == "***REDACTED***");
  BOOST_TEST(out["headers"]["x"] == "***REDACTED***");
  BOOST_TEST(out["list"] == J(R"(["plain","***REDACTED***"])"));
  BOOST_TEST(out["tokenRef"] == Ref());
  BOOST_TEST(out["env"]["A"] == kPlaceholder);
  BOOST_TEST(out.items().begin().key() != "env");  // env goes last, as in Paperclip
  BOOST_TEST(RedactAdapterConfigForRead(J(R"({"env":"x"})"))["env"] == "***REDACTED***");
  BOOST_TEST(RedactAdapterConfigForRead(J("[1]")) == J("[1]"));
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_cut_off_not_recursed) {
  OrderedJson deep = "leaf";
  for (int i = 0; i < 5000; ++i) {
    OrderedJson wrap = OrderedJson::object();
    wrap["n"] = std::move(deep);
    deep = std::move(wrap);
  }
  OrderedJson config = OrderedJson::object();
  config["nested"] = std::move(deep);
  const OrderedJson out = RedactAdapterConfigForRead(config);
  BOOST_TEST(out.is_object());
}

BOOST_AUTO_TEST_CASE(placeholder_recognition) {
  BOOST_TEST(IsRedactedPlaceholder(kPlaceholder));
  BOOST_TEST(!IsRedactedPlaceholder(J(R"("***REDACTED***")")));
  BOOST_TEST(!IsRedactedPlaceholder(J(R"({"type":"plain","value":" ***REDACTED***"})")));
  BOOST_TEST(!IsRedactedPlaceholder(J(R"({"type":"plain","value":"***redacted***"})")));
}

BOOST_AUTO_TEST_CASE(restore_puts_stored_entries_back) {
  const OrderedJson stored = J(R"({"A":{"type":"plain","value":"1"},"S":)" + Ref().dump() + "}");
  const OrderedJson incoming = OrderedJson::parse(R"({"A":)" + kPlaceholder.dump() + R"(,"S":)" + kPlaceholder.dump() +
                                                  R"(,"N":"new"})");
  const OrderedJson out = RestoreRedactedEnv(incoming, stored);
  BOOST_TEST(out["A"] == J(R"({"type":"plain","value":"1"})"));
  BOOST_TEST(out["S"] == Ref());  // Paperclip restores whatever is stored under the key
  BOOST_TEST(out["N"] == "new");
  std::string keys;
  for (const auto& [k, v] : out.items()) keys += k;
  BOOST_TEST(keys == "ASN");
}

BOOST_AUTO_TEST_CASE(unrestorable_placeholders_meet_red1) {
  const OrderedJson stored = J(R"({"A":{"type":"plain","value":"1"}})");
  const OrderedJson new_key = RestoreRedactedEnv(OrderedJson::parse(R"({"B":)" + kPlaceholder.dump() + "}"), stored);
  BOOST_TEST(new_key["B"] == kPlaceholder);
  auto r = NormalizeEnv(new_key);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.diagnostics.at(0).code == Code::kEnvRedactedPlaceholder, r.diagnostics.at(0).message);
  BOOST_TEST(r.diagnostics.at(0).message == "Refusing to persist redacted placeholder for key: B");

  const OrderedJson bare = RestoreRedactedEnv(J(R"({"A":"***REDACTED***"})"), stored);
  BOOST_TEST(bare["A"] == "***REDACTED***");
  BOOST_TEST(!NormalizeEnv(bare).ok());

  BOOST_TEST(RestoreRedactedEnv(J("[1]"), stored) == J("[1]"));
  BOOST_TEST(RestoreRedactedEnv(OrderedJson::parse(R"({"A":)" + kPlaceholder.dump() + "}"), J("null"))["A"] ==
             kPlaceholder);
}

BOOST_AUTO_TEST_CASE(read_then_write_round_trip_is_identity) {
  const OrderedJson stored =
      NormalizeEnv(J(R"({"LOG":"debug","EMPTY":"","K":)" + Ref(R"(,"version":3)").dump() + "}")).value->json;
  const OrderedJson echoed = RedactEnvForRead(stored);
  auto again = NormalizeEnv(RestoreRedactedEnv(echoed, stored));
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(again.value->json == stored);
}
