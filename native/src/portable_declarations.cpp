// `clasp secrets declarations` (portable_declarations.h).
#include "clasp/native/portable_declarations.h"

#include <algorithm>
#include <set>

#include "clasp/js_lowercase.h"
#include "clasp/sensitive_keys.h"
#include "clasp/url_key.h"

namespace clasp::native {
namespace {

// Paperclip's uniqueSlug: the base, else base-2, base-3, … not yet used.
std::string UniqueSlug(const std::string& base, std::set<std::string>& used) {
  if (used.insert(base).second) return base;
  for (int i = 2;; ++i) {
    std::string candidate = base + "-" + std::to_string(i);
    if (used.insert(candidate).second) return candidate;
  }
}

template <typename Row>
void SortByName(std::vector<Row>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    const std::string la = JsToLowerCase(a.name), lb = JsToLowerCase(b.name);
    return la != lb ? la < lb : a.name < b.name;
  });
}

OrderedJson ParsedOrNull(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  Result<OrderedJson> parsed = ParseJson(*text);
  return parsed.ok() ? std::move(*parsed.value) : OrderedJson(nullptr);
}

OrderedJson AgentEnv(const AgentRow& agent) {
  OrderedJson config = ParsedOrNull(agent.adapter_config);
  if (!config.is_object()) return nullptr;
  auto env = config.find("env");
  return env == config.end() ? OrderedJson(nullptr) : *env;
}

void Extract(const PortableScope& scope, const OrderedJson& env, CompanyDeclarations& out) {
  PortableExtraction extracted = ExtractPortableEnvInputs(scope, env);
  for (auto& input : extracted.inputs) out.inputs.push_back(std::move(input));
  for (auto& warning : extracted.warnings) out.warnings.push_back(std::move(warning));
}

}  // namespace

Result<CompanyDeclarations> CompanyEnvDeclarations(StoreTxn& txn, const std::string& company_id,
                                                   const DeclarationOptions& options) {
  auto company = txn.GetCompany(company_id);
  if (!company.ok()) return Forward<CompanyDeclarations>(std::move(company));
  if (!*company.value) {
    return Result<CompanyDeclarations>::Fail(
        Diagnostic{Code::kInputInvalidValue, "/companyId", "Company not found: " + company_id, 404});
  }
  auto agents = txn.ListAgents(company_id);
  if (!agents.ok()) return Forward<CompanyDeclarations>(std::move(agents));
  auto projects = txn.ListProjects(company_id);
  if (!projects.ok()) return Forward<CompanyDeclarations>(std::move(projects));
  SortByName(*agents.value);
  SortByName(*projects.value);

  CompanyDeclarations out;
  std::set<std::string> agent_slugs;
  for (const AgentRow& agent : *agents.value) {
    const std::string slug = UniqueSlug(AgentUrlKey(agent.name).value_or("agent"), agent_slugs);
    Extract(PortableScope{PortableScopeKind::kAgent, slug}, AgentEnv(agent), out);
  }
  std::set<std::string> project_slugs;
  for (const ProjectRow& project : *projects.value) {
    const std::string slug = UniqueSlug(ProjectUrlKey(project.name, project.name), project_slugs);
    Extract(PortableScope{PortableScopeKind::kProject, slug}, ParsedOrNull(project.env), out);
  }
  out.inputs = DedupeEnvInputs(std::move(out.inputs));

  if (!options.paperclip_compat) {
    static const SensitiveKeyPolicy policy = SensitiveKeyPolicy::Default();
    for (EnvInputDeclaration& input : out.inputs) {
      if (input.kind == EnvInputKind::kPlain && policy.IsSensitive(input.key)) {
        input.kind = EnvInputKind::kSecret;
        input.default_value = "";
      }
    }
  }
  if (options.secrets_only) {
    std::erase_if(out.inputs, [](const EnvInputDeclaration& input) { return input.kind != EnvInputKind::kSecret; });
  }
  return Result<CompanyDeclarations>::Ok(std::move(out));
}

OrderedJson DeclarationsJson(const std::string& company_id, const CompanyDeclarations& declarations) {
  OrderedJson inputs = OrderedJson::array();
  for (const EnvInputDeclaration& input : declarations.inputs) inputs.push_back(EnvInputJson(input));
  OrderedJson warnings = OrderedJson::array();
  for (const Diagnostic& d : declarations.warnings) {
    warnings.push_back({{"code", std::string(CodeName(d.code))}, {"path", d.path}, {"message", d.message}});
  }
  return OrderedJson{{"companyId", company_id}, {"envInputs", std::move(inputs)}, {"warnings", std::move(warnings)}};
}

}  // namespace clasp::native
