// clasp/utf8.h — the few UTF-8 primitives the rules share.
//
// JS strings are UTF-16; clasp works on UTF-8 bytes. Rules that depend on
// characters (ECMAScript trim(), toLowerCase(), URL hosts) decode to code
// points with these helpers so both builds see the same characters.
//
//   IsValidUtf8("caf\xc3\xa9") == true
//   IsValidUtf8("\xff")        == false   (also: overlongs, surrogates, > U+10FFFF)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clasp {

bool IsValidUtf8(std::string_view bytes);

// Decodes valid UTF-8 into code points; nullopt for invalid input.
std::optional<std::vector<char32_t>> DecodeUtf8(std::string_view bytes);

// Appends the UTF-8 encoding of one code point (caller guarantees validity).
void AppendUtf8(std::string& out, char32_t cp);
std::string EncodeUtf8(const std::vector<char32_t>& cps);

// ECMAScript WhiteSpace + LineTerminator: what String.prototype.trim strips
// (TAB VT FF SP NBSP ZWNBSP/BOM, Zs, LF CR U+2028 U+2029; not U+200B).
bool IsEcmaWhitespace(char32_t cp);

// String.prototype.trim() on UTF-8. Invalid UTF-8 is trimmed bytewise at the
// ASCII whitespace only, so it never fails.
std::string_view EcmaTrim(std::string_view s);

}  // namespace clasp
