// ParseJson's own parser (core/src/json_parse.cpp) against nlohmann's, on the
// same bytes: the same verdict, and for a document both accept the same
// value — member order, duplicate keys, string bytes, and number types
// (unsigned, signed, double, -0.0) included. DumpJson's compact writer
// against nlohmann's dump: the same bytes, for the parsed value and for the
// raw input as a string and as a key (invalid UTF-8 included).
//
// One deliberate difference: nlohmann's lexer takes a NUL byte for the end
// of input, so it accepts `{"a":1}\0anything`; clasp refuses it (JSON.parse
// does too). Inputs with a NUL byte are therefore only held to "clasp
// accepts => nlohmann accepts the same value".
#include <cstring>
#include <string>

#include "clasp/json_input.h"
#include "fuzz_support.h"

using namespace clasp;

namespace {

bool Same(const OrderedJson& a, const OrderedJson& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case OrderedJson::value_t::object: {
      if (a.size() != b.size()) return false;
      auto j = b.begin();
      for (auto i = a.begin(); i != a.end(); ++i, ++j) {
        if (i.key() != j.key() || !Same(i.value(), j.value())) return false;
      }
      return true;
    }
    case OrderedJson::value_t::array:
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (!Same(a[i], b[i])) return false;
      }
      return true;
    case OrderedJson::value_t::number_float: {
      const double x = a.get<double>();
      const double y = b.get<double>();
      return std::memcmp(&x, &y, sizeof x) == 0;
    }
    default:
      return a == b;
  }
}

std::string NlohmannDump(const OrderedJson& v) {
  return v.dump(-1, ' ', /*ensure_ascii=*/false, OrderedJson::error_handler_t::replace);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > fuzz::kMaxInput) return 0;
  const std::string_view text = fuzz::Bytes(data, size);
  const OrderedJson raw(std::string{text});
  fuzz::Require(DumpJson(raw) == NlohmannDump(raw), "a string dumps as nlohmann dumps it");
  const OrderedJson keyed{{std::string{text}, raw}};
  fuzz::Require(DumpJson(keyed) == NlohmannDump(keyed), "a key dumps as nlohmann dumps it");
  const auto ours = ParseJson(text);
  fuzz::CheckDiagnostics(ours.diagnostics);
  if (!ours.ok() && ours.diagnostics.at(0).code != Code::kInputMalformedJson) return 0;  // refused before parsing

  const OrderedJson theirs = OrderedJson::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (ours.ok()) {
    fuzz::Require(!theirs.is_discarded(), "nlohmann accepts what clasp accepts");
    fuzz::Require(Same(*ours.value, theirs), "the same value as nlohmann");
    fuzz::Require(DumpJson(*ours.value) == NlohmannDump(theirs), "compact output as nlohmann's");
  } else if (text.find('\0') == std::string_view::npos) {
    fuzz::Require(theirs.is_discarded(), "nlohmann refuses what clasp refuses");
  }
  return 0;
}
