// The PostgreSQL adapter on a real Paperclip 2026.916.1 database: the
// schema and rows of ../shared/fixtures, loaded as pg_dump wrote them, plus
// the tables the fixtures leave out (companies, activity_log,
// agent_api_keys) as Paperclip's own migrations declare them; read and written through the
// adapter, and read through its read-only mode. Skipped (exit 77) without
// CLASP_TEST_DATABASE_URL or without the fixtures.
#define BOOST_TEST_MODULE native_pg_compat
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "clasp/master_key.h"
#include "clasp/native/key_check.h"
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
const std::string kVault = "fbaeac4e-17b1-4379-84c5-e243f74d7318";
const std::string kAws = "2b76b39f-e035-482b-b95c-9ceda74ec5bf";
const std::string kLocal = "762df292-47bd-4ead-9e0d-75599c19eaa5";

// companies and activity_log of @paperclipai/db 2026.916.1 (its final
// migration snapshot), with activity_log's foreign keys to the tables the
// fixtures hold, and the fixture company's row as Paperclip creates it.
constexpr const char* kPaperclipTables = R"sql(
CREATE TABLE public.companies (
  id uuid DEFAULT gen_random_uuid() NOT NULL PRIMARY KEY,
  name text NOT NULL,
  description text,
  status text DEFAULT 'active'::text NOT NULL,
  pause_reason text,
  paused_at timestamp with time zone,
  issue_prefix text DEFAULT 'PAP'::text NOT NULL,
  issue_counter integer DEFAULT 0 NOT NULL,
  budget_monthly_cents integer DEFAULT 0 NOT NULL,
  spent_monthly_cents integer DEFAULT 0 NOT NULL,
  default_responsible_user_id text,
  require_board_approval_for_new_agents boolean DEFAULT false NOT NULL,
  interaction_resolver_governance jsonb DEFAULT '{}'::jsonb NOT NULL,
  feedback_data_sharing_enabled boolean DEFAULT false NOT NULL,
  feedback_data_sharing_consent_at timestamp with time zone,
  feedback_data_sharing_consent_by_user_id text,
  feedback_data_sharing_terms_version text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE UNIQUE INDEX companies_issue_prefix_idx ON public.companies USING btree (issue_prefix);
CREATE TABLE public.activity_log (
  id uuid DEFAULT gen_random_uuid() NOT NULL PRIMARY KEY,
  company_id uuid NOT NULL REFERENCES public.companies (id),
  actor_type text DEFAULT 'system'::text NOT NULL,
  actor_id text NOT NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  agent_id uuid REFERENCES public.agents (id),
  run_id uuid,
  responsible_user_id text,
  details jsonb,
  created_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE INDEX activity_log_company_created_idx ON public.activity_log USING btree (company_id, created_at);
INSERT INTO public.companies (id, name, issue_prefix, created_at, updated_at) VALUES
  ('a5e14a02-7d61-4b70-b6f8-27742a6ad3a7', 'Acme pg15', 'ACM', '2026-11-22 12:15:25.901234+00',
   '2026-11-22 12:15:25.901234+00');
INSERT INTO public.activity_log (company_id, actor_type, actor_id, action, entity_type, entity_id, created_at)
  VALUES ('a5e14a02-7d61-4b70-b6f8-27742a6ad3a7', 'user', 'local-board', 'company.created', 'company',
          'a5e14a02-7d61-4b70-b6f8-27742a6ad3a7', '2026-11-22 12:15:25.901234+00');
)sql";

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
    BOOST_TEST_REQUIRE(admin.Exec(kPaperclipTables) == "");
    BOOST_TEST_REQUIRE(admin.Exec(nt::kPaperclipAgentApiKeys) == "");
    BOOST_TEST_REQUIRE(admin.Exec(nt::kPaperclipUserSecrets) == "");
    return Relations();
  }
  std::size_t Relations() { return admin.Rows("SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace").size(); }
  std::unique_ptr<PgStore> Open(PgOpenMode mode = PgOpenMode::kReadWrite) {
    auto s = PgStore::Open(db.Url(), mode);
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

// What a read-write open adds (clasp_key_check and its primary key index).
constexpr std::size_t kClaspRelations = 2;

SecretBytes HexKeyBytes(const std::string& hex) {
  auto decoded = DecodeMasterKey(hex);
  BOOST_TEST_REQUIRE(decoded.has_value());
  return SecretBytes::Copy(std::string_view(reinterpret_cast<const char*>(decoded->bytes.data()), 32));
}

AccessContext AgentContext(const std::string& agent, const std::string& path) {
  AccessContext c;
  c.actor_type = "agent", c.actor_id = agent, c.consumer_type = "agent", c.consumer_id = agent;
  c.config_path = path;
  return c;
}

}  // namespace

