// Test cases that read ../shared (beside the checkout): the guide keeps that
// material out of the repository, so a clone without it must say what did not
// run instead of failing on an empty file. (Include Boost.Test first.)
#pragma once

#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

namespace clasp::native::test {

// `BOOST_AUTO_TEST_CASE(name, *NeedsShared({path, ...}))`: the case runs only
// when every path exists; otherwise Boost.Test skips it and stderr names the
// missing file.
inline boost::unit_test::precondition NeedsShared(std::initializer_list<std::string> paths) {
  return boost::unit_test::precondition(
      [files = std::vector<std::string>(paths)](boost::unit_test::test_unit_id) -> boost::test_tools::assertion_result {
        for (const auto& file : files) {
          if (std::filesystem::exists(file)) continue;
          std::fprintf(stderr, "SKIPPED: %s is absent (../shared is not beside the checkout)\n", file.c_str());
          boost::test_tools::assertion_result absent(false);
          absent.message() << file << " is absent";
          return absent;
        }
        return true;
      });
}

}  // namespace clasp::native::test
