// Internal to the masker: the automaton's layout and the forms of a value.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clasp {

// A dense Aho-Corasick automaton. Bytes map to classes (0: no pattern uses
// the byte; then one class per byte some pattern uses), so a row is
// `classes` entries. Entries are the next state's row offset (state *
// classes); states that end a pattern come last, from row offset
// first_out: the scan loop is two loads and a comparison per byte, and
// divides only on a match.
struct MaskAutomaton {
  std::array<std::uint8_t, 256> byte_class{};
  std::uint32_t classes = 1;
  std::uint32_t first_out = 0xFFFFFFFFu;
  std::vector<std::uint32_t> next;
  // Per state: the longest pattern that is a suffix of what the state read
  // (0: none), and the secret that pattern names.
  std::vector<std::uint32_t> out_length;
  std::vector<std::uint32_t> out_secret;
  // Per state: how many bytes it read, i.e. how far back a match still to
  // come can start. A stream holds back only these.
  std::vector<std::uint32_t> depth;
  std::size_t max_length = 0;
};

namespace masker_internal {

// Every distinct form of `value` the masker matches (masker.h), raw first.
std::vector<std::string> ValueForms(std::string_view value);

// Overwrites a string's bytes (a volatile store the optimiser keeps) and
// clears it: the encodings of values do not outlive Build in freed memory.
void Overwrite(std::string& s);

}  // namespace masker_internal
}  // namespace clasp
