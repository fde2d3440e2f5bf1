// The secrets the binding suites share: A and B in company c1, C in c2, D deleted.
#pragma once

#include <string>

#include "clasp/binding.h"

namespace clasp::test {

inline const std::string A = "aaaaaaaa-0000-4000-8000-00000000000a";
inline const std::string B = "bbbbbbbb-0000-4000-8000-00000000000b";
inline const std::string C = "cccccccc-0000-4000-8000-00000000000c";  // company c2
inline const std::string D = "dddddddd-0000-4000-8000-00000000000d";  // deleted

inline SecretMap Secrets() {
  SecretMap s;
  s[A] = SecretInfo{"c1"};
  s[B] = SecretInfo{"c1"};
  s[C] = SecretInfo{"c2"};
  s[D] = SecretInfo{"c1", "deleted"};
  return s;
}

}  // namespace clasp::test
