// `clasp secrets migrate-inline-env` (MIG-1/2) and `clasp secrets
// declarations` (PORT-3) on clasp's SQLite store: the dry run writes
// nothing, --apply creates or rotates secrets, rewrites env entries as refs
// and syncs bindings in one transaction per agent, a re-run is a no-op, and
// the policy decides which keys count.
#define BOOST_TEST_MODULE native_migrate
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>

#include "clasp/native/binding_doctor.h"
#include "clasp/native/migrate_inline_env.h"
#include "clasp/native/portable_declarations.h"
#include "clasp/native/sqlite_store.h"
#include "clasp/portable.h"
#include "native_test_support.h"
#include "test_support.h"

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;
using clasp::test::J;

namespace clasp::native {
inline std::ostream& operator<<(std::ostream& os, MigrationAction a) { return os << MigrationActionName(a); }
}  // namespace clasp::native

namespace {

const std::string kCompany = "a5e14a02-7d61-4b70-b6f8-27742a6ad3a7";
const std::string kAlpha = "3f2a9c4e-1111-4000-8000-0000000000a1";
const std::string kBeta = "b2b2b2b2-0000-4000-8000-0000000000b2";
const std::string kLiveValue = "sk-live-PLAINTEXT-4471";

struct Fixture {
  nt::TempDir dir;
  MapEnvVars vars{std::map<std::string, std::string, std::less<>>{
      {"PAPERCLIP_SECRETS_MASTER_KEY", std::string(64, 'c')}, {"CLASP_HOME", dir.path()}}};
  // Real randomness: CountingRandom repeats ids after 256 bytes, and a
  // migration draws many (secrets, versions, IVs, bindings, activity rows).
  Random& random = SystemRandom();
  nt::FixedClock clock;
  std::unique_ptr<SqliteStore> store = Open(dir.path() + "/clasp.sqlite3");
  std::unique_ptr<CipherSource> ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), random);
  SecretService secrets{*store, *ciphers, random, clock};

  Fixture() {
    nt::InTxn<Done>(*store, [&](StoreTxn& t) {
      return t.InsertCompany(CompanyRow{kCompany, "Acme", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"});
    });
  }

  static std::unique_ptr<SqliteStore> Open(const std::string& path) {
    auto s = SqliteStore::Open(path);
    BOOST_TEST_REQUIRE(s.ok());
    return std::move(*s.value);
  }

  // Written straight to the row: inline secrets predate strict mode.
  void AddAgent(const std::string& id, const std::string& name, const std::string& env, int order) {
    nt::InTxn<Done>(*store, [&](StoreTxn& t) {
      AgentRow a;
      a.id = id, a.company_id = kCompany, a.name = name;
      a.adapter_config = R"({"command":"claude","env":)" + env + "}";
      a.created_at = a.updated_at = "2026-01-02T00:00:0" + std::to_string(order) + ".000Z";
      return t.InsertAgent(a);
    });
  }
  AgentRow Agent(const std::string& id) {
    return nt::InTxn<AgentRow>(*store, [&](StoreTxn& t) -> Result<AgentRow> {
      auto a = t.GetAgent(id);
      if (!a.ok()) return Forward<AgentRow>(std::move(a));
      return Result<AgentRow>::Ok(**a.value);
    });
  }
  std::vector<SecretRow> Secrets() {
    return nt::InTxn<std::vector<SecretRow>>(*store, [](StoreTxn& t) { return t.ListAllSecrets(std::nullopt); });
  }
  std::vector<BindingRow> Bindings() {
    return nt::InTxn<std::vector<BindingRow>>(*store, [](StoreTxn& t) { return t.ListBindings(std::nullopt); });
  }
  std::vector<ActivityRow> Activity() {
    return nt::InTxn<std::vector<ActivityRow>>(*store, [](StoreTxn& t) { return t.ListActivity(kCompany); });
  }
  MigrationReport Plan(const SensitiveKeyPolicy& policy = SensitiveKeyPolicy::Default()) {
    auto r = PlanInlineEnvMigration(*store, kCompany, policy);
    BOOST_TEST_REQUIRE(r.ok());
    return std::move(*r.value);
  }
  MigrationReport Apply(const SensitiveKeyPolicy& policy = SensitiveKeyPolicy::Default()) {
    auto r = ApplyInlineEnvMigration(*store, *ciphers, random, clock, kCompany, policy);
    BOOST_TEST_REQUIRE(r.ok());
    return std::move(*r.value);
  }
  std::string Resolve(const std::string& secret_id) {
    auto r = secrets.Resolve(kCompany, secret_id, std::nullopt, std::nullopt);
    BOOST_TEST_REQUIRE(r.ok());
    return std::string(r.value->value.view());
  }
};

std::vector<std::string> Keys(const AgentMigration& agent) {
  std::vector<std::string> out;
  for (const auto& c : agent.candidates) out.push_back(c.key);
  return out;
}

const std::string kAlphaEnv = R"({"OPENAI_API_KEY":")" + kLiveValue +
                              R"(","MODE":"fast","GITHUB_TOKEN":{"type":"plain","value":"ghp-PLAIN-22"},)"
                              R"("BLANK_PASSWORD":"   "})";

}  // namespace

