#define BOOST_TEST_MODULE diagnostic
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "clasp/diagnostic.h"
#include "clasp/json_input.h"
#include "clasp/utf8.h"
#include "test_support.h"

using namespace clasp;

BOOST_AUTO_TEST_CASE(codes_are_unique_and_snake_case) {
  std::set<std::string> seen;
  for (Code c : AllCodes()) {
    const std::string name(CodeName(c));
    BOOST_TEST(seen.insert(name).second, "duplicate code " << name);
    for (char ch : name) BOOST_TEST(((ch >= 'a' && ch <= 'z') || ch == '_' || (ch >= '0' && ch <= '9')));
  }
}

BOOST_AUTO_TEST_CASE(json_pointer_escapes) {
  BOOST_TEST(JsonPointerAppend("", "env") == "/env");
  BOOST_TEST(JsonPointerAppend("/config", "a/b~c") == "/config/a~1b~0c");
}

BOOST_AUTO_TEST_CASE(parse_json_rejects_hostile_input_with_diagnostics) {
  BOOST_TEST(ParseJson(R"({"A":"1"})").ok());
  BOOST_TEST(ParseJson("{").diagnostics.at(0).code == Code::kInputMalformedJson);
  BOOST_TEST(ParseJson("\"\xff\"").diagnostics.at(0).code == Code::kInputInvalidUtf8);
  BOOST_TEST(ParseJson(std::string(100000, '[')).diagnostics.at(0).code == Code::kInputTooDeep);
  // Brackets inside strings do not count towards depth.
  BOOST_TEST(ParseJson("\"" + std::string(1000, '[') + "\"").ok());
  JsonLimits small;
  small.max_bytes = 10;
  BOOST_TEST(ParseJson(std::string(11, ' '), small).diagnostics.at(0).code == Code::kInputTooLarge);
  const std::string big = "\"" + std::string(10 * 1024 * 1024, 'a') + "\"";
  BOOST_TEST(ParseJson(big).ok());
}

BOOST_AUTO_TEST_CASE(duplicate_keys_last_wins_first_position) {
  auto r = ParseJson(R"({"A":1,"B":2,"A":3})");
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(DumpJson(*r.value) == R"({"A":3,"B":2})");
  // Large objects find repeated keys through an index instead of a scan.
  std::string text = "{", expected = "{";
  for (int i = 0; i < 40; ++i) text += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  text += R"("k0":"last","k39":null})";
  for (int i = 0; i < 40; ++i) {
    expected += "\"k" + std::to_string(i) + "\":" + (i == 0 ? "\"last\"" : i == 39 ? "null" : std::to_string(i));
    expected += i == 39 ? "}" : ",";
  }
  BOOST_TEST(DumpJson(*ParseJson(text).value) == expected);
}

// ParseJson's parser gives nlohmann's values (fuzz_json_parse checks that on
// millions of inputs); these are the cases with a rule of their own.
BOOST_AUTO_TEST_CASE(parse_json_values_and_types) {
  const auto parse = [](std::string_view text) { return ParseJson(text); };
  BOOST_TEST(parse("-0").value->is_number_integer());
  BOOST_TEST(parse("18446744073709551615").value->is_number_unsigned());
  BOOST_TEST(parse("18446744073709551616").value->is_number_float());  // past uint64: a double, as nlohmann
  BOOST_TEST(parse("-9223372036854775809").value->is_number_float());
  BOOST_TEST(parse("1E2").value->is_number_float());
  BOOST_TEST(!parse("1e400").ok());  // not finite
  BOOST_TEST(parse("\xef\xbb\xbf[1]").ok());  // a leading byte order mark is skipped
  BOOST_TEST(*parse(R"("\ud83d\ude00\u00e9\/")").value == "\xf0\x9f\x98\x80\xc3\xa9/");
  for (const char* bad : {"01", "1.", "-", "+1", ".5", "1e", "[1,]", "{,}", R"({"a"})", "tru", "nul",
                          R"("\ud800")", R"("\udc00")", R"("\ud800\u0041")", R"("\x")", "\"a\tb\"", "1 2", ""}) {
    BOOST_TEST(parse(bad).diagnostics.at(0).code == Code::kInputMalformedJson, bad);
  }
  // nlohmann takes a NUL byte for the end of input and accepts what precedes
  // it; clasp refuses, as JSON.parse does.
  BOOST_TEST(!parse(std::string_view("{}\0{\"x\"", 6)).ok());
}

BOOST_AUTO_TEST_CASE(dump_json_compact_output) {
  BOOST_TEST(DumpJson(*ParseJson(R"({"a":[1,-2,18446744073709551615,1.5,true,null],"b":"\u0001\"\\\n\u007f"})").value) ==
             "{\"a\":[1,-2,18446744073709551615,1.5,true,null],\"b\":\"\\u0001\\\"\\\\\\n\x7f\"}");
  BOOST_TEST(DumpJson(OrderedJson(std::string("a\xff" "b"))) == "\"a\xef\xbf\xbd" "b\"");  // invalid UTF-8 -> U+FFFD
  BOOST_TEST(DumpJson(OrderedJson::parse("[1.0]")) == "[1.0]");
}

BOOST_AUTO_TEST_CASE(ecma_trim_matches_js) {
  BOOST_TEST(EcmaTrim(" \t a \n") == "a");
  BOOST_TEST(EcmaTrim("\xc2\xa0x\xef\xbb\xbf") == "x");          // NBSP, BOM
  BOOST_TEST(EcmaTrim("\xe2\x80\xa8x\xe2\x80\xa9") == "x");      // U+2028/2029
  BOOST_TEST(EcmaTrim("\xe2\x80\x8bx") == "\xe2\x80\x8bx");      // U+200B stays
  BOOST_TEST(EcmaTrim("  ") == "");
}

BOOST_AUTO_TEST_CASE(utf8_validation) {
  BOOST_TEST(IsValidUtf8("caf\xc3\xa9"));
  BOOST_TEST(!IsValidUtf8("\xc0\xaf"));          // overlong
  BOOST_TEST(!IsValidUtf8("\xed\xa0\x80"));      // surrogate
  BOOST_TEST(!IsValidUtf8("\xf4\x90\x80\x80"));  // > U+10FFFF
}

namespace {
std::string ObjectOf(int members) {
  std::string s = "{";
  for (int i = 0; i < members; ++i) s += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":0";
  return s + "}";
}
}  // namespace

BOOST_AUTO_TEST_CASE(object_member_cap_prevents_quadratic_parse) {
  BOOST_TEST(ParseJson(ObjectOf(10000)).ok());
  BOOST_TEST(ParseJson(ObjectOf(10001)).diagnostics.at(0).code == Code::kInputTooLarge);
  // Arrays are not capped, and commas inside strings don't count.
  std::string array = "[0";
  for (int i = 0; i < 20000; ++i) array += ",0";
  BOOST_TEST(ParseJson(array + "]").ok());
  BOOST_TEST(ParseJson("{\"a\":\"" + std::string(20000, ',') + "\"}").ok());
}
