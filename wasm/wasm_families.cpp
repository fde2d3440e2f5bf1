// The WASM runner's families: the pure core's, without crypto (which stays native).
#include "native_families.h"

namespace clasp::native {

const std::vector<conformance::Family>& AllFamilies() { return conformance::CoreFamilies(); }

const SkippedFamily* FindSkippedFamily(std::string_view name) {
  static const SkippedFamily kCrypto = {"local_encrypted_material",
                                        "native-only: AES-256-GCM is not part of the WASM build"};
  return name == kCrypto.name ? &kCrypto : nullptr;
}

}  // namespace clasp::native
