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

// Node 24 only lowercases an ASCII domain: even its "xn--" labels go unchecked.
BOOST_AUTO_TEST_CASE(ascii_domains_are_only_lowercased) {
  BOOST_TEST(*Ascii("Vault.Example.COM") == "vault.example.com");
  BOOST_TEST(*Ascii("a..b.") == "a..b.");
  BOOST_TEST(*Ascii("a_b") == "a_b");  // forbidden code points are the URL parser's business
  BOOST_TEST(*Ascii("XN--A.com") == "xn--a.com");          // invalid Punycode
  BOOST_TEST(*Ascii("xn--1ug.com") == "xn--1ug.com");      // a bare ZWJ
  BOOST_TEST(*Ascii("xn--.xn--abc-") == "xn--.xn--abc-");  // empty, ASCII
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

// In a domain with a non-ASCII code point, an "xn--" label must decode to a
// label that mapping and NFC leave alone and that passes the checks.
BOOST_AUTO_TEST_CASE(ace_labels_are_validated_in_unicode_domains) {
  BOOST_TEST(*Ascii("\u00dc.XN--BCHER-KVA") == "xn--tda.xn--bcher-kva");
  BOOST_TEST(*Ascii("\u00fc.xn--zca") == "xn--tda.xn--zca");
  BOOST_TEST(!Ascii("\u00fc.xn--a").has_value());             // invalid Punycode
  BOOST_TEST(!Ascii("\u00fc.xn--").has_value());              // decodes to nothing
  BOOST_TEST(!Ascii("\u00fc.xn--abc-").has_value());          // decodes to ASCII (whatwg/url#760)
  BOOST_TEST(!Ascii("\u00fc.xn--xn--a-ova").has_value());     // decodes to "xn--a\u0c82"
  BOOST_TEST(!Ascii("\u00fc.xn--u-ccb").has_value());         // decodes to non-NFC "u\u0308"
  BOOST_TEST(!Ascii("\u00fc.xn--wca").has_value());           // decodes to "\u00dc", which maps
  BOOST_TEST(!Ascii("\u00fc.xn--ksa").has_value());           // decodes to a leading mark
  BOOST_TEST(!Ascii("\u00fc.xn--1ug").has_value());           // decodes to a bare ZWJ
  BOOST_TEST(!Ascii("xn--b\xc3\xbc.com").has_value());        // non-ASCII after xn--
}

BOOST_AUTO_TEST_CASE(invalid_code_points_fail) {
  BOOST_TEST(!Ascii("\u00ad").has_value());         // maps to the empty string
  BOOST_TEST(!Ascii("\u0301a").has_value());        // leading combining mark
  BOOST_TEST(!Ascii("a\u2488").has_value());        // disallowed
  BOOST_TEST(!Ascii("a\xff").has_value());          // not UTF-8
  BOOST_TEST(!Ascii("\xed\xa0\x80").has_value());   // surrogate
}

// Node 24 keeps the joiner rule of older Node: the first joiner settles the
// label (Bidi included), and a ZWNJ needs a left-joining letter anywhere
// before it and a right-joining one anywhere after, from a fixed list that
// lacks N'Ko, Mandaic and newer scripts.
BOOST_AUTO_TEST_CASE(check_joiners) {
  BOOST_TEST(!Ascii("a\u200db").has_value());
  BOOST_TEST(!Ascii("a\u200cb").has_value());
  BOOST_TEST(*Ascii("\u0915\u094d\u200d") == "xn--11b6iy14e");          // ZWJ after virama
  BOOST_TEST(*Ascii("\u0628\u200c\u0628") == "xn--ngba799q");           // ZWNJ between joining letters
  BOOST_TEST(!Ascii("\u0628\u200c").has_value());
  BOOST_TEST(*Ascii("\u0628\u200cx\u0628") == "xn--x-0mcb426x");
  BOOST_TEST(*Ascii("\u0628\u200c\u0628\u200cxx") == "xn--xx-etda3524aba");
  BOOST_TEST(*Ascii("a\u0628\u200c\u0628") == "xn--a-1mca526x");        // Bidi never checked
  BOOST_TEST(!Ascii("\u07ca\u200c\u07ca").has_value());                 // N'Ko: not in the list
  BOOST_TEST(!Ascii("\U00011f04\U00011f41\u200d").has_value());       // Kawi virama: Unicode 15
}

// RFC 5893 rules 1-6 on each label holding an R, AL or AN character; labels
// without one are not checked even in a Bidi domain name.
BOOST_AUTO_TEST_CASE(check_bidi) {
  BOOST_TEST(*Ascii("\u05d0") == "xn--4db");
  BOOST_TEST(*Ascii("a.\u05d0") == "a.xn--4db");
  BOOST_TEST(*Ascii("\u05d01") == "xn--1-zhc");
  BOOST_TEST(*Ascii("1.\u05d0") == "1.xn--4db");                // "1" is not checked
  BOOST_TEST(*Ascii("\u00e9-.\u05d0") == "xn----9fa.xn--4db");
  BOOST_TEST(!Ascii("1\u05d0").has_value());                    // rule 1: starts with EN
  BOOST_TEST(!Ascii("a\u05d0").has_value());                    // rule 5: R in an L label
  BOOST_TEST(!Ascii("\u00e9\u0661").has_value());               // rule 5: AN in an L label
  BOOST_TEST(!Ascii("\u05d0a").has_value());                    // rule 2: L in an RTL label
  BOOST_TEST(!Ascii("\u05d0-").has_value());                    // rule 3: RTL label ending in ES
  BOOST_TEST(!Ascii("\u05d01\u0661").has_value());              // rule 4: EN and AN together
}

// Node 24's mapping table is UTS #46 17.0, but its Bidi_Class, mark and virama
// data stop at Unicode 13.0.
BOOST_AUTO_TEST_CASE(unicode_versions_as_node_24) {
  BOOST_TEST(*Ascii("x\ua7f1") == "xs");                        // mapped since 17.0
  BOOST_TEST(*Ascii("x\u1acf") == "xn--x-58k");                 // valid since 17.0
  BOOST_TEST(*Ascii("x\u0870") == "xn--x-fld");                 // AL since 14.0: not RTL here
  BOOST_TEST(!Ascii("\u05d0\u0870").has_value());               // ... nor allowed in an RTL label
}

// Node 24 skips normalization when its composition step would change nothing
// and the marks are in order, so a precomposed letter keeps a mark that NFC
// would sort into it.
BOOST_AUTO_TEST_CASE(nfc_as_node_24) {
  BOOST_TEST(*Ascii("a\u00e8\u0327") == "xn--a-8fa93o");        // NFC: "a\u0229\u0300"
  BOOST_TEST(*Ascii("x\uac00\u11a8") == "xn--x-9fh6788h");      // NFC: "x\uac01"
  BOOST_TEST(*Ascii("ae\u0300\u0327") == *Ascii("a\u0229\u0300"));
  BOOST_TEST((ToNfc(U"\u00e8\u0327") == U"\u0229\u0300"));
}
