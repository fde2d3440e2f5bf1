// clasp/vault_address.h — VLT-7: the HashiCorp Vault address of a provider vault.
//
// Paperclip trims the address, parses it as a WHATWG URL and stores
// `new URL(address).origin`. It accepts only origin-only http(s) URLs:
//
//   CheckVaultAddress("https://Vault.Example.com:443/")  -> ok, origin "https://vault.example.com"
//   CheckVaultAddress("https://h/?")                     -> ok (empty query serializes to "")
//   CheckVaultAddress("https://user@h")                  -> reason "credentials"
//   CheckVaultAddress("https://h/v1?x=1")                -> reason "query+path"? no: reasons are
//       joined in the fixed order scheme+credentials+query+fragment+path -> "query+path"
//   CheckVaultAddress("host:8200")                       -> reason "scheme" (scheme "host:")
//   CheckVaultAddress("https://h:65536")                 -> reason "invalid_url"
#pragma once

#include <string>
#include <string_view>

namespace clasp {

inline constexpr std::string_view kVaultAddressMessage =
    "Vault address must be an origin-only HTTP(S) URL without credentials, path, query, or fragment";

struct VaultAddressVerdict {
  bool ok = false;
  std::string origin;  // the WHATWG origin Paperclip stores; empty unless ok
  std::string reason;  // "" when ok; "invalid_url"; or "+"-joined subset of
                       // scheme, credentials, query, fragment, path (in that order)
};

VaultAddressVerdict CheckVaultAddress(std::string_view address);

}  // namespace clasp
