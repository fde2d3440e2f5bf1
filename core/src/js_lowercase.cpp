#include "clasp/js_lowercase.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <vector>

#include "clasp/utf8.h"

namespace clasp {
namespace {

struct DeltaRun {
  char32_t first;
  char32_t last;
  std::int32_t delta;
  std::uint32_t stride;
};

struct SpecialMapping {
  char32_t cp;
  std::size_t length;
  char32_t mapping[3];
};

struct Range {
  char32_t first;
  char32_t last;
};

constexpr DeltaRun kDeltaRuns[] = {
#include "generated/lowercase_ranges.inc"
};

constexpr SpecialMapping kSpecial[] = {
#include "generated/lowercase_special.inc"
};

constexpr Range kCased[] = {
#include "generated/lowercase_cased.inc"
};

constexpr Range kCaseIgnorable[] = {
#include "generated/lowercase_case_ignorable.inc"
};

constexpr char32_t kCapitalSigma = 0x03A3;
constexpr char32_t kFinalSigma = 0x03C2;

template <typename T, std::size_t N>
const T* LastStartingAtOrBefore(const T (&table)[N], char32_t cp) {
  const T* it = std::upper_bound(std::begin(table), std::end(table), cp,
                                 [](char32_t value, const T& entry) { return value < entry.first; });
  return it == std::begin(table) ? nullptr : it - 1;
}

template <std::size_t N>
bool InRanges(const Range (&table)[N], char32_t cp) {
  const Range* r = LastStartingAtOrBefore(table, cp);
  return r != nullptr && cp <= r->last;
}

const SpecialMapping* FindSpecial(char32_t cp) {
  for (const auto& s : kSpecial) {
    if (s.cp == cp) return &s;
  }
  return nullptr;
}

bool IsCased(char32_t cp) { return InRanges(kCased, cp); }
bool IsCaseIgnorable(char32_t cp) { return InRanges(kCaseIgnorable, cp); }

// Unicode's Final_Sigma: a cased letter (skipping case-ignorables) before,
// and no cased letter (skipping case-ignorables) after.
bool IsFinalSigma(const std::vector<char32_t>& cps, std::size_t i) {
  bool cased_before = false;
  for (std::size_t k = i; k-- > 0;) {
    if (IsCaseIgnorable(cps[k])) continue;
    cased_before = IsCased(cps[k]);
    break;
  }
  if (!cased_before) return false;
  for (std::size_t k = i + 1; k < cps.size(); ++k) {
    if (IsCaseIgnorable(cps[k])) continue;
    return !IsCased(cps[k]);
  }
  return true;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

char32_t SimpleLowercase(char32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  const DeltaRun* run = LastStartingAtOrBefore(kDeltaRuns, cp);
  if (run == nullptr || cp > run->last || (cp - run->first) % run->stride != 0) return cp;
  return static_cast<char32_t>(static_cast<std::int64_t>(cp) + run->delta);
}

std::string JsToLowerCase(std::string_view utf8) {
  const bool ascii = std::all_of(utf8.begin(), utf8.end(), [](char c) { return (c & 0x80) == 0; });
  if (ascii) return AsciiLower(utf8);
  const auto cps = DecodeUtf8(utf8);
  if (!cps) return AsciiLower(utf8);
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < cps->size(); ++i) {
    const char32_t cp = (*cps)[i];
    if (cp == kCapitalSigma) {
      AppendUtf8(out, IsFinalSigma(*cps, i) ? kFinalSigma : SimpleLowercase(cp));
    } else if (const SpecialMapping* special = FindSpecial(cp)) {
      for (std::size_t k = 0; k < special->length; ++k) AppendUtf8(out, special->mapping[k]);
    } else {
      AppendUtf8(out, SimpleLowercase(cp));
    }
  }
  return out;
}

}  // namespace clasp
