// clasp/idna.h — internationalised host names for WHATWG URL hosts (VLT-7).
//
// Paperclip stores `new URL(address).origin`, whose host goes through the URL
// standard's "domain to ASCII": UTS #46 ToASCII with CheckHyphens=false,
// CheckBidi=true, CheckJoiners=true, UseSTD3ASCIIRules=false,
// Transitional_Processing=false, VerifyDnsLength=false. The oracle is the
// URL parser of Node 24.21.0 (ada 4.0.0), because Paperclip 2026.916.1
// requires Node >= 24; clasp follows it where it departs from the standard:
//   - an ASCII domain is only lowercased, so its "xn--" labels are never
//     decoded or checked ("xn--a.com" passes); in a domain with a non-ASCII
//     code point they are checked as UTS #46 says;
//   - CheckJoiners: the first ZWJ/ZWNJ of a label decides the whole label
//     (its Bidi check included), and a ZWNJ needs a left-joining letter
//     anywhere before it and a right-joining one anywhere after it, from a
//     fixed list that lacks N'Ko, Mandaic and later scripts;
//   - CheckBidi applies RFC 5893 rules 1-6 to each label holding an R, AL or
//     AN character, not to every label of a Bidi domain name ("1.\u05d0"
//     passes, "1\u05d0" fails);
//   - normalization is skipped when composition alone would change nothing
//     and the marks are in canonical order, so "\u00e8\u0327" stays as it
//     is (NFC: "\u0229\u0300") and so does an LV syllable before a T jamo.
// Tables: the UTS #46 17.0 mapping table (tr46@6.0.0), as Node 24 has it;
// NFC data from Unicode 15.0 (Debian unicode-data); Bidi_Class, marks and
// viramas cut down to Unicode 13.0, the data Node 24's IDNA code carries.
// Both builds share these tables, so native and WASM agree code point for
// code point.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace clasp::idna {

// RFC 3492 Punycode of a label (without the "xn--" prefix). nullopt when the
// RFC's overflow check trips (only for absurdly long or spread-out labels).
//   PunycodeEncode(U"bücher") == "bcher-kva"
//   PunycodeEncode(U"abc")    == "abc-"
std::optional<std::string> PunycodeEncode(std::u32string_view label);

// The inverse, as punycode.js decodes: nullopt for non-basic input before the
// last '-', a digit outside [0-9A-Za-z], a truncated delta, overflow, or a
// result outside the Unicode scalar values.
//   PunycodeDecode("bcher-kva") == U"bücher"
//   PunycodeDecode("99999999")  == nullopt  (overflow)
std::optional<std::u32string> PunycodeDecode(std::string_view encoded);

// Unicode Normalization Form C (the standard one, not Node's shortcut).
//   ToNfc(U"e\u0301") == U"\u00e9"
//   ToNfc(U"\u212b")  == U"\u00c5"   (singleton decomposition, never recomposed)
std::u32string ToNfc(std::u32string_view text);

// WHATWG "domain to ASCII" with beStrict=false as Node 24 runs it, on a host
// that is already percent-decoded. Input that is not valid UTF-8 fails; ASCII
// input is just ASCII-lowercased.
//   DomainToAscii("Vault.Example.COM") == "vault.example.com"
//   DomainToAscii("xn--a.com")          == "xn--a.com"       (ASCII: not checked)
//   DomainToAscii("例え.jp")            == "xn--r8jz45g.jp"
//   DomainToAscii("faß.de")             == "xn--fa-hia.de"   (non-transitional)
//   DomainToAscii("ü.xn--a")            == nullopt           (invalid Punycode)
//   DomainToAscii("a\u200db.ü")         == nullopt           (CheckJoiners)
//   DomainToAscii("1\u05d0")            == nullopt           (CheckBidi rule 1)
//   DomainToAscii("\u00ad")             == nullopt           (maps to the empty string)
std::optional<std::string> DomainToAscii(std::string_view domain);

}  // namespace clasp::idna
