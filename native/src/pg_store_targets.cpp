// Companies, agents, projects and the whole-company listings on PostgreSQL.
#include <set>

#include "pg_rows.h"
#include "pg_store_txn.h"

namespace clasp::native::pg {
namespace {

using namespace pg_rows;

// A CompanyFilter is one parameter: NULL (every company) or the company's id.
constexpr std::string_view kFilter = "WHERE ($1::uuid IS NULL OR company_id = $1::uuid)";

// A filter naming no UUID matches no row (a uuid column holds none).
bool MatchesNothing(const CompanyFilter& company_id) { return company_id && !IsUuidText(*company_id); }

// The characters outside ASCII whose JavaScript toUpperCase() yields ASCII
// letters (found by running Node's toUpperCase over every code point): the
// only ones besides a-z that survive Paperclip's [^A-Z] strip.
struct UpperAscii {
  char32_t code_point;
  const char* letters;
};
constexpr UpperAscii kUpperAscii[] = {
    {0xDF, "SS"},   {0x131, "I"},    {0x149, "N"},    {0x17F, "S"},   {0x1F0, "J"},   {0x1E96, "H"},
    {0x1E97, "T"},  {0x1E98, "W"},   {0x1E99, "Y"},   {0x1E9A, "A"},  {0xFB00, "FF"}, {0xFB01, "FI"},
    {0xFB02, "FL"}, {0xFB03, "FFI"}, {0xFB04, "FFL"}, {0xFB05, "ST"}, {0xFB06, "ST"},
};

// Paperclip's deriveIssuePrefixBase: the first three A-Z letters of the
// upper-cased name, or "CMP" when it has none. Invalid UTF-8 contributes
// nothing (PostgreSQL refuses to store it anyway).
//   "Acme Corp" -> "ACM"; "straße" -> "STR"; "ßx" -> "SSX"; "42 / ∑" -> "CMP"
std::string IssuePrefixBase(const std::string& name) {
  std::string out;
  for (std::size_t i = 0; i < name.size() && out.size() < 3;) {
    const auto lead = static_cast<unsigned char>(name[i]);
    const int length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    char32_t cp = lead < 0x80 ? lead : lead & (0x7F >> length);
    bool valid = lead < 0x80 || (lead >= 0xC0 && i + static_cast<std::size_t>(length) <= name.size());
    for (int k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(name[i + static_cast<std::size_t>(k)]);
      valid = (next & 0xC0) == 0x80;
      cp = (cp << 6) | (next & 0x3F);
    }
    if (length > 1) valid = valid && cp >= (length == 2 ? 0x80u : length == 3 ? 0x800u : 0x10000u);  // no overlong
    i += valid ? static_cast<std::size_t>(length) : 1;
    if (!valid) continue;
    if (cp >= 'a' && cp <= 'z') out += static_cast<char>(cp - 'a' + 'A');
    if (cp >= 'A' && cp <= 'Z') out += static_cast<char>(cp);
    for (const UpperAscii& u : kUpperAscii) {
      if (u.code_point == cp) out += u.letters;
    }
  }
  out.resize(std::min<std::size_t>(out.size(), 3));
  return out.empty() ? "CMP" : out;
}

constexpr int kMaxIssuePrefixAttempts = 10000;

}  // namespace

Result<std::optional<CompanyRow>> PgTxn::GetCompany(const std::string& id) {
  static const std::string kSql = Select(CompanyColumns(), "FROM companies WHERE id = $1");
  if (!IsUuidText(id)) return Result<std::optional<CompanyRow>>::Ok(std::nullopt);
  return One<CompanyRow>(kSql, ReadCompany, {P(id)});
}

Result<std::vector<CompanyRow>> PgTxn::ListCompanies() {
  static const std::string kSql = Select(CompanyColumns(), "FROM companies ORDER BY created_at, id");
  return Many<CompanyRow>(kSql, ReadCompany, {});
}

// Paperclip's companies.issue_prefix is NOT NULL, defaults to 'PAP' and is
// unique, so a second company with the default would be refused. Like
// Paperclip's createCompanyWithUniquePrefix, the prefix is the name's base
// plus the shortest run of "A"s that is free; a concurrent insert taking
// the same prefix is a unique violation, after which Transact runs the body
// again and the next free one is picked.
Status PgTxn::InsertCompany(const CompanyRow& r) {
  const std::string base = IssuePrefixBase(r.name);
  auto taken_rows = Run("SELECT issue_prefix FROM companies WHERE left(issue_prefix, $2::int) = $1",
                        {P(base), P(static_cast<int>(base.size()))});
  if (!taken_rows.ok()) return Forward<Done>(std::move(taken_rows));
  std::set<std::string> taken;
  for (int i = 0; i < taken_rows.value->size(); ++i) taken.insert(taken_rows.value->Text(i, 0));
  std::string prefix = base;
  for (int attempt = 1; taken.count(prefix); ++attempt, prefix += 'A') {
    if (attempt >= kMaxIssuePrefixAttempts) {
      return FailStatus(Code::kStorageError, "PostgreSQL: Unable to allocate unique issue prefix");
    }
  }
  return Write("INSERT INTO companies (id, name, issue_prefix, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)",
               {P(r.id), P(r.name), P(prefix), P(r.created_at), P(r.updated_at)});
}

Result<std::optional<AgentRow>> PgTxn::GetAgent(const std::string& id) {
  static const std::string kSql = Select(AgentColumns(), "FROM agents WHERE id = $1");
  if (!IsUuidText(id)) return Result<std::optional<AgentRow>>::Ok(std::nullopt);
  return One<AgentRow>(kSql, ReadAgent, {P(id)});
}

Result<std::vector<AgentRow>> PgTxn::ListAgents(const CompanyFilter& company_id) {
  static const std::string kSql =
      Select(AgentColumns(), "FROM agents " + std::string(kFilter) + " ORDER BY created_at, id");
  if (MatchesNothing(company_id)) return Result<std::vector<AgentRow>>::Ok({});
  return Many<AgentRow>(kSql, ReadAgent, {P(company_id)});
}

Status PgTxn::InsertAgent(const AgentRow& row) {
  return Write(
      "INSERT INTO agents (id, company_id, name, role, title, status, adapter_type, adapter_config, created_at, "
      "updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)",
      AgentParams(row));
}

Status PgTxn::UpdateAgent(const AgentRow& row) {
  if (!IsUuidText(row.id)) return OkStatus();
  return Write(
      "UPDATE agents SET company_id=$2, name=$3, role=$4, title=$5, status=$6, adapter_type=$7, adapter_config=$8, "
      "created_at=$9, updated_at=$10 WHERE id=$1",
      AgentParams(row));
}

Result<std::optional<ProjectRow>> PgTxn::GetProject(const std::string& id) {
  static const std::string kSql = Select(ProjectColumns(), "FROM projects WHERE id = $1");
  if (!IsUuidText(id)) return Result<std::optional<ProjectRow>>::Ok(std::nullopt);
  return One<ProjectRow>(kSql, ReadProject, {P(id)});
}

Result<std::vector<ProjectRow>> PgTxn::ListProjects(const CompanyFilter& company_id) {
  static const std::string kSql =
      Select(ProjectColumns(), "FROM projects " + std::string(kFilter) + " ORDER BY created_at, id");
  if (MatchesNothing(company_id)) return Result<std::vector<ProjectRow>>::Ok({});
  return Many<ProjectRow>(kSql, ReadProject, {P(company_id)});
}

Status PgTxn::InsertProject(const ProjectRow& row) {
  return Write(
      "INSERT INTO projects (id, company_id, name, description, status, env, created_at, updated_at) VALUES "
      "($1,$2,$3,$4,$5,$6,$7,$8)",
      ProjectParams(row));
}

Status PgTxn::UpdateProject(const ProjectRow& row) {
  if (!IsUuidText(row.id)) return OkStatus();
  return Write(
      "UPDATE projects SET company_id=$2, name=$3, description=$4, status=$5, env=$6, created_at=$7, updated_at=$8 "
      "WHERE id=$1",
      ProjectParams(row));
}

Result<std::vector<SecretRow>> PgTxn::ListAllSecrets(const CompanyFilter& company_id) {
  static const std::string kSql =
      Select(SecretColumns(), "FROM company_secrets " + std::string(kFilter) + " ORDER BY created_at, id");
  if (MatchesNothing(company_id)) return Result<std::vector<SecretRow>>::Ok({});
  return Many<SecretRow>(kSql, ReadSecret, {P(company_id)});
}

// Text tie-breakers compare bytes (COLLATE "C"), as SQLite's BINARY does,
// whatever the database's collation.
Result<std::vector<BindingRow>> PgTxn::ListBindings(const CompanyFilter& company_id) {
  static const std::string kSql =
      Select(kBindingColumns, "FROM company_secret_bindings " + std::string(kFilter) +
                                  " ORDER BY created_at, target_type COLLATE \"C\", target_id COLLATE \"C\", "
                                  "config_path COLLATE \"C\"");
  if (MatchesNothing(company_id)) return Result<std::vector<BindingRow>>::Ok({});
  return Many<BindingRow>(kSql, ReadBinding, {P(company_id)});
}

}  // namespace clasp::native::pg
