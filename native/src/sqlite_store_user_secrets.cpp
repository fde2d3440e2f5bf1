// User secret definitions and declarations (user_secret_ref.h) on SQLite.
#include "sqlite_store_txn.h"

namespace clasp::native::sqlite {
namespace {

constexpr std::string_view kDeclarationColumns =
    "id, company_id, user_secret_definition_id, target_type, target_id, config_path, env_key, version_selector, "
    "required, allow_missing_override";

// "<prefix>." as a literal: SQLite's LIKE would read `_` and `%` in it.
constexpr std::string_view kUnderPrefix = "substr(config_path, 1, length(?4)) = ?4";

UserSecretDeclaration ReadDeclaration(const Stmt& s) {
  UserSecretDeclaration d;
  d.id = s.Text(0), d.company_id = s.Text(1), d.definition_id = s.Text(2), d.target_type = s.Text(3);
  d.target_id = s.Text(4), d.config_path = s.Text(5), d.env_key = s.Text(6), d.version_selector = s.Text(7);
  d.required = s.Int(8) != 0, d.allow_missing_override = s.Int(9) != 0;
  return d;
}

}  // namespace

Result<std::vector<UserSecretDefinition>> Txn::ListUserSecretDefinitions(const std::string& company_id) {
  static const std::string kSql =
      "SELECT id, company_id, key, status, deleted_at IS NOT NULL FROM user_secret_definitions "
      "WHERE company_id = ?1 ORDER BY created_at, id";
  return Many<UserSecretDefinition>(
      kSql,
      [](const Stmt& s) {
        return UserSecretDefinition{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4) != 0};
      },
      [&](Stmt& s) { s.Bind(1, company_id); });
}

Status Txn::InsertUserSecretDefinition(const UserSecretDefinition& r, const std::string& name, const std::string& now) {
  return Write(
      "INSERT INTO user_secret_definitions (id, company_id, key, name, status, deleted_at, created_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
      [&](Stmt& s) {
        s.Bind(1, r.id).Bind(2, r.company_id).Bind(3, r.key).Bind(4, name).Bind(5, r.status);
        s.Bind(6, r.deleted_at_set ? std::optional<std::string>(now) : std::nullopt).Bind(7, now);
      });
}

Result<std::vector<UserSecretDeclaration>> Txn::ListUserSecretDeclarations(const std::string& company_id,
                                                                           const BindingTarget& target) {
  static const std::string kSql = Select(kDeclarationColumns,
                                         "FROM user_secret_declarations WHERE company_id = ?1 AND target_type = ?2 "
                                         "AND target_id = ?3 ORDER BY config_path, id");
  return Many<UserSecretDeclaration>(kSql, ReadDeclaration, [&](Stmt& s) {
    s.Bind(1, company_id).Bind(2, target.target_type).Bind(3, target.target_id);
  });
}

Status Txn::ReplaceUserSecretDeclarations(const std::string& company_id, const BindingTarget& target,
                                          const std::vector<UserSecretDeclaration>& rows, const std::string& now) {
  static const std::string kDelete =
      "DELETE FROM user_secret_declarations WHERE company_id = ?1 AND target_type = ?2 AND target_id = ?3 AND " +
      std::string(kUnderPrefix);
  Status s = Write(kDelete, [&](Stmt& st) {
    st.Bind(1, company_id).Bind(2, target.target_type).Bind(3, target.target_id).Bind(4, target.path_prefix + ".");
  });
  static const std::string kInsert = "INSERT INTO user_secret_declarations (" + std::string(kDeclarationColumns) +
                                     ", created_at, updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11)";
  for (const UserSecretDeclaration& d : rows) {
    if (!s.ok()) break;
    s = Write(kInsert, [&](Stmt& st) {
      st.Bind(1, d.id).Bind(2, d.company_id).Bind(3, d.definition_id).Bind(4, d.target_type).Bind(5, d.target_id);
      st.Bind(6, d.config_path).Bind(7, d.env_key).Bind(8, d.version_selector);
      st.Bind(9, static_cast<long long>(d.required)).Bind(10, static_cast<long long>(d.allow_missing_override));
      st.Bind(11, now);
    });
  }
  return s;
}

}  // namespace clasp::native::sqlite
