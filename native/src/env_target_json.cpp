// The API shapes of agents and projects, env values redacted.
#include "clasp/env_redaction.h"
#include "clasp/native/env_target_service.h"

namespace clasp::native {
namespace {

OrderedJson StoredJson(const std::optional<std::string>& text) {
  if (!text) return OrderedJson();
  JsonLimits limits;
  limits.max_object_members = static_cast<std::size_t>(1) << 24;
  auto parsed = ParseJson(*text, limits);
  return parsed.ok() ? std::move(*parsed.value) : OrderedJson();
}

OrderedJson NullableText(const std::optional<std::string>& s) { return s ? OrderedJson(*s) : OrderedJson(); }

}  // namespace

OrderedJson AgentJson(const AgentRow& row) {
  OrderedJson config = StoredJson(row.adapter_config);
  OrderedJson out = OrderedJson::object();
  out["id"] = row.id;
  out["companyId"] = row.company_id;
  out["name"] = row.name;
  out["role"] = row.role;
  out["title"] = NullableText(row.title);
  out["status"] = row.status;
  out["adapterType"] = row.adapter_type;
  out["adapterConfig"] = config.is_object() ? RedactAdapterConfigForRead(config) : OrderedJson::object();
  out["createdAt"] = row.created_at;
  out["updatedAt"] = row.updated_at;
  return out;
}

OrderedJson ProjectJson(const ProjectRow& row) {
  OrderedJson out = OrderedJson::object();
  out["id"] = row.id;
  out["companyId"] = row.company_id;
  out["name"] = row.name;
  out["description"] = NullableText(row.description);
  out["status"] = row.status;
  out["env"] = row.env ? RedactEnvForRead(StoredJson(row.env)) : OrderedJson();
  out["createdAt"] = row.created_at;
  out["updatedAt"] = row.updated_at;
  return out;
}

}  // namespace clasp::native
