#define BOOST_TEST_MODULE native_env_target
#include <boost/test/unit_test.hpp>

#include <map>
#include <string>

#include "clasp/native/env_target_service.h"
#include "clasp/native/secret_service.h"
#include "clasp/native/sqlite_store.h"
#include "native_test_support.h"
#include "test_support.h"

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;
using clasp::test::J;

namespace clasp {
inline std::ostream& operator<<(std::ostream& os, BindingChangeKind k) { return os << BindingChangeKindName(k); }
inline std::ostream& operator<<(std::ostream& os, DeleteReason r) { return os << DeleteReasonName(r); }
}  // namespace clasp

namespace {

const std::string kCompany = "a5e14a02-7d61-4b70-b6f8-27742a6ad3a7";
const std::string kOther = "0b7d3c36-2f0e-4c55-9a53-8d1c0d7c1e11";
const std::string kPlainMarker = "debug-PLAIN-MARKER-91c2";
const std::string kPlaceholder = R"({"type":"plain","value":"***REDACTED***"})";

std::string Ref(const std::string& id) { return R"({"type":"secret_ref","secretId":")" + id + "\"}"; }

struct Fixture {
  nt::TempDir dir;
  MapEnvVars vars{std::map<std::string, std::string, std::less<>>{
      {"PAPERCLIP_SECRETS_MASTER_KEY", std::string(64, 'b')}, {"CLASP_HOME", dir.path()}}};
  nt::CountingRandom random;
  nt::FixedClock clock;
  std::unique_ptr<SqliteStore> store = Open(dir.path() + "/clasp.sqlite3");
  std::unique_ptr<CipherSource> ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), random);
  SecretService secrets{*store, *ciphers, random, clock};
  EnvTargetService service{*store, random, clock};
  SecretRow s1, s2, foreign;

  Fixture() {
    for (const std::string& id : {kCompany, kOther}) {
      nt::InTxn<Done>(*store, [&](StoreTxn& t) {
        return t.InsertCompany(CompanyRow{id, "Company " + id.substr(0, 4), "2026-01-01T00:00:00.000Z",
                                          "2026-01-01T00:00:00.000Z"});
      });
    }
    s1 = nt::CreateSecret(secrets, kCompany, "OpenAI", "sk-one");
    s2 = nt::CreateSecret(secrets, kCompany, "GitHub", "gh-two");
    foreign = nt::CreateSecret(secrets, kOther, "Theirs", "sk-theirs");
  }

  static std::unique_ptr<SqliteStore> Open(const std::string& path) {
    auto s = SqliteStore::Open(path);
    BOOST_TEST_REQUIRE(s.ok());
    return std::move(*s.value);
  }

  AgentWrite MustCreateAgent(const std::string& body) {
    auto r = service.CreateAgent(kCompany, J(body));
    BOOST_TEST_REQUIRE(r.ok(), (r.diagnostics.empty() ? "" : r.diagnostics[0].message));
    BOOST_TEST_REQUIRE(r.value->has_value());
    return std::move(**r.value);
  }
  AgentWrite MustUpdateAgent(const std::string& id, const std::string& patch) {
    auto r = service.UpdateAgent(id, J(patch));
    BOOST_TEST_REQUIRE(r.ok(), (r.diagnostics.empty() ? "" : r.diagnostics[0].message));
    BOOST_TEST_REQUIRE(r.value->has_value());
    return std::move(**r.value);
  }
  AgentRow Agent(const std::string& id) {
    auto r = service.GetAgent(id);
    BOOST_TEST_REQUIRE(r.ok());
    BOOST_TEST_REQUIRE(r.value->has_value());
    return **r.value;
  }
  OrderedJson StoredEnv(const std::string& agent_id) { return J(Agent(agent_id).adapter_config)["env"]; }
  std::vector<BindingRow> Bindings(const std::string& type, const std::string& id) {
    return nt::InTxn<std::vector<BindingRow>>(*store,
                                              [&](StoreTxn& t) { return t.ListTargetBindings(kCompany, type, id); });
  }
};

std::string FirstMessage(const std::vector<Diagnostic>& d) { return d.empty() ? "" : d[0].message; }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(env_target, Fixture)

