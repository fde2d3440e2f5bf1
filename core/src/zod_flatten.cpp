// zod's error.flatten() over issue objects.
#include "clasp/zod_flatten.h"

#include <string>

namespace clasp::zod {

OrderedJson FlattenJson(const OrderedJson& issues) {
  OrderedJson flat = OrderedJson::object();
  flat["formErrors"] = OrderedJson::array();
  flat["fieldErrors"] = OrderedJson::object();
  if (!issues.is_array()) return flat;
  for (const OrderedJson& issue : issues) {
    if (!issue.is_object()) continue;
    const auto message = issue.find("message");
    if (message == issue.end()) continue;
    const auto path = issue.find("path");
    if (path == issue.end() || !path->is_array() || path->empty()) {
      flat["formErrors"].push_back(*message);
      continue;
    }
    const OrderedJson& head = path->front();
    const std::string key = head.is_string() ? head.get_ref<const std::string&>() : DumpJson(head);
    OrderedJson& field = flat["fieldErrors"][key];
    if (!field.is_array()) field = OrderedJson::array();
    field.push_back(*message);
  }
  return flat;
}

}  // namespace clasp::zod
