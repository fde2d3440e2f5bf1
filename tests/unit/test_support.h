// Shared helpers for the Boost.Test suites.
#pragma once

#include <ostream>
#include <string>

#include "clasp/diagnostic.h"
#include "clasp/json_input.h"

namespace clasp {

// Lets BOOST_TEST print codes in failure messages.
inline std::ostream& operator<<(std::ostream& os, Code code) { return os << CodeName(code); }

}  // namespace clasp

namespace clasp::test {

// Parses a JSON literal written in a test; aborts the test on bad JSON.
inline OrderedJson J(const std::string& text) { return OrderedJson::parse(text); }

}  // namespace clasp::test
