// clasp/decimal_to_double.h — a decimal literal to the nearest double, as
// JSON.parse and JS Number() read it.
//
// The JSON parser and zod's number coercion need it. std::strtod gives the
// same answers but, in the WASM build, brings musl's long-double scanner and
// 128-bit soft-float arithmetic: 7.7 KB gzip of clasp.wasm for a few numbers
// per request. This is exact decimal arithmetic instead (the "simple decimal
// conversion" Go's strconv falls back on): slower per number, but correctly
// rounded (to nearest, ties to even) for any length and exponent.
#pragma once

#include <optional>
#include <string_view>

namespace clasp {

// `text` must be [+|-] digits [. digits] [(e|E) [+|-] digits], where either
// digit run around the dot may be empty but not both (JS's
// StrDecimalLiteral; JSON's number grammar is a subset). Overflow gives
// ±infinity and underflow ±0, as strtod does. Anything else is nullopt.
//   "0.1"                          -> 0.1
//   "-0"                           -> -0.0
//   "9007199254740993"             -> 9007199254740992 (the tie goes to even)
//   "2.4703282292062328e-324"      -> 4.9406564584124654e-324 (just above
//                                     half the smallest denormal)
//   "1e400"                        -> infinity
//   "1e", ".", "1.2.3", " 1"       -> nullopt
std::optional<double> DecimalToDouble(std::string_view text);

}  // namespace clasp
