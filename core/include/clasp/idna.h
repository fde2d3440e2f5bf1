// clasp/idna.h — internationalised host names for WHATWG URL hosts (VLT-7).
//
// Paperclip stores `new URL(address).origin`, whose host goes through the URL
// standard's "domain to ASCII": UTS #46 ToASCII with CheckHyphens=false,
// CheckBidi=true, CheckJoiners=true, UseSTD3ASCIIRules=false,
// Transitional_Processing=false, VerifyDnsLength=false. The mapping table is
// UTS #46 for Unicode 16.0 (tr46@5.1.1); NFC, Bidi_Class, Joining_Type and
// General_Category come from Unicode 15.0 (Debian unicode-data). Both builds
// share these tables, so native and WASM agree code point for code point.
//
// Where Paperclip's runtime (Node 20, whose URL parser is ada 2.9.2) departs
// from UTS #46, clasp follows Node, because Paperclip stores what Node says:
//   - an "xn--" label may decode to ASCII or to another "xn--" label;
//   - CheckJoiners: the first ZWJ/ZWNJ of a label decides the whole label, and
//     a ZWNJ needs a left-joining letter anywhere before it and a
//     right-joining one anywhere after it (not just across transparent ones);
//   - CheckBidi: only labels with an R, AL or AN character are checked, each
//     on its own (not "every label of a Bidi domain"); one starting with L
//     needs only L/EN/ES/CS/ET/ON/BN/NSM before its last non-NSM character,
//     any other must meet RFC 5893 rules 2-4 (rule 1 is not checked).
// Node 20's own tables are IDNA 15.0, so code points whose status changed in
// IDNA 15.1/16.0 (new Unicode 16 letters, U+1E9E, Georgian capitals
// U+10A0..10C5, default ignorables such as U+115F/U+3164/U+FFA0, ...) are
// accepted here where Node 20 rejects them (U+1E9E maps to "ß", not "ss").
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

// Unicode Normalization Form C.
//   ToNfc(U"e\u0301") == U"\u00e9"
//   ToNfc(U"\u212b")  == U"\u00c5"   (singleton decomposition, never recomposed)
std::u32string ToNfc(std::u32string_view text);

// WHATWG "domain to ASCII" with beStrict=false, on a host that is already
// percent-decoded. Input that is not valid UTF-8 fails. ASCII input without an
// "xn--" label is just ASCII-lowercased (the URL standard's fast path).
//   DomainToAscii("Vault.Example.COM") == "vault.example.com"
//   DomainToAscii("例え.jp")            == "xn--r8jz45g.jp"
//   DomainToAscii("faß.de")             == "xn--fa-hia.de"   (non-transitional)
//   DomainToAscii("xn--a.com")          == nullopt           (invalid Punycode)
//   DomainToAscii("a\u200db.com")       == nullopt           (CheckJoiners)
//   DomainToAscii("\u05d0a")            == nullopt           (CheckBidi: L in an RTL label)
//   DomainToAscii("\u00ad")             == nullopt           (maps to the empty string)
std::optional<std::string> DomainToAscii(std::string_view domain);

}  // namespace clasp::idna
