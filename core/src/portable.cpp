#include "clasp/portable.h"

#include <set>
#include <utility>

#include "clasp/binding.h"
#include "clasp/js_lowercase.h"
#include "clasp/sensitive_keys.h"
#include "clasp/utf8.h"

namespace clasp {
namespace {

std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool IsAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// Paperclip's isAbsoluteCommand on a POSIX server: path.isAbsolute (a leading
// "/") or a Windows drive prefix /^[A-Za-z]:[\\/]/.
bool IsAbsoluteCommand(std::string_view value) {
  if (!value.empty() && value[0] == '/') return true;
  return value.size() >= 3 && IsAsciiLetter(value[0]) && value[1] == ':' && (value[2] == '\\' || value[2] == '/');
}

struct ScopeText {
  std::string label;           // "agent coder"
  std::string warning_prefix;  // "Agent coder"
};

ScopeText TextFor(const PortableScope& scope) {
  if (scope.kind == PortableScopeKind::kProject) return {"project " + scope.slug, "Project " + scope.slug};
  return {"agent " + scope.slug, "Agent " + scope.slug};
}

EnvInputDeclaration Declare(const PortableScope& scope, const std::string& key, std::string description) {
  EnvInputDeclaration input;
  input.key = key;
  input.description = std::move(description);
  if (scope.kind == PortableScopeKind::kAgent) {
    input.agent_slug = scope.slug;
  } else {
    input.project_slug = scope.slug;
  }
  input.requirement = EnvInputRequirement::kOptional;
  return input;
}

// The type field of a plain JSON object, or "" when absent or not a string.
std::string_view BindingType(const OrderedJson& binding) {
  if (!binding.is_object()) return {};
  const auto it = binding.find("type");
  if (it == binding.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

OrderedJson OptionalString(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  return *s;
}

}  // namespace

std::string_view EnvInputKindName(EnvInputKind kind) {
  return kind == EnvInputKind::kSecret ? "secret" : "plain";
}

std::string_view EnvInputRequirementName(EnvInputRequirement requirement) {
  return requirement == EnvInputRequirement::kRequired ? "required" : "optional";
}

std::string_view EnvInputPortabilityName(EnvInputPortability portability) {
  return portability == EnvInputPortability::kSystemDependent ? "system_dependent" : "portable";
}

PortableExtraction ExtractPortableEnvInputs(const PortableScope& scope, const OrderedJson& env) {
  PortableExtraction out;
  const ScopeText text = TextFor(scope);
  for (const auto& entry : JsObjectEntries(env)) {
    const std::string& key = entry.key();
    const OrderedJson& binding = entry.value();
    const std::string pointer = JsonPointerAppend("", key);
    if (AsciiUpper(key) == "PATH") {
      out.warnings.push_back(MakeDiagnostic(
          Code::kPortPathOmitted, pointer,
          text.warning_prefix + " PATH override was omitted from export because it is system-dependent.",
          Severity::kWarning));
      continue;
    }
    const std::string_view type = BindingType(binding);
    if (type == "secret_ref") {
      EnvInputDeclaration input = Declare(scope, key, "Provide " + key + " for " + text.label);
      input.kind = EnvInputKind::kSecret;
      input.default_value = "";
      input.portability = EnvInputPortability::kPortable;
      out.inputs.push_back(std::move(input));
      continue;
    }
    std::string value;
    if (type == "plain") {
      // asString(binding.value): trimmed; blank or non-string -> none ("").
      const auto it = binding.find("value");
      if (it != binding.end() && it->is_string()) value = std::string(EcmaTrim(it->get_ref<const std::string&>()));
    } else if (binding.is_string()) {
      value = binding.get_ref<const std::string&>();
    } else {
      continue;
    }
    EnvInputDeclaration input = Declare(scope, key, "Optional default for " + key + " on " + text.label);
    const bool sensitive = IsSensitivePortability(key);
    input.kind = sensitive ? EnvInputKind::kSecret : EnvInputKind::kPlain;
    input.portability = IsAbsoluteCommand(value) ? EnvInputPortability::kSystemDependent
                                                 : EnvInputPortability::kPortable;
    if (input.portability == EnvInputPortability::kSystemDependent) {
      out.warnings.push_back(MakeDiagnostic(
          Code::kPortSystemDependent, pointer,
          text.warning_prefix + " env " + key + " default was exported as system-dependent.", Severity::kWarning));
    }
    // PORT-1: a sensitive value never leaves, even as a default.
    input.default_value = sensitive ? std::string() : std::move(value);
    out.inputs.push_back(std::move(input));
  }
  return out;
}

std::vector<EnvInputDeclaration> DedupeEnvInputs(std::vector<EnvInputDeclaration> inputs) {
  std::set<std::string, std::less<>> seen;
  std::vector<EnvInputDeclaration> out;
  out.reserve(inputs.size());
  for (auto& input : inputs) {
    std::string id = input.agent_slug.value_or("") + ":" + input.project_slug.value_or("") + ":" + AsciiUpper(input.key);
    if (!seen.insert(std::move(id)).second) continue;
    out.push_back(std::move(input));
  }
  return out;
}

OrderedJson EnvInputJson(const EnvInputDeclaration& input) {
  return OrderedJson{{"key", input.key},
                     {"description", input.description},
                     {"agentSlug", OptionalString(input.agent_slug)},
                     {"projectSlug", OptionalString(input.project_slug)},
                     {"kind", EnvInputKindName(input.kind)},
                     {"requirement", EnvInputRequirementName(input.requirement)},
                     {"defaultValue", OptionalString(input.default_value)},
                     {"portability", EnvInputPortabilityName(input.portability)}};
}

std::string MigratedSecretName(std::string_view agent_id, std::string_view key) {
  // id.slice(0, 8): agent ids are UUIDs, so 8 characters are 8 bytes; for
  // anything else cut after 8 code points rather than inside one.
  std::size_t end = 0;
  for (int n = 0; n < 8 && end < agent_id.size(); ++n) {
    ++end;
    while (end < agent_id.size() && (static_cast<unsigned char>(agent_id[end]) & 0xC0) == 0x80) ++end;
  }
  std::string name = "agent_";
  name.append(agent_id.substr(0, end));
  name += '_';
  name += JsToLowerCase(key);
  return name;
}

std::string MigratedSecretDescription(std::string_view agent_id, std::string_view key) {
  std::string out = "Migrated from agent ";
  out.append(agent_id);
  out += " env ";
  out.append(key);
  return out;
}

std::string MigrationDryRunSecretId(std::string_view name) {
  std::string out = "<would-create:";
  out.append(name);
  out += '>';
  return out;
}

std::string MigrationDryRunSummary(std::size_t agents) {
  return "Dry run: " + std::to_string(agents) + " agents would be updated";
}

std::string MigrationApplySummary(std::size_t agents, std::size_t created, std::size_t rotated) {
  return "Updated " + std::to_string(agents) + " agents, created " + std::to_string(created) + " secrets, rotated " +
         std::to_string(rotated) + " secrets";
}

}  // namespace clasp
