// The PostgreSQL adapter on a real Paperclip 2026.916.1 database: the
// schema and rows of ../shared/fixtures, loaded as pg_dump wrote them, read
// and written through the adapter. Skipped (exit 77) without
// CLASP_TEST_DATABASE_URL or without the fixtures.
#define BOOST_TEST_MODULE native_pg_compat
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "clasp/native/pg_store.h"
#include "clasp/native/secret_service.h"
#include "native_pg_support.h"
#include "native_test_support.h"
#include "test_support.h"

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;

namespace {

const std::string kFixtures = std::string(CLASP_SHARED_DIR) + "/fixtures/paperclip-2026.916.1-";
const std::string kCompany = "a5e14a02-7d61-4b70-b6f8-27742a6ad3a7";
const std::string kAlpha = "d31df0f7-af23-43cd-ab39-d60101586083";
const std::string kBeta = "b35685ad-7a23-46e6-810c-65fce1147f67";
const std::string kOpenAi = "b6122b9e-df6e-48ad-905a-da77f59ed9b9";
const std::string kGitHub = "5940ee56-ab42-4cfe-aeda-2c8c58de8cbe";
const std::string kAnthropic = "37724db1-d4f0-43bc-b4bd-8dd67f7a4056";

// A database holding Paperclip's tables and rows, and clasp opened on it
// with a master key that is not the one the seed was written with (the
// fixtures do not include it).
struct PaperclipDb {
  nt::TempDatabase db{*nt::TestDatabaseUrl()};
  nt::PgAdmin admin{db.Url()};
  std::size_t relations_before = Load();
  std::unique_ptr<PgStore> store = Open();
  nt::TempDir home;
  MapEnvVars vars{std::map<std::string, std::string, std::less<>>{
      {"PAPERCLIP_SECRETS_MASTER_KEY", std::string(64, 'e')}, {"CLASP_HOME", home.path()}}};
  std::unique_ptr<CipherSource> ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), SystemRandom());
  SecretService service{*store, *ciphers, SystemRandom(), SystemClock()};

  std::size_t Load() {
    BOOST_TEST_REQUIRE(db.error().empty(), db.error());
    BOOST_TEST_REQUIRE(admin.Exec(nt::ReadAll(kFixtures + "schema.sql")) == "");
    BOOST_TEST_REQUIRE(admin.Exec(nt::ReadAll(kFixtures + "seed-data.sql")) == "");
    BOOST_TEST_REQUIRE(admin.Exec("RESET search_path") == "");  // the dump cleared it
    return Relations();
  }
  std::size_t Relations() { return admin.Rows("SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace").size(); }
  std::unique_ptr<PgStore> Open() {
    auto s = PgStore::Open(db.Url());
    BOOST_TEST_REQUIRE(s.ok(), (s.diagnostics.empty() ? "" : s.diagnostics[0].message));
    return std::move(*s.value);
  }
  template <typename T>
  T InTxn(const std::function<Result<T>(StoreTxn&)>& body) {
    return nt::InTxn<T>(*store, body);
  }
  std::vector<BindingRow> Bindings(const std::string& agent) {
    return InTxn<std::vector<BindingRow>>([&](StoreTxn& t) { return t.ListTargetBindings(kCompany, "agent", agent); });
  }
  // The env Paperclip stored in the agent's adapter_config.
  OrderedJson AgentEnv(const std::string& agent) {
    const auto rows = admin.Rows("SELECT adapter_config->'env' FROM agents WHERE id = '" + agent + "'");
    BOOST_TEST_REQUIRE(rows.size() == 1u);
    return OrderedJson::parse(rows[0]);
  }
};

