// External references and remote import (native_remote_import_suite.h) on
// the PostgreSQL adapter, one throwaway database per case. Skipped (exit 77)
// without CLASP_TEST_DATABASE_URL.
#define BOOST_TEST_MODULE native_pg_remote_import
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include "native_store_backends.h"

using Backend = clasp::native::test::PgBackend;

#include "native_remote_import_suite.h"

CLASP_PG_TEST_MAIN()
