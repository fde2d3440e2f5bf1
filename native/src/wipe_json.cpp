#include "clasp/native/wipe_json.h"

#include "clasp/native/secret_bytes.h"
#include "clasp/utf8.h"

namespace clasp::native {
namespace {

// The most bytes AppendJson writes for a string: its quotes, and five more
// per byte it escapes (\u00xx at most); six per byte when it is not valid
// UTF-8 (nlohmann's U+FFFD replacements, escaped or not).
std::size_t StringBound(const std::string& s) {
  if (!IsValidUtf8(s)) return 6 * s.size() + 2;
  std::size_t escaped = 0;
  for (const char c : s) escaped += static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\';
  return s.size() + 5 * escaped + 2;
}

// The most bytes AppendJson can write for `json`: a number takes at most 32
// characters, and each member or item adds its separators.
std::size_t CompactBound(const OrderedJson& json) {
  switch (json.type()) {
    case OrderedJson::value_t::string: return StringBound(json.get_ref<const std::string&>());
    case OrderedJson::value_t::array: {
      std::size_t n = 2;
      for (const auto& item : json.get_ref<const OrderedJson::array_t&>()) n += CompactBound(item) + 1;
      return n;
    }
    case OrderedJson::value_t::object: {
      std::size_t n = 2;
      for (const auto& [key, item] : json.get_ref<const OrderedJson::object_t&>()) {
        n += StringBound(key) + 1 + CompactBound(item) + 1;
      }
      return n;
    }
    default: return 32;
  }
}

void WipeStrings(OrderedJson& json) {
  switch (json.type()) {
    case OrderedJson::value_t::string: return WipeString(&json.get_ref<std::string&>());
    case OrderedJson::value_t::array:
      for (auto& item : json.get_ref<OrderedJson::array_t&>()) WipeStrings(item);
      return;
    case OrderedJson::value_t::object:
      for (auto& member : json.get_ref<OrderedJson::object_t&>()) WipeStrings(member.second);
      return;
    default: return;
  }
}

}  // namespace

void WipeJson(OrderedJson* json) {
  WipeStrings(*json);
  *json = nullptr;
}

std::string DumpJsonForWipe(const OrderedJson& json) {
  std::string out;
  out.reserve(CompactBound(json));
  AppendJson(out, json);
  return out;
}

WipeOnExit::~WipeOnExit() {
  if (string_ != nullptr) WipeString(string_);
  if (optional_ != nullptr && optional_->has_value()) WipeString(&**optional_);
  if (json_ != nullptr) WipeJson(json_);
}

}  // namespace clasp::native
