#include "native_families.h"

namespace clasp::native {

const std::vector<conformance::Family>& AllFamilies() {
  static const std::vector<conformance::Family> kFamilies = [] {
    std::vector<conformance::Family> all = conformance::CoreFamilies();
    all.push_back({"local_encrypted_material", &EvaluateLocalEncryptedMaterial});
    return all;
  }();
  return kFamilies;
}

const SkippedFamily* FindSkippedFamily(std::string_view) { return nullptr; }

const FlatCaseFamily* FindFlatCaseFamily(std::string_view name) {
  static const std::vector<FlatCaseFamily> kFlat = {
      {"local_encrypted_material", &SplitLocalEncryptedMaterialCase},
  };
  for (const auto& f : kFlat) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace clasp::native
