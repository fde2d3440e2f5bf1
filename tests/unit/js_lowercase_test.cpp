#define BOOST_TEST_MODULE js_lowercase
#include <boost/test/unit_test.hpp>

#include <string>

#include "clasp/js_lowercase.h"
#include "test_support.h"

using namespace clasp;

// Expected values are what Node 20's "...".toLowerCase() returns.
BOOST_AUTO_TEST_CASE(ascii_and_simple_mappings) {
  BOOST_TEST(JsToLowerCase("OPENAI_API_KEY") == "openai_api_key");
  BOOST_TEST(JsToLowerCase("") == "");
  BOOST_TEST(JsToLowerCase("\u212A") == "k");                    // Kelvin sign
  BOOST_TEST(JsToLowerCase("\u212B") == "\u00E5");               // Angstrom sign
  BOOST_TEST(JsToLowerCase("\uFF21\uFF30\uFF29") == "\uFF41\uFF50\uFF49");
  BOOST_TEST(JsToLowerCase("\u017F") == "\u017F");               // long s is lower case already
  BOOST_TEST(JsToLowerCase("\u0100\u0101\u0102") == "\u0101\u0101\u0103");  // alternating block
  BOOST_TEST(JsToLowerCase("\u00C0\u00DE\u00DF") == "\u00E0\u00FE\u00DF");
  BOOST_TEST(JsToLowerCase("\U00010400") == "\U00010428");       // Deseret, astral
  BOOST_TEST(JsToLowerCase("\u1E9E") == "\u00DF");               // capital sharp s
  BOOST_TEST(JsToLowerCase("\u0049") == "i");                    // no Turkish dotless i
  BOOST_TEST((SimpleLowercase(U'A') == U'a'));
  BOOST_TEST((SimpleLowercase(0x10FFFF) == char32_t(0x10FFFF)));
}

BOOST_AUTO_TEST_CASE(special_casing) {
  BOOST_TEST(JsToLowerCase("\u0130") == "i\u0307");
  BOOST_TEST(JsToLowerCase("S\u0130GNING") == "si\u0307gning");
}

BOOST_AUTO_TEST_CASE(final_sigma) {
  BOOST_TEST(JsToLowerCase("\u03A3") == "\u03C3");                        // alone
  BOOST_TEST(JsToLowerCase("\u039F\u03A3") == "\u03BF\u03C2");            // word end
  BOOST_TEST(JsToLowerCase("\u039F\u03A3\u039F") == "\u03BF\u03C3\u03BF"); // inside a word
  BOOST_TEST(JsToLowerCase("A\u03A3 B") == "a\u03C2 b");
  BOOST_TEST(JsToLowerCase("A'\u03A3'") == "a'\u03C2'");                  // case-ignorables skipped
  BOOST_TEST(JsToLowerCase("A\u03A3'B") == "a\u03C3'b");
  BOOST_TEST(JsToLowerCase("1\u03A3") == "1\u03C3");                      // digits are not cased
  BOOST_TEST(JsToLowerCase("\u03A3\u03A3") == "\u03C3\u03C2");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_passes_through) {
  BOOST_TEST(JsToLowerCase("AB\xff" "CD") == "ab\xff" "cd");
  BOOST_TEST(JsToLowerCase("\xc3\x80\xc3") == "\xc3\x80\xc3");
  const std::string huge(10 * 1024 * 1024, 'Q');
  BOOST_TEST(JsToLowerCase(huge) == std::string(huge.size(), 'q'));
}
