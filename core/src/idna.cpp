// UTS #46 processing + ToASCII with the options the URL standard fixes for
// "domain to ASCII" (beStrict=false). See clasp/idna.h.
#include <algorithm>
#include <vector>

#include "clasp/idna.h"
#include "clasp/utf8.h"
#include "idna_unicode_data.h"

namespace clasp::idna {
namespace {

using unicode::BidiClass;
using unicode::JoiningType;

bool IsAscii(std::u32string_view s) {
  return std::all_of(s.begin(), s.end(), [](char32_t c) { return c < 0x80; });
}

bool StartsWithAce(std::u32string_view s) { return s.size() >= 4 && s.substr(0, 4) == U"xn--"; }

bool AsciiStartsWithAceFold(std::string_view s) {
  return s.size() >= 4 && (s[0] | 0x20) == 'x' && (s[1] | 0x20) == 'n' && s[2] == '-' && s[3] == '-';
}

// The URL standard's fast path: ASCII input none of whose labels starts with
// "xn--" (any case) needs only ASCII lowercasing.
bool AsciiFastPathApplies(std::string_view domain) {
  size_t start = 0;
  while (true) {
    if (AsciiStartsWithAceFold(domain.substr(start))) return false;
    const size_t dot = domain.find('.', start);
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool IsVirama(char32_t cp) { return unicode::CombiningClass(cp) == 9; }

// CheckJoiners as Node 20 (ada 2.9.2) applies it: the first joiner in a label
// decides the whole label. ZWJ needs a virama before it; ZWNJ needs a virama
// before it, or a left-joining (L/D) letter anywhere before and a
// right-joining (R/D) letter anywhere after (RFC 5892 A.1 wants only
// transparent letters in between).
bool FirstJoinerAllows(std::u32string_view label, size_t i) {
  if (i > 0 && IsVirama(label[i - 1])) return true;
  if (label[i] != 0x200C || i == 0 || i + 1 >= label.size()) return false;
  const auto joins_left = [](char32_t cp) {
    const JoiningType t = unicode::GetJoiningType(cp);
    return t == JoiningType::kL || t == JoiningType::kD;
  };
  const auto joins_right = [](char32_t cp) {
    const JoiningType t = unicode::GetJoiningType(cp);
    return t == JoiningType::kR || t == JoiningType::kD;
  };
  return std::any_of(label.begin(), label.begin() + i, joins_left) &&
         std::any_of(label.begin() + i + 1, label.end(), joins_right);
}

template <typename... Classes>
bool OneOf(BidiClass c, Classes... classes) {
  return ((c == classes) || ...);
}

bool HasRtlCharacter(std::u32string_view label) {
  return std::any_of(label.begin(), label.end(), [](char32_t cp) {
    return OneOf(unicode::GetBidiClass(cp), BidiClass::kR, BidiClass::kAL, BidiClass::kAN);
  });
}

// CheckBidi as Node 20 (ada 2.9.2) applies it, label by label: only a label
// holding an R, AL or AN character is checked, whatever the other labels hold.
// One starting with an L character must have only L EN ES CS ET ON BN NSM
// before its last non-NSM character (RFC 5893 rule 5, the last one unchecked,
// no rule 6); any other must satisfy rules 2-4 (rule 1 is not checked).
bool RtlLabelRuleHolds(std::u32string_view label) {
  size_t last = label.size();
  while (last > 0 && unicode::GetBidiClass(label[last - 1]) == BidiClass::kNSM) --last;
  if (last == 0) return false;
  if (unicode::GetBidiClass(label[0]) == BidiClass::kL) {
    return std::all_of(label.begin(), label.begin() + (last - 1), [](char32_t cp) {
      return OneOf(unicode::GetBidiClass(cp), BidiClass::kL, BidiClass::kEN, BidiClass::kES, BidiClass::kCS,
                   BidiClass::kET, BidiClass::kON, BidiClass::kBN, BidiClass::kNSM);
    });
  }
  bool has_en = false, has_an = false;
  for (size_t i = 0; i < last; ++i) {
    const BidiClass c = unicode::GetBidiClass(label[i]);
    has_en |= c == BidiClass::kEN;
    has_an |= c == BidiClass::kAN;
    if (has_en && has_an) return false;
    if (!OneOf(c, BidiClass::kR, BidiClass::kAL, BidiClass::kAN, BidiClass::kEN, BidiClass::kES, BidiClass::kCS,
               BidiClass::kET, BidiClass::kON, BidiClass::kBN, BidiClass::kNSM)) {
      return false;
    }
  }
  return OneOf(unicode::GetBidiClass(label[last - 1]), BidiClass::kR, BidiClass::kAL, BidiClass::kEN,
               BidiClass::kAN);
}

// UTS #46 section 4.1 validity criteria (non-transitional, CheckHyphens=false)
// as Node 20 checks them; see the header for where that differs from UTS #46.
bool LabelIsValid(std::u32string_view label) {
  if (label.empty()) return true;
  if (ToNfc(label) != label) return false;
  if (unicode::IsCombiningMark(label[0])) return false;
  for (char32_t cp : label) {
    if (cp == U'.' || unicode::LookupIdna(cp, nullptr) != unicode::IdnaStatus::kValid) return false;
  }
  for (size_t i = 0; i < label.size(); ++i) {
    if (label[i] == 0x200C || label[i] == 0x200D) return FirstJoinerAllows(label, i);
  }
  return !HasRtlCharacter(label) || RtlLabelRuleHolds(label);
}

}  // namespace

std::optional<std::string> DomainToAscii(std::string_view domain) {
  if (std::all_of(domain.begin(), domain.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }) &&
      AsciiFastPathApplies(domain)) {
    if (domain.empty()) return std::nullopt;
    std::string lowered(domain);
    for (char& c : lowered) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 0x20);
    }
    return lowered;
  }
  const auto input = DecodeUtf8(domain);
  if (!input) return std::nullopt;

