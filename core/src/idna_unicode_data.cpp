#include "idna_unicode_data.h"

#include <algorithm>
#include <iterator>

namespace clasp::unicode {
namespace {

#include "generated/bidi_joining.inc"
#include "generated/idna_mapping.inc"
#include "generated/nfc_tables.inc"

// Runs cover the code space from 0, each ending where the next starts, so the
// run holding cp is the last one whose start <= cp.
template <size_t N>
size_t RunIndex(const uint32_t (&starts)[N], char32_t cp) {
  return std::upper_bound(std::begin(starts), std::end(starts), static_cast<uint32_t>(cp)) - std::begin(starts) - 1;
}

}  // namespace

IdnaStatus LookupIdna(char32_t cp, std::u32string* out) {
  if (cp > 0x10FFFF) return IdnaStatus::kDisallowed;
  const size_t k = RunIndex(kIdnaStarts, cp);
  const uint32_t value = kIdnaValues[k];
  auto status = static_cast<IdnaStatus>(value >> 30);
  const bool delta = (value & (1u << 29)) != 0;
  if (delta && (value & (1u << 28)) != 0 && (cp - kIdnaStarts[k]) % 2 == 1) status = IdnaStatus::kValid;
  if (out == nullptr) return status;
  if (status == IdnaStatus::kValid) {
    out->push_back(cp);
  } else if (status == IdnaStatus::kMapped && delta) {
    // The 22-bit delta is two's complement: shift its sign bit to the top and back.
    out->push_back(static_cast<char32_t>(static_cast<int32_t>(cp) + (static_cast<int32_t>(value << 10) >> 10)));
  } else if (status == IdnaStatus::kMapped) {
    out->append(kIdnaPool + (value & 0xFFFFFF), (value >> 24) & 0x1F);
  }
  return status;
}

uint8_t CombiningClass(char32_t cp) { return cp > 0x10FFFF ? 0 : kCombiningClassValues[RunIndex(kCombiningClassStarts, cp)]; }

bool CanonicalDecomposition(char32_t cp, char32_t* first, char32_t* second) {
  const uint32_t* it = std::lower_bound(std::begin(kDecomposed), std::end(kDecomposed), static_cast<uint32_t>(cp));
  if (it == std::end(kDecomposed) || *it != cp) return false;
  *first = kDecompositionFirst[it - std::begin(kDecomposed)];
  *second = kDecompositionSecond[it - std::begin(kDecomposed)];
  return true;
}

char32_t ComposePair(char32_t first, char32_t second) {
  const auto pair = [](uint16_t k) { return std::pair<uint32_t, uint32_t>(kDecompositionFirst[k], kDecompositionSecond[k]); };
  const std::pair<uint32_t, uint32_t> wanted(first, second);
  const uint16_t* it = std::lower_bound(std::begin(kCompositionIndex), std::end(kCompositionIndex), wanted,
                                        [&](uint16_t k, const auto& v) { return pair(k) < v; });
  if (it == std::end(kCompositionIndex) || pair(*it) != wanted) return 0;
  return kDecomposed[*it];
}

BidiClass GetBidiClass(char32_t cp) {
  return cp > 0x10FFFF ? BidiClass::kL : static_cast<BidiClass>(kBidiClassValues[RunIndex(kBidiClassStarts, cp)]);
}

bool IsCombiningMark(char32_t cp) { return cp <= 0x10FFFF && kCombiningMarkValues[RunIndex(kCombiningMarkStarts, cp)] != 0; }

namespace {
bool HasContextJBit(char32_t cp, uint8_t bit) { return cp <= 0x10FFFF && (kContextJValues[RunIndex(kContextJStarts, cp)] & bit); }
}  // namespace

bool IsVirama(char32_t cp) { return HasContextJBit(cp, 1); }
bool JoinsLeft(char32_t cp) { return HasContextJBit(cp, 2); }
bool JoinsRight(char32_t cp) { return HasContextJBit(cp, 4); }

}  // namespace clasp::unicode
