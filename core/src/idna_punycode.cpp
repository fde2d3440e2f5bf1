// RFC 3492 Punycode. The textbook encoder rescans the label once per distinct
// code point and the decoder splices into the middle of its output, both
// quadratic; a hostile 10 MB host would stall a request. Both directions here
// use a Fenwick tree instead and produce exactly the RFC's output.
#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "clasp/idna.h"

namespace clasp::idna {
namespace {

constexpr int64_t kBase = 36, kTMin = 1, kTMax = 26, kSkew = 38, kDamp = 700;
constexpr int64_t kInitialBias = 72, kInitialN = 128, kMaxInt = 2147483647;

int64_t Adapt(int64_t delta, int64_t num_points, bool first_time) {
  delta = first_time ? delta / kDamp : delta / 2;
  delta += delta / num_points;
  int64_t k = 0;
  while (delta > ((kBase - kTMin) * kTMax) / 2) {
    delta /= kBase - kTMin;
    k += kBase;
  }
  return k + (kBase - kTMin + 1) * delta / (delta + kSkew);
}

int64_t Threshold(int64_t k, int64_t bias) {
  if (k <= bias) return kTMin;
  if (k >= bias + kTMax) return kTMax;
  return k - bias;
}

char EncodeDigit(int64_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); }

int64_t DecodeDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0' + 26;
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  return kBase;
}

// Counts set positions; also finds the k-th clear position for the decoder.
class Fenwick {
 public:
  explicit Fenwick(size_t n) : tree_(n + 1, 0) {}
  void Add(size_t pos, int delta) {
    for (size_t i = pos + 1; i < tree_.size(); i += i & (~i + 1)) tree_[i] += delta;
  }
  int64_t CountBefore(size_t pos) const {
    int64_t sum = 0;
    for (size_t i = pos; i > 0; i -= i & (~i + 1)) sum += tree_[i];
    return sum;
  }
  // Smallest position whose prefix sum (inclusive) exceeds k.
  size_t FindKth(int64_t k) const {
    size_t pos = 0;
    size_t step = 1;
    while (step * 2 < tree_.size()) step *= 2;
    for (; step > 0; step /= 2) {
      if (pos + step < tree_.size() && tree_[pos + step] <= k) {
        pos += step;
        k -= tree_[pos];
      }
    }
    return pos;
  }

 private:
  std::vector<int64_t> tree_;
};

}  // namespace

std::optional<std::string> PunycodeEncode(std::u32string_view label) {
  std::string out;
  std::vector<std::pair<char32_t, size_t>> pending;  // (code point, position)
  Fenwick handled(label.size());
  for (size_t p = 0; p < label.size(); ++p) {
    if (label[p] < 0x80) {
      out.push_back(static_cast<char>(label[p]));
      handled.Add(p, 1);
    } else {
      pending.emplace_back(label[p], p);
    }
  }
  const int64_t basic = static_cast<int64_t>(out.size());
  if (basic > 0) out.push_back('-');
  std::sort(pending.begin(), pending.end());

  // The decoder's state after each insertion is (n, i + 1) over a string of
  // `count` code points; each delta moves it to the next (code point, index).
  int64_t n = kInitialN, bias = kInitialBias, i_after = 0, count = basic;
  for (const auto& [cp, pos] : pending) {
    const int64_t index = handled.CountBefore(pos);
    const int64_t delta = (static_cast<int64_t>(cp) - n) * (count + 1) + index - i_after;
    if (delta > kMaxInt) return std::nullopt;
    int64_t q = delta;
    for (int64_t k = kBase;; k += kBase) {
      const int64_t t = Threshold(k, bias);
      if (q < t) break;
      out.push_back(EncodeDigit(t + (q - t) % (kBase - t)));
      q = (q - t) / (kBase - t);
    }
    out.push_back(EncodeDigit(q));
    bias = Adapt(delta, count + 1, count == basic);
    ++count;
    handled.Add(pos, 1);
    i_after = index + 1;
    n = cp;
  }
  return out;
}

std::optional<std::u32string> PunycodeDecode(std::string_view input) {
  const size_t dash = input.rfind('-');
  const size_t basic = dash == std::string_view::npos ? 0 : dash;
  // Insertion indices in order; basic code points are appended first.
  std::vector<std::pair<int64_t, char32_t>> inserts;
  for (size_t j = 0; j < basic; ++j) {
    const auto c = static_cast<unsigned char>(input[j]);
    if (c >= 0x80) return std::nullopt;
    inserts.emplace_back(static_cast<int64_t>(j), c);
  }
  int64_t n = kInitialN, bias = kInitialBias, i = 0;
  for (size_t index = basic > 0 ? basic + 1 : 0; index < input.size();) {
    const int64_t old_i = i;
    int64_t w = 1;
    for (int64_t k = kBase;; k += kBase) {
      if (index >= input.size()) return std::nullopt;
      const int64_t digit = DecodeDigit(input[index++]);
      if (digit >= kBase || digit > (kMaxInt - i) / w) return std::nullopt;
      i += digit * w;
      const int64_t t = Threshold(k, bias);
      if (digit < t) break;
      if (w > kMaxInt / (kBase - t)) return std::nullopt;
      w *= kBase - t;
    }
    const auto length = static_cast<int64_t>(inserts.size()) + 1;
    bias = Adapt(i - old_i, length, old_i == 0);
    if (i / length > kMaxInt - n) return std::nullopt;
    n += i / length;
    i %= length;
    if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF)) return std::nullopt;
    inserts.emplace_back(i, static_cast<char32_t>(n));
    ++i;
  }
  // Replaying the insertions backwards, each one lands in the index-th slot
  // that no later insertion has claimed.
  std::u32string out(inserts.size(), U'\0');
  Fenwick free_slots(inserts.size());
  for (size_t s = 0; s < inserts.size(); ++s) free_slots.Add(s, 1);
  for (size_t k = inserts.size(); k-- > 0;) {
    const size_t slot = free_slots.FindKth(inserts[k].first);
    out[slot] = inserts[k].second;
    free_slots.Add(slot, -1);
  }
  return out;
}

}  // namespace clasp::idna
