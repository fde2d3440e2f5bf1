// clasp/native/wipe_json.h — forgetting values that passed through JSON.
//
// A value crosses the API as JSON twice: in a create or rotate request body
// and in the answer of a value read. These helpers wipe every copy made on
// the way (secret_bytes.h's Wipe, i.e. OPENSSL_cleanse), so that after the
// answer is written no heap block of the server still holds the value:
//   OrderedJson j = {{"value", "sk-…"}};  WipeJson(&j);  // j is null, the bytes zeroed
//   std::string body = DumpJsonForWipe(j);               // one allocation: no stale prefix copies
//   { WipeOnExit forget(&body); … }                      // wiped on every return path
#pragma once

#include <optional>
#include <string>

#include "clasp/json_input.h"

namespace clasp::native {

// Wipes every string value in `json` (object keys are names, not values,
// and stay as they are until freed) and leaves it null.
void WipeJson(OrderedJson* json);

// DumpJson(json) into a string reserved once to an upper bound of its size,
// so it never reallocates while being written (a reallocation would free a
// block holding a prefix of the text, unwiped).
std::string DumpJsonForWipe(const OrderedJson& json);

// Wipes what it points at when it goes out of scope, so a handler wipes its
// copies of a value on every return path. Declare it after the object.
class WipeOnExit {
 public:
  explicit WipeOnExit(std::string* s) : string_(s) {}
  explicit WipeOnExit(std::optional<std::string>* s) : optional_(s) {}
  explicit WipeOnExit(OrderedJson* json) : json_(json) {}
  ~WipeOnExit();
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;

 private:
  std::string* string_ = nullptr;
  std::optional<std::string>* optional_ = nullptr;
  OrderedJson* json_ = nullptr;
};

}  // namespace clasp::native
