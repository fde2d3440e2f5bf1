#include "clasp/decimal_to_double.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <limits>

namespace clasp {
namespace {

constexpr unsigned kMaxShift = 60;  // 9 << 60 plus a carry still fits in 64 bits

// The value 0.d[0]d[1]...d[nd-1] x 10^dp, in exact decimal (digits 0..9, no
// trailing zeros). 800 digits hold every decimal that decides how a double
// rounds; a non-zero digit beyond them sets `trunc` (the value is a little
// more than the digits say), which only matters for an exact tie.
struct Decimal {
  std::array<uint8_t, 800> d{};
  int nd = 0;
  int dp = 0;
  bool trunc = false;

  void Trim() {
    while (nd > 0 && d[nd - 1] == 0) --nd;
    if (nd == 0) dp = 0;
  }

  // Divides by 2^k, k <= kMaxShift: long division, most significant first.
  void RightShift(unsigned k) {
    int r = 0;
    uint64_t n = 0;
    for (; (n >> k) == 0; ++r) {
      if (r >= nd) {
        if (n == 0) {
          nd = 0;
          return;
        }
        while ((n >> k) == 0) {
          n *= 10;
          ++r;
        }
        break;
      }
      n = n * 10 + d[r];
    }
    dp -= r - 1;
    const uint64_t mask = (uint64_t{1} << k) - 1;
    int w = 0;
    for (; r < nd; ++r) {
      const uint8_t next = d[r];
      d[w++] = static_cast<uint8_t>(n >> k);
      n = (n & mask) * 10 + next;
    }
    while (n > 0) {
      const auto digit = static_cast<uint8_t>(n >> k);
      n = (n & mask) * 10;
      if (w < static_cast<int>(d.size())) {
        d[w++] = digit;
      } else if (digit != 0) {
        trunc = true;
      }
    }
    nd = w;
    Trim();
  }

  // Multiplies by 2^k, k <= kMaxShift: least significant digit first.
  void LeftShift(unsigned k) {
    std::array<uint8_t, 800 + 20> product;  // reversed; 2^60 adds at most 19 digits
    int w = 0;
    uint64_t n = 0;
    for (int r = nd - 1; r >= 0; --r) {
      n += uint64_t{d[r]} << k;
      product[w++] = static_cast<uint8_t>(n % 10);
      n /= 10;
    }
    for (; n > 0; n /= 10) product[w++] = static_cast<uint8_t>(n % 10);
    dp += w - nd;
    nd = std::min(w, static_cast<int>(d.size()));
    for (int i = 0; i < w; ++i) {
      const uint8_t digit = product[w - 1 - i];
      if (i < nd) {
        d[i] = digit;
      } else if (digit != 0) {
        trunc = true;
      }
    }
    Trim();
  }

  void Shift(int k) {
    if (nd == 0) return;
    for (; k > static_cast<int>(kMaxShift); k -= kMaxShift) LeftShift(kMaxShift);
    for (; k < -static_cast<int>(kMaxShift); k += kMaxShift) RightShift(kMaxShift);
    if (k > 0) LeftShift(static_cast<unsigned>(k));
    if (k < 0) RightShift(static_cast<unsigned>(-k));
  }

  // The integer part, rounded to nearest with ties to even (a tie with
  // discarded digits is not a tie: it rounds up).
  uint64_t RoundedInteger() const {
    uint64_t n = 0;
    int i = 0;
    for (; i < dp && i < nd; ++i) n = n * 10 + d[i];
    for (; i < dp; ++i) n *= 10;
    if (dp >= 0 && dp < nd) {
      const bool tie = d[dp] == 5 && dp + 1 == nd && !trunc;
      if (tie ? dp > 0 && d[dp - 1] % 2 == 1 : d[dp] >= 5) ++n;
    }
    return n;
  }

  // The nearest double (without the sign): scale by powers of two into
  // [1/2, 1), then take 53 bits and round.
  double ToDouble() {
    constexpr int kBias = -1023;
    constexpr int kMantissaBits = 52;
    constexpr int kMaxExponent = 2047;  // the biased exponent of infinity
    constexpr double kInfinity = std::numeric_limits<double>::infinity();
    if (nd == 0 || dp < -330) return 0;
    if (dp > 310) return kInfinity;
    // Shifting by these keeps the value's decimal exponent moving towards 0.
    static constexpr int kStep[] = {1, 3, 6, 9, 13, 16, 19, 23, 26};
    const auto step = [](int n) { return n < 9 ? kStep[n] : 27; };
    int exp = 0;
    while (dp > 0) {
      const int n = step(dp);
      Shift(-n);
      exp += n;
    }
    while (dp < 0 || (dp == 0 && d[0] < 5)) {
      const int n = step(-dp);
      Shift(n);
      exp -= n;
    }
    --exp;  // [1/2, 1) is [1, 2) one power lower
    if (exp < kBias + 1) {  // a denormal: fewer mantissa bits
      const int n = kBias + 1 - exp;
      Shift(-n);
      exp += n;
    }
    if (exp - kBias >= kMaxExponent) return kInfinity;
    Shift(1 + kMantissaBits);
    uint64_t mantissa = RoundedInteger();
    if (mantissa == uint64_t{2} << kMantissaBits) {  // rounding carried into a new bit
      mantissa >>= 1;
      if (++exp - kBias >= kMaxExponent) return kInfinity;
    }
    if ((mantissa & (uint64_t{1} << kMantissaBits)) == 0) exp = kBias;
    const uint64_t bits = (mantissa & ((uint64_t{1} << kMantissaBits) - 1)) |
                          static_cast<uint64_t>(exp - kBias) << kMantissaBits;
    double out;
    std::memcpy(&out, &bits, sizeof out);
    return out;
  }
};

}  // namespace

std::optional<double> DecimalToDouble(std::string_view s) {
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  Decimal dec;
  bool dot = false;
  bool any_digit = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.') {
      if (dot) return std::nullopt;
      dot = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    any_digit = true;
    if (dec.nd == 0 && c == '0') {  // a leading zero: only places after the dot count
      if (dot) --dec.dp;
      continue;
    }
    if (!dot) ++dec.dp;
    if (dec.nd < static_cast<int>(dec.d.size())) {
      dec.d[dec.nd++] = static_cast<uint8_t>(c - '0');
    } else if (c != '0') {
      dec.trunc = true;
    }
  }
  if (!any_digit) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool negative_exp = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative_exp = s[i++] == '-';
    const std::size_t start = i;
    int e = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      if (e < 100000) e = e * 10 + (s[i] - '0');  // beyond, only over- or underflow
    }
    if (i == start) return std::nullopt;
    dec.dp += negative_exp ? -e : e;
  }
  if (i != s.size()) return std::nullopt;
  dec.Trim();
  const double magnitude = dec.ToDouble();
  return negative ? -magnitude : magnitude;
}

}  // namespace clasp