BOOST_AUTO_TEST_CASE(create_agent_with_refs_binds_them) {
  const AgentWrite w = MustCreateAgent(R"({"name":"Coder","adapterConfig":{"model":"m","env":{"OPENAI_API_KEY":)" +
                                       Ref(s1.id) + R"(,"GH":)" + Ref(s2.id) + R"(,"LOG":"debug"}}})");
  BOOST_TEST(w.agent.role == "general");
  BOOST_TEST(w.agent.status == "idle");
  BOOST_TEST(w.agent.adapter_type == "process");
  BOOST_TEST(w.binding_changes.size() == 2u);
  for (const AppliedBindingChange& c : w.binding_changes) BOOST_TEST(c.kind == BindingChangeKind::kInsert);
  const auto rows = Bindings("agent", w.agent.id);
  BOOST_REQUIRE(rows.size() == 2u);
  std::map<std::string, std::string> by_path;
  for (const BindingRow& r : rows) by_path[r.config_path] = r.secret_id;
  BOOST_TEST(by_path["env.OPENAI_API_KEY"] == s1.id);
  BOOST_TEST(by_path["env.GH"] == s2.id);
  // The persisted env is NormalizeEnv's canonical form.
  const OrderedJson env = StoredEnv(w.agent.id);
  BOOST_TEST(env["LOG"] == J(R"({"type":"plain","value":"debug"})"));
  BOOST_TEST(env["GH"]["version"] == "latest");
  BOOST_TEST(env["GH"]["projectionClass"] == "unclassified");
}

BOOST_AUTO_TEST_CASE(patch_dropping_a_ref_deletes_its_binding_and_says_so) {
  const AgentWrite w =
      MustCreateAgent(R"({"name":"A","adapterConfig":{"env":{"K":)" + Ref(s1.id) + R"(,"J":)" + Ref(s2.id) + "}}}");
  const AgentWrite u = MustUpdateAgent(w.agent.id, R"({"adapterConfig":{"env":{"K":)" + Ref(s1.id) + "}}}");
  BOOST_REQUIRE(u.binding_changes.size() == 2u);
  BOOST_TEST(u.binding_changes[0].kind == BindingChangeKind::kKeep);
  BOOST_TEST(u.binding_changes[1].kind == BindingChangeKind::kDelete);
  BOOST_TEST(u.binding_changes[1].reason == DeleteReason::kRefRemoved);
  BOOST_TEST(u.binding_changes[1].row.config_path == "env.J");
  const auto rows = Bindings("agent", w.agent.id);
  BOOST_REQUIRE(rows.size() == 1u);
  BOOST_TEST(rows[0].config_path == "env.K");
  // Removing the last ref unbinds (the env is the truth), and the delete is reported.
  const AgentWrite last = MustUpdateAgent(w.agent.id, R"({"adapterConfig":{"env":{"LOG":"x"}}})");
  BOOST_REQUIRE(last.binding_changes.size() == 1u);
  BOOST_TEST(last.binding_changes[0].kind == BindingChangeKind::kDelete);
  BOOST_TEST(Bindings("agent", w.agent.id).empty());
}

BOOST_AUTO_TEST_CASE(get_redacts_every_plain_value) {
  const AgentWrite w = MustCreateAgent(R"({"name":"A","adapterConfig":{"apiKey":"sk-raw","env":{"LOG":")" +
                                       kPlainMarker + R"(","K":)" + Ref(s1.id) + "}}}");
  const OrderedJson json = AgentJson(Agent(w.agent.id));
  const std::string text = DumpJson(json);
  BOOST_TEST(text.find(kPlainMarker) == std::string::npos);
  BOOST_TEST(text.find("sk-raw") == std::string::npos);
  BOOST_TEST(json["adapterConfig"]["env"]["LOG"] == J(kPlaceholder));
  BOOST_TEST(json["adapterConfig"]["env"]["K"]["secretId"] == s1.id);
  BOOST_TEST(json["companyId"] == kCompany);
  BOOST_TEST(json["adapterType"] == "process");
  BOOST_TEST(json["title"].is_null());
  auto list = service.ListAgents(kCompany);
  BOOST_REQUIRE(list.ok());
  BOOST_TEST(list.value->size() == 1u);
}

