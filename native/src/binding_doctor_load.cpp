// Reading the doctor's view from a store or from Paperclip's JSON exports
// (see binding_doctor.h).
#include <cctype>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "clasp/env_binding.h"
#include "clasp/native/binding_doctor.h"

namespace clasp::native {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Secret refs in their compact form, which the core reads back as the same
// bindings: a 100,000-agent view then holds about a third of the JSON. Other
// entries stay as they are (the repair planner judges them).
OrderedJson Compacted(OrderedJson env) {
  if (!env.is_object()) return env;
  for (auto& entry : env) {
    if (auto b = ParseEnvBinding(entry); b && b->type == BindingType::kSecretRef) entry = CompactBindingJson(*b);
  }
  env.get_ref<OrderedJson::object_t&>().shrink_to_fit();
  return env;
}

// The env member of a stored adapterConfig; a marker string (a non-object
// env, which the core treats as corrupt) when the text is not a JSON object.
OrderedJson EnvOfAdapterConfig(const std::string& text) {
  auto parsed = ParseJson(text);
  if (!parsed.ok() || !parsed.value->is_object()) return OrderedJson("<adapter_config is not a JSON object>");
  auto env = parsed.value->find("env");
  return env == parsed.value->end() ? OrderedJson() : Compacted(std::move(*env));
}

OrderedJson EnvOfColumn(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  auto parsed = ParseJson(*text);
  return parsed.ok() ? Compacted(std::move(*parsed.value)) : OrderedJson("<env is not JSON>");
}

Diagnostic WrongType(const std::string& path, const std::string& what) {
  return MakeDiagnostic(Code::kInputWrongType, path, "Expected " + what + " at " + path);
}

// A string member, or a diagnostic naming where it is missing.
std::optional<std::string> StringMember(const OrderedJson& object, const char* name, const std::string& at,
                                        std::vector<Diagnostic>& errors, bool required = true) {
  const auto it = object.find(name);
  if (it != object.end() && it->is_string()) return it->get<std::string>();
  if (required || (it != object.end() && !it->is_null())) errors.push_back(WrongType(at + "/" + name, "a string"));
  return std::nullopt;
}

bool InFilter(const CompanyFilter& company, const std::string& id) { return !company || *company == id; }

// Targets from an agents export (env in adapterConfig) or a projects export (env).
void ReadTargets(const OrderedJson& doc, const std::string& at, const std::string& type, bool agent,
                 const CompanyFilter& company, DoctorView& view, std::vector<Diagnostic>& errors) {
  if (!doc.is_array()) {
    errors.push_back(WrongType(at, "an array"));
    return;
  }
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const std::string path = at + "/" + std::to_string(i);
    const OrderedJson& item = doc[i];
    if (!item.is_object()) {
      errors.push_back(WrongType(path, "an object"));
      continue;
    }
    const auto id = StringMember(item, "id", path, errors);
    const auto company_id = StringMember(item, "companyId", path, errors);
    const auto name = StringMember(item, "name", path, errors, false);
    if (!id || !company_id || !InFilter(company, *company_id)) continue;
    OrderedJson env;
    if (agent) {
      const auto config = item.find("adapterConfig");
      if (config != item.end() && config->is_object()) {
        if (const auto e = config->find("env"); e != config->end()) env = *e;
      } else if (config != item.end() && !config->is_null()) {
        env = OrderedJson("<adapterConfig is not an object>");
      }
    } else if (const auto e = item.find("env"); e != item.end()) {
      env = *e;
    }
    view.targets.push_back(TargetEnv{*company_id, BindingTarget{type, *id, "env"}, Compacted(std::move(env))});
    view.target_names.push_back(name.value_or(""));
  }
}

