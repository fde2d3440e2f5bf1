#define BOOST_TEST_MODULE run_env
#include <boost/test/unit_test.hpp>

#include "test_support.h"

#include <string>
#include <vector>

#include "clasp/run_env.h"

using namespace clasp;
using clasp::test::J;

namespace {

const std::string kCompany = "c0000000-0000-4000-8000-000000000001";
const std::string kAgent = "a0000000-0000-4000-8000-000000000001";
const std::string kProject = "b0000000-0000-4000-8000-000000000001";
const std::string kS = "5e000000-0000-4000-8000-00000000000a";
const std::string kT = "5e000000-0000-4000-8000-00000000000b";
const std::string kP = "5e000000-0000-4000-8000-00000000000c";

OrderedJson Ref(const std::string& secret, const OrderedJson& version = "latest") {
  return {{"type", "secret_ref"}, {"secretId", secret}, {"version", version}};
}

BindingRow Row(const std::string& id, const std::string& type, const std::string& target, const std::string& path,
               const std::string& secret, const std::string& company = kCompany) {
  BindingRow row;
  row.id = id, row.company_id = company, row.target_type = type, row.target_id = target;
  row.config_path = path, row.secret_id = secret;
  return row;
}

RunEnvInput Input(OrderedJson agent_env) {
  RunEnvInput in;
  in.company_id = kCompany;
  in.agent_id = kAgent;
  in.agent_env = std::move(agent_env);
  return in;
}

const RunEnvEntry* Find(const RunEnvPlan& plan, const std::string& key) {
  for (const auto& e : plan.entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

std::string Keys(const RunEnvPlan& plan) {
  std::string out;
  for (const auto& e : plan.entries) out += (out.empty() ? "" : ",") + e.key;
  return out;
}

// code|path|message per diagnostic, for exact comparisons.
std::vector<std::string> Lines(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics) out.push_back(std::string(CodeName(d.code)) + "|" + d.path + "|" + d.message);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(bound_agent_ref_is_planned_with_its_binding) {
  RunEnvInput in = Input(OrderedJson{{"OPENAI_API_KEY", Ref(kS, 3)}, {"MODEL", "gpt"}});
  in.bindings = {Row("b1", "agent", kAgent, "env.OPENAI_API_KEY", kS)};
  const RunEnvPlan plan = PlanRunEnv(in);
  BOOST_TEST(plan.ok());
  BOOST_TEST(plan.missing.empty());
  BOOST_TEST(Keys(plan) == "OPENAI_API_KEY,MODEL");
  const RunEnvEntry* key = Find(plan, "OPENAI_API_KEY");
  BOOST_REQUIRE(key && key->secret);
  BOOST_TEST(!key->plain);
  BOOST_TEST(key->secret->config_path == "env.OPENAI_API_KEY");
  BOOST_TEST(key->secret->target_type == "agent");
  BOOST_TEST(key->secret->target_id == kAgent);
  BOOST_TEST(key->secret->secret_id == kS);
  BOOST_TEST(key->secret->binding_id == "b1");
  BOOST_TEST(!key->secret->version.latest);
  BOOST_TEST(key->secret->version.number == 3);
  const RunEnvEntry* model = Find(plan, "MODEL");
  BOOST_REQUIRE(model);
  BOOST_TEST(*model->plain == "gpt");
  BOOST_TEST(!model->secret);
}

BOOST_AUTO_TEST_CASE(every_unbound_ref_is_listed_before_anything_resolves) {
  RunEnvInput in = Input(OrderedJson{{"A_KEY", Ref(kS)}, {"PLAIN", {{"type", "plain"}, {"value", "v"}}},
                                     {"B_KEY", Ref(kT)}, {"C_KEY", Ref(kP)}});
  // C_KEY is bound; A_KEY's row belongs to another company, B_KEY has none.
  in.bindings = {Row("x", "agent", kAgent, "env.A_KEY", kS, "c0000000-0000-4000-8000-000000000002"),
                 Row("c", "agent", kAgent, "env.C_KEY", kP)};
  const RunEnvPlan plan = PlanRunEnv(in);
  BOOST_TEST(!plan.ok());
  BOOST_TEST(Lines(plan.diagnostics) ==
                 (std::vector<std::string>{
                     "binding_missing|/agent/A_KEY|Secret is not bound to agent:" + kAgent + " at env.A_KEY",
                     "binding_missing|/agent/B_KEY|Secret is not bound to agent:" + kAgent + " at env.B_KEY"}),
             boost::test_tools::per_element());
  BOOST_REQUIRE(plan.missing.size() == 2u);
  BOOST_TEST(plan.missing[0].env_key == "A_KEY");
  BOOST_TEST(plan.missing[0].secret_id == kS);
  BOOST_TEST(!plan.missing[0].bound_secret_id);
  BOOST_TEST(plan.missing[1].config_path == "env.B_KEY");
  BOOST_TEST(plan.missing[0].diagnostic.http_status == 422);
  BOOST_TEST(Keys(plan) == "PLAIN,C_KEY");
  BOOST_TEST(ConfigurationIncompleteMessage(plan.missing) ==
             "configuration incomplete: secret " + kS + " not bound at agent env.A_KEY; secret " + kT +
                 " not bound at agent env.B_KEY");
}

BOOST_AUTO_TEST_CASE(a_row_for_another_secret_does_not_bind) {
  RunEnvInput in = Input(OrderedJson{{"K", Ref(kS)}});
  in.bindings = {Row("b1", "agent", kAgent, "env.K", kT)};
  RunEnvPlan plan = PlanRunEnv(in);
  BOOST_REQUIRE(plan.missing.size() == 1u);
  BOOST_TEST(*plan.missing[0].bound_secret_id == kT);
  BOOST_TEST(plan.missing[0].diagnostic.message == "Secret is not bound to agent:" + kAgent + " at env.K");
  plan.missing[0].secret_name = "OpenAI";
  BOOST_TEST(MissingBindingSummary(plan.missing[0]) == "secret \"OpenAI\" not bound at agent env.K");
  const OrderedJson json = MissingBindingJson(plan.missing[0]);
  BOOST_TEST(json == (OrderedJson{{"consumerType", "agent"},
                                  {"consumerId", kAgent},
                                  {"configPath", "env.K"},
                                  {"envKey", "K"},
                                  {"bindingType", "secret_ref"},
                                  {"secretId", kS},
                                  {"secretName", "OpenAI"},
                                  {"boundSecretId", kT},
                                  {"code", "binding_missing"},
                                  {"path", "/agent/K"},
                                  {"message", "Secret is not bound to agent:" + kAgent + " at env.K"}}));
  // Secret ids are uuids: the row matches whatever the hex case.
  std::string upper = kS;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  in.bindings = {Row("b2", "agent", kAgent, "env.K", upper)};
  BOOST_TEST(PlanRunEnv(in).ok());
}

BOOST_AUTO_TEST_CASE(project_overrides_an_agent_secret_and_the_shadowed_ref_needs_no_binding) {
  RunEnvInput in = Input(OrderedJson{{"OPENAI_API_KEY", Ref(kS)}, {"MODEL", "a"}});
  in.project_id = kProject;
  in.project_env = OrderedJson{{"OPENAI_API_KEY", Ref(kP)}, {"MODEL", "b"}};
  in.bindings = {Row("p1", "project", kProject, "env.OPENAI_API_KEY", kP)};
  const RunEnvPlan plan = PlanRunEnv(in);
  BOOST_TEST(plan.ok());
  BOOST_TEST(plan.missing.empty());
  const RunEnvEntry* key = Find(plan, "OPENAI_API_KEY");
  BOOST_REQUIRE(key && key->secret);
  BOOST_TEST(EnvLayerName(key->layer) == "project");
  BOOST_TEST(key->shadowed.size() == 1u);
  BOOST_TEST(EnvLayerName(key->shadowed.at(0)) == "agent");
  BOOST_TEST(key->secret->secret_id == kP);
  BOOST_TEST(key->secret->target_type == "project");
  BOOST_TEST(key->secret->target_id == kProject);
  BOOST_TEST(key->secret->binding_id == "p1");
  BOOST_TEST(*Find(plan, "MODEL")->plain == "b");
}

BOOST_AUTO_TEST_CASE(a_project_ref_is_checked_against_the_project_binding_only) {
  RunEnvInput in = Input(OrderedJson::object());
  in.project_id = kProject;
  in.project_env = OrderedJson{{"K", Ref(kP)}};
  // The agent holds a row for the same secret at the same path: not the project's.
  in.bindings = {Row("a1", "agent", kAgent, "env.K", kP)};
  const RunEnvPlan plan = PlanRunEnv(in);
  BOOST_TEST(Lines(plan.diagnostics) ==
                 (std::vector<std::string>{"binding_missing|/project/K|Secret is not bound to project:" + kProject +
                                           " at env.K"}),
             boost::test_tools::per_element());
  BOOST_REQUIRE(plan.missing.size() == 1u);
  BOOST_TEST(plan.missing[0].target_type == "project");
  // Without a project id the project's env is not part of the run.
  in.project_id.reset();
  const RunEnvPlan agent_only = PlanRunEnv(in);
  BOOST_TEST(agent_only.ok());
  BOOST_TEST(agent_only.entries.empty());
}

BOOST_AUTO_TEST_CASE(runtime_paperclip_variables_are_applied_last) {
  RunEnvInput in = Input(OrderedJson{{"PAPERCLIP_AGENT_ID", Ref(kS)}, {"PAPERCLIP_CUSTOM", "mine"}, {"A", "1"}});
  in.project_id = kProject;
  in.project_env = OrderedJson{{"PAPERCLIP_AGENT_ID", "from-project"}};
  in.runtime = OrderedJson{{"PAPERCLIP_AGENT_ID", kAgent}, {"PAPERCLIP_COMPANY_ID", kCompany}};
  const RunEnvPlan plan = PlanRunEnv(in);
  // The unbound agent ref under PAPERCLIP_AGENT_ID is overridden, so not required.
  BOOST_TEST(plan.ok());
  BOOST_TEST(plan.missing.empty());
  BOOST_TEST(Keys(plan) == "PAPERCLIP_AGENT_ID,PAPERCLIP_CUSTOM,A,PAPERCLIP_COMPANY_ID");
  const RunEnvEntry* id = Find(plan, "PAPERCLIP_AGENT_ID");
  BOOST_TEST(*id->plain == kAgent);
  BOOST_TEST(EnvLayerName(id->layer) == "runtime");
  BOOST_TEST(id->shadowed.size() == 2u);
  BOOST_TEST(*Find(plan, "PAPERCLIP_CUSTOM")->plain == "mine");
  BOOST_TEST(EnvLayerName(Find(plan, "PAPERCLIP_COMPANY_ID")->layer) == "runtime");

  in.runtime = OrderedJson{{"PAPERCLIP_RUN_ID", 7}};
  BOOST_TEST(Lines(PlanRunEnv(in).diagnostics) ==
                 (std::vector<std::string>{
                     "input_wrong_type|/runtime/PAPERCLIP_RUN_ID|runtime variable PAPERCLIP_RUN_ID must be a string, "
                     "got number"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(paperclip_api_key_comes_only_from_the_runtime) {
  RunEnvInput in = Input(OrderedJson{{"PAPERCLIP_API_KEY", Ref(kS)}});
  in.project_id = kProject;
  in.project_env = OrderedJson{{"PAPERCLIP_API_KEY", "typed-in"}};
  RunEnvPlan plan = PlanRunEnv(in);
  BOOST_TEST(plan.ok());
  BOOST_TEST(plan.missing.empty());  // the unbound ref is dropped, never resolved
  BOOST_TEST(plan.entries.empty());
  BOOST_REQUIRE(plan.dropped.size() == 2u);
  BOOST_TEST(EnvLayerName(plan.dropped[0].layer) == "agent");
  BOOST_TEST(EnvLayerName(plan.dropped[1].layer) == "project");
  in.runtime = OrderedJson{{"PAPERCLIP_API_KEY", "run-token"}};
  plan = PlanRunEnv(in);
  BOOST_TEST(*Find(plan, "PAPERCLIP_API_KEY")->plain == "run-token");
  BOOST_TEST(Find(plan, "PAPERCLIP_API_KEY")->shadowed.empty());
}

BOOST_AUTO_TEST_CASE(invalid_entries_that_the_run_would_see_are_errors) {
  RunEnvInput in = Input(OrderedJson{{"1X", "v"}, {"K", {{"type", "secret_ref"}}}, {"SHADOWED", 5}, {"OK", "1"}});
  in.project_id = kProject;
  in.project_env = OrderedJson{{"SHADOWED", "fine"}};
  const RunEnvPlan plan = PlanRunEnv(in);
  BOOST_TEST(Lines(plan.diagnostics) ==
                 (std::vector<std::string>{"env_key_invalid|/agent/1X|Invalid environment variable name: 1X",
                                           "env_binding_invalid|/agent/K|Invalid environment binding for key: K"}),
             boost::test_tools::per_element());
  BOOST_TEST(plan.missing.empty());
  BOOST_TEST(Keys(plan) == "SHADOWED,OK");
  // A layer that is not an object is ignored with env_precedence's warning.
  const RunEnvPlan bad = PlanRunEnv(Input(J(R"(["x"])")));
  BOOST_TEST(bad.ok());
  BOOST_TEST(Lines(bad.diagnostics) ==
                 (std::vector<std::string>{"input_wrong_type|/agent|agent env must be an object, got array; it was ignored"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(user_secret_refs_cannot_be_resolved) {
  RunEnvInput in = Input(J(R"({"GH":{"type":"user_secret_ref","key":"gh.token"},
                               "OPT":{"type":"user_secret_ref","key":"opt","required":false}})"));
  const RunEnvPlan plan = PlanRunEnv(in);
  BOOST_TEST(!plan.ok());
  BOOST_REQUIRE(plan.missing.size() == 1u);
  BOOST_TEST(plan.missing[0].binding_type == "user_secret_ref");
  BOOST_TEST(plan.missing[0].secret_id.empty());
  BOOST_TEST(MissingBindingSummary(plan.missing[0]) == "user secret \"gh.token\" not available at agent env.GH");
  BOOST_TEST(Lines(plan.diagnostics) ==
                 (std::vector<std::string>{
                     "run_env_user_secret_unavailable|/agent/GH|User secret \"gh.token\" is not available at agent:" +
                         kAgent + " env.GH: clasp keeps no user secrets",
                     "run_env_user_secret_unavailable|/agent/OPT|Optional user secret \"opt\" at env.OPT is left out "
                     "of the run"}),
             boost::test_tools::per_element());
  BOOST_TEST((plan.diagnostics[1].severity == Severity::kWarning));
  BOOST_TEST(plan.entries.empty());
}

BOOST_AUTO_TEST_CASE(a_row_failing_bind3_is_reported_like_a_missing_one) {
  RunEnvInput in = Input(OrderedJson{{"K", Ref(kS)}});
  BindingRow row = Row("b1", "agent", kAgent, "env.K", kS);
  row.projection_class = "class_3_static_lease";
  in.bindings = {row};
  const RunEnvPlan plan = PlanRunEnv(in);
  BOOST_REQUIRE(plan.missing.size() == 1u);
  BOOST_TEST(plan.missing[0].diagnostic.code == Code::kBindingClass3AllowlistRequired);
  BOOST_TEST(plan.missing[0].diagnostic.path == "/agent/K");
}

BOOST_AUTO_TEST_CASE(manifest_entry_shape_holds_no_value) {
  RunEnvManifestEntry e{"env.K", EnvKeyOfConfigPath("env.K"), kS, "b1", 2, "local_encrypted", "success"};
  BOOST_TEST(ManifestEntryJson(e) == (OrderedJson{{"configPath", "env.K"},
                                                   {"envKey", "K"},
                                                   {"secretId", kS},
                                                   {"bindingId", "b1"},
                                                   {"version", 2},
                                                   {"provider", "local_encrypted"},
                                                   {"outcome", "success"}}));
  BOOST_TEST(!EnvKeyOfConfigPath("apiKey"));
  RunEnvManifestEntry pending{"env.K", "K", kS, std::nullopt, std::nullopt, "local_encrypted", "pending"};
  BOOST_TEST(ManifestEntryJson(pending)["version"].is_null());
  BOOST_TEST(ManifestEntryJson(pending)["bindingId"].is_null());
}

BOOST_AUTO_TEST_CASE(inherited_environment_loses_the_launchers_credentials) {
  for (const char* kept : {"PATH", "HOME", "LANG", "PAPERCLIP_RUNTIME_API_URL", "PAPERCLIP_LISTEN_HOST",
                           "PAPERCLIP_LISTEN_PORT", "paperclip_secrets_master_key", "CLASP", "PAPERCLIPAI_CMDX",
                           "MY_DATABASE_URL", "PAPERCLIP"}) {
    BOOST_TEST(InheritableVariable(kept), kept);
  }
  for (const char* dropped : {"PAPERCLIP_SECRETS_MASTER_KEY", "PAPERCLIP_SECRETS_MASTER_KEY_FILE", "PAPERCLIP_API_KEY",
                              "PAPERCLIP_", "PAPERCLIP_LISTEN_PORTS", "PAPERCLIPAI_CMD", "CLASP_BOARD_TOKEN",
                              "CLASP_HOME", "CLASP_", "DATABASE_URL", "PGPASSWORD"}) {
    BOOST_TEST(!InheritableVariable(dropped), dropped);
  }
}
