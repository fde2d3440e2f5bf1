#include "native_families.h"

namespace clasp::native {

const std::vector<conformance::Family>& AllFamilies() { return conformance::CoreFamilies(); }

const SkippedFamily* FindSkippedFamily(std::string_view name) {
  static const std::vector<SkippedFamily> kSkipped = {
      {"local_encrypted_material", "needs the native AES-256-GCM adapter, which is not built yet"},
  };
  for (const auto& s : kSkipped) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace clasp::native
