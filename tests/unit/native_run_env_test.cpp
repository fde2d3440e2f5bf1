// Run env assembly (native_run_env_suite.h) on the SQLite adapter.
#define BOOST_TEST_MODULE native_run_env
#include <boost/test/unit_test.hpp>

#include "native_store_backends.h"

using Backend = clasp::native::test::SqliteBackend;

#include "native_run_env_suite.h"