// With exports, a ref to a secret without a usage file cannot be judged:
// drop it, and the rows at its path, from the view.
void SetAsideUnknownSecrets(DoctorView& view) {
  std::set<std::pair<std::size_t, std::string>> held;  // (target, configPath)
  for (std::size_t i = 0; i < view.targets.size(); ++i) {
    TargetEnv& t = view.targets[i];
    if (!t.env.is_object()) continue;
    for (auto it = t.env.begin(); it != t.env.end();) {
      const auto b = ParseEnvBinding(it.value());
      if (!b || b->type != BindingType::kSecretRef) {
        ++it;
        continue;
      }
      if (SecretInfo* s = view.secrets.count(Lower(b->secret_id)) ? &view.secrets[Lower(b->secret_id)] : nullptr) {
        if (s->company_id.empty()) s->company_id = t.company_id;
        ++it;
        continue;
      }
      view.unchecked.push_back(UncheckedRef{i, it.key(), b->secret_id});
      held.emplace(i, t.target.path_prefix + "." + it.key());
      it = t.env.erase(it);
    }
  }
  if (held.empty()) return;
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < view.targets.size(); ++i) {
    index.emplace(view.targets[i].target.target_type + '\0' + view.targets[i].target.target_id, i);
  }
  std::vector<BindingRow> kept;
  kept.reserve(view.rows.size());
  for (BindingRow& r : view.rows) {
    const auto t = index.find(r.target_type + '\0' + r.target_id);
    if (t != index.end() && held.count({t->second, r.config_path}) != 0) continue;
    kept.push_back(std::move(r));
  }
  view.rows = std::move(kept);
}

}  // namespace

Result<StoredTargets> LoadStoredTargets(StoreTxn& txn, const CompanyFilter& company) {
  StoredTargets out;
  {
    auto agents = txn.ListAgents(company);
    if (!agents.ok()) return Forward<StoredTargets>(std::move(agents));
    out.targets.reserve(agents.value->size());
    for (AgentRow& a : *agents.value) {
      out.targets.push_back(TargetEnv{a.company_id, BindingTarget{"agent", a.id, "env"}, EnvOfAdapterConfig(a.adapter_config)});
      out.names.push_back(std::move(a.name));
      std::string().swap(a.adapter_config);  // a large database's configs need not all stay in memory
    }
  }
  auto projects = txn.ListProjects(company);
  if (!projects.ok()) return Forward<StoredTargets>(std::move(projects));
  for (ProjectRow& p : *projects.value) {
    out.targets.push_back(TargetEnv{p.company_id, BindingTarget{"project", p.id, "env"}, EnvOfColumn(p.env)});
    out.names.push_back(std::move(p.name));
  }
  return Result<StoredTargets>::Ok(std::move(out));
}

// RunState for the view's targets: each version a secret_ref selects
// (latest as the secret's latest_version), the definitions of every company
// with a target, and the declarations of targets with a user_secret_ref.
Result<RunState> LoadRunState(StoreTxn& txn, const DoctorView& view, const std::vector<SecretRow>& secrets) {
  RunState state;
  std::set<std::string> companies;
  for (const TargetEnv& t : view.targets) {
    companies.insert(t.company_id);
    bool user_refs = false;
    for (const auto& entry : JsObjectEntries(t.env)) {
      const auto b = ParseEnvBinding(entry.value());
      if (!b) continue;
      user_refs = user_refs || b->type == BindingType::kUserSecretRef;
      if (b->type != BindingType::kSecretRef) continue;
      const SecretRow* s = nullptr;
      for (const SecretRow& row : secrets) s = SameSecretId(row.id, b->secret_id) ? &row : s;
      if (!s) continue;
      SecretVersions& known = state.versions[Lower(s->id)];
      known.latest_version = s->latest_version;
      const std::int64_t n = b->version.latest ? s->latest_version : b->version.number;
      if (n < 1 || n > s->latest_version || known.versions.count(static_cast<int>(n))) continue;
      auto v = txn.GetVersion(s->id, static_cast<int>(n));
      if (!v.ok()) return Forward<RunState>(std::move(v));
      if (!*v.value) continue;
      known.versions[static_cast<int>(n)] = VersionState{(*v.value)->status, (*v.value)->revoked_at.has_value()};
    }
    if (!user_refs) continue;
    auto declared = txn.ListUserSecretDeclarations(t.company_id, t.target);
    if (!declared.ok()) return Forward<RunState>(std::move(declared));
    for (UserSecretDeclaration& d : *declared.value) state.declarations.push_back(std::move(d));
  }
  for (const std::string& c : companies) {
    auto definitions = txn.ListUserSecretDefinitions(c);
    if (!definitions.ok()) return Forward<RunState>(std::move(definitions));
    for (UserSecretDefinition& d : *definitions.value) state.definitions.push_back(std::move(d));
  }
  return Result<RunState>::Ok(std::move(state));
}

