#define BOOST_TEST_MODULE env_binding
#include <boost/test/unit_test.hpp>

#include <string>

#include "clasp/env_binding.h"
#include "test_support.h"

using namespace clasp;
using clasp::test::J;

namespace {

const char* kGuid = "8f884973-c29b-44e4-8ea3-6413437f8081";

OrderedJson SecretRef(const std::string& extra_members) {
  return J(std::string(R"({"type":"secret_ref","secretId":")") + kGuid + "\"" + extra_members + "}");
}

bool Parses(const OrderedJson& raw) { return ParseEnvBinding(raw).has_value(); }

}  // namespace

BOOST_AUTO_TEST_CASE(env5_key_names) {
  for (const char* good : {"A", "_", "OPENAI_API_KEY", "api_key", "_9", "a1_B2"}) {
    BOOST_TEST(IsValidEnvKey(good), good);
  }
  for (const char* bad : {"", "1X", "9", "A-B", "A.B", "A B", "ABC\n", "\nABC", "K\xC3\xA9Y"}) {
    BOOST_TEST(!IsValidEnvKey(bad), bad);
  }
  BOOST_TEST(!IsValidEnvKey(std::string("A\0B", 3)));
  BOOST_TEST(IsValidEnvKey(std::string(100000, 'A')));  // no length limit
}

BOOST_AUTO_TEST_CASE(guid_is_zod4_guid) {
  BOOST_TEST(IsGuid(kGuid));
  BOOST_TEST(IsGuid("00000000-0000-0000-0000-000000000000"));
  BOOST_TEST(IsGuid("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"));
  BOOST_TEST(IsGuid("1EBE7A37-8696-90AB-C043-7133D4535073"));  // any version/variant nibble
  BOOST_TEST(!IsGuid("{8f884973-c29b-44e4-8ea3-6413437f8081}"));
  BOOST_TEST(!IsGuid("8f884973c29b44e48ea36413437f8081"));
  BOOST_TEST(!IsGuid(" 8f884973-c29b-44e4-8ea3-6413437f808"));
  BOOST_TEST(!IsGuid("8f884973-c29b-44e4-8ea3-6413437f80811"));
  BOOST_TEST(!IsGuid("8f88497-c29b-44e4-8ea3-6413437f80811"));
  BOOST_TEST(!IsGuid("8f884973-c29b-44e4-8ea3-6413437f808g"));
}

BOOST_AUTO_TEST_CASE(env1_string_and_env2_plain) {
  const auto s = ParseEnvBinding(J(R"("x")"));
  BOOST_REQUIRE(s);
  BOOST_TEST((s->type == BindingType::kPlain));
  BOOST_TEST(s->value == "x");
  BOOST_TEST(CanonicalBindingJson(*s) == J(R"({"type":"plain","value":"x"})"));

  const auto p = ParseEnvBinding(J(R"({"type":"plain","value":"","extra":1})"));
  BOOST_REQUIRE(p);
  BOOST_TEST(CanonicalBindingJson(*p) == J(R"({"type":"plain","value":""})"));

  for (const char* bad : {R"({"type":"plain","value":5})", R"({"type":"plain","value":true})",
                          R"({"type":"plain"})", R"({"type":"PLAIN","value":"x"})", R"({"value":"x"})",
                          R"({"type":"plain","value":null})"}) {
    BOOST_TEST(!Parses(J(bad)), bad);
  }
}

BOOST_AUTO_TEST_CASE(env3_secret_ref_defaults_and_versions) {
  const auto b = ParseEnvBinding(SecretRef(""));
  BOOST_REQUIRE(b);
  BOOST_TEST(CanonicalBindingJson(*b) ==
             J(std::string(R"({"type":"secret_ref","secretId":")") + kGuid +
               R"(","version":"latest","projectionClass":"unclassified","projectionAllowlistKey":null})"));
  BOOST_TEST(VersionSelectorText(b->version) == "latest");

  const auto pinned = ParseEnvBinding(SecretRef(R"(,"version":3)"));
  BOOST_REQUIRE(pinned);
  BOOST_TEST(VersionJson(pinned->version) == J("3"));
  BOOST_TEST(VersionSelectorText(pinned->version) == "3");

  const auto float_int = ParseEnvBinding(SecretRef(R"(,"version":2.0)"));  // JS 2.0 === 2
  BOOST_REQUIRE(float_int);
  BOOST_TEST(float_int->version.number == 2);
  BOOST_TEST(Parses(SecretRef(R"(,"version":2147483648)")));
  BOOST_TEST(Parses(SecretRef(R"(,"version":9007199254740991)")));

  for (const char* bad : {R"(,"version":0)", R"(,"version":-1)", R"(,"version":1.5)", R"(,"version":"3")",
                          R"(,"version":"LATEST")", R"(,"version":null)", R"(,"version":-0.0)",
                          R"(,"version":9007199254740992)", R"(,"version":18446744073709551615)",
                          R"(,"version":1e300)"}) {
    BOOST_TEST(!Parses(SecretRef(bad)), bad);
  }
  BOOST_TEST(!Parses(J(R"({"type":"secret_ref","secretId":"not-a-uuid"})")));
  BOOST_TEST(!Parses(J(R"({"type":"secret_ref"})")));
  BOOST_TEST(!Parses(J(R"({"type":"secret_ref","secretId":5})")));
}

