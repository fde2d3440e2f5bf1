// Private to ParseJson (json_input.cpp): see json_parse.cpp.
#pragma once

#include <string_view>

#include "clasp/json_input.h"

namespace clasp::json_internal {

// Parses one JSON document that ParseJson has already checked (valid UTF-8,
// nesting within its limits). False on any syntax error; `out` is then
// unspecified.
bool ParseJsonText(std::string_view text, OrderedJson& out);

}  // namespace clasp::json_internal