// A read-write open adds clasp's own key check table (key_check.h) and its
// primary key index, nothing else; a read-only open adds nothing.
BOOST_FIXTURE_TEST_CASE(opening_creates_only_the_key_check_table_in_a_paperclip_database, PaperclipDb) {
  BOOST_TEST(Relations() == relations_before + kClaspRelations);
  BOOST_TEST(admin.Rows("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname LIKE "
                        "'clasp%' ORDER BY relname") ==
             (std::vector<std::string>{"clasp_key_check", "clasp_key_check_pkey"}));
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

// The seed's master key is not in the fixtures: resolution is refused
// before decrypting (the key does not decrypt the newest version, so it is
// not the store's; key_check.h), the failure is recorded, nothing else
// changes, and no key check is recorded for the wrong key.
BOOST_FIXTURE_TEST_CASE(resolving_a_seeded_secret_without_its_key_fails_cleanly, PaperclipDb) {
  auto r = service.Resolve(kCompany, kOpenAi, std::nullopt, AgentContext(kAlpha, "env.OPENAI_API_KEY"));
  BOOST_TEST_REQUIRE(!r.ok());
  BOOST_TEST(r.diagnostics[0].code == Code::kMasterKeyMismatch);
  BOOST_TEST(r.diagnostics[0].message.find("does not decrypt this store's newest secret version") != std::string::npos,
             r.diagnostics[0].message);
  BOOST_TEST(admin.Rows("SELECT count(*) FROM clasp_key_check") == std::vector<std::string>{"0"});
  const auto events = InTxn<std::vector<AccessEventRow>>([&](StoreTxn& t) { return t.ListAccessEvents(kOpenAi); });
  BOOST_TEST_REQUIRE(events.size() == 2u);
  BOOST_TEST(events[1].outcome == "failure");
  BOOST_TEST(*events[1].error_code == "provider_error");
  BOOST_TEST(events[1].consumer_type == "agent");
  const auto s = *InTxn<std::optional<SecretRow>>([&](StoreTxn& t) { return t.GetSecret(kOpenAi); });
  BOOST_TEST(*s.last_resolved_at == "2026-11-22T12:15:34.910Z");
  // Beta pins version 1 of the same secret; the binding check passes first.
  auto pinned = service.Resolve(kCompany, kOpenAi, 1, AgentContext(kBeta, "env.OPENAI_API_KEY"));
  BOOST_TEST(pinned.diagnostics[0].code == Code::kMasterKeyMismatch);
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
  // Under a key that is not the seed's, clasp refuses to write at all...
  auto refused = service.Create(kCompany, in, Actor{kAlpha, std::nullopt});
  BOOST_TEST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.diagnostics[0].code == Code::kMasterKeyMismatch);
  // ...so, the seed's key being absent from the fixtures, the test records
  // its own key as the store's, as if the operator had re-keyed it.
  auto check = KeyCheckValue(HexKeyBytes(std::string(64, 'e')));
  BOOST_TEST_REQUIRE(check.ok());
  BOOST_TEST_REQUIRE(store->Transact([&](StoreTxn& t) { return t.InsertKeyCheck(*check.value); }).ok());
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
  auto removed = service.Remove(created.value->id, {true});  // Beta's row uses it
  BOOST_TEST_REQUIRE(removed.ok());
  BOOST_TEST((*removed.value)->removed);
  BOOST_TEST(admin.Rows("SELECT 1 FROM company_secret_versions WHERE secret_id = '" + created.value->id + "'").empty());
  BOOST_TEST(Bindings(kBeta).size() == 2u);
}