BOOST_AUTO_TEST_CASE(get_then_patch_with_placeholders_keeps_stored_values) {
  const AgentWrite w = MustCreateAgent(R"({"name":"A","adapterConfig":{"env":{"LOG":")" + kPlainMarker +
                                       R"(","K":)" + Ref(s1.id) + "}}}");
  const OrderedJson before = StoredEnv(w.agent.id);
  OrderedJson patch = OrderedJson::object();
  patch["adapterConfig"] = AgentJson(Agent(w.agent.id))["adapterConfig"];
  patch["adapterConfig"]["env"]["NEW"] = "v";
  auto r = service.UpdateAgent(w.agent.id, patch);
  BOOST_REQUIRE(r.ok());
  const OrderedJson after = StoredEnv(w.agent.id);
  BOOST_TEST(after["LOG"] == before["LOG"]);
  BOOST_TEST(after["LOG"]["value"] == kPlainMarker);
  BOOST_TEST(after["K"] == before["K"]);
  BOOST_TEST(after["NEW"]["value"] == "v");
  BOOST_TEST((*r.value)->binding_changes.size() == 1u);
  BOOST_TEST((*r.value)->binding_changes[0].kind == BindingChangeKind::kKeep);
}

BOOST_AUTO_TEST_CASE(placeholder_for_a_new_key_is_red1) {
  const AgentWrite w = MustCreateAgent(R"({"name":"A","adapterConfig":{"env":{"LOG":"x"}}})");
  auto r = service.UpdateAgent(w.agent.id, J(R"({"adapterConfig":{"env":{"OTHER":)" + kPlaceholder + "}}}"));
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.diagnostics[0].code == Code::kEnvRedactedPlaceholder);
  BOOST_TEST(r.diagnostics[0].http_status == 422);
  BOOST_TEST(r.diagnostics[0].message == "Refusing to persist redacted placeholder for key: OTHER");
  BOOST_TEST(r.diagnostics[0].path == "/adapterConfig/env/OTHER");
  // On create there is nothing to restore from.
  auto c = service.CreateAgent(kCompany, J(R"({"name":"B","adapterConfig":{"env":{"LOG":)" + kPlaceholder + "}}}"));
  BOOST_TEST(FirstMessage(c.diagnostics) == "Refusing to persist redacted placeholder for key: LOG");
  // The bare string is never restored.
  auto bare = service.UpdateAgent(w.agent.id, J(R"({"adapterConfig":{"env":{"LOG":"***REDACTED***"}}})"));
  BOOST_TEST(FirstMessage(bare.diagnostics) == "Refusing to persist redacted placeholder for key: LOG");
  BOOST_TEST(StoredEnv(w.agent.id)["LOG"]["value"] == "x");
}

BOOST_AUTO_TEST_CASE(strict_mode_wants_refs_for_sensitive_keys) {
  EnvTargetService strict{*store, random, clock, EnvWritePolicy{true, std::nullopt}};
  auto plain = strict.CreateAgent(kCompany, J(R"({"name":"A","adapterConfig":{"env":{"OPENAI_API_KEY":"sk-1"}}})"));
  BOOST_REQUIRE(!plain.ok());
  BOOST_TEST(plain.diagnostics[0].code == Code::kStrictSensitivePlain);
  BOOST_TEST(plain.diagnostics[0].message ==
             "Strict secret mode requires secret references for sensitive key: OPENAI_API_KEY");
  BOOST_TEST(plain.diagnostics[0].http_status == 422);
  // clasp's default policy also covers GITHUB_TOKEN (SENS-2/3), which Paperclip's SENS-1 lets through.
  BOOST_TEST(!strict.CreateAgent(kCompany, J(R"({"name":"A","adapterConfig":{"env":{"GITHUB_TOKEN":"g"}}})")).ok());
  auto ref = strict.CreateAgent(kCompany, J(R"({"name":"A","adapterConfig":{"env":{"OPENAI_API_KEY":)" +
                                            Ref(s1.id) + "}}}"));
  BOOST_TEST(ref.ok());
  auto agents = service.ListAgents(kCompany);
  BOOST_REQUIRE(agents.ok());
  BOOST_TEST(agents.value->size() == 1u);
}

