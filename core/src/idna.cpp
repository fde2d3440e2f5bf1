// UTS #46 processing + ToASCII with the options the URL standard fixes for
// "domain to ASCII" (beStrict=false), as Node 24 runs them. See clasp/idna.h.
#include <algorithm>

#include "clasp/idna.h"
#include "clasp/utf8.h"
#include "idna_unicode_data.h"

namespace clasp::idna {
namespace {

using unicode::BidiClass;

bool IsAscii(std::u32string_view s) {
  return std::all_of(s.begin(), s.end(), [](char32_t c) { return c < 0x80; });
}

bool StartsWithAce(std::u32string_view s) { return s.size() >= 4 && s.substr(0, 4) == U"xn--"; }

// CheckJoiners as Node 24 (ada 4.0.0) applies it: the first joiner in a label
// decides the whole label, skipping the Bidi check too. ZWJ needs a virama
// before it; ZWNJ needs a virama before it, or a left-joining letter anywhere
// before and a right-joining one anywhere after (RFC 5892 A.1 wants only
// transparent letters in between).
bool FirstJoinerAllows(std::u32string_view label, size_t i) {
  if (i > 0 && unicode::IsVirama(label[i - 1])) return true;
  if (label[i] != 0x200C || i == 0 || i + 1 >= label.size()) return false;
  return std::any_of(label.begin(), label.begin() + i, unicode::JoinsLeft) &&
         std::any_of(label.begin() + i + 1, label.end(), unicode::JoinsRight);
}

template <typename... Classes>
bool OneOf(BidiClass c, Classes... classes) {
  return ((c == classes) || ...);
}

// RFC 5893 section 2, rules 1-6, on one label that holds an R, AL or AN
// character; `last` is the index of its last character that is not NSM.
bool BidiRuleHolds(std::u32string_view label, size_t last) {
  const BidiClass first = unicode::GetBidiClass(label[0]);
  if (first == BidiClass::kL) {
    for (size_t i = 0; i <= last; ++i) {
      if (!OneOf(unicode::GetBidiClass(label[i]), BidiClass::kL, BidiClass::kEN, BidiClass::kES, BidiClass::kCS,
                 BidiClass::kET, BidiClass::kON, BidiClass::kBN, BidiClass::kNSM)) {
        return false;
      }
    }
    return OneOf(unicode::GetBidiClass(label[last]), BidiClass::kL, BidiClass::kEN);
  }
  if (!OneOf(first, BidiClass::kR, BidiClass::kAL)) return false;
  bool has_en = false, has_an = false;
  for (size_t i = 0; i <= last; ++i) {
    const BidiClass c = unicode::GetBidiClass(label[i]);
    has_en |= c == BidiClass::kEN;
    has_an |= c == BidiClass::kAN;
    if (has_en && has_an) return false;
    if (!OneOf(c, BidiClass::kR, BidiClass::kAL, BidiClass::kAN, BidiClass::kEN, BidiClass::kES, BidiClass::kCS,
               BidiClass::kET, BidiClass::kON, BidiClass::kBN, BidiClass::kNSM)) {
      return false;
    }
  }
  return OneOf(unicode::GetBidiClass(label[last]), BidiClass::kR, BidiClass::kAL, BidiClass::kEN, BidiClass::kAN);
}

// UTS #46 section 4.1 criteria 4, 6 and 7 (no leading mark, CheckJoiners,
// CheckBidi) on a non-empty label, as Node 24 checks them: Bidi rules apply
// to each label holding an R, AL or AN character, not to every label of a
// Bidi domain name. Criteria 1-3 and 5 (NFC, no "xn--" prefix, no '.', only
// valid code points) hold by construction for mapped labels and are checked
// by the caller for decoded "xn--" labels.
bool LabelIsValid(std::u32string_view label) {
  if (unicode::IsCombiningMark(label[0])) return false;
  for (size_t i = 0; i < label.size(); ++i) {
    if (label[i] == 0x200C || label[i] == 0x200D) return FirstJoinerAllows(label, i);
  }
  size_t end = label.size();
  while (end > 0 && unicode::GetBidiClass(label[end - 1]) == BidiClass::kNSM) --end;
  if (end == 0) return false;
  const bool rtl = std::any_of(label.begin(), label.end(), [](char32_t cp) {
    return OneOf(unicode::GetBidiClass(cp), BidiClass::kR, BidiClass::kAL, BidiClass::kAN);
  });
  return !rtl || BidiRuleHolds(label, end - 1);
}

// A label written as "xn--..." is kept as written when its Punycode decodes to
// a label that UTS #46 would itself have produced: non-empty, not ASCII
// (whatwg/url#760), unchanged by mapping and NFC, not starting with "xn--".
bool AceLabelIsValid(std::u32string_view label) {
  if (!IsAscii(label)) return false;
  const std::string ascii(label.begin() + 4, label.end());
  const auto decoded = PunycodeDecode(ascii);
  if (!decoded || decoded->empty() || IsAscii(*decoded) || StartsWithAce(*decoded)) return false;
  for (char32_t cp : *decoded) {
    if (unicode::LookupIdna(cp, nullptr) != unicode::IdnaStatus::kValid) return false;
  }
  return unicode::NfcAsNode(*decoded) == *decoded && LabelIsValid(*decoded);
}

}  // namespace

std::optional<std::string> DomainToAscii(std::string_view domain) {
  // Node 24 only lowercases an ASCII domain, "xn--" labels included: it does
  // not run UTS #46 on it at all (the URL standard would validate them).
  if (std::all_of(domain.begin(), domain.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    if (domain.empty()) return std::nullopt;
    std::string lowered(domain);
    for (char& c : lowered) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 0x20);
    }
    return lowered;
  }
  const auto input = DecodeUtf8(domain);
  if (!input) return std::nullopt;

  // Processing step 1: map; a disallowed code point fails the domain.
  std::u32string mapped;
  mapped.reserve(input->size());
  for (char32_t cp : *input) {
    if (unicode::LookupIdna(cp, &mapped) == unicode::IdnaStatus::kDisallowed) return std::nullopt;
  }

  // Steps 2-4: normalize, break at U+002E, validate; then ToASCII step 2:
  // Punycode every non-ASCII label. ASCII labels need no check: mapping left
  // only valid code points, none of them a mark, a joiner or RTL.
  const std::u32string normalized = unicode::NfcAsNode(mapped);
  std::string out;
  for (size_t start = 0;;) {
    const size_t dot = normalized.find(U'.', start);
    const std::u32string_view label = std::u32string_view(normalized).substr(
        start, dot == std::u32string::npos ? std::u32string::npos : dot - start);
    if (StartsWithAce(label)) {
      if (!AceLabelIsValid(label)) return std::nullopt;
      for (char32_t c : label) out.push_back(static_cast<char>(c));
    } else if (IsAscii(label)) {
      for (char32_t c : label) out.push_back(static_cast<char>(c));
    } else {
      if (!LabelIsValid(label)) return std::nullopt;
      const auto encoded = PunycodeEncode(label);
      if (!encoded) return std::nullopt;
      out += "xn--";
      out += *encoded;
    }
    if (dot == std::u32string::npos) break;
    out.push_back('.');
    start = dot + 1;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace clasp::idna