// Every target row Paperclip wrote reads back through the row operations
// with Paperclip's values; the read-only mode sees the same.
BOOST_FIXTURE_TEST_CASE(agents_and_provider_configs_read_back_as_paperclip_wrote_them, PaperclipDb) {
  std::unique_ptr<PgStore> reader = Open(PgOpenMode::kReadOnly);
  for (PgStore* s : {store.get(), reader.get()}) {
    const auto agents = nt::InTxn<std::vector<AgentRow>>(*s, [&](StoreTxn& t) { return t.ListAgents(kCompany); });
    BOOST_TEST_REQUIRE(agents.size() == 2u);
    const AgentRow& a = agents[0];
    BOOST_TEST(a.id == kAlpha);
    BOOST_TEST(a.company_id == kCompany);
    BOOST_TEST(a.name == "Alpha pg15");
    BOOST_TEST(a.role == "engineer");
    BOOST_TEST(!a.title.has_value());
    BOOST_TEST(a.status == "idle");
    BOOST_TEST(a.adapter_type == "process");
    BOOST_TEST(clasp::test::J(a.adapter_config)["command"] == "/bin/true");
    BOOST_TEST(OrderedJson::parse(a.adapter_config)["env"] == AgentEnv(kAlpha));
    BOOST_TEST(a.created_at == "2026-11-22T12:15:26.692674Z");
    BOOST_TEST(a.updated_at == "2026-11-22T12:15:26.692674Z");
    BOOST_TEST(agents[1].id == kBeta);
    BOOST_TEST(agents[1].created_at == "2026-11-22T12:15:26.814670Z");
    BOOST_TEST(
        nt::InTxn<std::vector<AgentRow>>(*s, [&](StoreTxn& t) { return t.ListAgents(std::nullopt); }).size() == 2u);

    const auto vaults =
        nt::InTxn<std::vector<ProviderConfigRow>>(*s, [&](StoreTxn& t) { return t.ListProviderConfigs(kCompany); });
    BOOST_TEST_REQUIRE(vaults.size() == 3u);
    BOOST_TEST(vaults[0].id == kVault);
    BOOST_TEST(vaults[1].id == kAws);
    BOOST_TEST(vaults[2].id == kLocal);
    const ProviderConfigRow& v = vaults[0];
    BOOST_TEST(v.company_id == kCompany);
    BOOST_TEST(v.provider == "vault");
    BOOST_TEST(v.display_name == "Vault OK");
    BOOST_TEST(v.status == "coming_soon");
    BOOST_TEST(!v.is_default);
    BOOST_TEST((nlohmann::json::parse(v.config) ==
                nlohmann::json{
                    {"address", "https://vault.example.com:8200"}, {"mountPath", "kv"}, {"namespace", "team-a"}}));
    BOOST_TEST(!v.health_status.has_value());
    BOOST_TEST(!v.health_checked_at.has_value());
    BOOST_TEST(!v.health_message.has_value());
    BOOST_TEST(!v.health_details.has_value());
    BOOST_TEST(!v.disabled_at.has_value());
    BOOST_TEST(!v.created_by_agent_id.has_value());
    BOOST_TEST(*v.created_by_user_id == "local-board");
    BOOST_TEST(v.created_at == "2026-11-22T12:15:34.032605Z");
    BOOST_TEST(vaults[2].is_default);
    BOOST_TEST(vaults[2].provider == "local_encrypted");
    BOOST_TEST(vaults[2].config == "{}");
    BOOST_TEST(vaults[2].created_at == "2026-11-22T12:15:34.084580Z");
    BOOST_TEST(nt::InTxn<std::optional<ProviderConfigRow>>(*s, [&](StoreTxn& t) { return t.GetProviderConfig(kAws); })
                   ->display_name == "AWS prod");

    const auto company = nt::InTxn<std::optional<CompanyRow>>(*s, [&](StoreTxn& t) { return t.GetCompany(kCompany); });
    BOOST_TEST_REQUIRE(company.has_value());
    BOOST_TEST(company->name == "Acme pg15");
    BOOST_TEST(company->created_at == "2026-11-22T12:15:25.901234Z");
    // The doctor's whole-database reads: oldest first.
    const auto secrets =
        nt::InTxn<std::vector<SecretRow>>(*s, [&](StoreTxn& t) { return t.ListAllSecrets(std::nullopt); });
    BOOST_TEST_REQUIRE(secrets.size() == 3u);
    BOOST_TEST(secrets[0].id == kOpenAi);
    BOOST_TEST(secrets[2].id == kGitHub);
    const auto bindings = nt::InTxn<std::vector<BindingRow>>(*s, [&](StoreTxn& t) { return t.ListBindings(kCompany); });
    BOOST_TEST(bindings.size() == 4u);
    // The fixtures hold no project; Paperclip's activity row reads back.
    BOOST_TEST(
        nt::InTxn<std::vector<ProjectRow>>(*s, [&](StoreTxn& t) { return t.ListProjects(std::nullopt); }).empty());
    const auto activity =
        nt::InTxn<std::vector<ActivityRow>>(*s, [&](StoreTxn& t) { return t.ListActivity(kCompany); });
    BOOST_TEST_REQUIRE(activity.size() == 1u);
    BOOST_TEST(activity[0].action == "company.created");
    BOOST_TEST(activity[0].details == "null");  // Paperclip's details column is nullable
  }
  BOOST_TEST(Relations() == relations_before + kClaspRelations);
}

