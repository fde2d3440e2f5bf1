// Companies, agents, projects and the whole-company listings on SQLite.
#include "sqlite_store_txn.h"

namespace clasp::native::sqlite {
namespace {

constexpr std::string_view kCompanyColumns = "id, name, created_at, updated_at";
constexpr std::string_view kAgentColumns =
    "id, company_id, name, role, title, status, adapter_type, adapter_config, created_at, updated_at";
constexpr std::string_view kProjectColumns = "id, company_id, name, description, status, env, created_at, updated_at";

CompanyRow ReadCompany(const Stmt& s) {
  CompanyRow r;
  r.id = s.Text(0), r.name = s.Text(1), r.created_at = s.Text(2), r.updated_at = s.Text(3);
  return r;
}

AgentRow ReadAgent(const Stmt& s) {
  AgentRow r;
  r.id = s.Text(0), r.company_id = s.Text(1), r.name = s.Text(2), r.role = s.Text(3), r.title = s.OptText(4);
  r.status = s.Text(5), r.adapter_type = s.Text(6), r.adapter_config = s.Text(7), r.created_at = s.Text(8);
  r.updated_at = s.Text(9);
  return r;
}

// ?1..?10 in kAgentColumns' order, for INSERT and UPDATE.
void BindAgent(Stmt& s, const AgentRow& r) {
  s.Bind(1, r.id).Bind(2, r.company_id).Bind(3, r.name).Bind(4, r.role).Bind(5, r.title).Bind(6, r.status);
  s.Bind(7, r.adapter_type).Bind(8, r.adapter_config).Bind(9, r.created_at).Bind(10, r.updated_at);
}

ProjectRow ReadProject(const Stmt& s) {
  ProjectRow r;
  r.id = s.Text(0), r.company_id = s.Text(1), r.name = s.Text(2), r.description = s.OptText(3);
  r.status = s.Text(4), r.env = s.OptText(5), r.created_at = s.Text(6), r.updated_at = s.Text(7);
  return r;
}

void BindProject(Stmt& s, const ProjectRow& r) {
  s.Bind(1, r.id).Bind(2, r.company_id).Bind(3, r.name).Bind(4, r.description).Bind(5, r.status).Bind(6, r.env);
  s.Bind(7, r.created_at).Bind(8, r.updated_at);
}

// A CompanyFilter is one bind: NULL (every company) or the company's id.
constexpr std::string_view kFilter = "WHERE (?1 IS NULL OR company_id = ?1)";

}  // namespace

Result<std::optional<CompanyRow>> Txn::GetCompany(const std::string& id) {
  static const std::string kSql = Select(kCompanyColumns, "FROM companies WHERE id = ?1");
  return One<CompanyRow>(kSql, ReadCompany, [&](Stmt& s) { s.Bind(1, id); });
}

Result<std::vector<CompanyRow>> Txn::ListCompanies() {
  static const std::string kSql = Select(kCompanyColumns, "FROM companies ORDER BY created_at, id");
  return Many<CompanyRow>(kSql, ReadCompany, [](Stmt&) {});
}

Status Txn::InsertCompany(const CompanyRow& r) {
  return Write("INSERT INTO companies (id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?4)",
               [&](Stmt& s) { s.Bind(1, r.id).Bind(2, r.name).Bind(3, r.created_at).Bind(4, r.updated_at); });
}

Result<std::optional<AgentRow>> Txn::GetAgent(const std::string& id) {
  static const std::string kSql = Select(kAgentColumns, "FROM agents WHERE id = ?1");
  return One<AgentRow>(kSql, ReadAgent, [&](Stmt& s) { s.Bind(1, id); });
}

Result<std::vector<AgentRow>> Txn::ListAgents(const CompanyFilter& company_id) {
  static const std::string kSql =
      Select(kAgentColumns, "FROM agents " + std::string(kFilter) + " ORDER BY created_at, id");
  return Many<AgentRow>(kSql, ReadAgent, [&](Stmt& s) { s.Bind(1, company_id); });
}

Status Txn::InsertAgent(const AgentRow& row) {
  static const std::string kSql =
      "INSERT INTO agents (" + std::string(kAgentColumns) + ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)";
  return Write(kSql, [&](Stmt& s) { BindAgent(s, row); });
}

Status Txn::UpdateAgent(const AgentRow& row) {
  return Write(
      "UPDATE agents SET company_id=?2, name=?3, role=?4, title=?5, status=?6, adapter_type=?7, adapter_config=?8, "
      "created_at=?9, updated_at=?10 WHERE id=?1",
      [&](Stmt& s) { BindAgent(s, row); });
}

Result<std::optional<ProjectRow>> Txn::GetProject(const std::string& id) {
  static const std::string kSql = Select(kProjectColumns, "FROM projects WHERE id = ?1");
  return One<ProjectRow>(kSql, ReadProject, [&](Stmt& s) { s.Bind(1, id); });
}

Result<std::vector<ProjectRow>> Txn::ListProjects(const CompanyFilter& company_id) {
  static const std::string kSql =
      Select(kProjectColumns, "FROM projects " + std::string(kFilter) + " ORDER BY created_at, id");
  return Many<ProjectRow>(kSql, ReadProject, [&](Stmt& s) { s.Bind(1, company_id); });
}

Status Txn::InsertProject(const ProjectRow& row) {
  static const std::string kSql =
      "INSERT INTO projects (" + std::string(kProjectColumns) + ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8)";
  return Write(kSql, [&](Stmt& s) { BindProject(s, row); });
}

Status Txn::UpdateProject(const ProjectRow& row) {
  return Write(
      "UPDATE projects SET company_id=?2, name=?3, description=?4, status=?5, env=?6, created_at=?7, updated_at=?8 "
      "WHERE id=?1",
      [&](Stmt& s) { BindProject(s, row); });
}

Result<std::vector<SecretRow>> Txn::ListAllSecrets(const CompanyFilter& company_id) {
  static const std::string kSql =
      Select(kSecretColumns, "FROM company_secrets " + std::string(kFilter) + " ORDER BY created_at, id");
  return Many<SecretRow>(kSql, ReadSecret, [&](Stmt& s) { s.Bind(1, company_id); });
}

Result<std::vector<BindingRow>> Txn::ListBindings(const CompanyFilter& company_id) {
  static const std::string kSql = Select(kBindingColumns, "FROM company_secret_bindings " + std::string(kFilter) +
                                                              " ORDER BY created_at, target_type, target_id, "
                                                              "config_path");
  return Many<BindingRow>(kSql, ReadBinding, [&](Stmt& s) { s.Bind(1, company_id); });
}

}  // namespace clasp::native::sqlite
