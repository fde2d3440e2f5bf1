#include "idna_unicode_data.h"

#include <algorithm>
#include <iterator>

namespace clasp::unicode {
namespace {

struct IdnaRun {
  uint32_t start;
  uint32_t packed;
};
struct RangeValue {
  uint32_t start;
  uint8_t value;
};
struct Decomposition {
  uint32_t cp;
  uint32_t first;
  uint32_t second;
};
struct Composition {
  uint32_t first;
  uint32_t second;
  uint32_t composite;
};

#include "generated/bidi_joining.inc"
#include "generated/idna_mapping.inc"
#include "generated/nfc_tables.inc"

// Runs cover the code space from 0, each ending where the next starts, so the
// run holding cp is the last one whose start <= cp.
template <typename Run, size_t N>
const Run& FindRun(const Run (&runs)[N], char32_t cp) {
  const Run* it = std::upper_bound(std::begin(runs), std::end(runs), static_cast<uint32_t>(cp),
                                   [](uint32_t v, const Run& r) { return v < r.start; });
  return *(it - 1);
}

}  // namespace

IdnaStatus LookupIdna(char32_t cp, std::u32string_view* mapping) {
  if (cp > 0x10FFFF) return IdnaStatus::kDisallowed;
  const IdnaRun& run = FindRun(kIdnaRuns, cp);
  const auto status = static_cast<IdnaStatus>(run.packed >> 29);
  if (status == IdnaStatus::kMapped && mapping != nullptr) {
    *mapping = std::u32string_view(kIdnaPool + (run.packed & 0xFFFFFF), (run.packed >> 24) & 0x1F);
  }
  return status;
}

uint8_t CombiningClass(char32_t cp) { return cp > 0x10FFFF ? 0 : FindRun(kCombiningClassRuns, cp).value; }

bool CanonicalDecomposition(char32_t cp, char32_t* first, char32_t* second) {
  const Decomposition* it = std::lower_bound(std::begin(kDecompositions), std::end(kDecompositions),
                                             static_cast<uint32_t>(cp),
                                             [](const Decomposition& d, uint32_t v) { return d.cp < v; });
  if (it == std::end(kDecompositions) || it->cp != cp) return false;
  *first = it->first;
  *second = it->second;
  return true;
}

char32_t ComposePair(char32_t first, char32_t second) {
  const Composition* it = std::lower_bound(
      std::begin(kCompositions), std::end(kCompositions), std::pair<uint32_t, uint32_t>(first, second),
      [](const Composition& c, const std::pair<uint32_t, uint32_t>& v) {
        return c.first != v.first ? c.first < v.first : c.second < v.second;
      });
  if (it == std::end(kCompositions) || it->first != first || it->second != second) return 0;
  return it->composite;
}

BidiClass GetBidiClass(char32_t cp) {
  return cp > 0x10FFFF ? BidiClass::kL : static_cast<BidiClass>(FindRun(kBidiClassRuns, cp).value);
}

bool IsCombiningMark(char32_t cp) { return cp <= 0x10FFFF && FindRun(kCombiningMarkRuns, cp).value != 0; }

namespace {
bool HasContextJBit(char32_t cp, uint8_t bit) { return cp <= 0x10FFFF && (FindRun(kContextJRuns, cp).value & bit); }
}  // namespace

bool IsVirama(char32_t cp) { return HasContextJBit(cp, 1); }
bool JoinsLeft(char32_t cp) { return HasContextJBit(cp, 2); }
bool JoinsRight(char32_t cp) { return HasContextJBit(cp, 4); }

}  // namespace clasp::unicode
