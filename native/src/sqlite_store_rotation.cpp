// The SQLite adapter's rotation rows (rotation_rows.h). clasp's SQLite
// schema has no proposals table; a store that has one (a copy of another
// schema) is read the same way.
#include "clasp/native/rotation_rows.h"
#include "sqlite_store_txn.h"

namespace clasp::native {

RotationRows* RotationRowsOf(StoreTxn& txn) { return dynamic_cast<RotationRows*>(&txn); }

namespace sqlite {
namespace {

constexpr std::string_view kVersionScope =
    "FROM company_secret_versions WHERE json_valid(material) AND "
    "json_extract(material, '$.scheme') = 'local_encrypted_v1'";
constexpr std::string_view kProposalScope =
    "FROM company_secret_proposals WHERE value_ciphertext IS NOT NULL AND json_valid(value_ciphertext) AND "
    "json_extract(value_ciphertext, '$.scheme') = 'local_encrypted_v1'";

}  // namespace

Result<bool> Txn::HasProposals() {
  auto found = One<long long>("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'company_secret_proposals'",
                              [](const Stmt& s) { return s.Int(0); }, [](Stmt&) {});
  if (!found.ok()) return Forward<bool>(std::move(found));
  return Result<bool>::Ok(found.value->has_value());
}

Result<std::vector<CipherRow>> Txn::ListCipherRows(CipherTable table, const std::string& after, int limit) {
  if (table == CipherTable::kProposals) {
    auto has = HasProposals();
    if (!has.ok()) return Forward<std::vector<CipherRow>>(std::move(has));
    if (!*has.value) return Result<std::vector<CipherRow>>::Ok({});
  }
  const bool versions = table == CipherTable::kVersions;
  const std::string sql = std::string("SELECT id, ") + (versions ? "material " : "value_ciphertext ") +
                          std::string(versions ? kVersionScope : kProposalScope) + " AND id > ?1 ORDER BY id LIMIT ?2";
  return Many<CipherRow>(
      sql, [](const Stmt& s) { return CipherRow{s.Text(0), s.Text(1)}; },
      [&](Stmt& s) { s.Bind(1, after).Bind(2, static_cast<long long>(limit)); });
}

Result<long long> Txn::CountCipherRows(CipherTable table) {
  if (table == CipherTable::kProposals) {
    auto has = HasProposals();
    if (!has.ok()) return Forward<long long>(std::move(has));
    if (!*has.value) return Result<long long>::Ok(0);
  }
  const std::string sql =
      "SELECT count(*) " + std::string(table == CipherTable::kVersions ? kVersionScope : kProposalScope);
  auto n = One<long long>(sql, [](const Stmt& s) { return s.Int(0); }, [](Stmt&) {});
  if (!n.ok()) return Forward<long long>(std::move(n));
  return Result<long long>::Ok(n.value->value_or(0));
}

Status Txn::UpdateCipherRow(CipherTable table, const std::string& id, const std::string& material) {
  return Write(table == CipherTable::kVersions ? "UPDATE company_secret_versions SET material = ?2 WHERE id = ?1"
                                               : "UPDATE company_secret_proposals SET value_ciphertext = ?2 WHERE id = ?1",
               [&](Stmt& s) { s.Bind(1, id).Bind(2, material); });
}

Status Txn::SetKeyCheck(const std::string& check_value) {
  return Write(
      "INSERT INTO clasp_key_check (id, check_value) VALUES (1, ?1) "
      "ON CONFLICT (id) DO UPDATE SET check_value = excluded.check_value",
      [&](Stmt& s) { s.Bind(1, check_value); });
}

}  // namespace sqlite
}  // namespace clasp::native
