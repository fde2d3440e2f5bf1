#include "idna_unicode_data.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace clasp::unicode {
namespace {

#include "generated/bidi_joining.inc"
#include "generated/idna_mapping.inc"
#include "generated/nfc_tables.inc"

// An ascending table stored as differences with every kSortedStride-th value
// whole (the generator's emit_sorted): a lookup is a binary search over those
// checkpoints and at most kSortedStride additions.
constexpr size_t kSortedStride = 64;

struct SortedTable {
  template <size_t N, size_t C>
  constexpr SortedTable(const uint32_t (&d)[N], const uint32_t (&c)[C])
      : deltas(d), checkpoints(c), size(N), stride_count(C) {
    static_assert(C == (N + kSortedStride - 1) / kSortedStride, "tables from another generator run");
  }

  // The index and value of the last element <= v; v must be >= the first element.
  std::pair<size_t, uint32_t> LastAtMost(uint32_t v) const {
    const size_t c = std::upper_bound(checkpoints, checkpoints + stride_count, v) - checkpoints - 1;
    size_t k = c * kSortedStride;
    uint32_t value = checkpoints[c];
    while (k + 1 < size && value + deltas[k + 1] <= v) value += deltas[++k];
    return {k, value};
  }

  uint32_t At(size_t k) const {
    uint32_t value = checkpoints[k / kSortedStride];
    for (size_t i = k / kSortedStride * kSortedStride + 1; i <= k; ++i) value += deltas[i];
    return value;
  }

  const uint32_t* deltas;
  const uint32_t* checkpoints;
  size_t size;
  size_t stride_count;
};

// Runs cover the code space from 0, each ending where the next starts, so the
// run holding cp is the last one whose start <= cp.
size_t RunIndex(const SortedTable& starts, char32_t cp) { return starts.LastAtMost(cp).first; }

constexpr SortedTable kIdnaStarts(kIdnaStartsDeltas, kIdnaStartsCheckpoints);
constexpr SortedTable kCombiningClassStarts(kCombiningClassStartsDeltas, kCombiningClassStartsCheckpoints);
constexpr SortedTable kBidiClassStarts(kBidiClassStartsDeltas, kBidiClassStartsCheckpoints);
constexpr SortedTable kCombiningMarkStarts(kCombiningMarkStartsDeltas, kCombiningMarkStartsCheckpoints);
constexpr SortedTable kContextJStarts(kContextJStartsDeltas, kContextJStartsCheckpoints);
constexpr SortedTable kDecomposed(kDecomposedDeltas, kDecomposedCheckpoints);

}  // namespace

IdnaStatus LookupIdna(char32_t cp, std::u32string* out) {
  if (cp > 0x10FFFF) return IdnaStatus::kDisallowed;
  const auto [k, start] = kIdnaStarts.LastAtMost(cp);
  const uint32_t value = kIdnaValues[k];
  auto status = static_cast<IdnaStatus>(value >> 30);
  const bool delta = (value & (1u << 29)) != 0;
  if (delta && (value & (1u << 28)) != 0 && (cp - start) % 2 == 1) status = IdnaStatus::kValid;
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

uint8_t CombiningClass(char32_t cp) {
  return cp > 0x10FFFF ? 0 : kCombiningClassValues[RunIndex(kCombiningClassStarts, cp)];
}

bool CanonicalDecomposition(char32_t cp, char32_t* first, char32_t* second) {
  if (cp < kDecomposedCheckpoints[0]) return false;
  const auto [k, found] = kDecomposed.LastAtMost(cp);
  if (found != cp) return false;
  *first = kDecompositionFirst[k];
  *second = kDecompositionSecond[k];
  return true;
}

char32_t ComposePair(char32_t first, char32_t second) {
  const auto pair = [](uint16_t k) {
    return std::pair<uint32_t, uint32_t>(kDecompositionFirst[k], kDecompositionSecond[k]);
  };
  const std::pair<uint32_t, uint32_t> wanted(first, second);
  const uint16_t* it = std::lower_bound(std::begin(kCompositionIndex), std::end(kCompositionIndex), wanted,
                                        [&](uint16_t k, const auto& v) { return pair(k) < v; });
  if (it == std::end(kCompositionIndex) || pair(*it) != wanted) return 0;
  return kDecomposed.At(*it);
}

BidiClass GetBidiClass(char32_t cp) {
  return cp > 0x10FFFF ? BidiClass::kL : static_cast<BidiClass>(kBidiClassValues[RunIndex(kBidiClassStarts, cp)]);
}

bool IsCombiningMark(char32_t cp) {
  return cp <= 0x10FFFF && kCombiningMarkValues[RunIndex(kCombiningMarkStarts, cp)] != 0;
}

namespace {
bool HasContextJBit(char32_t cp, uint8_t bit) {
  return cp <= 0x10FFFF && (kContextJValues[RunIndex(kContextJStarts, cp)] & bit);
}
}  // namespace

bool IsVirama(char32_t cp) { return HasContextJBit(cp, 1); }
bool JoinsLeft(char32_t cp) { return HasContextJBit(cp, 2); }
bool JoinsRight(char32_t cp) { return HasContextJBit(cp, 4); }

}  // namespace clasp::unicode
