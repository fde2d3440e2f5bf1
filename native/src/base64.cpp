#include "clasp/native/base64.h"

#include <array>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#define CLASP_BASE64_AVX2 1
#endif

namespace clasp::native {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Two output characters per 12 input bits: half the lookups of one per sextet.
struct CharPair {
  char c[2];
};
constexpr std::array<CharPair, 4096> kEncodePairs = [] {
  std::array<CharPair, 4096> t{};
  for (int v = 0; v < 4096; ++v) t[v] = CharPair{{kAlphabet[v >> 6], kAlphabet[v & 63]}};
  return t;
}();

// kDecode[j][c] is character c's sextet already shifted to its place in the
// 24-bit group (j = position 0..3), or kBad: OR-ing four lookups both builds
// the group and, through bit 24, says whether any character was outside the
// alphabet, with no branch per character.
constexpr std::uint32_t kBad = 1u << 24;
constexpr std::array<std::array<std::uint32_t, 256>, 4> kDecode = [] {
  std::array<std::array<std::uint32_t, 256>, 4> t{};
  for (auto& row : t) row.fill(kBad);
  for (std::uint32_t i = 0; i < 64; ++i) {
    const auto c = static_cast<unsigned char>(kAlphabet[i]);
    for (int j = 0; j < 4; ++j) t[j][c] = i << (18 - 6 * j);
  }
  return t;
}();

std::uint32_t DecodeGroup(const unsigned char* in) {
  return kDecode[0][in[0]] | kDecode[1][in[1]] | kDecode[2][in[2]] | kDecode[3][in[3]];
}

void PutGroup(std::uint32_t n, char* out) {
  out[0] = static_cast<char>(n >> 16);
  out[1] = static_cast<char>(n >> 8);
  out[2] = static_cast<char>(n);
}

#ifdef CLASP_BASE64_AVX2
// Muła and Lemire's AVX2 base64 ("Faster Base64 Encoding and Decoding Using
// AVX2 Instructions", 2018), as in aklomp/base64: 24 bytes <-> 32 characters
// per step, the alphabet check done with two nibble lookups.

bool HaveAvx2() {
  static const bool have = __builtin_cpu_supports("avx2");
  return have;
}

// Encodes whole 24-byte blocks while 28 bytes remain (each step reads 16
// bytes at +12); returns the bytes consumed.
__attribute__((target("avx2"))) std::size_t EncodeAvx2(const unsigned char* in, std::size_t size, char* out) {
  const __m256i spread = _mm256_set_epi8(10, 11, 9, 10, 7, 8, 6, 7, 4, 5, 3, 4, 1, 2, 0, 1,  //
                                         10, 11, 9, 10, 7, 8, 6, 7, 4, 5, 3, 4, 1, 2, 0, 1);
  const __m256i offsets = _mm256_setr_epi8(65, 71, -4, -4, -4, -4, -4, -4, -4, -4, -4, -4, -19, -16, 0, 0,  //
                                           65, 71, -4, -4, -4, -4, -4, -4, -4, -4, -4, -4, -19, -16, 0, 0);
  std::size_t done = 0;
  for (; done + 28 <= size; done += 24, out += 32) {
    const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + done));
    const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + done + 12));
    const __m256i bytes = _mm256_shuffle_epi8(_mm256_set_m128i(hi, lo), spread);
    const __m256i t1 = _mm256_mulhi_epu16(_mm256_and_si256(bytes, _mm256_set1_epi32(0x0FC0FC00)),
                                          _mm256_set1_epi32(0x04000040));
    const __m256i t3 = _mm256_mullo_epi16(_mm256_and_si256(bytes, _mm256_set1_epi32(0x003F03F0)),
                                          _mm256_set1_epi32(0x01000010));
    const __m256i sextets = _mm256_or_si256(t1, t3);
    __m256i index = _mm256_subs_epu8(sextets, _mm256_set1_epi8(51));
    index = _mm256_sub_epi8(index, _mm256_cmpgt_epi8(sextets, _mm256_set1_epi8(25)));
    const __m256i text = _mm256_add_epi8(sextets, _mm256_shuffle_epi8(offsets, index));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), text);
  }
  return done;
}

