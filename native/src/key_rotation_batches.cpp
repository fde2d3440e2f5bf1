// The batches of a master-key rotation (key_rotation_internal.h): each row
// re-encrypted and verified inside its batch's transaction.
#include "clasp/json_input.h"
#include "clasp/native/rotation_rows.h"
#include "key_rotation_internal.h"

namespace clasp::native::rotation {
namespace {

std::string_view TableName(CipherTable table) {
  return table == CipherTable::kVersions ? "company_secret_versions" : "company_secret_proposals";
}

Status Refuse(CipherTable table, const std::string& id, std::string_view why) {
  return FailStatus(Code::kDecryptFailed, std::string(TableName(table)) + " row " + id + " " + std::string(why) +
                                              "; the rotation stopped and this batch was rolled back");
}

class Batcher {
 public:
  Batcher(LocalEncryptedCipher& old_cipher, LocalEncryptedCipher& new_cipher, Random& random, int batch_size)
      : old_(old_cipher), new_(new_cipher), random_(random), batch_size_(batch_size) {}

  // One row: true when it was rewritten, false when already under the new key.
  Result<bool> Rewrite(RotationRows& rows, CipherTable table, const CipherRow& row) {
    auto json = ParseJson(row.material);
    auto material = json.ok() ? MaterialFromJson(*json.value) : Result<Material>::Fail(json.diagnostics);
    if (!material.ok()) return Forward<bool>(Refuse(table, row.id, "holds no readable local_encrypted_v1 material"));
    if (new_.OpenWithOwnKey(*material.value).ok()) return Result<bool>::Ok(false);
    Result<SecretBytes> plain = old_.OpenWithOwnKey(*material.value);
    if (!plain.ok()) {
      return Forward<bool>(Refuse(table, row.id,
                                  "decrypts under neither the old key (" + old_.key_fingerprint() +
                                      ") nor the new key (" + new_.key_fingerprint() + ")"));
    }
    Result<SealedValue> sealed = new_.Seal(plain.value->view(), random_);
    if (!sealed.ok()) return Forward<bool>(std::move(sealed));
    Result<SecretBytes> again = new_.OpenWithOwnKey(sealed.value->material);
    if (!again.ok() || again.value->view() != plain.value->view()) {
      return Forward<bool>(Refuse(table, row.id, "did not decrypt to its value again after re-encryption"));
    }
    if (auto s = rows.UpdateCipherRow(table, row.id, DumpJson(MaterialToJson(sealed.value->material))); !s.ok()) {
      return Forward<bool>(std::move(s));
    }
    return Result<bool>::Ok(true);
  }

  // Rows after `cursor`, one page; `last` is the page's last id, `count` the rewrites.
  Result<std::size_t> Page(RotationRows& rows, CipherTable table, const std::string& cursor, std::string& last,
                           long long& count) {
    auto page = rows.ListCipherRows(table, cursor, batch_size_);
    if (!page.ok()) return Forward<std::size_t>(std::move(page));
    for (const CipherRow& row : *page.value) {
      auto rewritten = Rewrite(rows, table, row);
      if (!rewritten.ok()) return Forward<std::size_t>(std::move(rewritten));
      count += *rewritten.value;
    }
    if (!page.value->empty()) last = page.value->back().id;
    return Result<std::size_t>::Ok(page.value->size());
  }

  // Every row of `table`, page after page, in this one transaction.
  Status Sweep(RotationRows& rows, CipherTable table, long long& count) {
    std::string cursor;
    for (;;) {
      std::string last;
      auto n = Page(rows, table, cursor, last, count);
      if (!n.ok()) return Forward<Done>(std::move(n));
      if (*n.value < static_cast<std::size_t>(batch_size_)) return OkStatus();
      cursor = last;
    }
  }

  int batch_size() const { return batch_size_; }

 private:
  LocalEncryptedCipher& old_;
  LocalEncryptedCipher& new_;
  Random& random_;
  int batch_size_;
};

}  // namespace

Result<BatchCounts> RunBatches(SecretStore& store, LocalEncryptedCipher& old_cipher, LocalEncryptedCipher& new_cipher,
                               Random& random, const std::string& new_check, int batch_size, Progress progress,
                               const std::function<Status(const Progress&)>& committed) {
  Batcher batcher(old_cipher, new_cipher, random, batch_size < 1 ? 1 : batch_size);
  BatchCounts counts;
  for (bool last_batch = false; !last_batch;) {
    std::string last = progress.cursor;
    BatchCounts here;
    Status batch = store.Transact([&](StoreTxn& txn) -> Status {
      here = BatchCounts{};
      RotationRows* rows = RotationRowsOf(txn);
      if (!rows) return FailStatus(Code::kStorageError, "This store cannot be rotated (no rotation rows)");
      // Every batch, since which one is the last is known only after its page.
      if (auto s = rows->HoldOffSealers(); !s.ok()) return s;
      auto n = batcher.Page(*rows, CipherTable::kVersions, progress.cursor, last, here.versions);
      if (!n.ok()) return Forward<Done>(std::move(n));
      last_batch = *n.value < static_cast<std::size_t>(batcher.batch_size());
      if (!last_batch) return OkStatus();
      // The last batch: every row once more (what another process sealed
      // under the old key meanwhile), the proposals, then the key check.
      if (auto s = batcher.Sweep(*rows, CipherTable::kVersions, here.versions); !s.ok()) return s;
      if (auto s = batcher.Sweep(*rows, CipherTable::kProposals, here.proposals); !s.ok()) return s;
      return rows->SetKeyCheck(new_check);
    });
    if (!batch.ok()) return Forward<BatchCounts>(std::move(batch));
    counts.versions += here.versions;
    counts.proposals += here.proposals;
    progress.cursor = last;
    progress.done += here.versions;
    if (!last_batch) {
      if (auto s = committed(progress); !s.ok()) return Forward<BatchCounts>(std::move(s));
    }
  }
  return Result<BatchCounts>::Ok(counts);
}

}  // namespace clasp::native::rotation
