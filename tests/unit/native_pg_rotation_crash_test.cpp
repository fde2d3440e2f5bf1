// Master-key rotation on PostgreSQL, SIGKILLed at random points
// (native_rotation_crash_support.h): 10 rounds over 2,000 versions of a
// clasp database, then 10 over the full Paperclip 2026.916.1 fixture with
// its own key (seven versions and the proposal holding a ciphertext); and
// the lock that keeps a concurrent writer from sealing under the old key
// past the last batch. Skipped (exit 77) without CLASP_TEST_DATABASE_URL.
#define BOOST_TEST_MODULE native_pg_rotation_crash
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "clasp/native/pg_store.h"
#include "clasp/native/rotation_rows.h"
#include "native_pg_support.h"
#include "native_rotation_crash_support.h"

namespace {

using namespace clasp::native;
namespace fs = std::filesystem;

const std::string kFixtures = std::string(CLASP_SHARED_DIR) + "/fixtures/paperclip-2026.916.1-full";

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

rotation_crash::Setting PgSetting(const std::string& url, const std::string& dir, const std::string& key_file) {
  rotation_crash::Setting setting;
  setting.open = [url]() -> std::unique_ptr<SecretStore> {
    auto store = PgStore::Open(url);
    BOOST_TEST_REQUIRE(store.ok());
    return std::move(*store.value);
  };
  setting.env = {"DATABASE_URL=" + url, "PAPERCLIP_SECRETS_MASTER_KEY_FILE=" + key_file, "HOME=" + dir};
  setting.key_file = key_file;
  setting.work_dir = dir;
  return setting;
}

std::unique_ptr<SecretStore> OpenPg(const std::string& url) {
  auto store = PgStore::Open(url);
  BOOST_TEST_REQUIRE(store.ok());
  return std::move(*store.value);
}

// Runs `body` in a transaction of `store` on its own thread.
std::thread InTxn(SecretStore& store, std::function<void(StoreTxn&)> body) {
  return std::thread([&store, body = std::move(body)] {
    Status s = store.Transact([&](StoreTxn& txn) {
      body(txn);
      return OkStatus();
    });
    BOOST_TEST(s.ok());
  });
}

}  // namespace

// A writer that read the key check (and may seal under that key) ends
// before a batch starts; one that comes during a batch waits for it and
// reads the key check the batch set. Without the lock the batch would run
// beside the first writer and the second would read the old check.
BOOST_AUTO_TEST_CASE(a_batch_waits_for_the_key_checks_readers_and_holds_off_new_ones) {
  clasp::native::test::TempDatabase db(*clasp::native::test::TestDatabaseUrl());
  BOOST_TEST_REQUIRE(db.error().empty(), db.error());
  auto writer = OpenPg(db.Url());
  auto rotation = OpenPg(db.Url());
  BOOST_TEST_REQUIRE(rotation->Transact([](StoreTxn& txn) { return txn.InsertKeyCheck("old"); }).ok());

  std::atomic<bool> holding{false}, writer_done{false}, batch_started{false}, batch_done{false};
  bool writer_ended_before_batch = false;
  std::thread first = InTxn(*writer, [&](StoreTxn& txn) {
    BOOST_TEST(txn.GetKeyCheck().ok());
    holding = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    writer_done = true;
  });
  while (!holding) std::this_thread::yield();
  std::thread batch = InTxn(*rotation, [&](StoreTxn& txn) {
    BOOST_TEST_REQUIRE(RotationRowsOf(txn)->HoldOffSealers().ok());
    writer_ended_before_batch = writer_done;
    BOOST_TEST(RotationRowsOf(txn)->SetKeyCheck("new").ok());
    batch_started = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    batch_done = true;
  });
  first.join();
  while (!batch_started) std::this_thread::yield();
  std::optional<std::string> seen;
  bool batch_ended_before_read = false;
  std::thread second = InTxn(*writer, [&](StoreTxn& txn) {
    auto check = txn.GetKeyCheck();
    batch_ended_before_read = batch_done;
    if (check.ok()) seen = *check.value;
  });
  batch.join();
  second.join();
  BOOST_TEST(writer_ended_before_batch);
  BOOST_TEST(batch_ended_before_read);
  BOOST_TEST(seen.value_or("") == "new");
}

BOOST_AUTO_TEST_CASE(postgresql_rotation_survives_sigkill_at_random_points) {
  clasp::native::test::TempDatabase db(*clasp::native::test::TestDatabaseUrl());
  BOOST_TEST_REQUIRE(db.error().empty(), db.error());
  clasp::native::test::TempDir dir;
  const std::string key_file = dir.path() + "/master.key";
  MapEnvVars vars({{"PAPERCLIP_SECRETS_MASTER_KEY_FILE", key_file}});
  auto key = LoadOrCreateMasterKey(vars, PosixFileSystem(), SystemRandom(), KeyHome::kPaperclip);
  BOOST_TEST_REQUIRE(key.ok());
  {
    auto store = PgStore::Open(db.Url());
    BOOST_TEST_REQUIRE(store.ok());
    rotation_crash::Seed(**store.value, key.value->key, 2000);
  }
  rotation_crash::Scenario scenario(PgSetting(db.Url(), dir.path(), key_file));
  const rotation_crash::Outcome out = scenario.Run(rotation_crash::EnvInt("CLASP_PG_ROTATION_CRASH_ROUNDS", 10), 916);
  BOOST_TEST(out.rows == 2000);
  BOOST_TEST(out.kills > 0);
  rotation_crash::Report("postgresql", out);
}

BOOST_AUTO_TEST_CASE(paperclip_fixture_rotation_survives_sigkill) {
  if (!fs::exists(kFixtures + "-schema.sql")) {
    BOOST_TEST_MESSAGE("skipped: no Paperclip fixture at " << kFixtures << "-schema.sql");
    return;
  }
  clasp::native::test::TempDatabase db(*clasp::native::test::TestDatabaseUrl());
  BOOST_TEST_REQUIRE(db.error().empty(), db.error());
  {
    clasp::native::test::PgAdmin admin(db.Url());
    for (const char* part : {"-schema.sql", "-data.sql"}) {
      const std::string error = admin.Exec(Slurp(kFixtures + part));
      BOOST_TEST_REQUIRE(error.empty(), part << ": " << error);
    }
    // clasp's PostgreSQL backup (backup_snapshot_pg.cpp) cannot yet carry a
    // user-scoped secret (its owner columns are not copied, so the SQLite
    // snapshot's scope check refuses the row), and --apply never rotates
    // without a backup: the fixture's one user-scoped secret is made a
    // company secret here. Its version stays in the rotation.
    const std::string made_company = admin.Exec("UPDATE public.company_secrets SET scope = 'company', owner_user_id = NULL, "
                                                "user_secret_definition_id = NULL WHERE scope = 'user'");
    BOOST_TEST_REQUIRE(made_company.empty(), made_company);
  }
  clasp::native::test::TempDir dir;
  const std::string key_file = dir.path() + "/master.key";
  fs::copy_file(kFixtures + ".master.key", key_file);
  fs::permissions(key_file, fs::perms::owner_read | fs::perms::owner_write);
  rotation_crash::Scenario scenario(PgSetting(db.Url(), dir.path(), key_file));
  const rotation_crash::Outcome out = scenario.Run(10, 2026);
  BOOST_TEST(out.rows == 8, "seven versions and one proposal ciphertext");
  rotation_crash::Report("paperclip fixture", out);
}

CLASP_PG_TEST_MAIN()
