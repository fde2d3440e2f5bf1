// clasp/sha256.h — SHA-256 (FIPS 180-4) without OpenSSL.
//
// KEY-5 stores `valueSha256` (and, for managed values, an equal
// `fingerprintSha256`) next to every secret version: the lower-case hex
// SHA-256 of the value's UTF-8 bytes. The WASM build has no OpenSSL, so the
// browser needs its own digest to show and compare fingerprints; this one is
// small, allocation-free per block, and checked against the NIST vectors.
//
// The digest is not a secret-handling primitive: it never keys anything and
// is not constant-time with respect to the message length.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace clasp {

using Sha256Digest = std::array<std::uint8_t, 32>;

// Incremental hashing for callers that receive data in pieces.
//   Sha256 h; h.Update("a"); h.Update("bc"); h.Final() == Sha256Of("abc")
class Sha256 {
 public:
  Sha256();
  void Update(std::string_view bytes);
  // Pads and returns the digest; the object must not be updated afterwards.
  Sha256Digest Final();

 private:
  void Compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

Sha256Digest Sha256Of(std::string_view bytes);

// Lower-case hex of any byte string (digests, decoded keys).
//   HexLower("\x01\xab") == "01ab"
std::string HexLower(std::string_view bytes);
std::string HexLower(const Sha256Digest& digest);

// KEY-5 valueSha256: lower-case hex SHA-256 of the value's bytes, which
// callers pass as UTF-8 (what Node's hash.update(string) hashes).
//   ValueSha256("")    == "e3b0c442...7852b855"
//   ValueSha256("abc") == "ba7816bf...f20015ad"
// Not a match: ValueSha256("ABC") != ValueSha256("abc") (no normalisation).
std::string ValueSha256(std::string_view utf8_value);

// KEY-5 fingerprintSha256 of a stored version: the provider's fingerprint
// when it reports one (`prepared.fingerprintSha256 ?? prepared.valueSha256`),
// else valueSha256. local_encrypted always reports valueSha256 itself, so a
// managed local value's fingerprint equals its valueSha256.
//   FingerprintSha256(ValueSha256("v"), std::nullopt) == ValueSha256("v")
//   FingerprintSha256(ValueSha256("v"), "abc")        == "abc"
std::string FingerprintSha256(std::string_view value_sha256, const std::optional<std::string>& provider_fingerprint);

}  // namespace clasp