Result<DoctorView> LoadDoctorView(StoreTxn& txn, const CompanyFilter& company) {
  DoctorView view;
  view.scope.complete_target_types = {"agent", "project"};
  auto targets = LoadStoredTargets(txn, company);
  if (!targets.ok()) return Forward<DoctorView>(std::move(targets));
  view.targets = std::move(targets.value->targets);
  view.target_names = std::move(targets.value->names);
  auto rows = txn.ListBindings(company);
  if (!rows.ok()) return Forward<DoctorView>(std::move(rows));
  view.rows = std::move(*rows.value);
  auto secrets = txn.ListAllSecrets(std::nullopt);
  if (!secrets.ok()) return Forward<DoctorView>(std::move(secrets));
  for (const SecretRow& s : *secrets.value) {
    view.secrets[Lower(s.id)] = SecretInfo{s.company_id, s.status, s.scope};
    view.secret_names[Lower(s.id)] = s.name;
  }
  auto state = LoadRunState(txn, view, *secrets.value);
  if (!state.ok()) return Forward<DoctorView>(std::move(state));
  view.run_state = std::move(*state.value);
  return Result<DoctorView>::Ok(std::move(view));
}

Result<DoctorView> DoctorViewFromExports(const ExportDocuments& documents, const CompanyFilter& company) {
  DoctorView view;
  view.source = "json";
  view.scope.complete_target_types = {"agent"};
  std::vector<Diagnostic> errors;
  ReadTargets(documents.agents, "/agents", "agent", true, company, view, errors);
  if (documents.projects) {
    view.scope.complete_target_types.push_back("project");
    ReadTargets(*documents.projects, "/projects", "project", false, company, view, errors);
  }
  std::unordered_set<std::string> seen_ids;
  for (std::size_t u = 0; u < documents.usage.size(); ++u) {
    const std::string at = "/usage/" + std::to_string(u);
    const OrderedJson& doc = documents.usage[u];
    if (!doc.is_object()) {
      errors.push_back(WrongType(at, "an object"));
      continue;
    }
    const auto secret_id = StringMember(doc, "secretId", at, errors);
    const auto bindings = doc.find("bindings");
    if (bindings == doc.end() || !bindings->is_array()) {
      errors.push_back(WrongType(at + "/bindings", "an array"));
      continue;
    }
    if (!secret_id) continue;
    SecretInfo& info = view.secrets[Lower(*secret_id)];
    for (std::size_t b = 0; b < bindings->size(); ++b) {
      auto row = BindingRowFromJson((*bindings)[b]);
      if (!row.ok()) {
        for (Diagnostic& d : row.diagnostics) {
          d.path = at + "/bindings/" + std::to_string(b) + d.path;
          errors.push_back(std::move(d));
        }
        continue;
      }
      if (info.company_id.empty()) info.company_id = row.value->company_id;
      if (!InFilter(company, row.value->company_id)) continue;
      if (!row.value->id.empty() && !seen_ids.insert(row.value->id).second) continue;
      view.rows.push_back(std::move(*row.value));
    }
  }
  if (!errors.empty()) return Result<DoctorView>::Fail(std::move(errors));
  SetAsideUnknownSecrets(view);
  return Result<DoctorView>::Ok(std::move(view));
}

Result<ExportDocuments> ReadExportFiles(const std::string& agents_path, const std::vector<std::string>& usage_paths,
                                        const std::optional<std::string>& projects_path) {
  JsonLimits limits;
  limits.max_bytes = std::size_t{1} << 30;
  auto read = [&](const std::string& path) -> Result<OrderedJson> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return FailResult<OrderedJson>(Code::kFileIoError, "Cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return FailResult<OrderedJson>(Code::kFileIoError, "Cannot read " + path);
    auto parsed = ParseJson(text.str(), limits);
    for (Diagnostic& d : parsed.diagnostics) d.message = path + ": " + d.message;
    return parsed;
  };
  ExportDocuments docs;
  auto agents = read(agents_path);
  if (!agents.ok()) return Forward<ExportDocuments>(std::move(agents));
  docs.agents = std::move(*agents.value);
  for (const std::string& path : usage_paths) {
    auto usage = read(path);
    if (!usage.ok()) return Forward<ExportDocuments>(std::move(usage));
    docs.usage.push_back(std::move(*usage.value));
  }
  if (projects_path) {
    auto projects = read(*projects_path);
    if (!projects.ok()) return Forward<ExportDocuments>(std::move(projects));
    docs.projects = std::move(*projects.value);
  }
  return Result<ExportDocuments>::Ok(std::move(docs));
}

}  // namespace clasp::native
