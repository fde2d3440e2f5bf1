// clasp/native/rotation_rows.h — the rows a master-key rotation rewrites.
//
// Not part of StoreTxn: only key_rotation.h needs them, so each adapter's
// transaction offers them beside it and RotationRowsOf asks for them.
// Rows are those whose material is local_encrypted_v1, whatever their
// secret's provider: company_secret_versions.material and, where the table
// exists (a Paperclip database; clasp's SQLite store has none),
// company_secret_proposals.value_ciphertext.
#pragma once

#include <string>
#include <vector>

#include "clasp/native/secret_store.h"
#include "clasp/native/status.h"

namespace clasp::native {

enum class CipherTable { kVersions, kProposals };

struct CipherRow {
  std::string id;
  std::string material;  // JSON text of the local_encrypted_v1 object
};

class RotationRows {
 public:
  virtual ~RotationRows() = default;
  // At most `limit` rows with id > `after` (text order; "" = from the start), ascending.
  virtual Result<std::vector<CipherRow>> ListCipherRows(CipherTable table, const std::string& after, int limit) = 0;
  virtual Result<long long> CountCipherRows(CipherTable table) = 0;
  virtual Status UpdateCipherRow(CipherTable table, const std::string& id, const std::string& material) = 0;
  // The store's key check (key_check.h) set to `check_value`, recorded or replaced.
  virtual Status SetKeyCheck(const std::string& check_value) = 0;
  // Called first in every batch: waits until every other transaction that
  // has read the key check (and so may seal under the old key) has ended,
  // and holds off new ones until this one ends, so none commits a row under
  // the old key after the last batch swept. On PostgreSQL, GetKeyCheck takes
  // a shared transaction lock that this one takes exclusively; SQLite's
  // writers (BEGIN IMMEDIATE) already run one at a time.
  virtual Status HoldOffSealers() = 0;
};

// The rotation rows of `txn`'s adapter; nullptr for a store without them.
RotationRows* RotationRowsOf(StoreTxn& txn);

}  // namespace clasp::native
