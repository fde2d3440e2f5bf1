// The shared storage suite (native_storage_suite.h) on the PostgreSQL
// adapter, one throwaway database per case. Skipped (exit 77) without
// CLASP_TEST_DATABASE_URL.
#define BOOST_TEST_MODULE native_storage_pg
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "clasp/native/pg_store.h"
#include "native_pg_support.h"
#include "native_test_support.h"
#include "test_support.h"

struct Backend {
  static constexpr const char* kName = "postgresql";
  clasp::native::test::TempDatabase db{*clasp::native::test::TestDatabaseUrl()};

  std::unique_ptr<clasp::native::SecretStore> Open() {
    BOOST_TEST_REQUIRE(db.error().empty(), db.error());
    auto store = clasp::native::PgStore::Open(db.Url(clasp::native::test::kLogStatements));
    BOOST_TEST_REQUIRE(store.ok(), (store.diagnostics.empty() ? "" : store.diagnostics[0].message));
    return std::move(*store.value);
  }

  // Every row of every table as text; after a checkpoint, every file of the
  // cluster (heap, indexes, WAL) except the log; and the server log, which
  // holds every statement with its parameters (kLogStatements).
  std::vector<std::pair<std::string, std::string>> LeakSources() {
    clasp::native::test::PgAdmin admin(db.Url());
    std::string dump;
    for (const char* table : {"company_secrets", "company_secret_versions", "company_secret_bindings",
                              "secret_access_events", "agents", "projects", "company_secret_provider_configs"}) {
      for (const std::string& row : admin.Rows(std::string("SELECT t::text FROM ") + table + " t")) dump += row + "\n";
    }
    BOOST_TEST(admin.Exec("CHECKPOINT").empty());
    const auto dir = admin.Rows("SHOW data_directory");
    BOOST_TEST_REQUIRE(dir.size() == 1u);
    const std::string log_path = dir[0] + "/server.log";
    std::string files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir[0])) {
      if (entry.is_regular_file() && entry.path() != log_path) files += clasp::native::test::ReadAll(entry.path());
    }
    return {{"table dump", dump}, {"data files and WAL", files}, {"server log", clasp::native::test::ReadAll(log_path)}};
  }
};

#include "native_storage_suite.h"

CLASP_PG_TEST_MAIN()
