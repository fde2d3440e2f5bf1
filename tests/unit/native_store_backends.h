// The two store backends the shared native suites run on (a suite header
// reads `Backend::Open()`): a SQLite file in a temp dir, and a throwaway
// PostgreSQL database (native_pg_support.h: needs CLASP_TEST_DATABASE_URL).
#pragma once

#include <boost/test/unit_test.hpp>

#include <memory>

#include "clasp/native/pg_store.h"
#include "clasp/native/sqlite_store.h"
#include "native_pg_support.h"
#include "native_test_support.h"

namespace clasp::native::test {

struct SqliteBackend {
  TempDir dir;

  std::unique_ptr<SecretStore> Open() {
    auto store = SqliteStore::Open(dir.path() + "/clasp.sqlite3");
    BOOST_TEST_REQUIRE(store.ok());
    return std::move(*store.value);
  }
};

struct PgBackend {
  TempDatabase db{*TestDatabaseUrl()};

  std::unique_ptr<SecretStore> Open() {
    BOOST_TEST_REQUIRE(db.error().empty(), db.error());
    auto store = PgStore::Open(db.Url());
    BOOST_TEST_REQUIRE(store.ok(), (store.diagnostics.empty() ? "" : store.diagnostics[0].message));
    return std::move(*store.value);
  }
};

}  // namespace clasp::native::test
