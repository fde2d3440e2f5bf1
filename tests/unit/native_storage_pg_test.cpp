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

  // Every row of every table as text; after a checkpoint, the database's
  // files (heap, indexes, TOAST) and the WAL; and the server log, which
  // holds every statement with its parameters (kLogStatements).
  std::vector<std::pair<std::string, std::string>> LeakSources() {
    clasp::native::test::PgAdmin admin(db.Url());
    std::string dump;
    for (const char* table : {"company_secrets", "company_secret_versions", "company_secret_bindings",
                              "secret_access_events", "agents", "projects", "company_secret_provider_configs"}) {
      for (const std::string& row : admin.Rows(std::string("SELECT t::text FROM ") + table + " t")) dump += row + "\n";
    }
    BOOST_TEST(admin.Exec("CHECKPOINT").empty());
    const auto dir = admin.Rows("SELECT current_setting('data_directory'), oid FROM pg_database "
                                "WHERE datname = current_database()");
    BOOST_TEST_REQUIRE(dir.size() == 1u);
    const std::string data = dir[0].substr(0, dir[0].find('|'));
    const std::string log_path = data + "/server.log";
    // This database's files and the WAL; other suites' databases come and go
    // meanwhile, so a file that vanishes mid-walk is skipped, not an error.
    std::string files;
    for (const std::string& sub : {"/base/" + dir[0].substr(dir[0].find('|') + 1), std::string("/pg_wal")}) {
      std::error_code ec;
      std::size_t seen = 0;
      for (std::filesystem::directory_iterator it(data + sub, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code fe;
        if (it->is_regular_file(fe)) files += clasp::native::test::ReadAll(it->path()), ++seen;
      }
      BOOST_TEST(!ec, sub << ": " << ec.message());
      BOOST_TEST(seen > 0u, sub);
    }
    const std::string log = clasp::native::test::ReadAll(log_path);
    // Each source really holds the rows: the secret's name is stored (and
    // sent as a statement parameter) in clear.
    BOOST_TEST(dump.find("Leak check") != std::string::npos);
    BOOST_TEST(files.find("Leak check") != std::string::npos);
    BOOST_TEST(log.find("Leak check") != std::string::npos);
    return {{"table dump", dump}, {"data files and WAL", files}, {"server log", log}};
  }
};

#include "native_storage_suite.h"

CLASP_PG_TEST_MAIN()
