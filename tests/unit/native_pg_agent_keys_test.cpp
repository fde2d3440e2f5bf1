// Agent API keys on the full Paperclip 2026.916.1 database
// (../shared/fixtures/paperclip-2026.916.1-full-*.sql, all 211 tables):
// clasp opens it without creating anything, and a key is the same row
// either way: one Paperclip wrote (pcp_ + 48 hex, its createToken) is found
// by clasp, one clasp wrote reads back through Paperclip's columns. Skipped
// (exit 77) without CLASP_TEST_DATABASE_URL or without the fixture.
#define BOOST_TEST_MODULE native_pg_agent_keys
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "clasp/native/pg_store.h"
#include "clasp/sha256.h"
#include "native_pg_support.h"
#include "native_test_support.h"
#include "test_support.h"

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;

namespace {

const std::string kFull = std::string(CLASP_SHARED_DIR) + "/fixtures/paperclip-2026.916.1-full-";
const std::string kCompanyA = "fb3abb2c-7605-4393-8ad1-03e45d686a39";
const std::string kAlphaEngineer = "5e321076-132e-4372-ad82-6ab7dc8f55dc";

struct FullDb {
  nt::TempDatabase db{*nt::TestDatabaseUrl()};
  nt::PgAdmin admin{db.Url()};
  std::size_t relations_before = Load();

  std::size_t Load() {
    BOOST_TEST_REQUIRE(db.error().empty(), db.error());
    BOOST_TEST_REQUIRE(admin.Exec(nt::ReadAll(kFull + "schema.sql")) == "");
    BOOST_TEST_REQUIRE(admin.Exec(nt::ReadAll(kFull + "data.sql")) == "");
    BOOST_TEST_REQUIRE(admin.Exec("RESET search_path") == "");
    return Relations();
  }
  std::size_t Relations() {
    return admin.Rows("SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace").size();
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(keys_are_shared_with_paperclip_on_its_full_database, FullDb) {
  auto opened = PgStore::Open(db.Url());
  BOOST_TEST_REQUIRE(opened.ok(), (opened.diagnostics.empty() ? "" : opened.diagnostics[0].message));
  SecretStore& store = **opened.value;
  // clasp's own key check table and its primary key index (key_check.h),
  // nothing of Paperclip's.
  BOOST_TEST(Relations() == relations_before + 2, "clasp created only clasp_key_check");

  const std::string paperclip_token = "pcp_" + std::string(48, '7');
  BOOST_TEST_REQUIRE(admin.Exec("INSERT INTO agent_api_keys (agent_id, company_id, name, key_hash) VALUES ('" +
                                kAlphaEngineer + "', '" + kCompanyA + "', 'from paperclip', '" +
                                HexLower(Sha256Of(paperclip_token)) + "')") == "");
  const auto match = nt::InTxn<std::optional<AgentKeyMatch>>(
      store, [&](StoreTxn& t) { return t.FindAgentKeyByHash(HexLower(Sha256Of(paperclip_token))); });
  BOOST_TEST_REQUIRE(match.has_value());
  const AgentKeyRow& found = match->key;
  BOOST_TEST(found.agent_id == kAlphaEngineer);
  BOOST_TEST(found.name == "from paperclip");
  BOOST_TEST(!found.scope_config.has_value());
  BOOST_TEST_REQUIRE(match->agent.has_value());
  BOOST_TEST(match->agent->company_id == kCompanyA);

  AgentKeyRow mine;
  mine.id = "9d0c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a", mine.agent_id = kAlphaEngineer, mine.company_id = kCompanyA;
  mine.name = "from clasp", mine.key_hash = HexLower(Sha256Of("pcp_" + std::string(64, 'e')));
  mine.created_at = "2026-12-07T03:00:00.000Z";
  BOOST_TEST_REQUIRE(store.Transact([&](StoreTxn& t) { return t.InsertAgentKey(mine); }).ok());
  // What Paperclip's auth middleware selects: the live row by key_hash.
  BOOST_TEST(admin.Rows("SELECT agent_id::text || ' ' || company_id::text || ' ' || name FROM agent_api_keys "
                        "WHERE key_hash = '" + mine.key_hash + "' AND revoked_at IS NULL") ==
             std::vector<std::string>{kAlphaEngineer + " " + kCompanyA + " from clasp"});
  const auto revoked = nt::InTxn<bool>(
      store, [&](StoreTxn& t) { return t.RevokeAgentKey(kAlphaEngineer, mine.id, "2026-12-07T03:01:00.000Z"); });
  BOOST_TEST(revoked);
  BOOST_TEST(admin.Rows("SELECT revoked_at = '2026-12-07 03:01:00+00' FROM agent_api_keys WHERE id = '" + mine.id +
                        "'") == std::vector<std::string>{"t"});
}

int main(int argc, char* argv[]) {
  if (!std::filesystem::exists(kFull + "schema.sql") || !std::filesystem::exists(kFull + "data.sql")) {
    std::fprintf(stderr, "SKIPPED: the full Paperclip fixture is absent (%sschema.sql)\n", kFull.c_str());
    return 77;
  }
  if (!nt::TestDatabaseUrl()) {
    std::fprintf(stderr, "SKIPPED: CLASP_TEST_DATABASE_URL is not set, so the PostgreSQL tests did not run\n");
    return 77;
  }
  return boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
}
