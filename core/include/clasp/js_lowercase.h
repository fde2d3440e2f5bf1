// clasp/js_lowercase.h — JS String.prototype.toLowerCase() on UTF-8.
//
// SENS-3 (sensitive_keys.h) lower-cases a key the way Paperclip's Node does
// before its suffix and substring tests, and that is full Unicode, not ASCII:
// the Kelvin sign becomes "k", so "API_\u212AEY" ends with "_key" there too.
// The tables are generated from the UCD by scripts/gen_case_tables.py
// (UnicodeData + SpecialCasing unconditional mappings + Final_Sigma), so
// native and WASM builds agree regardless of the platform's locale or ICU.
// The tables follow the UCD they were generated from (15.0 here); Node 20.20
// ships Unicode 17, and the 55 code points that differ are letters added in
// 16/17 (Garay, Latin A7CB.., ...). None lowercases to ASCII, so no SENS-3
// verdict depends on them. Regenerate from a newer UCD to close the gap.
//
//   JsToLowerCase("OPENAI_API_KEY") == "openai_api_key"
//   JsToLowerCase("\u212A")        == "k"            (Kelvin sign)
//   JsToLowerCase("\u0130")        == "i\u0307"      (two code points)
//   JsToLowerCase("\u039F\u03A3")  == "\u03BF\u03C2" (final sigma)
//   JsToLowerCase("\u03A3")        == "\u03C3"       (no cased letter before it)
//   JsToLowerCase("\u017F")        == "\u017F"       (long s is already lower case)
#pragma once

#include <string>
#include <string_view>

namespace clasp {

// Invalid UTF-8 (which no JS string can hold) never fails: ASCII bytes are
// lower-cased and every other byte is copied through unchanged.
std::string JsToLowerCase(std::string_view utf8);

// The simple (one code point) lowercase mapping, without context: what
// toLowerCase() does to a code point on its own, except for U+0130 (which
// expands) and U+03A3 (which depends on its neighbours).
char32_t SimpleLowercase(char32_t cp);

}  // namespace clasp
