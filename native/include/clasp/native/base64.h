// clasp/native/base64.h — RFC 4648 §4 base64 for local_encrypted material.
//
// KEY-5 stores iv, tag and ciphertext as standard base64 with padding, which
// is what Node's Buffer#toString("base64") writes. clasp writes exactly that
// and reads only that: material is machine-written, so anything else (missing
// padding, URL-safe letters, whitespace, non-zero pad bits) means the row was
// altered and is refused rather than guessed at. (Master keys are different:
// KEY-2's lenient Node decoding lives in the core's master_key.h.)
//
// Every secret resolution decodes its ciphertext and every write encodes
// one, so both directions are table-driven and, on CPUs with AVX2 (checked
// at run time), 24 bytes per step; the vector path accepts and refuses
// exactly what the scalar one does (tests/unit/native_crypto_test.cpp checks
// both on every length and every bad-byte position).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace clasp::native {

//   Base64Encode("")    == ""
//   Base64Encode("x")   == "eA=="
//   Base64Encode("\xff\xfe\xfd") == "//79"
std::string Base64Encode(std::string_view bytes);

// Base64EncodedLength(n) characters of Base64Encode(bytes) written to `out`,
// which must have room for them; for callers that build the text in place.
//   Base64EncodedLength(1) == 4, Base64EncodedLength(3) == 4, Base64EncodedLength(4) == 8
std::size_t Base64EncodedLength(std::size_t byte_count);
void Base64EncodeTo(std::string_view bytes, char* out);

// The inverse of Base64Encode, and nothing more.
//   Base64DecodeStrict("eA==") == "x"
//   Base64DecodeStrict("eA")   == nullopt   (padding missing)
//   Base64DecodeStrict("eB==") == nullopt   (non-zero pad bits: not canonical)
//   Base64DecodeStrict("-_8=") == nullopt   (URL-safe alphabet)
//   Base64DecodeStrict("eA==\n") == nullopt (whitespace, anywhere)
std::optional<std::string> Base64DecodeStrict(std::string_view text);

// Base64DecodeStrict into caller memory (a stack array for an IV, the
// plaintext buffer for a ciphertext): returns the decoded length, or nullopt
// for everything Base64DecodeStrict refuses and when the result would not
// fit in `out` (nothing useful is left in `out` then).
//   Base64DecodeStrictTo("eA==", buf[16]) == 1, buf[0] == 'x'
//   Base64DecodeStrictTo("eHl6", buf[2])  == nullopt   (3 bytes do not fit)
std::optional<std::size_t> Base64DecodeStrictTo(std::string_view text, std::span<char> out);

}  // namespace clasp::native
