// clasp/vault_address.h — VLT-7: the HashiCorp Vault address of a provider vault.
//
// Paperclip trims the address (ECMAScript trim), parses it as a WHATWG URL
// (`new URL`, see whatwg_url.h) and stores `new URL(address).origin`, as
// Node 24 computes them (Paperclip 2026.916.1 requires Node >= 24). It
// accepts only origin-only http(s) URLs: protocol http: or https:, empty
// username and password, empty search and hash, pathname "" or "/".
//
//   CheckVaultAddress("https://Vault.Example.com:443/") -> ok, origin "https://vault.example.com"
//   CheckVaultAddress(" http://[::1]:8200 ")            -> ok, origin "http://[::1]:8200"
//   CheckVaultAddress("https://例え.jp")                 -> ok, origin "https://xn--r8jz45g.jp"
//   CheckVaultAddress("https://h/?")                    -> ok (an empty query serializes to "")
//   CheckVaultAddress("http:h")                         -> ok, origin "http://h" (no slashes needed)
//   CheckVaultAddress("https://XN--A.com")              -> ok, origin "https://xn--a.com" (Node 24
//                                                          leaves ASCII "xn--" labels unchecked)
//   CheckVaultAddress("https://user@h")                 -> reason "credentials"
//   CheckVaultAddress("https://h/v1?x=1")               -> reason "query+path"
//   CheckVaultAddress("host:8200")                      -> reason "scheme+path" (scheme "host:",
//                                                          opaque path "8200")
//   CheckVaultAddress("https://h:65536")                -> reason "invalid_url"
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clasp/diagnostic.h"
#include "clasp/json_input.h"

namespace clasp {

inline constexpr std::string_view kVaultAddressMessage =
    "Vault address must be an origin-only HTTP(S) URL without credentials, path, query, or fragment";

struct VaultAddressVerdict {
  bool ok = false;
  std::string origin;  // the WHATWG origin Paperclip stores; empty unless ok
                       // (and empty for an allowed null/absent address)
  std::string reason;  // "" when ok; "invalid_url"; "not_a_string"; or a "+"-joined
                       // subset of scheme, credentials, query, fragment, path (in that order)
};

// VLT-7 on a string address. Bytes that are not UTF-8 are read as U+FFFD, as
// Paperclip's JSON body parser would decode them.
VaultAddressVerdict CheckVaultAddress(std::string_view address);

// VLT-7 on the raw `config.address` value: absent (nullptr) or null is allowed
// and stores nothing; any other non-string fails zod's z.string().
//   CheckVaultAddressValue(nullptr)         -> ok, origin ""
//   CheckVaultAddressValue(&J("8200"))      -> reason "not_a_string"
//   CheckVaultAddressValue(&J("\"http:h\"")) -> ok, origin "http://h"
VaultAddressVerdict CheckVaultAddressValue(const OrderedJson* value);

// The diagnostic for a failed verdict at JSON Pointer `path` (Paperclip's
// ["config","address"]): kVaultAddressInvalidUrl "Invalid URL" (zod 4's
// message), kVaultAddressNotString "Invalid input: expected string, received
// <type>", or kVaultAddressNotOrigin with kVaultAddressMessage. Empty when ok.
//   VaultAddressDiagnostics(CheckVaultAddress("ftp://h"), "/config/address")
//     -> [{vault_address_not_origin, "/config/address", kVaultAddressMessage, 400}]
std::vector<Diagnostic> VaultAddressDiagnostics(const VaultAddressVerdict& verdict, std::string_view path,
                                                const OrderedJson* value = nullptr);

}  // namespace clasp
