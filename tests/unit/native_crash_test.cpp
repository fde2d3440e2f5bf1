// Crash safety on SQLite: a child rotating and syncing is SIGKILLed 50
// times; after each kill the store holds only whole steps
// (native_crash_support.h).
#define BOOST_TEST_MODULE native_crash
#include <boost/test/unit_test.hpp>

#include "clasp/native/sqlite_store.h"
#include "native_crash_support.h"
#include "test_support.h"

BOOST_AUTO_TEST_CASE(sqlite_survives_sigkill_at_random_points) {
  clasp::native::test::TempDir dir;
  const std::string path = dir.path() + "/clasp.sqlite3";
  crash::Scenario scenario(
      [&]() -> std::unique_ptr<clasp::native::SecretStore> {
        auto store = clasp::native::SqliteStore::Open(path);
        BOOST_TEST_REQUIRE(store.ok());
        return std::move(*store.value);
      },
      "sqlite", path);
  const crash::Outcome out = scenario.Run();
  BOOST_TEST(out.kills == crash::kKills);
  // The kills land while the child works: rotations commit, plans change.
  BOOST_TEST(out.versions_written > 0);
  BOOST_TEST(out.plans_seen.size() > 1u);
  BOOST_TEST_MESSAGE("sqlite: " << out.kills << " kills, " << out.versions_written << " rotations committed, "
                                << out.plans_seen.size() << " distinct plans seen, 0 invariant violations");
}