AccessContext AgentContext(const std::string& agent, const std::string& path) {
  AccessContext c;
  c.actor_type = "agent", c.actor_id = agent, c.consumer_type = "agent", c.consumer_id = agent;
  c.config_path = path;
  return c;
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(opening_creates_nothing_in_a_paperclip_database, PaperclipDb) {
  BOOST_TEST(Relations() == relations_before);
}

BOOST_FIXTURE_TEST_CASE(lists_the_secrets_paperclip_wrote, PaperclipDb) {
  const auto list = InTxn<std::vector<SecretRow>>([&](StoreTxn& t) { return t.ListSecrets(kCompany); });
  BOOST_TEST_REQUIRE(list.size() == 3u);
  BOOST_TEST(list[0].id == kGitHub);  // newest created_at first
  BOOST_TEST(list[1].id == kAnthropic);
  BOOST_TEST(list[2].id == kOpenAi);
  const SecretRow& s = list[2];
  BOOST_TEST(s.company_id == kCompany);
  BOOST_TEST(s.name == "OpenAI API key");
  BOOST_TEST(s.key == "openai-api-key");
  BOOST_TEST(s.provider == "local_encrypted");
  BOOST_TEST(s.latest_version == 1);
  BOOST_TEST(*s.description == "test value");
  BOOST_TEST(s.status == "active");
  BOOST_TEST(s.managed_mode == "paperclip_managed");
  BOOST_TEST(s.scope == "company");
  BOOST_TEST(!s.external_ref.has_value());
  BOOST_TEST(!s.created_by_agent_id.has_value());
  BOOST_TEST(*s.created_by_user_id == "local-board");
  BOOST_TEST(s.created_at == "2026-11-22T12:15:26.085591Z");  // a database default: microseconds
  BOOST_TEST(s.updated_at == "2026-11-22T12:15:34.910Z");     // written by JavaScript: milliseconds
  BOOST_TEST(*s.last_resolved_at == "2026-11-22T12:15:34.910Z");
  BOOST_TEST(*s.last_rotated_at == "2026-11-22T12:15:26.107Z");
  BOOST_TEST(!s.deleted_at.has_value());

  const auto v = *InTxn<std::optional<VersionRow>>([&](StoreTxn& t) { return t.GetVersion(kOpenAi, 1); });
  BOOST_TEST(v.id == "18812b43-2184-4e11-b807-333e4c91fe29");
  BOOST_TEST(v.status == "current");
  BOOST_TEST(v.value_sha256 == "b9b67e3c78361f63ece9c879c065356c1f74cfe707ef2313a677278a8e97ca2c");
  BOOST_TEST(v.fingerprint_sha256 == v.value_sha256);
  BOOST_TEST(v.created_at == "2026-11-22T12:15:26.100869Z");
  auto material = MaterialFromJson(clasp::test::J(v.material));
  BOOST_TEST_REQUIRE(material.ok());
  BOOST_TEST(material.value->iv == "/Oc0zN9rr9e6w/2q");
  BOOST_TEST(material.value->tag == "VmutXSFYEwkL4TbgEPJ3jw==");
  BOOST_TEST(material.value->ciphertext == "wpzuXE4LMT8geMkMyVG9/imdYRKMpzShGUL3lRxxSRc=");
}

BOOST_FIXTURE_TEST_CASE(lists_bindings_and_usage, PaperclipDb) {
  const auto alpha = Bindings(kAlpha);
  BOOST_TEST_REQUIRE(alpha.size() == 2u);
  BOOST_TEST(alpha[0].id == "6838fa04-56fa-44ca-9075-19c4d7c13c42");
  BOOST_TEST(alpha[0].config_path == "env.GITHUB_TOKEN");
  BOOST_TEST(alpha[0].secret_id == kGitHub);
  BOOST_TEST(alpha[1].config_path == "env.OPENAI_API_KEY");
  BOOST_TEST(alpha[1].version_selector == "latest");
  BOOST_TEST(alpha[1].required);
  BOOST_TEST(alpha[1].projection_class == "unclassified");
  BOOST_TEST(!alpha[1].projection_allowlist_key.has_value());
  BOOST_TEST(!alpha[1].label.has_value());
  const auto beta = Bindings(kBeta);
  BOOST_TEST_REQUIRE(beta.size() == 2u);
  BOOST_TEST(beta[0].config_path == "env.ANTHROPIC_API_KEY");
  BOOST_TEST(beta[1].config_path == "env.OPENAI_API_KEY");
  BOOST_TEST(beta[1].version_selector == "1");
  const auto usage = InTxn<std::vector<BindingRow>>([&](StoreTxn& t) { return t.ListSecretBindings(kOpenAi); });
  BOOST_TEST_REQUIRE(usage.size() == 2u);
  BOOST_TEST(usage[0].target_id == kAlpha);  // created first
  BOOST_TEST(usage[1].target_id == kBeta);

  const auto events = InTxn<std::vector<AccessEventRow>>([&](StoreTxn& t) { return t.ListAccessEvents(kOpenAi); });
  BOOST_TEST_REQUIRE(events.size() == 1u);
  const AccessEventRow& e = events[0];
  BOOST_TEST(e.id == "6ae5d7aa-9ede-485e-b889-adf6f2a2a73e");
  BOOST_TEST(*e.version == 1);
  BOOST_TEST(e.actor_type == "agent");
  BOOST_TEST(*e.actor_id == kAlpha);
  BOOST_TEST(e.consumer_type == "agent_api");
  BOOST_TEST(*e.config_path == "env.OPENAI_API_KEY");
  BOOST_TEST(*e.heartbeat_run_id == "22c7abaa-777a-4808-b180-f8c13fbfdf71");
  BOOST_TEST(e.outcome == "success");
  BOOST_TEST(e.secret_scope == "company");
  BOOST_TEST(e.created_at == "2026-11-22T12:15:34.913564Z");
}

// The seed's master key is not in the fixtures: resolution must fail as a
// wrong key does in Paperclip, record the failure, and change nothing else.
BOOST_FIXTURE_TEST_CASE(resolving_a_seeded_secret_without_its_key_fails_cleanly, PaperclipDb) {
  auto r = service.Resolve(kCompany, kOpenAi, std::nullopt, AgentContext(kAlpha, "env.OPENAI_API_KEY"));
  BOOST_TEST_REQUIRE(!r.ok());
  BOOST_TEST(r.diagnostics[0].code == Code::kDecryptFailed);
  BOOST_TEST(r.diagnostics[0].message.find("Secret decryption failed (master key fingerprint: ") == 0u);
  const auto events = InTxn<std::vector<AccessEventRow>>([&](StoreTxn& t) { return t.ListAccessEvents(kOpenAi); });
  BOOST_TEST_REQUIRE(events.size() == 2u);
  BOOST_TEST(events[1].outcome == "failure");
  BOOST_TEST(*events[1].error_code == "provider_error");
  BOOST_TEST(events[1].consumer_type == "agent");
  const auto s = *InTxn<std::optional<SecretRow>>([&](StoreTxn& t) { return t.GetSecret(kOpenAi); });
  BOOST_TEST(*s.last_resolved_at == "2026-11-22T12:15:34.910Z");
  // Beta pins version 1 of the same secret; the binding check passes first.
  auto pinned = service.Resolve(kCompany, kOpenAi, 1, AgentContext(kBeta, "env.OPENAI_API_KEY"));
  BOOST_TEST(pinned.diagnostics[0].code == Code::kDecryptFailed);
  auto unbound = service.Resolve(kCompany, kGitHub, std::nullopt, AgentContext(kBeta, "env.GITHUB_TOKEN"));
  BOOST_TEST(unbound.diagnostics[0].code == Code::kBindingMissing);
}

// clasp writes into Paperclip's tables: the env Paperclip saved resyncs to
// no change, and a secret clasp creates there resolves and reads back with
// Paperclip's column types.
BOOST_FIXTURE_TEST_CASE(writes_fit_paperclips_tables, PaperclipDb) {
  for (const std::string& agent : {kAlpha, kBeta}) {
    const auto before = Bindings(agent);
    auto same = service.SyncEnvBindings(kCompany, {"agent", agent, "env"}, AgentEnv(agent));
    BOOST_TEST_REQUIRE(same.ok());
    for (const auto& c : *same.value) BOOST_TEST((c.kind == BindingChangeKind::kKeep));
    const auto after = Bindings(agent);
    BOOST_TEST_REQUIRE(after.size() == before.size());
    for (std::size_t i = 0; i < after.size(); ++i) BOOST_TEST(after[i].id == before[i].id);
  }
  CreateSecretInput in;
  in.name = "clasp created";
  in.value = "value-from-clasp";
  auto created = service.Create(kCompany, in, Actor{kAlpha, std::nullopt});
  BOOST_TEST_REQUIRE(created.ok());
  BOOST_TEST(service.Rotate(created.value->id, {std::string("value-from-clasp-2"), std::nullopt, 1}).ok());
  OrderedJson env = AgentEnv(kBeta);
  env["CLASP"] = {{"type", "secret_ref"}, {"secretId", created.value->id}, {"version", "latest"}};
  auto synced = service.SyncEnvBindings(kCompany, {"agent", kBeta, "env"}, env);
  BOOST_TEST_REQUIRE(synced.ok());
  auto resolved = service.Resolve(kCompany, created.value->id, std::nullopt, AgentContext(kBeta, "env.CLASP"));
  BOOST_TEST_REQUIRE(resolved.ok());
  BOOST_TEST(resolved.value->value.view() == "value-from-clasp-2");
  BOOST_TEST(resolved.value->version == 2);
  // Read back with Paperclip's own types: jsonb material, timestamptz, uuid.
  const auto rows = admin.Rows(
      "SELECT v.material->>'scheme', jsonb_typeof(v.material), pg_typeof(v.created_at)::text, s.created_by_agent_id, "
      "s.last_resolved_at IS NOT NULL FROM company_secret_versions v JOIN company_secrets s ON s.id = v.secret_id "
      "WHERE s.id = '" + created.value->id + "' ORDER BY v.version");
  BOOST_TEST_REQUIRE(rows.size() == 2u);
  BOOST_TEST(rows[1] == "local_encrypted_v1|object|timestamp with time zone|" + kAlpha + "|t");
  const auto statuses = admin.Rows("SELECT status FROM company_secret_versions WHERE secret_id = '" +
                                   created.value->id + "' ORDER BY version");
  const std::vector<std::string> expected = {"previous", "current"};
  BOOST_TEST(statuses == expected, boost::test_tools::per_element());
  auto removed = service.Remove(created.value->id);
  BOOST_TEST_REQUIRE(removed.ok());
  BOOST_TEST(admin.Rows("SELECT 1 FROM company_secret_versions WHERE secret_id = '" + created.value->id + "'").empty());
  BOOST_TEST(Bindings(kBeta).size() == 2u);
}

int main(int argc, char* argv[]) {
  if (!std::filesystem::exists(kFixtures + "schema.sql") || !std::filesystem::exists(kFixtures + "seed-data.sql")) {
    std::fprintf(stderr, "SKIPPED: the Paperclip fixtures are absent (%sschema.sql)\n", kFixtures.c_str());
    return 77;
  }
  if (!clasp::native::test::TestDatabaseUrl()) {
    std::fprintf(stderr, "SKIPPED: CLASP_TEST_DATABASE_URL is not set, so the PostgreSQL tests did not run\n");
    return 77;
  }
  return boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
}
