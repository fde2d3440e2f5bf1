// Unicode Normalization Form C (UAX #15): full canonical decomposition,
// canonical ordering, then canonical composition. Hangul is algorithmic.
#include <algorithm>
#include <utility>
#include <vector>

#include "clasp/idna.h"
#include "idna_unicode_data.h"

namespace clasp::idna {

constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount;
constexpr char32_t kSCount = kLCount * kNCount;

namespace {

void Decompose(char32_t cp, std::u32string& out) {
  if (cp >= kSBase && cp < kSBase + kSCount) {
    const char32_t s = cp - kSBase;
    out.push_back(kLBase + s / kNCount);
    out.push_back(kVBase + (s % kNCount) / kTCount);
    if (s % kTCount != 0) out.push_back(kTBase + s % kTCount);
    return;
  }
  char32_t first = 0, second = 0;
  if (!unicode::CanonicalDecomposition(cp, &first, &second)) {
    out.push_back(cp);
    return;
  }
  Decompose(first, out);  // depth is bounded by the data (at most 4 levels)
  if (second != 0) Decompose(second, out);
}

char32_t Compose(char32_t first, char32_t second) {
  if (first >= kLBase && first < kLBase + kLCount && second >= kVBase && second < kVBase + kVCount) {
    return kSBase + ((first - kLBase) * kVCount + (second - kVBase)) * kTCount;
  }
  if (first >= kSBase && first < kSBase + kSCount && (first - kSBase) % kTCount == 0 && second > kTBase &&
      second < kTBase + kTCount) {
    return first + (second - kTBase);
  }
  return unicode::ComposePair(first, second);
}

}  // namespace

std::u32string ToNfc(std::u32string_view text) {
  // Below U+0300 nothing combines and everything that decomposes recomposes
  // to itself, so Latin-1 text is already NFC.
  if (std::all_of(text.begin(), text.end(), [](char32_t c) { return c < 0x300; })) {
    return std::u32string(text);
  }
  std::u32string decomposed;
  decomposed.reserve(text.size());
  for (char32_t cp : text) Decompose(cp, decomposed);

  // Canonical ordering: stable sort of each run of non-starters by class.
  std::vector<uint8_t> classes(decomposed.size());
  for (size_t i = 0; i < decomposed.size(); ++i) classes[i] = unicode::CombiningClass(decomposed[i]);
  for (size_t i = 0; i < decomposed.size();) {
    if (classes[i] == 0) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < decomposed.size() && classes[end] != 0) ++end;
    if (end - i > 1) {
      std::vector<std::pair<uint8_t, char32_t>> run;
      for (size_t k = i; k < end; ++k) run.emplace_back(classes[k], decomposed[k]);
      std::stable_sort(run.begin(), run.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      for (size_t k = i; k < end; ++k) {
        classes[k] = run[k - i].first;
        decomposed[k] = run[k - i].second;
      }
    }
    i = end;
  }

  // A character composes with the last starter unless a character between
  // them is a starter or has a class >= its own (it is "blocked").
  std::u32string out;
  out.reserve(decomposed.size());
  size_t starter = std::u32string::npos;
  uint8_t last_class = 0;
  for (size_t i = 0; i < decomposed.size(); ++i) {
    const char32_t cp = decomposed[i];
    const uint8_t cc = classes[i];
    if (starter != std::u32string::npos) {
      const bool adjacent = out.size() - 1 == starter;
      if (adjacent || (last_class != 0 && last_class < cc)) {
        if (const char32_t composite = Compose(out[starter], cp); composite != 0) {
          out[starter] = composite;
          continue;
        }
      }
    }
    if (cc == 0) starter = out.size();
    last_class = cc;
    out.push_back(cp);
  }
  return out;
}

}  // namespace clasp::idna

namespace clasp::unicode {

namespace {

// Whether Node 24's composition step alone would change `text`: some mark
// (or an adjacent starter) not blocked from the starter before it forms a
// primary composite with it, or a Hangul L is followed by a V. Node's Hangul
// code never adds a T to an LV syllable (only, wrongly, to an LVT one).
bool NodeWouldCompose(std::u32string_view text) {
  using namespace idna;
  for (size_t i = 0; i < text.size();) {
    const char32_t c = text[i];
    const bool more = i + 1 < text.size();
    if (c >= kLBase && c < kLBase + kLCount) {
      if (more && text[i + 1] >= kVBase && text[i + 1] < kVBase + kVCount) return true;
      ++i;
      continue;
    }
    if (c >= kSBase && c < kSBase + kSCount) {
      if ((c - kSBase) % kTCount != 0 && more && text[i + 1] > kTBase && text[i + 1] < kTBase + kTCount) return true;
      ++i;
      continue;
    }
    int previous_class = -1;
    size_t j = i + 1;
    for (; j < text.size(); ++j) {
      const int cc = CombiningClass(text[j]);
      if (previous_class < cc && ComposePair(c, text[j]) != 0) return true;
      if (cc == 0) break;
      previous_class = cc;
    }
    i = j;
  }
  return false;
}

}  // namespace

std::u32string NfcAsNode(std::u32string_view text) {
  // Node 24 normalizes only text that its composition step would change or
  // whose marks are out of canonical order. That misses a precomposed letter
  // before a mark that should sort into it ("\u00e8\u0327" stays; NFC gives
  // "\u0229\u0300") and an LV syllable before a T ("\uac00\u11a8" stays).
  uint8_t previous_class = 0;
  for (char32_t c : text) {
    const uint8_t cc = CombiningClass(c);
    if (cc != 0 && previous_class > cc) return idna::ToNfc(text);
    previous_class = cc;
  }
  return NodeWouldCompose(text) ? idna::ToNfc(text) : std::u32string(text);
}

}  // namespace clasp::unicode