BOOST_FIXTURE_TEST_CASE(dry_run_plans_and_writes_nothing, Fixture) {
  AddAgent(kAlpha, "Alpha", kAlphaEnv.substr(0, kAlphaEnv.size() - 1) + R"(,"JUNK_SECRET":42})", 1);
  const std::string config_before = Agent(kAlpha).adapter_config;
  const MigrationReport report = Plan();
  BOOST_TEST(!report.apply);
  BOOST_TEST_REQUIRE(report.agents.size() == 1u);
  const AgentMigration& a = report.agents[0];
  BOOST_TEST(a.agent_name == "Alpha");
  // Blank values and bindings that are not plain are not candidates.
  BOOST_TEST((Keys(a) == std::vector<std::string>{"OPENAI_API_KEY", "GITHUB_TOKEN"}));
  BOOST_TEST(a.candidates[0].secret_name == "agent_3f2a9c4e_openai_api_key");
  BOOST_TEST(a.candidates[0].secret_id == "<would-create:agent_3f2a9c4e_openai_api_key>");
  BOOST_TEST(a.candidates[0].action == MigrationAction::kCreate);
  BOOST_TEST(report.secrets_created == 2u);
  BOOST_TEST(report.summary == "Dry run: 1 agents would be updated");
  const std::string json = DumpJson(MigrationReportJson(report));
  BOOST_TEST(json.find(kLiveValue) == std::string::npos);
  BOOST_TEST(json.find("ghp-PLAIN-22") == std::string::npos);
  BOOST_TEST(J(json)["secretsToCreate"] == 2);

  BOOST_TEST(Agent(kAlpha).adapter_config == config_before);
  BOOST_TEST(Secrets().empty());
  BOOST_TEST(Bindings().empty());
  BOOST_TEST(Activity().empty());
}

BOOST_FIXTURE_TEST_CASE(apply_creates_secrets_refs_and_bindings_then_rerun_is_noop, Fixture) {
  AddAgent(kAlpha, "Alpha", kAlphaEnv, 1);
  AddAgent(kBeta, "Beta", R"({"LOG_LEVEL":"debug"})", 2);
  const MigrationReport report = Apply();
  BOOST_TEST(report.summary == "Updated 1 agents, created 2 secrets, rotated 0 secrets");
  BOOST_TEST(!report.failed());
  BOOST_TEST_REQUIRE(report.agents.size() == 1u);
  BOOST_TEST(report.agents[0].migrated);

  const OrderedJson env = J(Agent(kAlpha).adapter_config)["env"];
  const std::vector<SecretRow> created = Secrets();
  BOOST_TEST_REQUIRE(created.size() == 2u);
  std::map<std::string, SecretRow> by_name;
  for (const SecretRow& s : created) by_name[s.name] = s;
  const SecretRow& openai = by_name.at("agent_3f2a9c4e_openai_api_key");
  const SecretRow& github = by_name.at("agent_3f2a9c4e_github_token");
  BOOST_TEST(*openai.description == "Migrated from agent " + kAlpha + " env OPENAI_API_KEY");
  BOOST_TEST(*openai.created_by_user_id == "migration");
  BOOST_TEST(env["OPENAI_API_KEY"]["type"] == "secret_ref");
  BOOST_TEST(env["OPENAI_API_KEY"]["secretId"] == openai.id);
  BOOST_TEST(env["OPENAI_API_KEY"]["version"] == "latest");
  BOOST_TEST(env["GITHUB_TOKEN"]["secretId"] == github.id);
  BOOST_TEST(env["MODE"] == J(R"({"type":"plain","value":"fast"})"));
  BOOST_TEST(Resolve(openai.id) == kLiveValue);
  BOOST_TEST(Resolve(github.id) == "ghp-PLAIN-22");
  BOOST_TEST(Agent(kAlpha).adapter_config.find(kLiveValue) == std::string::npos);

  // Bindings synced in the same write: the doctor finds nothing.
  std::vector<std::string> paths;
  for (const BindingRow& b : Bindings()) paths.push_back(b.config_path);
  std::sort(paths.begin(), paths.end());
  BOOST_TEST((paths == std::vector<std::string>{"env.GITHUB_TOKEN", "env.OPENAI_API_KEY"}));
  const DoctorView view = nt::InTxn<DoctorView>(*store, [](StoreTxn& t) { return LoadDoctorView(t, std::nullopt); });
  BOOST_TEST(CheckBindings(view, false).clean());

  const std::vector<ActivityRow> activity = Activity();
  BOOST_TEST_REQUIRE(activity.size() == 2u);
  BOOST_TEST(activity[0].action == kMigrationActivityAction);
  BOOST_TEST(activity[0].entity_id == kAlpha);
  BOOST_TEST(activity[0].details.find(kLiveValue) == std::string::npos);

  const MigrationReport again = Apply();
  BOOST_TEST(again.summary == "Updated 0 agents, created 0 secrets, rotated 0 secrets");
  BOOST_TEST(again.agents.empty());
  BOOST_TEST(Secrets().size() == 2u);
  BOOST_TEST(Plan().summary == "Dry run: 0 agents would be updated");
}

