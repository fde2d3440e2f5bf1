// clasp/conformance.h — evaluating shared conformance vectors with the core.
//
// A vector file is a JSON array of {name, input, expect}; its family is the
// file's base name (vault_urls.json -> "vault_urls"). An evaluator turns one
// case's `input` into the result object clasp computes, shaped like `expect`,
// using only the family and the input (never the case name), so any file of a
// known family can be run. Native and WASM runners share these evaluators;
// that is what makes their `--json` outputs comparable byte for byte.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clasp/json_input.h"

namespace clasp::conformance {

using Evaluator = OrderedJson (*)(const OrderedJson& input);

struct Family {
  std::string_view name;
  Evaluator evaluate;
};

// The families the pure core can evaluate (everything but crypto).
const std::vector<Family>& CoreFamilies();

// Finds a family by name in `families`; nullptr when absent.
const Family* FindFamily(const std::vector<Family>& families, std::string_view name);

// "dir/vault_urls.json" -> "vault_urls".
std::string FamilyOfPath(std::string_view path);

// True when every key of `expect` is present in `actual` with an equal value
// (numbers compare by value: 422 == 422.0). Keys only in `actual` are ignored.
bool MatchesExpect(const OrderedJson& actual, const OrderedJson& expect);

// Evaluators, one per family (core/conformance/<family>.cpp).
OrderedJson EvaluateSensitiveKeys(const OrderedJson& input);
OrderedJson EvaluateStrictMode(const OrderedJson& input);
OrderedJson EvaluateEnvBindings(const OrderedJson& input);
OrderedJson EvaluateCredentialAliases(const OrderedJson& input);
OrderedJson EvaluateVaultUrls(const OrderedJson& input);
OrderedJson EvaluateVaultStatusDefaults(const OrderedJson& input);
OrderedJson EvaluateBindingDiff(const OrderedJson& input);
OrderedJson EvaluateMasterKey(const OrderedJson& input);

}  // namespace clasp::conformance
