// clasp/native/base64.h — RFC 4648 §4 base64 for local_encrypted material.
//
// KEY-5 stores iv, tag and ciphertext as standard base64 with padding, which
// is what Node's Buffer#toString("base64") writes. clasp writes exactly that
// and reads only that: material is machine-written, so anything else (missing
// padding, URL-safe letters, whitespace, non-zero pad bits) means the row was
// altered and is refused rather than guessed at. (Master keys are different:
// KEY-2's lenient Node decoding lives in the core's master_key.h.)
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace clasp::native {

//   Base64Encode("")    == ""
//   Base64Encode("x")   == "eA=="
//   Base64Encode("\xff\xfe\xfd") == "//79"
std::string Base64Encode(std::string_view bytes);

// The inverse of Base64Encode, and nothing more.
//   Base64DecodeStrict("eA==") == "x"
//   Base64DecodeStrict("eA")   == nullopt   (padding missing)
//   Base64DecodeStrict("eB==") == nullopt   (non-zero pad bits: not canonical)
//   Base64DecodeStrict("-_8=") == nullopt   (URL-safe alphabet)
std::optional<std::string> Base64DecodeStrict(std::string_view text);

}  // namespace clasp::native