BOOST_FIXTURE_TEST_CASE(existing_secret_of_that_name_is_rotated, Fixture) {
  AddAgent(kAlpha, "Alpha", R"({"OPENAI_API_KEY":"sk-new-value"})", 1);
  const SecretRow old = nt::CreateSecret(secrets, kCompany, "agent_3f2a9c4e_openai_api_key", "sk-old-value");
  const MigrationReport plan = Plan();
  BOOST_TEST_REQUIRE(plan.agents.size() == 1u);
  BOOST_TEST(plan.agents[0].candidates[0].action == MigrationAction::kRotate);
  BOOST_TEST(plan.agents[0].candidates[0].secret_id == old.id);

  const MigrationReport report = Apply();
  BOOST_TEST(report.summary == "Updated 1 agents, created 0 secrets, rotated 1 secrets");
  const std::vector<SecretRow> all = Secrets();
  BOOST_TEST_REQUIRE(all.size() == 1u);
  BOOST_TEST(all[0].latest_version == 2);
  BOOST_TEST(Resolve(old.id) == "sk-new-value");
  BOOST_TEST(J(Agent(kAlpha).adapter_config)["env"]["OPENAI_API_KEY"]["secretId"] == old.id);
}

BOOST_FIXTURE_TEST_CASE(default_policy_migrates_github_token_paperclip_compat_does_not, Fixture) {
  AddAgent(kAlpha, "Alpha", kAlphaEnv, 1);
  BOOST_TEST((Keys(Plan().agents.at(0)) == std::vector<std::string>{"OPENAI_API_KEY", "GITHUB_TOKEN"}));
  BOOST_TEST((Keys(Plan(SensitiveKeyPolicy::PaperclipCompat()).agents.at(0)) ==
              std::vector<std::string>{"OPENAI_API_KEY"}));

  // Under SENS-1 the token stays plain, and the write is not refused for it.
  const MigrationReport report = Apply(SensitiveKeyPolicy::PaperclipCompat());
  BOOST_TEST(report.summary == "Updated 1 agents, created 1 secrets, rotated 0 secrets");
  const OrderedJson env = J(Agent(kAlpha).adapter_config)["env"];
  BOOST_TEST(env["GITHUB_TOKEN"]["type"] == "plain");
  BOOST_TEST(env["OPENAI_API_KEY"]["type"] == "secret_ref");
}

BOOST_FIXTURE_TEST_CASE(a_failing_agent_is_rolled_back_whole_and_others_migrate, Fixture) {
  AddAgent(kAlpha, "Alpha", R"({"OPENAI_API_KEY":"sk-a","DB_PASSWORD":"pw-a"})", 1);
  AddAgent(kBeta, "Beta", R"({"OPENAI_API_KEY":"sk-b"})", 2);
  // An archived secret holds alpha's second name: it cannot be rotated.
  SecretRow archived = nt::CreateSecret(secrets, kCompany, "agent_3f2a9c4e_db_password", "pw-old");
  archived.status = "archived";
  nt::InTxn<Done>(*store, [&](StoreTxn& t) { return t.UpdateSecret(archived); });
  const std::string alpha_before = Agent(kAlpha).adapter_config;

  const MigrationReport report = Apply();
  BOOST_TEST(report.failed());
  BOOST_TEST(report.summary == "Updated 1 agents, created 1 secrets, rotated 0 secrets");
  BOOST_TEST_REQUIRE(report.agents.size() == 2u);
  BOOST_TEST(!report.agents[0].migrated);
  BOOST_TEST_REQUIRE(!report.agents[0].errors.empty());
  BOOST_TEST(report.agents[0].errors[0].message == "Cannot rotate a non-active secret");
  BOOST_TEST(report.agents[1].migrated);

  // Alpha's first secret was created inside the rolled-back transaction.
  BOOST_TEST(Agent(kAlpha).adapter_config == alpha_before);
  for (const SecretRow& s : Secrets()) BOOST_TEST(s.name != "agent_3f2a9c4e_openai_api_key");
  BOOST_TEST(Secrets().size() == 2u);  // the archived one and beta's
  for (const BindingRow& b : Bindings()) BOOST_TEST(b.target_id == kBeta);
  BOOST_TEST(!J(DumpJson(MigrationReportJson(report)))["ok"].get<bool>());
}

