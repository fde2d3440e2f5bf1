// Names wherever an id is (lookup.h).
#include "lookup.h"

#include <algorithm>
#include <cctype>

#include "cli.h"
#include "clasp/env_binding.h"

namespace clasp::cli {
namespace {

using namespace clasp::native;

bool SameId(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The one row `matches` picks out of `rows`; `what` ("Secret", "Agent") and
// `ref` word the errors, each candidate by its id. A reference that names
// nothing, or more than one row, is the operator's input to fix: `code`
// (kSecretNotFound for secrets, as the API says; otherwise
// kInputInvalidValue, core having no company or agent codes).
template <typename Row, typename Match>
Result<Row> PickOne(std::vector<Row> rows, const std::string& what, const std::string& plural, const std::string& ref,
                    Code code, Match matches) {
  for (Row& row : rows) {
    if (SameId(row.id, ref)) return Result<Row>::Ok(std::move(row));
  }
  std::vector<Row*> found;
  for (Row& row : rows) {
    if (matches(row)) found.push_back(&row);
  }
  if (found.size() == 1) return Result<Row>::Ok(std::move(*found[0]));
  if (found.empty()) return FailResult<Row>(code, what + " not found: " + TerminalSafe(ref));
  std::string names;
  for (const Row* row : found) names += (names.empty() ? "" : ", ") + row->id;
  return FailResult<Row>(code, TerminalSafe(ref) + " names " + std::to_string(found.size()) + " " + plural +
                                    ": give the id (" + names + ")");
}

}  // namespace

Result<CompanyRow> FindCompanyRef(StoreTxn& txn, const std::string& ref) {
  auto companies = txn.ListCompanies();
  if (!companies.ok()) return Forward<CompanyRow>(std::move(companies));
  if (ref.empty()) {
    if (companies.value->size() == 1) return Result<CompanyRow>::Ok(std::move(companies.value->front()));
    std::string names;
    for (const CompanyRow& c : *companies.value) names += (names.empty() ? "" : ", ") + TerminalSafe(c.name);
    return FailResult<CompanyRow>(Code::kInputInvalidValue, companies.value->empty()
                                                       ? "The store has no company yet"
                                                       : "The store has " + std::to_string(companies.value->size()) +
                                                             " companies: pass --company NAME|ID (" + names + ")");
  }
  return PickOne(std::move(*companies.value), "Company", "companies", ref, Code::kInputInvalidValue, [&](const CompanyRow& c) { return c.name == ref; });
}

Result<SecretRow> FindSecretRef(StoreTxn& txn, const std::string& company_id, const std::string& ref) {
  auto secrets = txn.ListSecrets(company_id);
  if (!secrets.ok()) return Forward<SecretRow>(std::move(secrets));
  std::vector<SecretRow> live;
  for (SecretRow& s : *secrets.value) {
    if (s.status != "deleted" && s.scope == "company") live.push_back(std::move(s));
  }
  return PickOne(std::move(live), "Secret", "secrets", ref, Code::kSecretNotFound, [&](const SecretRow& s) { return s.name == ref || s.key == ref; });
}

Result<AgentRow> FindAgentRef(StoreTxn& txn, const CompanyFilter& company, const std::string& ref) {
  auto agents = txn.ListAgents(company);
  if (!agents.ok()) return Forward<AgentRow>(std::move(agents));
  return PickOne(std::move(*agents.value), "Agent", "agents", ref, Code::kInputInvalidValue, [&](const AgentRow& a) { return a.name == ref; });
}

Result<ProjectRow> FindProjectRef(StoreTxn& txn, const CompanyFilter& company, const std::string& ref) {
  auto projects = txn.ListProjects(company);
  if (!projects.ok()) return Forward<ProjectRow>(std::move(projects));
  return PickOne(std::move(*projects.value), "Project", "projects", ref, Code::kInputInvalidValue,
                 [&](const ProjectRow& p) { return p.name == ref; });
}

Result<RunTargetIds> ResolveRunTarget(SecretStore& store, const std::string& agent,
                                      const std::optional<std::string>& project) {
  return InTransaction<RunTargetIds>(store, [&](StoreTxn& txn) -> Result<RunTargetIds> {
    auto found = FindAgentRef(txn, std::nullopt, agent);
    if (!found.ok()) return Forward<RunTargetIds>(std::move(found));
    RunTargetIds ids{found.value->id, std::nullopt};
    if (project) {
      auto p = FindProjectRef(txn, found.value->company_id, *project);
      if (!p.ok()) return Forward<RunTargetIds>(std::move(p));
      ids.project_id = p.value->id;
    }
    return Result<RunTargetIds>::Ok(std::move(ids));
  }, SecretStore::Durability::kReadOnly);
}

}  // namespace clasp::cli