// A project as Paperclip's drizzle writes it (env jsonb, database
// defaults) reads back; clasp's updates of agents, projects and configs
// touch only their own columns, and its company gets a free issue prefix.
BOOST_FIXTURE_TEST_CASE(target_writes_fit_paperclips_tables, PaperclipDb) {
  const std::string project = "0f6d9a3c-2b1e-4c5d-8e7f-a1b2c3d4e5f6";
  BOOST_TEST_REQUIRE(admin.Exec("INSERT INTO projects (id, company_id, name, color, env) VALUES ('" + project + "', '" +
                                kCompany + "', 'Site', '#6366f1', '{\"REGION\": {\"type\": \"plain\", "
                                "\"value\": \"eu\"}}')") == "");
  auto p = *InTxn<std::optional<ProjectRow>>([&](StoreTxn& t) { return t.GetProject(project); });
  BOOST_TEST(p.status == "backlog");
  BOOST_TEST(!p.description.has_value());
  BOOST_TEST((nlohmann::json::parse(*p.env) == nlohmann::json{{"REGION", {{"type", "plain"}, {"value", "eu"}}}}));
  p.env = std::nullopt, p.name = "Site 2";
  BOOST_TEST_REQUIRE(store->Transact([&](StoreTxn& t) { return t.UpdateProject(p); }).ok());
  BOOST_TEST(admin.Rows("SELECT name, color, env IS NULL FROM projects WHERE id = '" + project + "'") ==
             std::vector<std::string>{"Site 2|#6366f1|t"});

  auto alpha = *InTxn<std::optional<AgentRow>>([&](StoreTxn& t) { return t.GetAgent(kAlpha); });
  alpha.status = "paused";
  BOOST_TEST_REQUIRE(store->Transact([&](StoreTxn& t) { return t.UpdateAgent(alpha); }).ok());
  BOOST_TEST(admin.Rows("SELECT status, runtime_config->'heartbeat'->>'maxConcurrentRuns', permissions::text FROM "
                        "agents WHERE id = '" + kAlpha + "'") ==
             std::vector<std::string>{"paused|20|{\"canCreateAgents\": true, \"canCreateSkills\": true}"});

  // Paperclip's default local_encrypted config is the one default.
  auto second = *InTxn<std::optional<ProviderConfigRow>>([&](StoreTxn& t) { return t.GetProviderConfig(kVault); });
  second.id = "9d2f7c1a-3b4e-4f5a-8b6c-7d8e9f0a1b2c", second.provider = "local_encrypted", second.is_default = true;
  BOOST_TEST(!store->Transact([&](StoreTxn& t) { return t.InsertProviderConfig(second); }).ok());
  BOOST_TEST_REQUIRE(store->Transact([&](StoreTxn& t) { return t.DeleteProviderConfig(kAws); }).ok());
  BOOST_TEST(admin.Rows("SELECT 1 FROM company_secret_provider_configs WHERE id = '" + kAws + "'").empty());

  const std::string other = "3c9a1f2e-4d5b-4a6c-9e7f-0a1b2c3d4e5f";
  BOOST_TEST_REQUIRE(store->Transact([&](StoreTxn& t) {
    return t.InsertCompany({other, "Acme two", "2026-11-23T08:00:00.000Z", "2026-11-23T08:00:00.000Z"});
  }).ok());
  BOOST_TEST(admin.Rows("SELECT issue_prefix, status, issue_counter FROM companies WHERE id = '" + other + "'") ==
             std::vector<std::string>{"ACMA|active|0"});
  ActivityRow repair;
  repair.id = "5e4d3c2b-1a09-4f8e-8d7c-6b5a4f3e2d1c", repair.company_id = other, repair.actor_id = "clasp";
  repair.action = "secret_binding.repaired", repair.entity_type = "secret_binding", repair.entity_id = kOpenAi;
  repair.agent_id = kAlpha, repair.details = R"({"configPath":"env.OPENAI_API_KEY"})";
  repair.created_at = "2026-11-23T08:00:01.000Z";
  BOOST_TEST_REQUIRE(store->Transact([&](StoreTxn& t) { return t.InsertActivity(repair); }).ok());
  BOOST_TEST(admin.Rows("SELECT actor_type, details->>'configPath', responsible_user_id IS NULL FROM activity_log "
                        "WHERE id = '" + repair.id + "'") == std::vector<std::string>{"system|env.OPENAI_API_KEY|t"});
  // Paperclip's foreign key: an activity row of an unknown company is refused.
  repair.id = "6e4d3c2b-1a09-4f8e-8d7c-6b5a4f3e2d1c", repair.company_id = "7e4d3c2b-1a09-4f8e-8d7c-6b5a4f3e2d1c";
  BOOST_TEST(!store->Transact([&](StoreTxn& t) { return t.InsertActivity(repair); }).ok());
}

