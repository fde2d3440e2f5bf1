// Run env assembly (native_run_env_suite.h) on the PostgreSQL adapter, one
// throwaway database per case. Skipped (exit 77) without
// CLASP_TEST_DATABASE_URL.
#define BOOST_TEST_MODULE native_pg_run_env
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include "native_store_backends.h"

using Backend = clasp::native::test::PgBackend;

#include "native_run_env_suite.h"

CLASP_PG_TEST_MAIN()