BOOST_FIXTURE_TEST_CASE(an_env_that_cannot_be_written_back_is_left_as_it_was, Fixture) {
  // The write goes through the agent service's validation, which refuses
  // the invalid entry; Paperclip's script would have written it back.
  AddAgent(kAlpha, "Alpha", R"({"OPENAI_API_KEY":"sk-a","JUNK":42})", 1);
  const std::string before = Agent(kAlpha).adapter_config;
  const MigrationReport report = Apply();
  BOOST_TEST(report.failed());
  BOOST_TEST_REQUIRE(report.agents.size() == 1u);
  BOOST_TEST(report.agents[0].errors[0].message == "adapterConfig.env must be a map of valid env bindings");
  BOOST_TEST(report.agents[0].candidates.at(0).secret_id.empty());  // rolled back: no such secret
  BOOST_TEST(Agent(kAlpha).adapter_config == before);
  BOOST_TEST(Secrets().empty());
  BOOST_TEST(Activity().empty());
}

BOOST_FIXTURE_TEST_CASE(unknown_company_is_refused, Fixture) {
  auto r = PlanInlineEnvMigration(*store, "0b7d3c36-2f0e-4c55-9a53-8d1c0d7c1e11", SensitiveKeyPolicy::Default());
  BOOST_TEST_REQUIRE(!r.ok());
  BOOST_TEST(r.diagnostics[0].message == "Company not found: 0b7d3c36-2f0e-4c55-9a53-8d1c0d7c1e11");
}

BOOST_FIXTURE_TEST_CASE(declarations_list_what_an_export_would_emit, Fixture) {
  AddAgent(kBeta, "Zed Bot", R"({"OPENAI_API_KEY":"sk-z","ACCESSTOKEN":"tok-PLAIN","MODE":"fast",)"
                             R"("TOOL":"/usr/bin/tool","PATH":"/bin"})", 1);
  AddAgent(kAlpha, "alpha", R"({"GITHUB_TOKEN":{"type":"plain","value":"ghp"}})", 2);
  nt::InTxn<Done>(*store, [&](StoreTxn& t) {
    ProjectRow p;
    p.id = "e5e5e5e5-0000-4000-8000-0000000000e5", p.company_id = kCompany, p.name = "Road Map";
    p.env = R"({"DB_URL":"postgres://x"})";
    p.created_at = p.updated_at = "2026-01-03T00:00:00.000Z";
    return t.InsertProject(p);
  });
  auto list = [&](DeclarationOptions options) {
    return nt::InTxn<CompanyDeclarations>(*store, [&](StoreTxn& t) {
      return CompanyEnvDeclarations(t, kCompany, options);
    });
  };
  const CompanyDeclarations all = list({});
  std::vector<std::string> got;
  for (const auto& i : all.inputs) {
    got.push_back(i.agent_slug.value_or(i.project_slug.value_or("-")) + "/" + i.key + "/" +
                  std::string(EnvInputKindName(i.kind)) + "/" + i.default_value.value_or("null"));
  }
  // Agents by name ("alpha" before "Zed Bot"), then projects; PATH omitted.
  BOOST_TEST((got == std::vector<std::string>{"alpha/GITHUB_TOKEN/secret/", "zed-bot/OPENAI_API_KEY/secret/",
                                              "zed-bot/ACCESSTOKEN/secret/", "zed-bot/MODE/plain/fast",
                                              "zed-bot/TOOL/plain//usr/bin/tool", "road-map/DB_URL/plain/postgres://x"}),
             boost::test_tools::per_element());
  BOOST_TEST(all.warnings.size() == 2u);  // PATH omitted, TOOL system-dependent

  // Paperclip's SENS-3 alone exports ACCESSTOKEN's value (a SENS-1 key).
  const CompanyDeclarations compat = list({false, true});
  BOOST_TEST(compat.inputs[2].key == "ACCESSTOKEN");
  BOOST_TEST(*compat.inputs[2].default_value == "tok-PLAIN");

  const CompanyDeclarations secrets_only = list({true, false});
  BOOST_TEST(secrets_only.inputs.size() == 3u);
  const std::string json = DumpJson(DeclarationsJson(kCompany, secrets_only));
  BOOST_TEST(json.find("sk-z") == std::string::npos);
  BOOST_TEST(json.find("tok-PLAIN") == std::string::npos);
  BOOST_TEST(J(json)["envInputs"][0]["agentSlug"] == "alpha");
}
