// clasp/env_binding.h — ENV-1..5, RED-1: one env binding and its key.
//
// (Contract shared by the env, strict-mode and binding-sync modules; the
// normalisation of a whole env map lives in env_normalize.h.)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "clasp/json_input.h"

namespace clasp {

enum class BindingType { kPlain, kSecretRef, kUserSecretRef };

// "latest", or a pinned version: a JS integer > 0 (clasp caps it at
// Number.MAX_SAFE_INTEGER; see the docs for this deliberate difference).
struct SecretVersion {
  bool latest = true;
  std::int64_t number = 0;
};

struct EnvBinding {
  BindingType type = BindingType::kPlain;
  std::string value;      // kPlain
  std::string secret_id;  // kSecretRef
  SecretVersion version;  // kSecretRef, kUserSecretRef
  std::string projection_class = "unclassified";
  std::optional<std::string> projection_allowlist_key;
  std::string user_key;  // kUserSecretRef
  bool required = true;
  bool allow_missing_override = false;
};

// ENV-5: ^[A-Za-z_][A-Za-z0-9_]*$ with no trailing-newline leniency.
//   IsValidEnvKey("OPENAI_API_KEY") == true;  IsValidEnvKey("1X") == false
//   IsValidEnvKey("ABC\n") == false;          IsValidEnvKey("") == false
bool IsValidEnvKey(std::string_view key);

// zod 4 z.string().guid(): 8-4-4-4-12 hex, any version/variant nibble.
bool IsGuid(std::string_view s);

// A GUID as PostgreSQL's uuid type prints it (hex in lower case), so an id
// compares as Paperclip's uuid columns compare it: hex case never matters.
// Anything that is not a GUID comes back unchanged.
//   CanonicalGuid("3F1C2A9E-6B0D-4C47-9A51-0E6F2D7B8C13") == "3f1c2a9e-6b0d-4c47-9a51-0e6f2d7b8c13"
//   CanonicalGuid("OpenAI-Key") == "OpenAI-Key"
std::string CanonicalGuid(std::string_view s);

// ENV-1..4 in Paperclip's union order: string, plain, secret_ref, user_secret_ref.
// nullopt means "Invalid environment binding for key: <key>".
//   ParseEnvBinding("x")                                    -> plain "x"
//   ParseEnvBinding({"type":"secret_ref","secretId":G})     -> version latest
//   ParseEnvBinding({"type":"secret_ref","secretId":G,"version":0}) -> nullopt
std::optional<EnvBinding> ParseEnvBinding(const OrderedJson& raw);

// The persisted form: plain {type,value}; secret_ref {type,secretId,version,
// projectionClass,projectionAllowlistKey}; user_secret_ref {type,key,version,
// required,allowMissingOverride}.
OrderedJson CanonicalBindingJson(const EnvBinding& binding);

// The smallest JSON that ParseEnvBinding reads back as `binding`: members at
// their defaults are left out, a plain binding is its string. For holding
// many envs in memory (the bindings doctor's 100,000 agents); never persisted.
//   {"type":"secret_ref","secretId":G,"version":"latest",
//    "projectionClass":"unclassified","projectionAllowlistKey":null}
//                                 -> {"type":"secret_ref","secretId":G}
//   {"type":"plain","value":"x"}  -> "x"
OrderedJson CompactBindingJson(const EnvBinding& binding);

// The binding's version as JSON: "latest" or the number.
OrderedJson VersionJson(const SecretVersion& version);

// versionSelector text as stored in company_secret_bindings: "latest" or "3".
std::string VersionSelectorText(const SecretVersion& version);

}  // namespace clasp
