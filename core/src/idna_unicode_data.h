// idna_unicode_data.h — private lookups over the generated Unicode tables
// (core/src/generated/*.inc, made by scripts/gen_unicode_tables.py). Only the
// IDNA and NFC code uses them; they are not part of clasp's public API.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace clasp::unicode {

// UTS #46 status as non-transitional processing sees it (deviation = valid).
enum class IdnaStatus : uint8_t { kValid = 0, kMapped = 1, kIgnored = 2, kDisallowed = 3 };

// When `out` is given, appends what cp becomes: itself when valid, its
// mapping when mapped, nothing when ignored or disallowed.
IdnaStatus LookupIdna(char32_t cp, std::u32string* out);

uint8_t CombiningClass(char32_t cp);

// One level of canonical decomposition; false when cp has none. `second` is 0
// for a singleton decomposition.
bool CanonicalDecomposition(char32_t cp, char32_t* first, char32_t* second);

// The primary composite of the pair, or 0 (Hangul is algorithmic, not here).
char32_t ComposePair(char32_t first, char32_t second);

// The NFC that Node 24's URL parser applies (see idna_nfc.cpp): idna::ToNfc,
// skipped on text that a shortcut wrongly takes for NFC already.
std::u32string NfcAsNode(std::u32string_view text);

// Values in the order of the generator's BIDI_CLASSES.
enum class BidiClass : uint8_t {
  kL, kR, kAL, kEN, kES, kET, kAN, kCS, kNSM, kBN, kB, kS, kWS, kON,
  kLRE, kLRO, kRLE, kRLO, kPDF, kLRI, kRLI, kFSI, kPDI
};

BidiClass GetBidiClass(char32_t cp);
bool IsCombiningMark(char32_t cp);  // General_Category=Mark

// CheckJoiners classes from the fixed lists Node 24 uses (see the generator):
// a virama, a letter joining the next one (Joining_Type L/D), a letter
// joining the previous one (R/D).
bool IsVirama(char32_t cp);
bool JoinsLeft(char32_t cp);
bool JoinsRight(char32_t cp);

}  // namespace clasp::unicode
