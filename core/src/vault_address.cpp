#include "clasp/vault_address.h"

#include "clasp/utf8.h"
#include "clasp/whatwg_url.h"

namespace clasp {

VaultAddressVerdict CheckVaultAddress(std::string_view address) {
  const auto url = whatwg::ParseUrl(EcmaTrim(address));
  if (!url) return {false, "", "invalid_url"};
  std::string reason;
  const auto add = [&reason](std::string_view part) {
    if (!reason.empty()) reason.push_back('+');
    reason += part;
  };
  if (url->scheme != "http" && url->scheme != "https") add("scheme");
  if (!url->username.empty() || !url->password.empty()) add("credentials");
  if (!whatwg::Search(*url).empty()) add("query");
  if (!whatwg::Hash(*url).empty()) add("fragment");
  if (const std::string pathname = whatwg::Pathname(*url); !pathname.empty() && pathname != "/") add("path");
  if (!reason.empty()) return {false, "", reason};
  return {true, whatwg::Origin(*url), ""};
}

VaultAddressVerdict CheckVaultAddressValue(const OrderedJson* value) {
  if (value == nullptr || value->is_null()) return {true, "", ""};
  if (!value->is_string()) return {false, "", "not_a_string"};
  return CheckVaultAddress(value->get_ref<const std::string&>());
}

std::vector<Diagnostic> VaultAddressDiagnostics(const VaultAddressVerdict& verdict, std::string_view path,
                                                const OrderedJson* value) {
  if (verdict.ok) return {};
  if (verdict.reason == "invalid_url") {
    return {MakeDiagnostic(Code::kVaultAddressInvalidUrl, std::string(path), "Invalid URL")};
  }
  if (verdict.reason == "not_a_string") {
    const std::string received = value != nullptr ? value->type_name() : "undefined";
    return {MakeDiagnostic(Code::kVaultAddressNotString, std::string(path),
                           "Invalid input: expected string, received " + received)};
  }
  return {MakeDiagnostic(Code::kVaultAddressNotOrigin, std::string(path), std::string(kVaultAddressMessage))};
}

}  // namespace clasp
