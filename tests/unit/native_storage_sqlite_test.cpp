// The shared storage suite (native_storage_suite.h) on the SQLite adapter,
// and the SQLite schema's forward migration.
#define BOOST_TEST_MODULE native_storage_sqlite
#include <boost/test/unit_test.hpp>

#include <sqlite3.h>

#include "../../native/src/sqlite_schema.h"
#include "clasp/native/sqlite_store.h"
#include "native_test_support.h"
#include "test_support.h"

// A second connection to the store's file, for the test's own SQL.
class RawSqlite {
 public:
  explicit RawSqlite(const std::string& path) { sqlite3_open(path.c_str(), &db_); }
  ~RawSqlite() { sqlite3_close(db_); }
  RawSqlite(const RawSqlite&) = delete;
  RawSqlite& operator=(const RawSqlite&) = delete;

  std::string Exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) == SQLITE_OK) return "";
    std::string message = error ? error : "error";
    sqlite3_free(error);
    return message;
  }

  // The first column of every row, as text (NULL as "∅").
  std::vector<std::string> Column(const std::string& sql) {
    std::vector<std::string> out;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return {"prepare failed"};
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      out.push_back(text ? text : "∅");
    }
    sqlite3_finalize(stmt);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

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

  std::string Exec(const std::string& sql) { return RawSqlite(path).Exec(sql); }
};

#include "native_storage_suite.h"

// A file written by a build that knew only migration 1 (its DDL, its
// user_version, its rows) opens, migrates to the current version and keeps
// every row.
BOOST_AUTO_TEST_CASE(a_version_1_file_migrates_forward_keeping_its_rows) {
  clasp::native::test::TempDir dir;
  const std::string path = dir.path() + "/v1.sqlite3";
  const std::string secret = Id(70), agent = Id(71);
  {
    RawSqlite v1(path);
    BOOST_TEST_REQUIRE(v1.Exec(std::string(clasp::native::sqlite_schema::Migrations()[0])) == "");
    BOOST_TEST_REQUIRE(v1.Exec("PRAGMA user_version = 1") == "");
    BOOST_TEST_REQUIRE(v1.Exec("INSERT INTO company_secrets (id, company_id, name, key, created_at, updated_at) "
                               "VALUES ('" + secret + "', '" + kCompany + "', 'Old', 'old', '" + At(1) + "', '" +
                               At(2) + "')") == "");
    BOOST_TEST_REQUIRE(v1.Exec("INSERT INTO agents (id, company_id, name, adapter_config, created_at, updated_at) "
                               "VALUES ('" + agent + "', '" + kCompany + "', 'Old agent', '{\"env\":{}}', '" +
                               At(3) + "', '" + At(3) + "')") == "");
    BOOST_TEST(v1.Column("SELECT name FROM sqlite_master WHERE name = 'companies'").empty());
  }
  auto opened = SqliteStore::Open(path);
  BOOST_TEST_REQUIRE(opened.ok(), First(opened.diagnostics));
  SecretStore& store = **opened.value;
  BOOST_TEST(RawSqlite(path).Column("PRAGMA user_version") ==
             std::vector<std::string>{std::to_string(SqliteStore::CurrentSchemaVersion())});
  BOOST_TEST(SqliteStore::CurrentSchemaVersion() == 6);
  BOOST_TEST(RawSqlite(path).Column("SELECT name FROM sqlite_master WHERE name = 'company_memberships'") ==
             std::vector<std::string>{"company_memberships"});
  const auto old = nt::InTxn<std::optional<SecretRow>>(store, [&](StoreTxn& t) { return t.GetSecret(secret); });
  BOOST_TEST_REQUIRE(old.has_value());
  BOOST_TEST(old->name == "Old");
  BOOST_TEST(old->created_at == At(1));
  const auto agents =
      nt::InTxn<std::vector<AgentRow>>(store, [&](StoreTxn& t) { return t.ListAgents(std::nullopt); });
  BOOST_TEST_REQUIRE(agents.size() == 1u);
  BOOST_TEST(agents[0].name == "Old agent");
  BOOST_TEST(agents[0].role == "general");  // v1's default
  // The tables migration 2 adds are there and work.
  const CompanyRow acme{kCompany, "Acme", At(5), At(5)};
  BOOST_TEST_REQUIRE(store.Transact([&](StoreTxn& t) { return t.InsertCompany(acme); }).ok());
  ActivityRow a;
  a.id = Id(72), a.company_id = kCompany, a.actor_id = "clasp", a.action = "secret_binding.repaired";
  a.entity_type = "secret_binding", a.entity_id = Id(73), a.created_at = At(6);
  BOOST_TEST_REQUIRE(store.Transact([&](StoreTxn& t) { return t.InsertActivity(a); }).ok());
  BOOST_TEST(nt::InTxn<std::vector<CompanyRow>>(store, [&](StoreTxn& t) { return t.ListCompanies(); }).size() == 1u);
  // And migration 3's agent_api_keys.
  AgentKeyRow key;
  key.id = Id(74), key.agent_id = agent, key.company_id = kCompany, key.name = "default";
  key.key_hash = std::string(64, 'c'), key.created_at = At(7);
  BOOST_TEST_REQUIRE(store.Transact([&](StoreTxn& t) { return t.InsertAgentKey(key); }).ok());
  BOOST_TEST(nt::InTxn<std::vector<AgentKeyRow>>(store, [&](StoreTxn& t) { return t.ListAgentKeys(agent); }).size() ==
             1u);
  // Opening again migrates nothing more.
  opened.value->reset();
  BOOST_TEST_REQUIRE(SqliteStore::Open(path).ok());
  BOOST_TEST(RawSqlite(path).Column("SELECT count(*) FROM activity_log") == std::vector<std::string>{"1"});
}
