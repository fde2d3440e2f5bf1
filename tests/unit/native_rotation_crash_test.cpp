// Master-key rotation on SQLite, SIGKILLed at random points: 100 rounds over
// 10,000 versions by default (CLASP_ROTATION_CRASH_ROUNDS and
// CLASP_ROTATION_CRASH_VERSIONS override), then finished; no value is lost
// and none is under a key outside the keyring (native_rotation_crash_support.h).
#define BOOST_TEST_MODULE native_rotation_crash
#include <boost/test/unit_test.hpp>

#include "clasp/native/key_custody.h"
#include "clasp/native/store_open.h"
#include "native_rotation_crash_support.h"

using namespace clasp::native;
using rotation_crash::Seed;

BOOST_AUTO_TEST_CASE(sqlite_rotation_survives_sigkill_at_random_points) {
  const int rounds = rotation_crash::EnvInt("CLASP_ROTATION_CRASH_ROUNDS", 100);
  const int versions = rotation_crash::EnvInt("CLASP_ROTATION_CRASH_VERSIONS", 10000);
  clasp::native::test::TempDir dir;
  const std::string home = dir.path() + "/home";
  MapEnvVars vars({{"CLASP_HOME", home}});
  auto opened = OpenStore(vars, PosixFileSystem(), std::nullopt);
  BOOST_TEST_REQUIRE(opened.ok());
  auto key = LoadOrCreateMasterKey(vars, PosixFileSystem(), SystemRandom());
  BOOST_TEST_REQUIRE(key.ok());
  Seed(*opened.value->store, key.value->key, versions);
  opened.value->store.reset();
  rotation_crash::Setting setting;
  setting.open = [&]() -> std::unique_ptr<SecretStore> {
    auto store = OpenStore(vars, PosixFileSystem(), std::nullopt);
    BOOST_TEST_REQUIRE(store.ok());
    return std::move(store.value->store);
  };
  setting.env = {"CLASP_HOME=" + home, "HOME=" + dir.path()};
  setting.key_file = key.value->location.path;
  setting.work_dir = dir.path();
  rotation_crash::Scenario scenario(setting);
  const rotation_crash::Outcome out = scenario.Run(rounds, 20261207);
  BOOST_TEST(out.rounds == rounds);
  BOOST_TEST(out.rows == versions);
  BOOST_TEST(out.kills > rounds / 2, "most rounds must end by a kill, not by finishing");
  BOOST_TEST(out.phases.size() >= 3u, "kills must land in several phases");
  rotation_crash::Report("sqlite", out);
}
