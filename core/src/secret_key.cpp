#include "clasp/secret_key.h"

#include "clasp/js_lowercase.h"
#include "clasp/utf8.h"

namespace clasp {

std::string NormalizeSecretKey(std::string_view input) {
  const std::string lowered = JsToLowerCase(EcmaTrim(input));
  std::string out;
  bool in_run = false;
  for (const char c : lowered) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    // Every byte of a non-ASCII character is outside the set, so a run of
    // them (like a run of JS UTF-16 units) collapses into one "-".
    if (keep) {
      out += c;
      in_run = false;
    } else if (!in_run) {
      out += '-';
      in_run = true;
    }
  }
  const std::size_t first = out.find_first_not_of('-');
  if (first == std::string::npos) return "";
  const std::size_t last = out.find_last_not_of('-');
  out = out.substr(first, last - first + 1);
  // Only ASCII is left, so 120 bytes are 120 UTF-16 units (JS slice).
  if (out.size() > 120) out.resize(120);
  return out;
}

}  // namespace clasp
