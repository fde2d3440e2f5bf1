// Run env assembly (native_run_env_suite.h) on the SQLite adapter.
#define BOOST_TEST_MODULE native_run_env
#include <boost/test/unit_test.hpp>

#include "clasp/native/sqlite_store.h"
#include "native_test_support.h"

struct Backend {
  clasp::native::test::TempDir dir;

  std::unique_ptr<clasp::native::SecretStore> Open() {
    auto store = clasp::native::SqliteStore::Open(dir.path() + "/clasp.sqlite3");
    BOOST_TEST_REQUIRE(store.ok());
    return std::move(*store.value);
  }
};

#include "native_run_env_suite.h"
