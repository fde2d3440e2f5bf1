// The forms of a value the masker matches: URL, JSON, hex and base64.
#include <algorithm>

#include "clasp/json_input.h"
#include "masker_internal.h"

namespace clasp::masker_internal {
namespace {

constexpr char kUpperHex[] = "0123456789ABCDEF";
constexpr char kLowerHex[] = "0123456789abcdef";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

bool IsAlnum(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// encodeURIComponent's unreserved set.
bool UriUnreserved(unsigned char c) { return IsAlnum(c) || std::string_view("-_.!~*'()").find(c) != std::string_view::npos; }

// application/x-www-form-urlencoded's (WHATWG URL §5.2).
bool FormUnreserved(unsigned char c) { return IsAlnum(c) || std::string_view("*-._").find(c) != std::string_view::npos; }

void PercentByte(unsigned char c, const char* hex, std::string& out) {
  out += '%';
  out += hex[c >> 4];
  out += hex[c & 15];
}

std::string UrlEncoded(std::string_view value, const char* hex) {
  std::string out;
  for (unsigned char c : value) {
    if (UriUnreserved(c)) {
      out += static_cast<char>(c);
    } else {
      PercentByte(c, hex, out);
    }
  }
  return out;
}

std::string FormEncoded(std::string_view value) {
  std::string out;
  for (unsigned char c : value) {
    if (FormUnreserved(c)) {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      PercentByte(c, kUpperHex, out);
    }
  }
  return out;
}

// JSON.stringify's escapes inside a string literal (without the quotes);
// escape_slash also writes "/" as "\/", as some encoders do (no other
// escape contains a "/", so replacing them all is exact).
// Room for the longest escapes (\u00xx: six bytes a byte) is reserved up
// front, so growing never frees a buffer holding part of a value unwiped.
std::string JsonEscaped(std::string_view value, bool escape_slash) {
  std::string plain;
  plain.reserve(6 * value.size());
  AppendJsonStringBody(plain, value);
  if (!escape_slash) return plain;
  std::string out;
  out.reserve(2 * plain.size());
  for (char c : plain) {
    if (c == '/') out += '\\';
    out += c;
  }
  Overwrite(plain);
  return out;
}

std::string Hex(std::string_view value, const char* hex) {
  std::string out;
  for (unsigned char c : value) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

// The characters of base64(`offset` bytes, value, anything) that only the
// value's bits decide: character i holds bits [6i, 6i + 6) of the stream,
// the value's are [8 offset, 8 (offset + n)).
std::string Base64Inner(std::string_view value, std::size_t offset, const char* alphabet) {
  std::string bytes(offset, '\0');
  bytes.append(value);
  bytes.append(3 - bytes.size() % 3, '\0');
  std::string encoded;
  for (std::size_t i = 0; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t group = (static_cast<unsigned char>(bytes[i]) << 16) |
                                (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) encoded += alphabet[(group >> shift) & 63];
  }
  const std::size_t first = (8 * offset + 5) / 6;
  const std::size_t last = 8 * (offset + value.size()) / 6;
  std::string inner = encoded.substr(first, last - first);
  Overwrite(bytes);
  Overwrite(encoded);
  return inner;
}

void AddDistinct(std::vector<std::string>& forms, std::string form) {
  if (std::find(forms.begin(), forms.end(), form) == forms.end()) {
    forms.push_back(std::move(form));
  } else {
    Overwrite(form);
  }
}

}  // namespace

std::vector<std::string> ValueForms(std::string_view value) {
  std::vector<std::string> forms{std::string(value)};
  AddDistinct(forms, UrlEncoded(value, kUpperHex));
  AddDistinct(forms, UrlEncoded(value, kLowerHex));
  AddDistinct(forms, FormEncoded(value));
  AddDistinct(forms, JsonEscaped(value, false));
  AddDistinct(forms, JsonEscaped(value, true));
  AddDistinct(forms, Hex(value, kLowerHex));
  AddDistinct(forms, Hex(value, kUpperHex));
  for (const char* alphabet : {kBase64, kBase64Url}) {
    for (std::size_t offset = 0; offset < 3; ++offset) AddDistinct(forms, Base64Inner(value, offset, alphabet));
  }
  return forms;
}

void Overwrite(std::string& s) {
  volatile char* p = s.data();
  for (std::size_t i = 0; i < s.size(); ++i) p[i] = 0;
  s.clear();
}

}  // namespace clasp::masker_internal
