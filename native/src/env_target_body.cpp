#include "env_target_body.h"

#include <string_view>
#include <utility>
#include <vector>

#include "clasp/env_binding.h"
#include "clasp/utf8.h"
#include "clasp/vault_zod.h"

namespace clasp::native {
namespace {

// AGENT_ROLES, AGENT_STATUSES, PROJECT_STATUSES in Paperclip's order (the
// order zod prints them in).
const std::vector<std::string_view> kAgentRoles = {"ceo",      "cto",      "cmo",        "cfo",
                                                   "security", "engineer", "designer",   "pm",
                                                   "qa",       "devops",   "researcher", "general"};
const std::vector<std::string_view> kAgentStatuses = {"active", "paused",           "idle",      "running",
                                                      "error",  "pending_approval", "terminated"};
const std::vector<std::string_view> kProjectStatuses = {"backlog", "planned", "in_progress", "completed",
                                                        "cancelled"};

class Issues {
 public:
  void Add(Code code, std::string path, std::string message) {
    Diagnostic d = MakeDiagnostic(code, std::move(path), std::move(message));
    d.http_status = 400;
    list_.push_back(std::move(d));
  }
  bool empty() const { return list_.empty(); }
  std::vector<Diagnostic> Take() { return std::move(list_); }

 private:
  std::vector<Diagnostic> list_;
};

const OrderedJson* Member(const OrderedJson& body, std::string_view key) {
  auto it = body.find(key);
  return it == body.end() ? nullptr : &*it;
}

// z.string().min(1) (no trim): the string, or nullopt with its issues.
std::optional<std::string> NonEmptyString(const OrderedJson* v, const std::string& path, Issues& issues) {
  if (!v || !v->is_string()) {
    issues.Add(Code::kInputWrongType, path, zod::InvalidType("string", v));
    if (v) {
      for (std::string& m : zod::NonStringLengthIssues(*v, 1, std::nullopt)) {
        issues.Add(Code::kInputInvalidValue, path, std::move(m));
      }
    }
    return std::nullopt;
  }
  const std::string& s = v->get_ref<const std::string&>();
  if (s.empty()) {
    issues.Add(Code::kInputInvalidValue, path, "Too small: expected string to have >=1 characters");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> Enum(const OrderedJson& v, const std::vector<std::string_view>& values,
                                const std::string& path, Issues& issues) {
  if (v.is_string()) {
    for (const std::string_view allowed : values) {
      if (v.get_ref<const std::string&>() == allowed) return std::string(allowed);
    }
  }
  issues.Add(Code::kInputInvalidValue, path, zod::InvalidOption(values));
  return std::nullopt;
}

// z.string().optional().nullable(): absent -> nullopt; null -> {nullopt}.
std::optional<std::optional<std::string>> NullableString(const OrderedJson* v, const std::string& path,
                                                         Issues& issues) {
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>{};
  if (v->is_string()) return std::optional<std::string>{v->get<std::string>()};
  issues.Add(Code::kInputWrongType, path, zod::InvalidType("string", v));
  return std::nullopt;
}

// envConfigSchema: a record (not an array) whose every value, "__proto__"
// aside (zod's record parser skips it), parses as a binding.
bool IsEnvMap(const OrderedJson& env) {
  if (!env.is_object()) return false;
  for (const auto& [key, raw] : env.items()) {
    if (key != "__proto__" && !ParseEnvBinding(raw)) return false;
  }
  return true;
}

void CheckRuntimeConfig(const OrderedJson& v, Issues& issues) {
  if (!v.is_object()) {
    issues.Add(Code::kInputWrongType, "/runtimeConfig", zod::InvalidType("object", &v));
    return;
  }
  if (v.contains("modelProfiles")) {
    issues.Add(Code::kInputInvalidValue, "/runtimeConfig/modelProfiles",
               "runtimeConfig.modelProfiles is no longer supported");
  }
}

}  // namespace

bool NestedDeeperThan(const OrderedJson& value, int max_depth) {
  std::vector<std::pair<const OrderedJson*, int>> stack{{&value, 0}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (!node->is_structured()) continue;
    if (depth + 1 > max_depth) return true;
    for (const OrderedJson& child : *node) stack.emplace_back(&child, depth + 1);
  }
  return false;
}

Result<AgentBody> ParseAgentBody(const OrderedJson& body, bool create) {
  Issues issues;
  if (!body.is_object()) {
    issues.Add(Code::kInputWrongType, "", zod::InvalidType("object", &body));
    return Result<AgentBody>::Fail(issues.Take());
  }
  AgentBody out;
  if (const OrderedJson* v = Member(body, "name"); v || create) out.name = NonEmptyString(v, "/name", issues);
  if (const OrderedJson* v = Member(body, "role")) {
    out.role = Enum(*v, kAgentRoles, "/role", issues);
  } else if (create) {
    out.role = "general";
  }
  out.title = NullableString(Member(body, "title"), "/title", issues);
  if (const OrderedJson* v = Member(body, "adapterType")) {
    if (!v->is_string()) {
      issues.Add(Code::kInputWrongType, "/adapterType", zod::InvalidType("string", v));
    } else if (std::string_view t = EcmaTrim(v->get_ref<const std::string&>()); t.empty()) {
      issues.Add(Code::kInputInvalidValue, "/adapterType", "Too small: expected string to have >=1 characters");
    } else {
      out.adapter_type = std::string(t);
    }
  } else if (create) {
    out.adapter_type = "process";
  }
  if (const OrderedJson* v = Member(body, "adapterConfig")) {
    if (!v->is_object()) {
      issues.Add(Code::kInputWrongType, "/adapterConfig", zod::InvalidType("record", v));
    } else if (auto env = v->find("env"); env != v->end() && !IsEnvMap(*env)) {
      issues.Add(Code::kEnvBindingInvalid, "/adapterConfig/env", std::string(kAgentEnvMapMessage));
    } else {
      out.adapter_config = *v;
    }
  } else if (create) {
    out.adapter_config = OrderedJson::object();
  }
  if (const OrderedJson* v = Member(body, "runtimeConfig")) CheckRuntimeConfig(*v, issues);
  if (!create) {
    // z.never().optional(): any value at all is refused.
    if (const OrderedJson* v = Member(body, "permissions")) {
      issues.Add(Code::kInputWrongType, "/permissions", zod::InvalidType("never", v));
    }
    if (const OrderedJson* v = Member(body, "replaceAdapterConfig")) {
      if (v->is_boolean()) {
        out.replace_adapter_config = v->get<bool>();
      } else {
        issues.Add(Code::kInputWrongType, "/replaceAdapterConfig", zod::InvalidType("boolean", v));
      }
    }
    if (const OrderedJson* v = Member(body, "status")) out.status = Enum(*v, kAgentStatuses, "/status", issues);
  }
  if (!issues.empty()) return Result<AgentBody>::Fail(issues.Take());
  return Result<AgentBody>::Ok(std::move(out));
}

Result<ProjectBody> ParseProjectBody(const OrderedJson& body, bool create) {
  Issues issues;
  if (!body.is_object()) {
    issues.Add(Code::kInputWrongType, "", zod::InvalidType("object", &body));
    return Result<ProjectBody>::Fail(issues.Take());
  }
  ProjectBody out;
  if (const OrderedJson* v = Member(body, "name"); v || create) out.name = NonEmptyString(v, "/name", issues);
  out.description = NullableString(Member(body, "description"), "/description", issues);
  if (const OrderedJson* v = Member(body, "status")) {
    out.status = Enum(*v, kProjectStatuses, "/status", issues);
  } else if (create) {
    out.status = "backlog";
  }
  if (const OrderedJson* v = Member(body, "env")) {
    if (v->is_null()) {
      out.env = *v;
    } else if (!v->is_object()) {
      issues.Add(Code::kInputWrongType, "/env", zod::InvalidType("record", v));
    } else {
      bool valid = true;
      for (const std::string& key : zod::JsOwnKeys(*v)) {
        if (!ParseEnvBinding(*v->find(key))) {
          // zod 4's invalid_union carries this bare message.
          issues.Add(Code::kInputInvalidValue, JsonPointerAppend("/env", key), "Invalid input");
          valid = false;
        }
      }
      if (valid) out.env = *v;
    }
  }
  if (!issues.empty()) return Result<ProjectBody>::Fail(issues.Take());
  return Result<ProjectBody>::Ok(std::move(out));
}

}  // namespace clasp::native
