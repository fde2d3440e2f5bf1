// clasp/zod_issues.h — zod 4's issue objects, rebuilt from the diagnostics of
// clasp's zod-faithful validators (secret_request.h, vault_config.h,
// vault_status.h).
//
// Paperclip answers a body its zod schema refuses with
//   400 {"error":"Validation error","details":[<zod issue>, ...]}
// where each issue is zod 4.6.7's own JSON: code, path, message and the
// code's fields, in zod's key order (a client comparing bodies byte for byte
// sees the order):
//
//   {"expected":"string","code":"invalid_type","path":["name"],"message":"Invalid input: expected string, received number"}
//   {"code":"invalid_value","values":["active","disabled","archived","deleted"],"path":["status"],"message":"Invalid option: ..."}
//   {"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["name"],"message":"Too small: expected string to have >=1 characters"}
//   {"origin":"array","code":"too_big","maximum":120,"inclusive":true,"path":["key"],"message":"Too big: expected array to have <=120 items"}
//   {"origin":"string","code":"invalid_format","format":"regex","pattern":"/^[a-zA-Z0-9_.-]+$/","path":["key"],"message":"Invalid string: must match pattern /^[a-zA-Z0-9_.-]+$/"}
//   {"origin":"string","code":"invalid_format","format":"guid","pattern":"/^([0-9a-fA-F]{8}-...)$/","path":["providerConfigId"],"message":"Invalid GUID"}
//   {"code":"invalid_format","format":"url","path":["config","address"],"message":"Invalid URL"}
//   {"code":"unrecognized_keys","keys":["token"],"path":["config"],"message":"Unrecognized key: \"token\""}
//   {"code":"custom","path":["value"],"message":"Managed secrets require value"}
//
// Why from the message: a Diagnostic carries code, pointer and message only
// (its shape is shared by every module, the WASM API and the conformance
// output). Every zod message the validators write comes from vault_zod.h and
// is a fixed function of the issue's fields (expected type, enum values,
// origin and bound, pattern), so the fields are read back from it exactly;
// any other message is a "custom" issue, which is what zod reports for
// Paperclip's refinements. Two issues carry a field the message does not
// show, and are named here: the AWS region regex (custom message "Invalid
// AWS region") and the GUID pattern (zod::kGuidPattern).
#pragma once

#include <string_view>
#include <vector>

#include "clasp/diagnostic.h"
#include "clasp/json_input.h"

namespace clasp::zod {

// The `details` array for the diagnostics of a schema refusal, in their
// order. Left out: warnings, and clasp-only notes that are no zod issue
// (vault_config_nested_credential). Consecutive one-key "Unrecognized key"
// diagnostics of the same object (vault_config.h reports one per key, at
// /config/<key>) fold into zod's single unrecognized_keys issue at the
// object's path. Pass a schema's 400 diagnostics only: a service rule's
// refusal (422) is no zod issue and would come out as "custom".
//   [{input_invalid_value, "/name", "Too small: expected string to have >=1 characters"}]
//     -> [{"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["name"],"message":...}]
//   [{vault_config_unknown_field, "/config/a", ...a...}, {..., "/config/b", ...b...}]
//     -> [{"code":"unrecognized_keys","keys":["a","b"],"path":["config"],"message":"Unrecognized keys: \"a\", \"b\""}]
//   [{vault_config_nested_credential, "/config/auth/token", ...}] -> []
OrderedJson IssuesJson(const std::vector<Diagnostic>& diagnostics);

// A JSON Pointer as zod's path: tokens unescaped (~1 is "/", ~0 is "~"),
// array indices ("0", not "00") as numbers, every other token a string.
//   IssuePath("") -> [];  IssuePath("/config/a~1b") -> ["config","a/b"];  IssuePath("/secrets/0/key") -> ["secrets",0,"key"]
// (No validated object here is keyed by an index-like name, so a number is
// always an array position.)
OrderedJson IssuePath(std::string_view pointer);

}  // namespace clasp::zod
