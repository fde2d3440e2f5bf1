// The URL standard's host parser: IPv6, opaque hosts, and domains (percent-
// decoding, domain to ASCII, forbidden code points, the IPv4 parser).
#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "clasp/idna.h"
#include "clasp/whatwg_url.h"
#include "whatwg_url_internal.h"

namespace clasp::whatwg {
namespace internal {

void AppendEncoded(std::string& out, unsigned char c, EncodeSet set) {
  bool encode = c < 0x20 || c > 0x7E;
  if (!encode && set != EncodeSet::kC0Control) {
    encode = c == ' ' || c == '"' || c == '<' || c == '>' || c == '`';  // fragment
    if (set != EncodeSet::kFragment) {
      encode = c == ' ' || c == '"' || c == '#' || c == '<' || c == '>';  // query
      if (set == EncodeSet::kSpecialQuery) encode = encode || c == '\'';
      if (set == EncodeSet::kPath || set == EncodeSet::kUserinfo) {
        encode = encode || c == '?' || c == '^' || c == '`' || c == '{' || c == '}';
      }
      if (set == EncodeSet::kUserinfo) {
        encode = encode || c == '/' || c == ':' || c == ';' || c == '=' || c == '@' || c == '[' || c == '\\' ||
                 c == ']' || c == '|';
      }
    }
  }
  if (!encode) {
    out.push_back(static_cast<char>(c));
    return;
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back('%');
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 0xF]);
}

}  // namespace internal

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

bool IsForbiddenHostCodePoint(unsigned char c) {
  switch (c) {
    case 0x00: case 0x09: case 0x0A: case 0x0D: case ' ': case '#': case '/': case ':': case '<':
    case '>': case '?': case '@': case '[': case '\\': case ']': case '^': case '|':
      return true;
    default:
      return false;
  }
}

bool IsForbiddenDomainCodePoint(unsigned char c) {
  return IsForbiddenHostCodePoint(c) || c <= 0x1F || c == '%' || c == 0x7F;
}

// The IPv4 number parser. Values saturate above 2^32, which fails the same
// range checks the unbounded value would.
std::optional<uint64_t> ParseIpv4Number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int radix = 10;
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    radix = 16;
    s.remove_prefix(2);
  } else if (s.size() >= 2 && s[0] == '0') {
    radix = 8;
    s.remove_prefix(1);
  }
  uint64_t value = 0;
  for (char c : s) {
    const int digit = HexValue(c);
    if (digit < 0 || digit >= radix) return std::nullopt;
    value = std::min<uint64_t>(value * radix + digit, uint64_t{1} << 40);
  }
  return value;
}

// Splits at '.', giving up (nullopt) past `max_parts` parts so that a host of
// ten million dots costs nothing.
std::optional<std::vector<std::string_view>> SplitDots(std::string_view s, size_t max_parts) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    if (parts.size() == max_parts) return std::nullopt;
    const size_t dot = s.find('.', start);
    parts.push_back(s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return parts;
    start = dot + 1;
  }
}

bool EndsInANumber(std::string_view domain) {
  std::string_view rest = domain;
  if (!rest.empty() && rest.back() == '.') {
    if (rest.size() == 1) return false;  // parts would be ["", ""]: last is empty, size 2
    rest.remove_suffix(1);
  }
  const size_t dot = rest.rfind('.');
  const std::string_view last = dot == std::string_view::npos ? rest : rest.substr(dot + 1);
  if (!last.empty() && last.find_first_not_of("0123456789") == std::string_view::npos) return true;
  return ParseIpv4Number(last).has_value();
}

std::optional<std::string> ParseIpv4(std::string_view domain) {
  auto split = SplitDots(domain, 6);
  if (!split) return std::nullopt;
  std::vector<std::string_view>& parts = *split;
  if (parts.back().empty() && parts.size() > 1) parts.pop_back();
  if (parts.size() > 4) return std::nullopt;
  std::vector<uint64_t> numbers;
  for (std::string_view part : parts) {
    const auto n = ParseIpv4Number(part);
    if (!n) return std::nullopt;
    numbers.push_back(*n);
  }
  for (size_t i = 0; i + 1 < numbers.size(); ++i) {
    if (numbers[i] > 255) return std::nullopt;
  }
  if (numbers.back() >= (uint64_t{1} << (8 * (5 - numbers.size())))) return std::nullopt;
  uint64_t address = numbers.back();
  for (size_t i = 0; i + 1 < numbers.size(); ++i) address += numbers[i] << (8 * (3 - i));
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) {
    out += std::to_string((address >> shift) & 0xFF);
    if (shift > 0) out.push_back('.');
  }
  return out;
}

