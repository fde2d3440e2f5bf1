// Crash safety on PostgreSQL: a client rotating and syncing is SIGKILLed 50
// times mid-work; after each kill the database holds only whole steps
// (native_crash_support.h). Skipped (exit 77) without CLASP_TEST_DATABASE_URL.
#define BOOST_TEST_MODULE native_pg_crash
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include "clasp/native/pg_store.h"
#include "native_crash_support.h"
#include "native_pg_support.h"
#include "test_support.h"

BOOST_AUTO_TEST_CASE(postgresql_survives_sigkill_at_random_points) {
  clasp::native::test::TempDatabase db(*clasp::native::test::TestDatabaseUrl());
  BOOST_TEST_REQUIRE(db.error().empty(), db.error());
  crash::Scenario scenario(
      [&]() -> std::unique_ptr<clasp::native::SecretStore> {
        auto store = clasp::native::PgStore::Open(db.Url());
        BOOST_TEST_REQUIRE(store.ok());
        return std::move(*store.value);
      },
      "pg", db.Url());
  const crash::Outcome out = scenario.Run();
  BOOST_TEST(out.kills == crash::kKills);
  BOOST_TEST(out.versions_written > 0);
  BOOST_TEST(out.plans_seen.size() > 1u);
  BOOST_TEST_MESSAGE("postgresql: " << out.kills << " kills, " << out.versions_written << " rotations committed, "
                                    << out.plans_seen.size() << " distinct plans seen, 0 invariant violations");
}

CLASP_PG_TEST_MAIN()
