// Families the native runner adds to the pure core's, and those it cannot run yet.
#pragma once

#include <string_view>
#include <vector>

#include "clasp/conformance.h"

namespace clasp::native {

struct SkippedFamily {
  std::string_view name;
  std::string_view reason;
};

const std::vector<conformance::Family>& AllFamilies();
const SkippedFamily* FindSkippedFamily(std::string_view name);

}  // namespace clasp::native
