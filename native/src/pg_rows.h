// Paperclip's secrets rows <-> PostgreSQL text values: the SELECT column
// lists (uuid as text, jsonb as text, timestamptz as ISO 8601), the row
// readers and the parameter builders. Internal to the PostgreSQL adapter.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clasp/native/secret_store.h"
#include "pg_conn.h"

namespace clasp::native::pg_rows {

// Lower-case canonical UUID text, the only form a uuid column returns.
//   "3f1c2a9e-6b0d-4c47-9a51-0e6f2d7b8c13" -> true; "missing", upper case -> false
bool IsUuidText(const std::string& s);

// Column lists for SELECT, in the order the readers expect.
const std::string& SecretColumns();
const std::string& CompanyColumns();
const std::string& AgentColumns();
const std::string& ProjectColumns();
const std::string& ProviderConfigColumns();
const std::string& ActivityColumns();
const std::string& VersionColumns();
const std::string& EventColumns();
const std::string& AgentKeyColumns();
const std::string& UserSecretDefinitionColumns();
inline constexpr std::string_view kBindingColumns =
    "id, company_id, secret_id, target_type, target_id, config_path, version_selector, required, label, "
    "projection_class, projection_allowlist_key";

SecretRow ReadSecret(const pg::Rows& rows, int i);
VersionRow ReadVersion(const pg::Rows& rows, int i);
BindingRow ReadBinding(const pg::Rows& rows, int i);
AccessEventRow ReadEvent(const pg::Rows& rows, int i);
CompanyRow ReadCompany(const pg::Rows& rows, int i);
AgentRow ReadAgent(const pg::Rows& rows, int i);
ProjectRow ReadProject(const pg::Rows& rows, int i);
ProviderConfigRow ReadProviderConfig(const pg::Rows& rows, int i);
ActivityRow ReadActivity(const pg::Rows& rows, int i);
AgentKeyRow ReadAgentKey(const pg::Rows& rows, int i);
UserSecretDefinitionRow ReadUserSecretDefinition(const pg::Rows& rows, int i);

inline pg::Param P(const std::string& s) { return s; }
inline pg::Param P(const std::optional<std::string>& s) { return s; }
inline pg::Param P(int n) { return std::to_string(n); }
inline pg::Param P(const std::optional<int>& n) { return n ? pg::Param(std::to_string(*n)) : std::nullopt; }
inline pg::Param P(bool b) { return std::string(b ? "true" : "false"); }

// $1..$N in the matching Columns() order (id first), for INSERT and UPDATE.
std::vector<pg::Param> SecretParams(const SecretRow& r);
std::vector<pg::Param> AgentParams(const AgentRow& r);
std::vector<pg::Param> ProjectParams(const ProjectRow& r);
std::vector<pg::Param> ProviderConfigParams(const ProviderConfigRow& r);
std::vector<pg::Param> ActivityParams(const ActivityRow& r);
std::vector<pg::Param> UserSecretDefinitionParams(const UserSecretDefinitionRow& r);

}  // namespace clasp::native::pg_rows