// Read-only on a Paperclip database: no DDL, no write, whatever is asked.
BOOST_FIXTURE_TEST_CASE(read_only_mode_never_writes_to_a_paperclip_database, PaperclipDb) {
  std::unique_ptr<PgStore> reader = Open(PgOpenMode::kReadOnly);
  const auto before = admin.Rows("SELECT count(*) FROM company_secret_bindings");
  const std::string binding = "6838fa04-56fa-44ca-9075-19c4d7c13c42";
  Status refused = reader->Transact([&](StoreTxn& t) { return t.DeleteBinding(binding); });
  BOOST_TEST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.diagnostics[0].code == Code::kStorageError);
  BOOST_TEST(refused.diagnostics[0].message == "PostgreSQL: cannot execute DELETE in a read-only transaction");
  BOOST_TEST(admin.Rows("SELECT count(*) FROM company_secret_bindings") == before);
  BOOST_TEST(Relations() == relations_before + kClaspRelations);
  // Without a table it reads, read-only opening fails instead of creating it.
  BOOST_TEST_REQUIRE(admin.Exec("DROP TABLE activity_log") == "");
  auto missing = PgStore::Open(db.Url(), PgOpenMode::kReadOnly);
  BOOST_TEST_REQUIRE(!missing.ok());
  BOOST_TEST(missing.diagnostics[0].message == "PostgreSQL schema is not compatible: activity_log.id is missing");
  BOOST_TEST(admin.Rows("SELECT to_regclass('activity_log') IS NULL") == std::vector<std::string>{"t"});
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