BOOST_AUTO_TEST_CASE(secret_of_another_company_is_refused_first) {
  // "A" comes before "1X" in Object.entries order, so its SEC-1 error is Paperclip's answer.
  auto r = service.CreateAgent(kCompany, J(R"({"name":"A","adapterConfig":{"env":{"A":)" + Ref(foreign.id) +
                                           R"(,"1X":"v"}}})"));
  BOOST_REQUIRE(!r.ok());
  BOOST_REQUIRE(r.diagnostics.size() == 2u);
  BOOST_TEST(r.diagnostics[0].message == "Secret must belong to same company");
  BOOST_TEST(r.diagnostics[0].http_status == 422);
  BOOST_TEST(r.diagnostics[0].path == "/adapterConfig/env/A");
  BOOST_TEST(r.diagnostics[1].message == "Invalid environment variable name: 1X");
  auto missing = service.CreateAgent(
      kCompany, J(R"({"name":"A","adapterConfig":{"env":{"K":)" + Ref("00000000-0000-4000-8000-000000000000") + "}}}"));
  BOOST_TEST(FirstMessage(missing.diagnostics) == "Secret not found");
  BOOST_TEST(missing.diagnostics[0].http_status == 404);
  auto agents = service.ListAgents(kCompany);
  BOOST_TEST(agents.value->empty());
}

BOOST_AUTO_TEST_CASE(non_uuid_secret_id_is_papeclips_400) {
  auto r = service.CreateAgent(kCompany, J(R"({"name":"A","adapterConfig":{"env":{"K":)" + Ref("not-a-uuid") + "}}}"));
  BOOST_REQUIRE(!r.ok());
  BOOST_REQUIRE(r.diagnostics.size() == 1u);
  BOOST_TEST(r.diagnostics[0].message == "adapterConfig.env must be a map of valid env bindings");
  BOOST_TEST(r.diagnostics[0].http_status == 400);
  BOOST_TEST(r.diagnostics[0].path == "/adapterConfig/env");
}

BOOST_AUTO_TEST_CASE(a_refused_write_changes_nothing) {
  const AgentWrite w =
      MustCreateAgent(R"({"name":"A","adapterConfig":{"env":{"K":)" + Ref(s1.id) + R"(,"LOG":"x"}}})");
  const AgentRow before = Agent(w.agent.id);
  const auto rows_before = Bindings("agent", w.agent.id);
  for (const std::string& patch : std::vector<std::string>{
           R"({"name":"B","adapterConfig":{"env":{"J":)" + Ref(s2.id) + R"(,"bad key":"v"}}})",
           R"({"name":"B","adapterConfig":{"env":{"J":)" + Ref(foreign.id) + "}}}",
           std::string(R"({"name":"","adapterConfig":{"env":{}}})"),
           R"({"adapterConfig":{"env":{"J":{"type":"secret_ref","secretId":")" + s2.id +
               R"(","projectionClass":"class_3_static_lease"}}}})"}) {
    auto r = service.UpdateAgent(w.agent.id, J(patch));
    BOOST_TEST(!r.ok(), patch);
    const AgentRow after = Agent(w.agent.id);
    BOOST_TEST(after.name == before.name);
    BOOST_TEST(after.adapter_config == before.adapter_config);
    BOOST_TEST(after.updated_at == before.updated_at);
    const auto rows_after = Bindings("agent", w.agent.id);
    BOOST_REQUIRE(rows_after.size() == rows_before.size());
    BOOST_TEST(rows_after[0].id == rows_before[0].id);
  }
}

BOOST_AUTO_TEST_CASE(merge_replace_and_adapter_type_change) {
  const AgentWrite w = MustCreateAgent(R"({"name":"A","adapterConfig":{"model":"m1","cwd":"/w","env":{"K":)" +
                                       Ref(s1.id) + "}}}");
  // Merge: env untouched, bindings kept (same row id).
  const AgentWrite merged = MustUpdateAgent(w.agent.id, R"({"adapterConfig":{"model":"m2"}})");
  BOOST_REQUIRE(merged.binding_changes.size() == 1u);
  BOOST_TEST(merged.binding_changes[0].kind == BindingChangeKind::kKeep);
  BOOST_TEST(merged.binding_changes[0].row.id == w.binding_changes[0].row.id);
  BOOST_TEST(J(Agent(w.agent.id).adapter_config)["model"] == "m2");
  // A name-only patch does not sync at all.
  BOOST_TEST(MustUpdateAgent(w.agent.id, R"({"name":"Renamed","title":"Lead"})").binding_changes.empty());
  BOOST_TEST(*Agent(w.agent.id).title == "Lead");
  // Changing adapter type keeps env and cwd, drops the rest.
  MustUpdateAgent(w.agent.id, R"({"adapterType":"claude_local","adapterConfig":{"effort":"high"}})");
  const OrderedJson swapped = J(Agent(w.agent.id).adapter_config);
  BOOST_TEST(swapped.contains("env"));
  BOOST_TEST(swapped["cwd"] == "/w");
  BOOST_TEST(!swapped.contains("model"));
  BOOST_TEST(Agent(w.agent.id).adapter_type == "claude_local");
  // replaceAdapterConfig without env: no env, so every binding goes, each reported.
  const AgentWrite replaced = MustUpdateAgent(w.agent.id, R"({"replaceAdapterConfig":true,"adapterConfig":{"x":1}})");
  BOOST_REQUIRE(replaced.binding_changes.size() == 1u);
  BOOST_TEST(replaced.binding_changes[0].kind == BindingChangeKind::kDelete);
  BOOST_TEST(J(Agent(w.agent.id).adapter_config) == J(R"({"x":1})"));
  BOOST_TEST(Bindings("agent", w.agent.id).empty());
}