std::optional<std::array<uint16_t, 8>> ParseIpv6(std::string_view s) {
  std::array<uint16_t, 8> address{};
  size_t piece = 0, p = 0;
  std::optional<size_t> compress;
  auto at = [&](size_t i) { return i < s.size() ? s[i] : '\0'; };
  if (at(p) == ':') {
    if (at(p + 1) != ':') return std::nullopt;
    p += 2;
    compress = ++piece;
  }
  while (p < s.size()) {
    if (piece == 8) return std::nullopt;
    if (at(p) == ':') {
      if (compress) return std::nullopt;
      ++p;
      compress = ++piece;
      continue;
    }
    unsigned value = 0, length = 0;
    while (length < 4 && HexValue(at(p)) >= 0) {
      value = value * 16 + HexValue(at(p));
      ++p;
      ++length;
    }
    if (at(p) == '.') {
      if (length == 0) return std::nullopt;
      p -= length;
      if (piece > 6) return std::nullopt;
      int numbers_seen = 0;
      while (p < s.size()) {
        int ipv4_piece = -1;
        if (numbers_seen > 0) {
          if (at(p) == '.' && numbers_seen < 4) {
            ++p;
          } else {
            return std::nullopt;
          }
        }
        if (at(p) < '0' || at(p) > '9') return std::nullopt;
        while (at(p) >= '0' && at(p) <= '9') {
          const int number = at(p) - '0';
          if (ipv4_piece == -1) {
            ipv4_piece = number;
          } else if (ipv4_piece == 0) {
            return std::nullopt;
          } else {
            ipv4_piece = ipv4_piece * 10 + number;
          }
          if (ipv4_piece > 255) return std::nullopt;
          ++p;
        }
        address[piece] = static_cast<uint16_t>(address[piece] * 0x100 + ipv4_piece);
        ++numbers_seen;
        if (numbers_seen == 2 || numbers_seen == 4) ++piece;
      }
      if (numbers_seen != 4) return std::nullopt;
      break;
    }
    if (at(p) == ':') {
      ++p;
      if (p >= s.size()) return std::nullopt;
    } else if (p < s.size()) {
      return std::nullopt;
    }
    address[piece++] = static_cast<uint16_t>(value);
  }
  if (compress) {
    size_t swaps = piece - *compress;
    piece = 7;
    while (piece != 0 && swaps > 0) {
      std::swap(address[piece], address[*compress + swaps - 1]);
      --piece;
      --swaps;
    }
  } else if (piece != 8) {
    return std::nullopt;
  }
  return address;
}

std::string SerializeIpv6(const std::array<uint16_t, 8>& address) {
  // The first longest run of two or more zero pieces becomes "::".
  size_t best_start = 8, best_len = 1;
  for (size_t i = 0; i < 8;) {
    size_t j = i;
    while (j < 8 && address[j] == 0) ++j;
    if (j - i > best_len) {
      best_start = i;
      best_len = j - i;
    }
    i = j == i ? i + 1 : j;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "[";
  for (size_t i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += i == 0 ? "::" : ":";
      i += best_len - 1;
      continue;
    }
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const int nibble = (address[i] >> shift) & 0xF;
      if (nibble != 0 || started || shift == 0) {
        out.push_back(kHex[nibble]);
        started = true;
      }
    }
    if (i != 7) out.push_back(':');
  }
  out.push_back(']');
  return out;
}

}  // namespace

std::optional<std::string> ParseHost(std::string_view input, bool is_opaque) {
  if (!input.empty() && input.front() == '[') {
    if (input.back() != ']' || input.size() < 2) return std::nullopt;
    const auto address = ParseIpv6(input.substr(1, input.size() - 2));
    if (!address) return std::nullopt;
    return SerializeIpv6(*address);
  }
  if (is_opaque) {
    for (char c : input) {
      if (IsForbiddenHostCodePoint(static_cast<unsigned char>(c))) return std::nullopt;
    }
    std::string out;
    internal::AppendEncoded(out, input, internal::EncodeSet::kC0Control);
    return out;
  }
  const auto ascii = idna::DomainToAscii(PercentDecode(input));
  if (!ascii) return std::nullopt;
  for (char c : *ascii) {
    if (IsForbiddenDomainCodePoint(static_cast<unsigned char>(c))) return std::nullopt;
  }
  if (EndsInANumber(*ascii)) return ParseIpv4(*ascii);
  return ascii;
}

}  // namespace clasp::whatwg
