// One master key per store (key_check.h) on SQLite, and Paperclip's key
// resolution for PostgreSQL databases (key_custody.h KeyHome::kPaperclip).
// The PostgreSQL side runs in tests/cli/key_check.sh (the scenario
// through the binary, and Paperclip's full fixture with its own key).
#define BOOST_TEST_MODULE native_key_check
#include <boost/test/unit_test.hpp>

#include <sqlite3.h>

#include <filesystem>

#include "clasp/master_key.h"
#include "clasp/native/doctor.h"
#include "clasp/native/key_check.h"
#include "clasp/native/secret_service.h"
#include "clasp/native/sqlite_store.h"
#include "clasp/native/store_open.h"
#include "clasp/sha256.h"
#include "native_test_support.h"
#include "test_support.h"

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;

namespace {

const std::string kCompany = "a5e14a02-7d61-4b70-b6f8-27742a6ad3a7";
const std::string kKeyA = "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210";
const std::string kKeyB = "f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff";

SecretBytes HexKey(const std::string& hex) {
  auto decoded = DecodeMasterKey(hex);
  BOOST_TEST_REQUIRE(decoded.has_value());
  return SecretBytes::Copy(std::string_view(reinterpret_cast<const char*>(decoded->bytes.data()), 32));
}

std::string CheckOf(const std::string& hex) { return *KeyCheckValue(HexKey(hex)).value; }
std::string FingerprintOf(const std::string& hex) { return KeyCheckFingerprint(CheckOf(hex)); }

MapEnvVars Env(std::map<std::string, std::string, std::less<>> vars) { return MapEnvVars(std::move(vars)); }

// A SQLite instance under CLASP_HOME, and services with whatever key a test
// configures.
struct Instance {
  nt::TempDir home;
  nt::CountingRandom random;
  nt::FixedClock clock;
  std::string db_path = home.path() + "/instances/default/db/clasp.sqlite3";
  std::unique_ptr<SecretStore> store = Open();