BOOST_AUTO_TEST_CASE(missing_rows_are_values_not_errors) {
  auto agent = service.UpdateAgent("00000000-0000-4000-8000-00000000dead", J(R"({"name":"x"})"));
  BOOST_TEST(agent.ok());
  BOOST_TEST(!agent.value->has_value());
  auto company = service.CreateAgent("00000000-0000-4000-8000-00000000beef", J(R"({"name":"x"})"));
  BOOST_TEST(company.ok());
  BOOST_TEST(!company.value->has_value());
  auto project = service.GetProject("nope");
  BOOST_TEST(project.ok());
  BOOST_TEST(!project.value->has_value());
}

BOOST_AUTO_TEST_CASE(project_env_takes_the_same_path) {
  auto c = service.CreateProject(kCompany, J(R"({"name":"P","env":{"LOG":")" + kPlainMarker + R"(","K":)" +
                                             Ref(s1.id) + "}}"));
  BOOST_REQUIRE(c.ok());
  const ProjectWrite created = std::move(**c.value);
  BOOST_TEST(created.project.status == "backlog");
  BOOST_REQUIRE(created.binding_changes.size() == 1u);
  BOOST_TEST(Bindings("project", created.project.id).size() == 1u);
  const OrderedJson json = ProjectJson(created.project);
  BOOST_TEST(DumpJson(json).find(kPlainMarker) == std::string::npos);
  BOOST_TEST(json["env"]["LOG"] == J(kPlaceholder));
  // Round trip with placeholders, dropping K: LOG keeps its value, K's binding goes.
  OrderedJson patch = OrderedJson::object();
  patch["env"] = OrderedJson::object();
  patch["env"]["LOG"] = json["env"]["LOG"];
  auto u = service.UpdateProject(created.project.id, patch);
  BOOST_REQUIRE(u.ok());
  BOOST_REQUIRE((*u.value)->binding_changes.size() == 1u);
  BOOST_TEST((*u.value)->binding_changes[0].reason == DeleteReason::kRefRemoved);
  BOOST_TEST(J(*(*u.value)->project.env)["LOG"]["value"] == kPlainMarker);
  BOOST_TEST(Bindings("project", created.project.id).empty());
  // The same refusals, rooted at /env.
  auto red = service.UpdateProject(created.project.id, J(R"({"env":{"NEW":)" + kPlaceholder + "}}"));
  BOOST_TEST(FirstMessage(red.diagnostics) == "Refusing to persist redacted placeholder for key: NEW");
  BOOST_TEST(red.diagnostics[0].path == "/env/NEW");
  auto foreign_ref = service.UpdateProject(created.project.id, J(R"({"env":{"K":)" + Ref(foreign.id) + "}}"));
  BOOST_TEST(FirstMessage(foreign_ref.diagnostics) == "Secret must belong to same company");
  auto null_env = service.UpdateProject(created.project.id, J(R"({"env":null})"));
  BOOST_TEST(FirstMessage(null_env.diagnostics) == "env must be an object");
  BOOST_TEST(null_env.diagnostics[0].http_status == 422);
  auto bad = service.UpdateProject(created.project.id, J(R"({"env":{"K":)" + Ref("zzz") + "}}"));
  BOOST_TEST(bad.diagnostics[0].http_status == 400);
  BOOST_TEST(bad.diagnostics[0].path == "/env/K");
  // A patch without env leaves env and bindings alone.
  auto renamed = service.UpdateProject(created.project.id, J(R"({"name":"Q","status":"planned"})"));
  BOOST_REQUIRE(renamed.ok());
  BOOST_TEST((*renamed.value)->binding_changes.empty());
  BOOST_TEST(J(*(*renamed.value)->project.env)["LOG"]["value"] == kPlainMarker);
  auto list = service.ListProjects(kCompany);
  BOOST_REQUIRE(list.ok());
  BOOST_TEST(list.value->size() == 1u);
}

