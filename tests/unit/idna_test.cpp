#define BOOST_TEST_MODULE idna
#include <boost/test/unit_test.hpp>

#include "clasp/idna.h"
#include "test_support.h"

using clasp::idna::DomainToAscii;
using clasp::idna::PunycodeDecode;
using clasp::idna::PunycodeEncode;
using clasp::idna::ToNfc;

namespace {
std::optional<std::string> Ascii(std::string_view s) { return DomainToAscii(s); }
}  // namespace

BOOST_AUTO_TEST_CASE(punycode_encodes_rfc3492_samples) {
  BOOST_TEST(*PunycodeEncode(U"bücher") == "bcher-kva");
  BOOST_TEST(*PunycodeEncode(U"abc") == "abc-");
  BOOST_TEST(*PunycodeEncode(U"") == "");
  BOOST_TEST(*PunycodeEncode(U"ليهمابتكلموشعربي؟") == "egbpdaj6bu4bxfgehfvwxn");
  BOOST_TEST(*PunycodeEncode(U"他们为什么不说中文") == "ihqwcrb4cv8a8dqg056pqjye");
}

BOOST_AUTO_TEST_CASE(punycode_decodes_and_round_trips) {
  BOOST_TEST((*PunycodeDecode("bcher-kva") == U"bücher"));
  BOOST_TEST((*PunycodeDecode("egbpdaj6bu4bxfgehfvwxn") == U"ليهمابتكلموشعربي؟"));
  BOOST_TEST((*PunycodeDecode("abc-") == U"abc"));
  BOOST_TEST(PunycodeDecode("")->empty());
  std::u32string long_label;
  for (char32_t c = 0x4E00; c < 0x4E00 + 3000; c += 7) long_label.push_back(c);
  long_label += U"abc";
  BOOST_TEST((*PunycodeDecode(*PunycodeEncode(long_label)) == long_label));
}

BOOST_AUTO_TEST_CASE(punycode_rejects_bad_input) {
  BOOST_TEST(!PunycodeDecode("99999999").has_value());    // overflow
  BOOST_TEST(!PunycodeDecode("0ca0").has_value());        // truncated delta
  BOOST_TEST(!PunycodeDecode("a!b").has_value());         // not a digit
  BOOST_TEST(!PunycodeDecode("\xc3\xbc-kva").has_value());  // non-basic before '-'
  BOOST_TEST(!PunycodeDecode("-").has_value());
}

BOOST_AUTO_TEST_CASE(nfc_composes_decomposes_and_reorders) {
  BOOST_TEST((ToNfc(U"e\u0301") == U"\u00e9"));
  BOOST_TEST((ToNfc(U"\u212b") == U"\u00c5"));                 // singleton, never recomposed
  BOOST_TEST((ToNfc(U"\u1100\u1161\u11a8") == U"\uac01"));     // Hangul LV + T
  BOOST_TEST((ToNfc(U"a\u0301\u0316") == U"\u00e1\u0316"));    // reordered, then composed
  BOOST_TEST((ToNfc(U"\u0958") == U"\u0915\u093c"));           // composition exclusion
  BOOST_TEST((ToNfc(U"abc") == U"abc"));
  BOOST_TEST(ToNfc(U"").empty());
}

BOOST_AUTO_TEST_CASE(ascii_fast_path_lowercases) {
  BOOST_TEST(*Ascii("Vault.Example.COM") == "vault.example.com");
  BOOST_TEST(*Ascii("a..b.") == "a..b.");
  BOOST_TEST(*Ascii("a_b") == "a_b");  // forbidden code points are the URL parser's business
  BOOST_TEST(!Ascii("").has_value());
}

