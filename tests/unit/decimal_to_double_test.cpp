#define BOOST_TEST_MODULE decimal_to_double
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "clasp/decimal_to_double.h"
#include "test_support.h"

using clasp::DecimalToDouble;

namespace {

// Bit for bit, so -0.0 differs from 0.0.
bool SameAsStrtod(const std::string& s) {
  const auto got = DecimalToDouble(s);
  const double want = std::strtod(s.c_str(), nullptr);
  return got && std::memcmp(&*got, &want, sizeof want) == 0;
}

}  // namespace

BOOST_AUTO_TEST_CASE(header_examples) {
  BOOST_TEST(*DecimalToDouble("0.1") == 0.1);
  BOOST_TEST(std::signbit(*DecimalToDouble("-0")));
  BOOST_TEST(*DecimalToDouble("-0") == 0.0);
  BOOST_TEST(*DecimalToDouble("9007199254740993") == 9007199254740992.0);
  BOOST_TEST(*DecimalToDouble("2.4703282292062328e-324") == std::numeric_limits<double>::denorm_min());
  BOOST_TEST(*DecimalToDouble("2.4703282292062327e-324") == 0.0);
  BOOST_TEST(*DecimalToDouble("1e400") == std::numeric_limits<double>::infinity());
  BOOST_TEST(*DecimalToDouble("-1e400") == -std::numeric_limits<double>::infinity());
  BOOST_TEST(*DecimalToDouble(".5") == 0.5);
  BOOST_TEST(*DecimalToDouble("+5.") == 5.0);
  BOOST_TEST(*DecimalToDouble("1.7976931348623157e308") == std::numeric_limits<double>::max());
  BOOST_TEST(*DecimalToDouble("0e99999999999") == 0.0);
}

BOOST_AUTO_TEST_CASE(refuses_what_is_not_a_decimal_literal) {
  for (const char* s : {"", "+", "-", ".", "+.", "e5", ".e1", "1e", "1e+", "1.2.3", " 1", "1 ", "--1", "0x10", "1f", "Infinity"}) {
    BOOST_TEST(!DecimalToDouble(s).has_value(), '"' << s << '"');
  }
}

// Exact ties between neighbouring doubles (normal, denormal, the top
// binade) go to the even one; a digit more either way decides. A long double
// holds the midpoint exactly, and glibc prints it exactly.
BOOST_AUTO_TEST_CASE(ties_and_near_ties_round_as_strtod) {
  static_assert(std::numeric_limits<long double>::digits >= 54, "the midpoint needs one bit more than a double");
  std::mt19937_64 rng(20261206);
  int failures = 0;
  for (int i = 0; i < 20000; ++i) {
    uint64_t bits = rng() % ((uint64_t{2047} << 52) - 1);
    if (i % 5 == 0) bits %= uint64_t{1} << 52;  // denormals
    double low;
    std::memcpy(&low, &bits, sizeof low);
    const long double mid = (static_cast<long double>(low) + std::nextafter(low, INFINITY)) / 2;
    char text[1200];
    std::snprintf(text, sizeof text, "%.1100Le", mid);
    std::string exact(text);
    const std::size_t e = exact.find('e');
    std::string mantissa = exact.substr(0, e);
    while (mantissa.back() == '0') mantissa.pop_back();
    const std::string exponent = exact.substr(e);
    for (const std::string& s : {mantissa + exponent, mantissa + "1" + exponent, mantissa + "0000001" + exponent}) {
      if (!SameAsStrtod(s) && ++failures <= 10) BOOST_TEST_MESSAGE("differs from strtod: " << s);
    }
    std::string below = mantissa;
    for (std::size_t k = below.size(); k-- > 0;) {  // the decimal just under the midpoint
      if (below[k] == '.') continue;
      if (below[k] != '0') {
        --below[k];
        break;
      }
      below[k] = '9';
    }
    if (!SameAsStrtod(below + "9" + exponent) && ++failures <= 10) BOOST_TEST_MESSAGE("differs: " << below);
  }
  BOOST_TEST(failures == 0);
}

// Seeded random literals: up to 40 digits (every 8th up to 900, past the
// 800 the conversion keeps), the dot anywhere or absent, exponents across
// and beyond the double range.
BOOST_AUTO_TEST_CASE(random_literals_agree_with_strtod) {
  std::mt19937_64 rng(7);
  int failures = 0;
  for (int i = 0; i < 100000; ++i) {
    std::string s = rng() % 2 ? "-" : "";
    const int length = 1 + static_cast<int>(rng() % (i % 8 == 0 ? 900 : 40));
    const int dot = static_cast<int>(rng() % (length + 2)) - 1;
    for (int k = 0; k < length; ++k) {
      if (k == dot) s += '.';
      s += static_cast<char>('0' + (rng() % 5 == 0 ? 0 : rng() % 10));
    }
    if (rng() % 3 != 0) s += (rng() % 2 ? "e" : "E") + std::to_string(static_cast<int>(rng() % 760) - 380);
    if (!SameAsStrtod(s) && ++failures <= 10) BOOST_TEST_MESSAGE("differs from strtod: " << s);
  }
  BOOST_TEST(failures == 0);
}
