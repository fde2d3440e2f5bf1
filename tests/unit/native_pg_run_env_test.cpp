// Run env assembly (native_run_env_suite.h) on the PostgreSQL adapter, one
// throwaway database per case. Skipped (exit 77) without
// CLASP_TEST_DATABASE_URL.
#define BOOST_TEST_MODULE native_pg_run_env
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include "clasp/native/pg_store.h"
#include "native_pg_support.h"
#include "native_test_support.h"

struct Backend {
  clasp::native::test::TempDatabase db{*clasp::native::test::TestDatabaseUrl()};

  std::unique_ptr<clasp::native::SecretStore> Open() {
    BOOST_TEST_REQUIRE(db.error().empty(), db.error());
    auto store = clasp::native::PgStore::Open(db.Url());
    BOOST_TEST_REQUIRE(store.ok(), (store.diagnostics.empty() ? "" : store.diagnostics[0].message));
    return std::move(*store.value);
  }
};

#include "native_run_env_suite.h"

CLASP_PG_TEST_MAIN()
