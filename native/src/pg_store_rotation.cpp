// The PostgreSQL adapter's rotation rows (rotation_rows.h): Paperclip's
// jsonb material columns, read as text and written back as jsonb.
#include "pg_rows.h"
#include "pg_store_txn.h"

namespace clasp::native::pg {

using namespace pg_rows;

namespace {

constexpr std::string_view kNilUuid = "00000000-0000-0000-0000-000000000000";
constexpr std::string_view kVersionScope =
    "FROM company_secret_versions WHERE material->>'scheme' = 'local_encrypted_v1'";
constexpr std::string_view kProposalScope =
    "FROM company_secret_proposals WHERE value_ciphertext->>'scheme' = 'local_encrypted_v1'";

}  // namespace

Result<bool> PgTxn::HasProposals() {
  auto present = Run("SELECT to_regclass('company_secret_proposals') IS NOT NULL", {});
  if (!present.ok()) return Forward<bool>(std::move(present));
  return Result<bool>::Ok(present.value->Bool(0, 0));
}

Result<std::vector<CipherRow>> PgTxn::ListCipherRows(CipherTable table, const std::string& after, int limit) {
  if (table == CipherTable::kProposals) {
    auto has = HasProposals();
    if (!has.ok()) return Forward<std::vector<CipherRow>>(std::move(has));
    if (!*has.value) return Result<std::vector<CipherRow>>::Ok({});
  }
  const bool versions = table == CipherTable::kVersions;
  const std::string sql = std::string("SELECT id::text, ") + (versions ? "material::text " : "value_ciphertext::text ") +
                          std::string(versions ? kVersionScope : kProposalScope) +
                          " AND id > $1::uuid ORDER BY id LIMIT $2";
  return Many<CipherRow>(
      sql, [](const Rows& rows, int i) { return CipherRow{rows.Text(i, 0), rows.Text(i, 1)}; },
      {P(after.empty() ? std::string(kNilUuid) : after), P(limit)});
}

Result<long long> PgTxn::CountCipherRows(CipherTable table) {
  if (table == CipherTable::kProposals) {
    auto has = HasProposals();
    if (!has.ok()) return Forward<long long>(std::move(has));
    if (!*has.value) return Result<long long>::Ok(0);
  }
  auto n = Run("SELECT count(*) " + std::string(table == CipherTable::kVersions ? kVersionScope : kProposalScope), {});
  if (!n.ok()) return Forward<long long>(std::move(n));
  return Result<long long>::Ok(n.value->Int(0, 0));
}

Status PgTxn::UpdateCipherRow(CipherTable table, const std::string& id, const std::string& material) {
  return Write(table == CipherTable::kVersions
                   ? "UPDATE company_secret_versions SET material = $2::jsonb WHERE id = $1::uuid"
                   : "UPDATE company_secret_proposals SET value_ciphertext = $2::jsonb WHERE id = $1::uuid",
               {P(id), P(material)});
}

Status PgTxn::HoldOffSealers() {
  return Write("SELECT pg_advisory_xact_lock(" + std::string(kKeyCheckLock) + ")", {});
}

Status PgTxn::SetKeyCheck(const std::string& check_value) {
  return Write(
      "INSERT INTO clasp_key_check (id, check_value) VALUES (1, $1) "
      "ON CONFLICT (id) DO UPDATE SET check_value = EXCLUDED.check_value, created_at = now()",
      {P(check_value)});
}

}  // namespace clasp::native::pg
