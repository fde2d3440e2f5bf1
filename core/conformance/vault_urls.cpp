#include "clasp/conformance.h"
#include "clasp/vault_address.h"

namespace clasp::conformance {

// input {address} (absent, null, string or any JSON value) -> {ok, origin, reason}.
OrderedJson EvaluateVaultUrls(const OrderedJson& input) {
  const OrderedJson* address = nullptr;
  if (input.is_object()) {
    if (const auto it = input.find("address"); it != input.end()) address = &*it;
  }
  const VaultAddressVerdict verdict = CheckVaultAddressValue(address);
  OrderedJson out = OrderedJson::object();
  out["ok"] = verdict.ok;
  out["origin"] = verdict.origin.empty() ? OrderedJson(nullptr) : OrderedJson(verdict.origin);
  out["reason"] = verdict.reason.empty() ? OrderedJson(nullptr) : OrderedJson(verdict.reason);
  return out;
}

}  // namespace clasp::conformance