// Decodes whole 32-character blocks while 48 characters remain, so the
// final (possibly padded) group is always left to the scalar code and each
// 32-byte store (24 bytes used) stays inside the output. Returns the
// characters consumed, or nullopt at a character outside the alphabet.
__attribute__((target("avx2"))) std::optional<std::size_t> DecodeAvx2(const unsigned char* in, std::size_t size,
                                                                        char* out) {
  const __m256i lut_lo = _mm256_setr_epi8(0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x13, 0x1A,
                                          0x1B, 0x1B, 0x1B, 0x1A, 0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
                                          0x11, 0x11, 0x13, 0x1A, 0x1B, 0x1B, 0x1B, 0x1A);
  const __m256i lut_hi = _mm256_setr_epi8(0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10, 0x10, 0x10,
                                          0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08,
                                          0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10);
  const __m256i lut_roll = _mm256_setr_epi8(0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0,  //
                                            0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m256i mask_2f = _mm256_set1_epi8(0x2f);
  const __m256i pack = _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1,  //
                                        2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, -1, -1);
  std::size_t done = 0;
  for (; done + 48 <= size; done += 32, out += 24) {
    __m256i text = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + done));
    const __m256i hi_nibbles = _mm256_and_si256(_mm256_srli_epi32(text, 4), mask_2f);
    const __m256i hi = _mm256_shuffle_epi8(lut_hi, hi_nibbles);
    const __m256i lo = _mm256_shuffle_epi8(lut_lo, _mm256_and_si256(text, mask_2f));
    if (!_mm256_testz_si256(lo, hi)) return std::nullopt;
    const __m256i roll = _mm256_shuffle_epi8(lut_roll, _mm256_add_epi8(_mm256_cmpeq_epi8(text, mask_2f), hi_nibbles));
    text = _mm256_add_epi8(text, roll);
    const __m256i pairs = _mm256_maddubs_epi16(text, _mm256_set1_epi32(0x01400140));
    const __m256i groups = _mm256_madd_epi16(pairs, _mm256_set1_epi32(0x00011000));
    const __m256i bytes = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(groups, pack), lanes);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), bytes);
  }
  return done;
}
#endif

}  // namespace

std::size_t Base64EncodedLength(std::size_t byte_count) { return (byte_count + 2) / 3 * 4; }

void Base64EncodeTo(std::string_view bytes, char* out) {
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  std::size_t i = 0;
#ifdef CLASP_BASE64_AVX2
  if (size >= 28 && HaveAvx2()) {
    i = EncodeAvx2(in, size, out);
    out += i / 3 * 4;
  }
#endif
  for (; i + 3 <= size; i += 3, out += 4) {
    const std::uint32_t n = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8) | in[i + 2];
    std::memcpy(out, &kEncodePairs[n >> 12], 2);
    std::memcpy(out + 2, &kEncodePairs[n & 0xfff], 2);
  }
  const std::size_t rest = size - i;
  if (rest > 0) {
    std::uint32_t n = std::uint32_t{in[i]} << 16;
    if (rest == 2) n |= std::uint32_t{in[i + 1]} << 8;
    out[0] = kAlphabet[(n >> 18) & 63];
    out[1] = kAlphabet[(n >> 12) & 63];
    out[2] = rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out[3] = '=';
  }
}

std::string Base64Encode(std::string_view bytes) {
  std::string out(Base64EncodedLength(bytes.size()), '\0');
  Base64EncodeTo(bytes, out.data());
  return out;
}

std::optional<std::size_t> Base64DecodeStrictTo(std::string_view text, std::span<char> out) {
  const std::size_t size = text.size();
  if (size % 4 != 0) return std::nullopt;
  if (size == 0) return std::size_t{0};
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t pad = (in[size - 1] == '=') + (in[size - 2] == '=' && in[size - 1] == '=');
  const std::size_t length = size / 4 * 3 - pad;
  if (length > out.size()) return std::nullopt;
  char* o = out.data();
  std::size_t i = 0;
#ifdef CLASP_BASE64_AVX2
  if (size >= 48 && HaveAvx2()) {
    const std::optional<std::size_t> done = DecodeAvx2(in, size, o);
    if (!done) return std::nullopt;
    i = *done;
    o += i / 4 * 3;
  }
#endif
  // Every group but the last is four alphabet characters ('=' included
  // among the refused bytes: padding mid-stream is not base64).
  for (; i + 4 < size; i += 4, o += 3) {
    const std::uint32_t n = DecodeGroup(in + i);
    if (n & kBad) return std::nullopt;
    PutGroup(n, o);
  }
  // The last group: its padding replaced by 'A' (sextet 0) for the lookup;
  // '=' anywhere else in it is still refused.
  const unsigned char last[4] = {in[i], in[i + 1], pad == 2 ? static_cast<unsigned char>('A') : in[i + 2],
                                 pad >= 1 ? static_cast<unsigned char>('A') : in[i + 3]};
  const std::uint32_t n = DecodeGroup(last);
  if (n & kBad) return std::nullopt;
  // Canonical form: the bits a padded group leaves unused must be zero.
  if ((pad == 1 && (n & 0xff) != 0) || (pad == 2 && (n & 0xffff) != 0)) return std::nullopt;
  char tail[3];
  PutGroup(n, tail);
  std::memcpy(o, tail, 3 - pad);
  return length;
}

std::optional<std::string> Base64DecodeStrict(std::string_view text) {
  std::string out(text.size() / 4 * 3, '\0');
  const std::optional<std::size_t> length = Base64DecodeStrictTo(text, out);
  if (!length) return std::nullopt;
  out.resize(*length);
  return out;
}

}  // namespace clasp::native
