// The shared storage suite (native_storage_suite.h) on the SQLite adapter.
#define BOOST_TEST_MODULE native_storage_sqlite
#include <boost/test/unit_test.hpp>

#include "clasp/native/sqlite_store.h"
#include "native_test_support.h"
#include "test_support.h"

struct Backend {
  static constexpr const char* kName = "sqlite";
  clasp::native::test::TempDir dir;
  std::string path = dir.path() + "/clasp.sqlite3";

  std::unique_ptr<clasp::native::SecretStore> Open() {
    auto store = clasp::native::SqliteStore::Open(path);
    BOOST_TEST_REQUIRE(store.ok());
    return std::move(*store.value);
  }

  // The main file and the write-ahead log, before any checkpoint.
  std::vector<std::pair<std::string, std::string>> LeakSources() {
    return {{"database file", clasp::native::test::ReadAll(path)},
            {"WAL", clasp::native::test::ReadAll(path + "-wal")}};
  }
};

#include "native_storage_suite.h"