BOOST_AUTO_TEST_CASE(hostile_bodies_get_diagnostics) {
  for (const char* body : {R"([1,2])", R"("str")", "null", R"({"name":5})", R"({"name":[]})",
                           R"({"name":"A","role":"king"})", R"({"name":"A","adapterConfig":"x"})",
                           R"({"name":"A","adapterConfig":{"env":[]}})", R"({"name":"A","adapterConfig":{"env":null}})",
                           R"({"name":"A","adapterType":"  "})", R"({"name":"A","runtimeConfig":{"modelProfiles":{}}})",
                           R"({"name":"A","title":7})"}) {
    auto r = service.CreateAgent(kCompany, J(body));
    BOOST_TEST(!r.ok(), body);
    BOOST_TEST(!r.diagnostics.empty(), body);
    BOOST_TEST(r.diagnostics[0].http_status == 400, body);
  }
  const AgentWrite w = MustCreateAgent(R"({"name":"A"})");
  for (const char* patch : {R"({"permissions":{}})", R"({"replaceAdapterConfig":"yes"})", R"({"status":"asleep"})"}) {
    auto r = service.UpdateAgent(w.agent.id, J(patch));
    BOOST_TEST(!r.ok(), patch);
    BOOST_TEST(r.diagnostics[0].http_status == 400, patch);
  }
  for (const char* body : {R"({"name":"P","status":"done"})", R"({"name":"P","env":[1]})", R"({"description":1})"}) {
    auto r = service.CreateProject(kCompany, J(body));
    BOOST_TEST(!r.ok(), body);
    BOOST_TEST(r.diagnostics[0].http_status == 400, body);
  }
}

BOOST_AUTO_TEST_CASE(ten_thousand_keys_and_deep_nesting) {
  OrderedJson env = OrderedJson::object();
  for (int i = 0; i < 10000; ++i) env["K" + std::to_string(i)] = "v";
  env["REF"] = J(Ref(s1.id));
  OrderedJson body = OrderedJson::object();
  body["name"] = "Big";
  body["adapterConfig"]["env"] = env;
  const AgentWrite w = MustCreateAgent(body.dump());
  BOOST_TEST(w.binding_changes.size() == 1u);
  BOOST_TEST(AgentJson(Agent(w.agent.id))["adapterConfig"]["env"].size() == 10001u);
  OrderedJson bad = env;
  bad["9bad"] = "v";
  OrderedJson patch = OrderedJson::object();
  patch["adapterConfig"]["env"] = bad;
  auto r = service.UpdateAgent(w.agent.id, patch);
  BOOST_TEST(FirstMessage(r.diagnostics) == "Invalid environment variable name: 9bad");

  OrderedJson deep = "leaf";
  for (int i = 0; i < 100000; ++i) {
    OrderedJson wrap = OrderedJson::array();
    wrap.push_back(std::move(deep));
    deep = std::move(wrap);
  }
  OrderedJson deep_body = OrderedJson::object();
  deep_body["name"] = "Deep";
  deep_body["adapterConfig"]["nested"] = std::move(deep);
  auto d = service.CreateAgent(kCompany, deep_body);
  BOOST_TEST(!d.ok());
  BOOST_TEST(d.diagnostics[0].code == Code::kInputTooDeep);
  BOOST_TEST(service.UpdateAgent(w.agent.id, deep_body).diagnostics[0].code == Code::kInputTooDeep);
}

BOOST_AUTO_TEST_CASE(sync_env_bindings_still_runs_alone) {
  auto r = secrets.SyncEnvBindings(kCompany, BindingTarget{"routine", "r1", "env"}, J(R"({"K":)" + Ref(s1.id) + "}"));
  BOOST_REQUIRE(r.ok());
  BOOST_REQUIRE(r.value->size() == 1u);
  BOOST_TEST(Bindings("routine", "r1").size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
