// Private to ParseJson (json_input.cpp): see json_parse.cpp.
#pragma once

#include <cstddef>
#include <string_view>

#include "clasp/json_input.h"

namespace clasp::json_internal {

// Parses one JSON document that ParseJson has already checked (valid UTF-8,
// nesting within its limits). False on any syntax error, with
// `error_offset` the byte it stopped at; `out` is then unspecified.
//   ParseJsonText("{\"a\": 1,}", out, at) -> false, at == 9 (the '}')
bool ParseJsonText(std::string_view text, OrderedJson& out, std::size_t& error_offset);

}  // namespace clasp::json_internal
