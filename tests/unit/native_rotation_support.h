// Rows for the rotation tests (native_keyring_test, the rotation crash
// tests): a store seeded with N versions under a key, and readers for what
// a rotation rewrites.
#pragma once

#include <cstdio>
#include <map>
#include <random>

#include "clasp/master_key.h"
#include "clasp/native/key_check.h"
#include "clasp/native/local_encrypted.h"
#include "clasp/native/random.h"
#include "clasp/native/rotation_rows.h"

namespace rotation_crash {

using namespace clasp;
using namespace clasp::native;

inline SecretBytes KeyFrom(const std::string& text) {
  std::optional<MasterKey> key = DecodeMasterKey(text);
  BOOST_TEST_REQUIRE(key.has_value());
  return SecretBytes::Copy(std::string_view(reinterpret_cast<const char*>(key->bytes.data()), key->bytes.size()));
}

// id -> row, for both tables.
using Rows = std::map<std::string, std::string>;

inline Rows ReadRows(SecretStore& store, CipherTable table) {
  Rows out;
  BOOST_TEST_REQUIRE(store.Transact([&](StoreTxn& txn) -> Status {
    RotationRows* rows = RotationRowsOf(txn);
    if (!rows) return FailStatus(Code::kStorageError, "no rotation rows");
    std::string cursor;
    for (;;) {
      auto page = rows->ListCipherRows(table, cursor, 2000);
      if (!page.ok()) return Forward<Done>(std::move(page));
      for (auto& r : *page.value) out[r.id] = r.material;
      if (page.value->size() < 2000) return OkStatus();
      cursor = page.value->back().id;
    }
  }, SecretStore::Durability::kReadOnly).ok());
  return out;
}

inline std::optional<std::string> StoreCheck(SecretStore& store) {
  std::optional<std::string> check;
  BOOST_TEST_REQUIRE(store.Transact([&](StoreTxn& txn) -> Status {
    auto c = txn.GetKeyCheck();
    if (!c.ok()) return Forward<Done>(std::move(c));
    check = *c.value;
    return OkStatus();
  }, SecretStore::Durability::kReadOnly).ok());
  return check;
}

inline const std::string kCompany = "7b0c1d52-3f4e-4a59-9b7c-2d8e1f6a0b3c";

// `count` versions, five per secret, sealed under `key` and recorded as the
// store's key: what a store with that many values looks like to the rotation.
inline void Seed(SecretStore& store, const SecretBytes& key, int count) {
  auto cipher = LocalEncryptedCipher::Create(key);
  BOOST_TEST_REQUIRE(cipher.ok());
  std::mt19937 rng(7);
  BOOST_TEST_REQUIRE(store.Transact([&](StoreTxn& txn) -> Status {
    const std::string now = "2026-12-07T00:00:00.000Z";
    if (auto s = txn.InsertCompany({kCompany, "Rotation Co", now, now}); !s.ok()) return s;
    for (int i = 0; i < count; i += 5) {
      SecretRow secret;
      char id[40];
      std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", i);
      secret.id = id;
      secret.company_id = kCompany;
      secret.name = secret.key = "rotation-" + std::to_string(i);
      secret.latest_version = std::min(5, count - i);
      secret.created_at = secret.updated_at = now;
      if (auto s = txn.InsertSecret(secret); !s.ok()) return s;
      for (int v = 1; v <= secret.latest_version; ++v) {
        const std::string value = "value-" + std::to_string(i + v) + "-" + std::to_string(rng());
        auto sealed = (*cipher.value)->Seal(value, SystemRandom());
        if (!sealed.ok()) return Forward<Done>(std::move(sealed));
        VersionRow row;
        std::snprintf(id, sizeof id, "10000000-0000-4000-8000-%012d", i + v);
        row.id = id;
        row.secret_id = secret.id;
        row.version = v;
        row.material = DumpJson(MaterialToJson(sealed.value->material));
        row.value_sha256 = row.fingerprint_sha256 = sealed.value->value_sha256;
        row.status = v == secret.latest_version ? "current" : "previous";
        row.created_at = now;
        if (auto s = txn.InsertVersion(row); !s.ok()) return s;
      }
    }
    return txn.InsertKeyCheck(*KeyCheckValue(key).value);
  }).ok());
}

}  // namespace rotation_crash
