// The shared storage suite (native_storage_suite.h) on the PostgreSQL
// adapter, one throwaway database per case, and what only PostgreSQL has:
// the read-only mode and Paperclip's company issue prefixes. Skipped (exit
// 77) without CLASP_TEST_DATABASE_URL.
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
                              "secret_access_events", "agents", "projects", "company_secret_provider_configs",
                              "companies", "activity_log", "agent_api_keys"}) {
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

  std::string Exec(const std::string& sql) { return clasp::native::test::PgAdmin(db.Url()).Exec(sql); }
};

#include "native_storage_suite.h"

namespace {

Result<std::unique_ptr<PgStore>> OpenReadOnly(const std::string& url) {
  return PgStore::Open(url, PgOpenMode::kReadOnly);
}

}  // namespace

// The bindings doctor's mode: reads work (GetSecret without its row lock),
// every write is refused by the server, and nothing changed.
BOOST_FIXTURE_TEST_CASE(a_read_only_store_reads_and_refuses_every_write, Suite) {
  const SecretRow s = Create("Read only", "value-ro");
  Do([&](StoreTxn& t) { return t.InsertCompany({kCompany, "Acme", At(1), At(1)}); });
  auto ro = OpenReadOnly(backend.db.Url());
  BOOST_TEST_REQUIRE(ro.ok(), First(ro.diagnostics));
  PgStore& reader = **ro.value;
  const auto got = nt::InTxn<std::optional<SecretRow>>(reader, [&](StoreTxn& t) { return t.GetSecret(s.id); });
  BOOST_TEST_REQUIRE(got.has_value());
  BOOST_TEST(Same(*got, s));
  BOOST_TEST(nt::InTxn<std::vector<CompanyRow>>(reader, [&](StoreTxn& t) { return t.ListCompanies(); }).size() == 1u);
  BOOST_TEST(
      nt::InTxn<std::vector<BindingRow>>(reader, [&](StoreTxn& t) { return t.ListBindings(std::nullopt); }).empty());
  const std::vector<std::function<Status(StoreTxn&)>> writes = {
      [&](StoreTxn& t) { return t.InsertCompany({Id(80), "Other", At(2), At(2)}); },
      [&](StoreTxn& t) {
        return t.InsertActivity({Id(81), kCompany, "system", "clasp", "x", "y", "z", {}, {}, "{}", At(3)});
      },
      [&](StoreTxn& t) { return t.DeleteSecret(s.id); },
      [&](StoreTxn& t) {
        const BindingRow b{kCompany, "agent", kAgent, "env.K", s.id, "latest", "unclassified", {}, true, {}, Id(82)};
        return t.InsertBinding(b, At(4));
      },
  };
  for (const auto& write : writes) {
    Status refused = reader.Transact(write);
    BOOST_TEST_REQUIRE(!refused.ok());
    BOOST_TEST(refused.diagnostics[0].code == Code::kStorageError);
    const std::string message = First(refused.diagnostics);
    BOOST_TEST(message.find("PostgreSQL: cannot execute ") == 0u, message);
    BOOST_TEST_MESSAGE("read-only refusal: " << message);
    BOOST_TEST(message.find(" in a read-only transaction") != std::string::npos, message);
  }
  BOOST_TEST(nt::InTxn<std::vector<CompanyRow>>(*store, [&](StoreTxn& t) { return t.ListCompanies(); }).size() == 1u);
  BOOST_TEST(nt::InTxn<std::optional<SecretRow>>(*store, [&](StoreTxn& t) { return t.GetSecret(s.id); }).has_value());
}

// Read-only never creates: on an empty database it fails and leaves it empty.
BOOST_AUTO_TEST_CASE(a_read_only_open_of_an_empty_database_creates_nothing) {
  nt::TempDatabase empty{*nt::TestDatabaseUrl()};
  BOOST_TEST_REQUIRE(empty.error().empty(), empty.error());
  auto ro = OpenReadOnly(empty.Url());
  BOOST_TEST_REQUIRE(!ro.ok());
  BOOST_TEST(First(ro.diagnostics).find("PostgreSQL schema is not compatible: ") == 0u, First(ro.diagnostics));
  nt::PgAdmin admin(empty.Url());
  BOOST_TEST(admin.Rows("SELECT 1 FROM pg_class WHERE relnamespace = 'public'::regnamespace").empty());
}

// A database an older clasp created has no agent_api_keys: read-only
// opening names it, a read-write open adds it (with Paperclip's foreign
// keys) and keeps every row.
BOOST_FIXTURE_TEST_CASE(an_older_clasp_database_gains_agent_api_keys, Suite) {
  const SecretRow s = Create("Kept", "value-kept");
  store.reset();
  BOOST_TEST_REQUIRE(backend.Exec("DROP TABLE agent_api_keys") == "");
  auto ro = OpenReadOnly(backend.db.Url());
  BOOST_TEST_REQUIRE(!ro.ok());
  BOOST_TEST(First(ro.diagnostics) == "PostgreSQL schema is not compatible: agent_api_keys.id is missing");
  store = backend.Open();
  BOOST_TEST(nt::InTxn<std::optional<SecretRow>>(*store, [&](StoreTxn& t) { return t.GetSecret(s.id); }).has_value());
  const auto fks = nt::PgAdmin(backend.db.Url()).Rows(
      "SELECT conname FROM pg_constraint WHERE conrelid = 'agent_api_keys'::regclass AND contype = 'f' ORDER BY 1");
  const std::vector<std::string> expected = {"agent_api_keys_agent_id_agents_id_fk",
                                             "agent_api_keys_company_id_companies_id_fk"};
  BOOST_TEST(fks == expected, boost::test_tools::per_element());
}

// Paperclip's companies.issue_prefix is unique: each company gets the first
// free "<base>", "<base>A", "<base>AA", … as Paperclip's own create does.
BOOST_FIXTURE_TEST_CASE(companies_get_paperclips_unique_issue_prefix, Suite) {
  Do([&](StoreTxn& t) {
    Status s = OkStatus();
    int n = 90;
    for (const char* name : {"Acme", "acme corp", "ACM", "straße", "ßx", "42 / ∑", "ǰo"}) {
      if (s.ok()) s = t.InsertCompany({Id(n), name, At(n), At(n)});
      ++n;
    }
    return s;
  });
  const auto prefixes = nt::PgAdmin(backend.db.Url()).Rows("SELECT issue_prefix FROM companies ORDER BY id");
  const std::vector<std::string> expected = {"ACM", "ACMA", "ACMAA", "STR", "SSX", "CMP", "JO"};
  BOOST_TEST(prefixes == expected, boost::test_tools::per_element());
}

CLASP_PG_TEST_MAIN()
