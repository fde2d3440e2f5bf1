// Vault address (VLT-7): any bytes as config.address. An accepted address
// stores an origin, and that origin is itself accepted unchanged.
#include "clasp/vault_address.h"
#include "fuzz_support.h"

using namespace clasp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  const auto verdict = CheckVaultAddress(fuzz::Bytes(data, size));
  fuzz::CheckDiagnostics(VaultAddressDiagnostics(verdict, "/config/address"));
  if (!verdict.ok) {
    fuzz::Require(!verdict.reason.empty() && verdict.origin.empty(), "a refusal has a reason and no origin");
    return 0;
  }
  fuzz::Require(verdict.reason.empty(), "an accepted address has no reason");
  if (verdict.origin.empty()) return 0;
  const auto again = CheckVaultAddress(verdict.origin);
  fuzz::Require(again.ok && again.origin == verdict.origin, "the stored origin is a fixed point");
  return 0;
}
