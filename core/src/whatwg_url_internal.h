// whatwg_url_internal.h — percent-encode sets shared by the URL parser's
// state machine (whatwg_url.cpp) and host parser (whatwg_url_host.cpp).
#pragma once

#include <string>
#include <string_view>

namespace clasp::whatwg::internal {

// The URL standard's percent-encode sets, each a superset of the previous
// one, except that kSpecialQuery adds ' to kQuery only.
enum class EncodeSet { kC0Control, kFragment, kQuery, kSpecialQuery, kPath, kUserinfo };

// Appends byte `c` to `out`, percent-encoded ("%XX", upper-case hex) when it
// is in `set`. Bytes >= 0x80 are always encoded, which on UTF-8 text equals
// UTF-8 percent-encoding each code point.
void AppendEncoded(std::string& out, unsigned char c, EncodeSet set);

inline void AppendEncoded(std::string& out, std::string_view bytes, EncodeSet set) {
  for (char c : bytes) AppendEncoded(out, static_cast<unsigned char>(c), set);
}

}  // namespace clasp::whatwg::internal
