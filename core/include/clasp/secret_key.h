// clasp/secret_key.h — CRUD-1's stored secret key.
//
// One rule for every place a key is derived from a name: secret create and
// update (native secret_service.h), remote import candidates (remote_import.h)
// and the browser's preview.
#pragma once

#include <string>
#include <string_view>

namespace clasp {

// normalizeSecretKey: JS trim(), JS toLowerCase() (full Unicode), every run
// of characters outside [a-z0-9_.-] becomes one "-", leading and trailing
// "-" are stripped, and the result is cut to 120 characters.
//   NormalizeSecretKey("  OpenAI API Key ") == "openai-api-key"
//   NormalizeSecretKey("GitHub/Token!!")    == "github-token"
//   NormalizeSecretKey("Ünïcode")           == "n-code"   (ü, ï lower-case but stay outside the set)
//   NormalizeSecretKey("!!!")               == ""         (the caller's 422 "Secret key is required")
std::string NormalizeSecretKey(std::string_view input);

}  // namespace clasp