  std::unique_ptr<SecretStore> Open() {
    auto opened = OpenStore(Env({{"CLASP_HOME", home.path()}}), PosixFileSystem(), std::nullopt);
    BOOST_TEST_REQUIRE(opened.ok());
    return std::move(opened.value->store);
  }
  MapEnvVars Vars(const std::optional<std::string>& key) {
    std::map<std::string, std::string, std::less<>> vars{{"CLASP_HOME", home.path()}};
    if (key) vars["PAPERCLIP_SECRETS_MASTER_KEY"] = *key;
    return Env(std::move(vars));
  }
  std::optional<std::string> Check() {
    return nt::InTxn<std::optional<std::string>>(*store, [](StoreTxn& t) { return t.GetKeyCheck(); });
  }
  std::size_t Secrets() {
    return nt::InTxn<std::vector<SecretRow>>(*store, [](StoreTxn& t) { return t.ListSecrets(kCompany); }).size();
  }
  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    BOOST_TEST_REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
    BOOST_TEST_REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
};

// A service and its cipher source under one key.
struct Writer {
  MapEnvVars vars;
  std::unique_ptr<CipherSource> ciphers;
  SecretService service;
  Writer(Instance& i, const std::optional<std::string>& key)
      : vars(i.Vars(key)),
        ciphers(KeyCustodyCipherSource(vars, PosixFileSystem(), i.random)),
        service(*i.store, *ciphers, i.random, i.clock) {}
  Result<SecretRow> Create(const std::string& name) {
    CreateSecretInput in;
    in.name = name;
    in.value = "sk-keycheck-" + name;
    return service.Create(kCompany, in);
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(the_check_value_names_a_key_without_revealing_it) {
  const std::string check = CheckOf(kKeyA);
  BOOST_TEST(check.size() == 64u);
  BOOST_TEST(check == CheckOf(kKeyA));
  BOOST_TEST(check != CheckOf(kKeyB));
  BOOST_TEST(check != kKeyA);
  BOOST_TEST(check != HexLower(Sha256Of(HexKey(kKeyA).view())));  // not the key's plain hash
  const std::string fp = KeyCheckFingerprint(check);
  BOOST_TEST(fp.size() == 16u);
  BOOST_TEST(fp == HexLower(Sha256Of(check)).substr(0, 16));
  BOOST_TEST(kKeyA.find(fp) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_first_write_records_the_key_and_another_key_is_refused_everywhere) {
  Instance i;
  BOOST_TEST(!i.Check().has_value());
  Writer a(i, kKeyA);
  const SecretRow s = *a.Create("first").value;
  BOOST_TEST((i.Check() == CheckOf(kKeyA)));

  Writer b(i, kKeyB);
  auto created = b.Create("second");
  BOOST_TEST_REQUIRE(!created.ok());
  BOOST_TEST(created.diagnostics[0].code == Code::kMasterKeyMismatch);
  const std::string& message = created.diagnostics[0].message;
  BOOST_TEST(message.find(FingerprintOf(kKeyA)) != std::string::npos, message);
  BOOST_TEST(message.find(FingerprintOf(kKeyB)) != std::string::npos, message);
  BOOST_TEST(message.find("PAPERCLIP_SECRETS_MASTER_KEY") != std::string::npos, message);
  BOOST_TEST(message.find(kKeyB) == std::string::npos);
  auto rotated = b.service.Rotate(s.id, {std::string("sk-other"), std::nullopt, std::nullopt});
  BOOST_TEST(rotated.diagnostics.at(0).code == Code::kMasterKeyMismatch);
  auto resolved = b.service.Resolve(kCompany, s.id, std::nullopt, std::nullopt);
  BOOST_TEST(resolved.diagnostics.at(0).code == Code::kMasterKeyMismatch);
  // Nothing was written under the second key, and the first still works.
  BOOST_TEST(i.Secrets() == 1u);
  BOOST_TEST((i.Check() == CheckOf(kKeyA)));
  BOOST_TEST(a.service.Rotate(s.id, {std::string("sk-v2"), std::nullopt, 1}).ok());
  BOOST_TEST(a.service.Resolve(kCompany, s.id, std::nullopt, std::nullopt).value->value.view() == "sk-v2");
}

BOOST_AUTO_TEST_CASE(a_store_that_holds_secrets_never_gets_a_new_key) {
  Instance i;
  const std::string key_file = i.home.path() + "/instances/default/secrets/master.key";
  {
    Writer created_key(i, std::nullopt);  // no env key: the default file is created
    BOOST_TEST_REQUIRE(created_key.Create("first").ok());
  }
  BOOST_TEST_REQUIRE(std::filesystem::exists(key_file));
  std::filesystem::remove(key_file);
  Writer lost(i, std::nullopt);
  auto refused = lost.Create("second");
  BOOST_TEST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.diagnostics[0].code == Code::kMasterKeyMissing);
  BOOST_TEST(refused.diagnostics[0].message.find("clasp's default key file " + key_file) != std::string::npos,
             refused.diagnostics[0].message);
  BOOST_TEST(!std::filesystem::exists(key_file));
  BOOST_TEST(i.Secrets() == 1u);
}

// A Paperclip database (or a store an older clasp wrote) has versions and no
// check: only the key that decrypts the newest version is taken, and recorded.
BOOST_AUTO_TEST_CASE(a_store_without_a_check_takes_only_the_key_of_its_newest_version) {
  Instance i;
  const SecretRow s = *Writer(i, kKeyA).Create("paperclip wrote me").value;
  i.Sql("DELETE FROM clasp_key_check");
  BOOST_TEST(!i.Check().has_value());
  Writer b(i, kKeyB);
  auto refused = b.Create("second");
  BOOST_TEST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.diagnostics[0].code == Code::kMasterKeyMismatch);
  BOOST_TEST(refused.diagnostics[0].message.find("does not decrypt this store's newest secret version (" + s.id) !=
                 std::string::npos,
             refused.diagnostics[0].message);
  BOOST_TEST(!i.Check().has_value());
  Writer a(i, kKeyA);
  auto resolved = a.service.Resolve(kCompany, s.id, std::nullopt, std::nullopt);
  BOOST_TEST_REQUIRE(resolved.ok());
  BOOST_TEST(resolved.value->value.view() == "sk-keycheck-paperclip wrote me");
  BOOST_TEST((i.Check() == CheckOf(kKeyA)));
}

// A first write that rolls back records nothing, and the source that tried
// it has not come to trust its key: whoever commits first owns the store.
BOOST_AUTO_TEST_CASE(a_rolled_back_first_write_leaves_the_store_unclaimed) {
  Instance i;
  Writer a(i, kKeyA);
  const Status rolled_back = i.store->Transact([&](StoreTxn& txn) -> Status {
    auto cipher = a.ciphers->Cipher(txn);
    if (!cipher.ok()) return Forward<Done>(std::move(cipher));
    return FailStatus(Code::kStorageError, "the write failed after the key was checked");
  });
  BOOST_TEST(!rolled_back.ok());
  BOOST_TEST(!i.Check().has_value());
  BOOST_TEST(Writer(i, kKeyB).Create("b first").ok());
  BOOST_TEST((i.Check() == CheckOf(kKeyB)));
  BOOST_TEST(a.Create("a later").diagnostics.at(0).code == Code::kMasterKeyMismatch);
}

BOOST_AUTO_TEST_CASE(serve_start_verifies_only_a_store_that_holds_secrets) {
  Instance i;
  const std::string key_file = i.home.path() + "/instances/default/secrets/master.key";
  Writer none(i, std::nullopt);
  BOOST_TEST(VerifyStoreKey(*i.store, *none.ciphers).ok());
  BOOST_TEST(!std::filesystem::exists(key_file));  // created lazily, on the first write
  BOOST_TEST(Writer(i, kKeyA).Create("first").ok());
  Writer a(i, kKeyA), b(i, kKeyB);
  BOOST_TEST(VerifyStoreKey(*i.store, *a.ciphers).ok());
  const Status refused = VerifyStoreKey(*i.store, *b.ciphers);
  BOOST_TEST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.diagnostics[0].code == Code::kMasterKeyMismatch);
}

BOOST_AUTO_TEST_CASE(inspecting_the_store_key_changes_nothing) {
  Instance i;
  const std::string key_file = i.home.path() + "/instances/default/secrets/master.key";
  const StoreKeyReport fresh = InspectStoreKey(*i.store, i.Vars(std::nullopt), PosixFileSystem(), KeyHome::kClasp);
  BOOST_TEST(fresh.verdict.ok());
  BOOST_TEST(fresh.summary == "master key: none yet; the first write creates clasp's default key file " + key_file);
  BOOST_TEST(!std::filesystem::exists(key_file));
  BOOST_TEST(Writer(i, kKeyA).Create("first").ok());
  const StoreKeyReport same = InspectStoreKey(*i.store, i.Vars(kKeyA), PosixFileSystem(), KeyHome::kClasp);
  BOOST_TEST(same.verdict.ok());
  BOOST_TEST(same.summary == "master key PAPERCLIP_SECRETS_MASTER_KEY, fingerprint " + FingerprintOf(kKeyA) +
                                 ": the store's key");
  const StoreKeyReport other = InspectStoreKey(*i.store, i.Vars(kKeyB), PosixFileSystem(), KeyHome::kClasp);
  BOOST_TEST(!other.verdict.ok());
  BOOST_TEST(*other.key_fingerprint == FingerprintOf(kKeyB));
  BOOST_TEST(*other.store_fingerprint == FingerprintOf(kKeyA));
  const OrderedJson json = StoreKeyReportJson(other);
  BOOST_TEST(json["source"] == "env");
  BOOST_TEST(json["ok"] == false);
  BOOST_TEST(json["storeFingerprint"] == FingerprintOf(kKeyA));
  i.Sql("DELETE FROM clasp_key_check");
  const StoreKeyReport unrecorded = InspectStoreKey(*i.store, i.Vars(kKeyA), PosixFileSystem(), KeyHome::kClasp);
  BOOST_TEST(unrecorded.verdict.ok());
  BOOST_TEST(unrecorded.summary.find("decrypts the store's newest secret version") != std::string::npos);
  BOOST_TEST(!i.Check().has_value());  // looking records nothing
}

BOOST_AUTO_TEST_CASE(the_doctor_reports_a_foreign_key_and_a_non_random_one) {
  Instance i;
  BOOST_TEST(Writer(i, kKeyA).Create("first").ok());
  auto check = [](const std::vector<DoctorCheck>& checks, const std::string& name) {
    for (const DoctorCheck& c : checks) {
      if (c.name == name) return c;
    }
    BOOST_FAIL("no check " + name);
    return checks.front();
  };
  const auto good = RunDoctor(i.Vars(kKeyA), PosixFileSystem());
  BOOST_TEST(check(good, "store_key").status == "ok");
  BOOST_TEST(check(good, "master_key").status == "ok");
  const auto wrong = RunDoctor(i.Vars(kKeyB), PosixFileSystem());
  BOOST_TEST(!DoctorHealthy(wrong));
  const DoctorCheck store_key = check(wrong, "store_key");
  BOOST_TEST(store_key.status == "error");
  BOOST_TEST(store_key.message.find(FingerprintOf(kKeyA)) != std::string::npos, store_key.message);
  BOOST_TEST(store_key.message.find(FingerprintOf(kKeyB)) != std::string::npos, store_key.message);
  const auto zeros = RunDoctor(i.Vars(std::string(64, '0')), PosixFileSystem());
  const DoctorCheck weak = check(zeros, "master_key");
  BOOST_TEST(weak.status == "error");
  BOOST_TEST(weak.message == "The master key (PAPERCLIP_SECRETS_MASTER_KEY) has fewer than 16 distinct bytes: it is "
                             "not a random key");
}

BOOST_AUTO_TEST_CASE(a_key_with_few_distinct_bytes_is_too_uniform) {
  BOOST_TEST(MasterKeyTooUniform(std::string(32, '\0')));
  BOOST_TEST(MasterKeyTooUniform("abababababababababababababababab"));
  BOOST_TEST(MasterKeyTooUniform("abcdefghijklmnoabcdefghijklmnoab"));  // 15 distinct
  BOOST_TEST(!MasterKeyTooUniform("abcdefghijklmnopabcdefghijklmnop"));  // 16 distinct
  BOOST_TEST(!MasterKeyTooUniform(HexKey(kKeyA).view()));
}

BOOST_AUTO_TEST_CASE(a_postgresql_database_uses_paperclips_key_resolution) {
  auto locate = [](std::map<std::string, std::string, std::less<>> vars) {
    auto found = LocateMasterKey(Env(std::move(vars)), PosixFileSystem(), KeyHome::kPaperclip);
    return found.ok() ? DescribeKeyLocation(*found.value) : found.diagnostics.at(0).message;
  };
  BOOST_TEST(locate({{"HOME", "/u"}, {"CLASP_HOME", "/clasp"}}) ==
             "Paperclip's default key file /u/.paperclip/instances/default/secrets/master.key");
  BOOST_TEST(locate({{"HOME", "/u"}, {"PAPERCLIP_HOME", " ~/pc "}, {"PAPERCLIP_INSTANCE_ID", "prod"}}) ==
             "Paperclip's default key file /u/pc/instances/prod/secrets/master.key");
  BOOST_TEST(locate({{"HOME", "/u"}, {"PAPERCLIP_SECRETS_MASTER_KEY_FILE", "/k/m.key"}}) ==
             "PAPERCLIP_SECRETS_MASTER_KEY_FILE /k/m.key");
  BOOST_TEST(locate({{"HOME", "/u"}, {"PAPERCLIP_SECRETS_MASTER_KEY", kKeyA}}) == "PAPERCLIP_SECRETS_MASTER_KEY");
  BOOST_TEST(locate({{"HOME", "/u"}, {"PAPERCLIP_INSTANCE_ID", "../x"}}) == "Invalid PAPERCLIP_INSTANCE_ID '../x'.");
  const MapEnvVars pg = Env({{"DATABASE_URL", "postgresql://db/p"}});
  BOOST_TEST((StoreKeyHome(pg, std::nullopt) == KeyHome::kPaperclip));
  BOOST_TEST((StoreKeyHome(Env({}), std::string("postgresql://db/p")) == KeyHome::kPaperclip));
  BOOST_TEST((StoreKeyHome(Env({{"CLASP_HOME", "/h"}}), std::nullopt) == KeyHome::kClasp));
}
