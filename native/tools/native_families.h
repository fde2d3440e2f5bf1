// Families the native runner adds to the pure core's, and those it cannot run yet.
#pragma once

#include <string_view>
#include <vector>

#include "clasp/conformance.h"

namespace clasp::native {

struct SkippedFamily {
  std::string_view name;
  std::string_view reason;
};

// A family whose vector files hold flat records instead of {input, expect}:
// local_encrypted_material.json stores what Paperclip wrote (key, material)
// beside what it encrypted (value, valueSha256), and its README states the
// property to check. `split` separates the two: the evaluator sees only
// `input`, the runner compares with `expect`. False when the case lacks the
// fields the family needs.
struct FlatCaseFamily {
  std::string_view name;
  bool (*split)(const OrderedJson& flat_case, OrderedJson* input, OrderedJson* expect);
};

const std::vector<conformance::Family>& AllFamilies();
const SkippedFamily* FindSkippedFamily(std::string_view name);
const FlatCaseFamily* FindFlatCaseFamily(std::string_view name);

// local_encrypted_material (KEY-2, KEY-5), native only: input {key_env,
// material} -> {value, valueSha256, tamper:{iv, tag, ciphertext}} where each
// tamper entry is "rejected" when every flipped bit fails with decrypt_failed
// and no plaintext, or the first diagnostic code / "accepted" otherwise.
OrderedJson EvaluateLocalEncryptedMaterial(const OrderedJson& input);
bool SplitLocalEncryptedMaterialCase(const OrderedJson& flat_case, OrderedJson* input, OrderedJson* expect);

}  // namespace clasp::native