  // Processing step 1: map. Disallowed code points stay, and fail validation.
  bool error = false;
  std::u32string mapped;
  mapped.reserve(input->size());
  for (char32_t cp : *input) {
    std::u32string_view mapping;
    switch (unicode::LookupIdna(cp, &mapping)) {
      case unicode::IdnaStatus::kValid: mapped.push_back(cp); break;
      case unicode::IdnaStatus::kMapped: mapped.append(mapping); break;
      case unicode::IdnaStatus::kIgnored: break;
      case unicode::IdnaStatus::kDisallowed:
        error = true;
        mapped.push_back(cp);
        break;
    }
  }
  if (error) return std::nullopt;

  // Steps 2-4: normalize, break at U+002E, decode "xn--" labels, validate.
  const std::u32string normalized = ToNfc(mapped);
  std::vector<std::u32string> labels;
  for (size_t start = 0;;) {
    const size_t dot = normalized.find(U'.', start);
    labels.emplace_back(normalized.substr(start, dot == std::u32string::npos ? std::u32string::npos : dot - start));
    if (dot == std::u32string::npos) break;
    start = dot + 1;
  }
  // An "xn--" label is kept as written once its decoding validates; Node 20
  // accepts one that decodes to ASCII or to another "xn--" label.
  for (size_t i = 0; i < labels.size(); ++i) {
    if (!StartsWithAce(labels[i])) {
      if (!LabelIsValid(labels[i])) return std::nullopt;
      continue;
    }
    if (!IsAscii(labels[i])) return std::nullopt;
    const std::string ascii(labels[i].begin() + 4, labels[i].end());
    const auto decoded = PunycodeDecode(ascii);
    if (!decoded || decoded->empty() || !LabelIsValid(*decoded)) return std::nullopt;
  }

  // ToASCII step 2: Punycode every non-ASCII label.
  std::string out;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out.push_back('.');
    if (IsAscii(labels[i])) {
      for (char32_t c : labels[i]) out.push_back(static_cast<char>(c));
      continue;
    }
    const auto encoded = PunycodeEncode(labels[i]);
    if (!encoded) return std::nullopt;
    out += "xn--";
    out += *encoded;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace clasp::idna