BOOST_AUTO_TEST_CASE(unicode_hosts_are_mapped_and_encoded) {
  BOOST_TEST(*Ascii("例え.jp") == "xn--r8jz45g.jp");
  BOOST_TEST(*Ascii("BÜCHER.de") == "xn--bcher-kva.de");
  BOOST_TEST(*Ascii("faß.de") == "xn--fa-hia.de");           // non-transitional: ß kept
  BOOST_TEST(*Ascii("ＥＸ．com") == "ex.com");                // fullwidth, fullwidth dot
  BOOST_TEST(*Ascii("a\u3002b\uff61c") == "a.b.c");          // ideographic dots
  BOOST_TEST(*Ascii("\xf0\x9f\x92\xa9.la") == "xn--ls8h.la"); // emoji
  BOOST_TEST(*Ascii("a\u00adb") == "ab");                     // soft hyphen is ignored
  BOOST_TEST(*Ascii("u\u0308.de") == "xn--tda.de");           // NFC after mapping
}

BOOST_AUTO_TEST_CASE(ace_labels_are_validated) {
  BOOST_TEST(*Ascii("XN--BCHER-KVA.de") == "xn--bcher-kva.de");
  BOOST_TEST(!Ascii("xn--a.com").has_value());      // invalid Punycode
  BOOST_TEST(!Ascii("xn--.com").has_value());       // decodes to nothing
  BOOST_TEST(!Ascii("xn--u-ccb.com").has_value());  // decodes to non-NFC "u\u0308"
  BOOST_TEST(!Ascii("xn--ksa.com").has_value());    // decodes to a leading combining mark
  BOOST_TEST(!Ascii("xn--1ug.com").has_value());    // decodes to a bare ZWJ
  BOOST_TEST(!Ascii("xn--b\xc3\xbc.com").has_value());  // non-ASCII after xn--
  // Node 20 keeps a label that decodes to ASCII (UTS #46 would reject it).
  BOOST_TEST(*Ascii("xn--abc-.com") == "xn--abc-.com");
}

BOOST_AUTO_TEST_CASE(invalid_code_points_fail) {
  BOOST_TEST(!Ascii("\u00ad").has_value());         // maps to the empty string
  BOOST_TEST(!Ascii("\u0301a").has_value());        // leading combining mark
  BOOST_TEST(!Ascii("a\u2488").has_value());        // disallowed
  BOOST_TEST(!Ascii("a\xff").has_value());          // not UTF-8
  BOOST_TEST(!Ascii("\xed\xa0\x80").has_value());   // surrogate
}

BOOST_AUTO_TEST_CASE(check_joiners) {
  BOOST_TEST(!Ascii("a\u200db").has_value());
  BOOST_TEST(!Ascii("a\u200cb").has_value());
  BOOST_TEST(*Ascii("\u0915\u094d\u200d") == "xn--11b6iy14e");          // ZWJ after virama
  BOOST_TEST(*Ascii("\u0628\u200c\u0628") == "xn--ngba799q");           // ZWNJ between joining letters
  BOOST_TEST(!Ascii("\u0628\u200c").has_value());
  // Node 20: any right-joining letter after the ZWNJ will do, and the first
  // joiner settles the label.
  BOOST_TEST(*Ascii("\u0628\u200cx\u0628") == "xn--x-0mcb426x");
  BOOST_TEST(*Ascii("\u0628\u200c\u0628\u200cxx") == "xn--xx-etda3524aba");
}

BOOST_AUTO_TEST_CASE(check_bidi_as_node_20) {
  BOOST_TEST(*Ascii("\u05d0") == "xn--4db");
  BOOST_TEST(*Ascii("a.\u05d0") == "a.xn--4db");
  BOOST_TEST(!Ascii("\u05d0a").has_value());              // L in an RTL label
  BOOST_TEST(!Ascii("\u05d0-").has_value());              // RTL label ending in ES
  BOOST_TEST(!Ascii("\u05d01\u0661").has_value());        // EN and AN together
  BOOST_TEST(!Ascii("a\u05d0b").has_value());             // R before the end of an L-first label
  BOOST_TEST(*Ascii("1\u05d0") == "xn--1-0hc");           // Node 20 skips RFC 5893 rule 1
  BOOST_TEST(*Ascii("a\u05d0") == "xn--a-0hc");           // ... and rule 6
}
