// clasp/native/secret_key.h — CRUD-1's stored secret key.
//
// Pure, and belongs in core/ (the browser previews keys too); it lives here
// until the core grows a secrets-CRUD module, then moves unchanged.
#pragma once

#include <string>
#include <string_view>

namespace clasp::native {

// normalizeSecretKey: JS trim(), JS toLowerCase() (full Unicode), every run
// of characters outside [a-z0-9_.-] becomes one "-", leading and trailing
// "-" are stripped, and the result is cut to 120 characters.
//   NormalizeSecretKey("  OpenAI API Key ") == "openai-api-key"
//   NormalizeSecretKey("GitHub/Token!!")    == "github-token"
//   NormalizeSecretKey("Ünïcode")           == "n-code"   (ü, ï lower-case but stay outside the set)
//   NormalizeSecretKey("!!!")               == ""         (the caller's 422 "Secret key is required")
std::string NormalizeSecretKey(std::string_view input);

}  // namespace clasp::native