BOOST_AUTO_TEST_CASE(env3_projection_fields) {
  const auto lease = ParseEnvBinding(
      SecretRef(R"(,"projectionClass":"class_3_static_lease","projectionAllowlistKey":"  allow.me  ")"));
  BOOST_REQUIRE(lease);
  BOOST_TEST(lease->projection_class == "class_3_static_lease");
  BOOST_TEST(*lease->projection_allowlist_key == "allow.me");  // trimmed
  BOOST_TEST(Parses(SecretRef(R"(,"projectionAllowlistKey":null)")));
  BOOST_TEST(Parses(SecretRef(",\"projectionAllowlistKey\":\"" + std::string(160, 'k') + "\"")));
  // 160 UTF-16 units: 80 astral characters are 160 units.
  std::string astral;
  for (int i = 0; i < 80; ++i) astral += "\xF0\x9F\x94\x91";
  BOOST_TEST(Parses(SecretRef(",\"projectionAllowlistKey\":\"" + astral + "\"")));
  BOOST_TEST(!Parses(SecretRef(",\"projectionAllowlistKey\":\"" + astral + "x\"")));
  for (const char* bad : {R"(,"projectionClass":null)", R"(,"projectionClass":"UNCLASSIFIED")",
                          R"(,"projectionAllowlistKey":"   ")", R"(,"projectionAllowlistKey":5)"}) {
    BOOST_TEST(!Parses(SecretRef(bad)), bad);
  }
  BOOST_TEST(!Parses(SecretRef(",\"projectionAllowlistKey\":\"" + std::string(161, 'k') + "\"")));
}

BOOST_AUTO_TEST_CASE(compact_form_parses_back_to_the_same_binding) {
  const auto ref = ParseEnvBinding(SecretRef(R"(,"version":"latest","projectionClass":"unclassified")"));
  BOOST_REQUIRE(ref);
  BOOST_TEST(CompactBindingJson(*ref) == J(std::string(R"({"type":"secret_ref","secretId":")") + kGuid + R"("})"));
  BOOST_TEST(CompactBindingJson(*ParseEnvBinding(J(R"({"type":"plain","value":"x"})"))) == J(R"("x")"));
  for (const OrderedJson& raw :
       {SecretRef(R"(,"version":4,"projectionClass":"class_3_static_lease","projectionAllowlistKey":" k ")"),
        J(R"({"type":"user_secret_ref","key":"k","version":2,"required":false,"allowMissingOverride":true})"),
        J(R"({"type":"user_secret_ref","key":"k"})"), J(R"({"type":"plain","value":""})")}) {
    const auto b = ParseEnvBinding(raw);
    BOOST_REQUIRE(b);
    const auto back = ParseEnvBinding(CompactBindingJson(*b));
    BOOST_REQUIRE(back);
    BOOST_TEST(CanonicalBindingJson(*back) == CanonicalBindingJson(*b), raw.dump());
  }
}

BOOST_AUTO_TEST_CASE(env4_user_secret_ref) {
  const auto b = ParseEnvBinding(J(R"({"type":"user_secret_ref","key":" gh.token-1 "})"));
  BOOST_REQUIRE(b);
  BOOST_TEST(CanonicalBindingJson(*b) == J(R"({"type":"user_secret_ref","key":"gh.token-1","version":"latest",
                                                "required":true,"allowMissingOverride":false})"));
  const auto full = ParseEnvBinding(
      J(R"({"type":"user_secret_ref","key":"k","version":2,"required":false,"allowMissingOverride":true})"));
  BOOST_REQUIRE(full);
  BOOST_TEST(!full->required);
  BOOST_TEST(full->allow_missing_override);
  BOOST_TEST(full->version.number == 2);
  for (const char* bad : {R"({"type":"user_secret_ref"})", R"({"type":"user_secret_ref","key":""})",
                          R"({"type":"user_secret_ref","key":"a b"})", R"({"type":"user_secret_ref","key":"k","required":null})",
                          R"({"type":"user_secret_ref","key":"k","allowMissingOverride":"yes"})",
                          R"({"type":"user_secret_ref","key":"k","version":0})"}) {
    BOOST_TEST(!Parses(J(bad)), bad);
  }
  BOOST_TEST(Parses(J("\"x\"")));
  BOOST_TEST(!Parses(J(R"({"type":"user_secret_ref","key":")" + std::string(121, 'a') + "\"}")));
  BOOST_TEST(Parses(J(R"({"type":"user_secret_ref","key":")" + std::string(120, 'a') + "\"}")));
}

BOOST_AUTO_TEST_CASE(hostile_shapes_are_invalid_not_crashes) {
  for (const char* bad : {"null", "5", "true", "[]", "[\"x\"]", "{}", R"({"type":5})", R"({"type":null})",
                          R"({"type":["plain"]})", R"({"type":"other"})"}) {
    BOOST_TEST(!Parses(J(bad)), bad);
  }
  BOOST_TEST(Parses(OrderedJson(std::string(10 * 1024 * 1024, 'v'))));
  const auto invalid_utf8 = ParseEnvBinding(OrderedJson(std::string("\xff\xfe")));
  BOOST_REQUIRE(invalid_utf8);
  BOOST_TEST(invalid_utf8->value == "\xff\xfe");
  OrderedJson raw = SecretRef("");
  raw["projectionAllowlistKey"] = std::string("\xff\xfe");  // only a C++ caller can build this
  const auto lenient = ParseEnvBinding(raw);
  BOOST_REQUIRE(lenient);
  BOOST_TEST(*lenient->projection_allowlist_key == "\xff\xfe");
}
