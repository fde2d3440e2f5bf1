// Run env assembly (clasp/native/run_env.h) on a real store, written once.
//
// A suite file defines `struct Backend { std::unique_ptr<SecretStore> Open(); }`
// and then includes this header: native_run_env_test.cpp (SQLite) and
// native_pg_run_env_test.cpp (PostgreSQL, skipped without a server).
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "clasp/native/env_target_service.h"
#include "clasp/native/run_env.h"
#include "clasp/native/secret_service.h"
#include "native_test_support.h"
#include "test_support.h"

namespace run_env_suite {

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;
using clasp::test::J;

const std::string kCompany = "a5e14a02-7d61-4b70-b6f8-27742a6ad3a7";
const std::string kOther = "0b7d3c36-2f0e-4c55-9a53-8d1c0d7c1e11";
const std::string kAgentValue = "sk-agent-VALUE-3f9a";
const std::string kProjectValue = "sk-project-VALUE-77c1";
const std::string kShadowedValue = "sk-shadowed-VALUE-0d2e";

// Counts how often the cipher is asked for: a refused run must not even
// load the master key.
class CountingCiphers final : public CipherSource {
 public:
  explicit CountingCiphers(CipherSource& inner) : inner_(inner) {}
  Result<LocalEncryptedCipher*> Cipher(StoreTxn& txn) override { return ++calls, inner_.Cipher(txn); }
  int calls = 0;

 private:
  CipherSource& inner_;
};

std::string Ref(const std::string& id) { return R"({"type":"secret_ref","secretId":")" + id + R"(","version":"latest"})"; }

struct Fixture {
  Backend backend;
  nt::TempDir home;
  MapEnvVars vars{std::map<std::string, std::string, std::less<>>{
      {"PAPERCLIP_SECRETS_MASTER_KEY", std::string(64, 'b')}, {"CLASP_HOME", home.path()}}};
  nt::FixedClock clock;
  std::unique_ptr<SecretStore> store = backend.Open();
  std::unique_ptr<CipherSource> key_ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), SystemRandom());
  CountingCiphers ciphers{*key_ciphers};
  SecretService secrets{*store, *key_ciphers, SystemRandom(), clock};
  EnvTargetService targets{*store, SystemRandom(), clock};
  SecretRow agent_secret, project_secret, shadowed_secret;

  Fixture() {
    for (const std::string& id : {kCompany, kOther}) {
      nt::InTxn<Done>(*store, [&](StoreTxn& t) {
        return t.InsertCompany(CompanyRow{id, "Company " + id.substr(0, 4), "2026-01-01T00:00:00.000Z",
                                          "2026-01-01T00:00:00.000Z"});
      });
    }
    agent_secret = nt::CreateSecret(secrets, kCompany, "OpenAI", kAgentValue);
    project_secret = nt::CreateSecret(secrets, kCompany, "Project OpenAI", kProjectValue);
    shadowed_secret = nt::CreateSecret(secrets, kCompany, "Shadowed", kShadowedValue);
  }

  // An agent whose env holds `env` (JSON object text); bindings synced.
  AgentRow Agent(const std::string& env, const std::string& company = kCompany) {
    auto r = targets.CreateAgent(company, J(R"({"name":"Coder","adapterConfig":{"env":)" + env + "}}"));
    BOOST_TEST_REQUIRE(r.ok(), (r.diagnostics.empty() ? "" : r.diagnostics[0].message));
    BOOST_TEST_REQUIRE(r.value->has_value());
    return (*r.value)->agent;
  }

  ProjectRow Project(const std::string& env, const std::string& company = kCompany) {
    auto r = targets.CreateProject(company, J(R"({"name":"Site","env":)" + env + "}"));
    BOOST_TEST_REQUIRE(r.ok(), (r.diagnostics.empty() ? "" : r.diagnostics[0].message));
    BOOST_TEST_REQUIRE(r.value->has_value());
    return (*r.value)->project;
  }

  std::vector<BindingRow> Bindings(const std::string& type, const std::string& id) {
    return nt::InTxn<std::vector<BindingRow>>(
        *store, [&](StoreTxn& t) { return t.ListTargetBindings(kCompany, type, id); });
  }

  void DeleteBinding(const std::string& type, const std::string& id, const std::string& path) {
    for (const BindingRow& row : Bindings(type, id)) {
      if (row.config_path == path) nt::InTxn<Done>(*store, [&](StoreTxn& t) { return t.DeleteBinding(row.id); });
    }
  }

  // Re-points the row at `path` to another secret, behind the sync's back.
  void RepointBinding(const std::string& type, const std::string& id, const std::string& path,
                      const std::string& secret_id) {
    for (BindingRow row : Bindings(type, id)) {
      if (row.config_path != path) continue;
      nt::InTxn<Done>(*store, [&](StoreTxn& t) -> Status {
        if (auto s = t.DeleteBinding(row.id); !s.ok()) return s;
        row.id = *NewUuid(SystemRandom()).value;
        row.secret_id = secret_id;
        return t.InsertBinding(row, "2026-11-22T12:15:27.000Z");
      });
    }
  }

  std::vector<AccessEventRow> Events(const std::string& secret_id) {
    return nt::InTxn<std::vector<AccessEventRow>>(*store, [&](StoreTxn& t) { return t.ListAccessEvents(secret_id); });
  }

  std::size_t AllEvents() {
    return Events(agent_secret.id).size() + Events(project_secret.id).size() + Events(shadowed_secret.id).size();
  }

  Result<AssembledRunEnv> Assemble(const std::string& agent_id, std::optional<std::string> project_id = std::nullopt) {
    return AssembleRunEnv(*store, ciphers, SystemRandom(), clock, RunEnvRequest{agent_id, std::move(project_id)});
  }
};

inline std::map<std::string, std::string> Values(const AssembledRunEnv& run) {
  std::map<std::string, std::string> out;
  for (const RunEnvVariable& v : run.env) out[v.key] = std::string(v.value.view());
  return out;
}

inline std::vector<std::string> Keys(const AssembledRunEnv& run) {
  std::vector<std::string> out;
  for (const RunEnvVariable& v : run.env) out.push_back(v.key + (v.secret ? "*" : ""));
  return out;
}

// Sorted: PostgreSQL keeps env maps as jsonb, whose key order (shorter keys
// first) is the order a run reads them in there, as it is for Paperclip.
inline std::vector<std::string> Sorted(std::vector<std::string> lines) {
  std::sort(lines.begin(), lines.end());
  return lines;
}

inline std::vector<std::string> Lines(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics) {
    out.push_back(std::string(CodeName(d.code)) + "|" + d.path + "|" + d.message + "|" + std::to_string(d.http_status));
  }
  return Sorted(out);
}

inline const MissingBinding& MissingAt(const RunEnvCheck& check, const std::string& config_path) {
  for (const MissingBinding& m : check.plan.missing) {
    if (m.config_path == config_path && m.target_type == "agent") return m;
  }
  BOOST_FAIL("no missing binding at " + config_path);
  return check.plan.missing.front();
}

BOOST_FIXTURE_TEST_SUITE(run_env, Fixture)

// PREC-1 with secrets: the agent's ref resolves against the agent's binding,
// the project's against the project's; the agent ref the project overrides
// is never resolved; one access event per resolved ref.
BOOST_AUTO_TEST_CASE(assembles_in_precedence_order_with_one_access_event_per_ref) {
  const AgentRow agent = Agent(R"({"OPENAI_API_KEY":)" + Ref(agent_secret.id) + R"(,"MODEL":"gpt","SHARED":)" +
                               Ref(shadowed_secret.id) + R"(,"PAPERCLIP_AGENT_ID":"spoofed"})");
  const ProjectRow project = Project(R"({"SHARED":)" + Ref(project_secret.id) + R"(,"REGION":"eu"})");
  auto run = Assemble(agent.id, project.id);
  BOOST_TEST_REQUIRE(run.ok(), (run.diagnostics.empty() ? "" : run.diagnostics[0].message));
  std::vector<std::string> keys = Keys(*run.value);
  BOOST_REQUIRE(keys.size() == 8u);
  // Config keys in the stored env's order, then the runtime-only ones.
  BOOST_TEST(std::vector<std::string>(keys.begin() + 5, keys.end()) ==
                 (std::vector<std::string>{"PAPERCLIP_AGENT_NAME", "PAPERCLIP_COMPANY_ID", "PAPERCLIP_PROJECT_ID"}),
             boost::test_tools::per_element());
  BOOST_TEST(keys.at(4) == "REGION");
  BOOST_TEST(Sorted(keys) == (std::vector<std::string>{"MODEL", "OPENAI_API_KEY*", "PAPERCLIP_AGENT_ID",
                                                         "PAPERCLIP_AGENT_NAME", "PAPERCLIP_COMPANY_ID",
                                                         "PAPERCLIP_PROJECT_ID", "REGION", "SHARED*"}),
             boost::test_tools::per_element());
  const auto values = Values(*run.value);
  BOOST_TEST(values.at("OPENAI_API_KEY") == kAgentValue);
  BOOST_TEST(values.at("SHARED") == kProjectValue);
  BOOST_TEST(values.at("MODEL") == "gpt");
  BOOST_TEST(values.at("PAPERCLIP_AGENT_ID") == agent.id);
  BOOST_TEST(values.at("PAPERCLIP_COMPANY_ID") == kCompany);
  BOOST_TEST(values.at("PAPERCLIP_PROJECT_ID") == project.id);
  BOOST_TEST(values.at("PAPERCLIP_AGENT_NAME") == "Coder");

  const std::string agent_binding = Bindings("agent", agent.id).at(0).id;
  BOOST_TEST(Bindings("agent", agent.id).at(0).config_path == "env.OPENAI_API_KEY");
  const std::string project_binding = Bindings("project", project.id).at(0).id;
  auto manifest = run.value->manifest;
  BOOST_REQUIRE(manifest.size() == 2u);
  if (manifest[0].config_path != "env.OPENAI_API_KEY") std::swap(manifest[0], manifest[1]);
  BOOST_TEST(ManifestEntryJson(manifest[0]) == (OrderedJson{{"configPath", "env.OPENAI_API_KEY"},
                                                            {"envKey", "OPENAI_API_KEY"},
                                                            {"secretId", agent_secret.id},
                                                            {"bindingId", agent_binding},
                                                            {"version", 1},
                                                            {"provider", "local_encrypted"},
                                                            {"outcome", "success"}}));
  BOOST_TEST(manifest[1].config_path == "env.SHARED");
  BOOST_TEST(*manifest[1].binding_id == project_binding);

  const auto agent_events = Events(agent_secret.id);
  BOOST_REQUIRE(agent_events.size() == 1u);
  BOOST_TEST(agent_events[0].outcome == "success");
  BOOST_TEST(agent_events[0].actor_type == "agent");
  BOOST_TEST(*agent_events[0].actor_id == agent.id);
  BOOST_TEST(agent_events[0].consumer_type == "agent");
  BOOST_TEST(agent_events[0].consumer_id == agent.id);
  BOOST_TEST(*agent_events[0].config_path == "env.OPENAI_API_KEY");
  BOOST_TEST(*agent_events[0].version == 1);
  const auto project_events = Events(project_secret.id);
  BOOST_REQUIRE(project_events.size() == 1u);
  BOOST_TEST(project_events[0].consumer_type == "project");
  BOOST_TEST(project_events[0].consumer_id == project.id);
  BOOST_TEST(*project_events[0].actor_id == agent.id);
  BOOST_TEST(*project_events[0].config_path == "env.SHARED");
  BOOST_TEST(Events(shadowed_secret.id).empty());

  // The report: keys and sources, never a value.
  const std::string report = DumpJson(RunEnvReportJson(run.value->check, &run.value->manifest));
  for (const std::string& v : {kAgentValue, kProjectValue, kShadowedValue, std::string("\"gpt\"")}) {
    BOOST_TEST(report.find(v) == std::string::npos, v);
  }
  BOOST_TEST(report.find("\"source\":\"secret\"") != std::string::npos);
}

// #8309: every missing binding is listed, nothing is decrypted, no access
// event is written — and the shadowed agent ref is not among them.
BOOST_AUTO_TEST_CASE(refuses_before_resolving_when_bindings_are_missing) {
  const AgentRow agent = Agent(R"({"OPENAI_API_KEY":)" + Ref(agent_secret.id) + R"(,"OTHER":)" +
                               Ref(shadowed_secret.id) + R"(,"SHARED":)" + Ref(shadowed_secret.id) + "}");
  const ProjectRow project = Project(R"({"SHARED":)" + Ref(project_secret.id) + "}");
  DeleteBinding("agent", agent.id, "env.OPENAI_API_KEY");
  RepointBinding("agent", agent.id, "env.OTHER", project_secret.id);
  DeleteBinding("agent", agent.id, "env.SHARED");
  DeleteBinding("project", project.id, "env.SHARED");
  auto run = Assemble(agent.id, project.id);
  BOOST_TEST(!run.ok());
  BOOST_TEST(Lines(run.diagnostics) ==
                 (std::vector<std::string>{
                     "binding_missing|/agent/OPENAI_API_KEY|Secret is not bound to agent:" + agent.id +
                         " at env.OPENAI_API_KEY|422",
                     "binding_missing|/agent/OTHER|Secret is not bound to agent:" + agent.id + " at env.OTHER|422",
                     "binding_missing|/project/SHARED|Secret is not bound to project:" + project.id +
                         " at env.SHARED|422"}),
             boost::test_tools::per_element());
  BOOST_TEST(AllEvents() == 0u);
  BOOST_TEST(ciphers.calls == 0);

  auto check = CheckRunEnv(*store, RunEnvRequest{agent.id, project.id});
  BOOST_TEST_REQUIRE(check.ok());
  BOOST_REQUIRE(check.value->plan.missing.size() == 3u);
  BOOST_TEST(*MissingAt(*check.value, "env.OTHER").bound_secret_id == project_secret.id);
  BOOST_TEST(!MissingAt(*check.value, "env.OPENAI_API_KEY").bound_secret_id);
  std::vector<std::string> summaries;
  for (const MissingBinding& m : check.value->plan.missing) summaries.push_back(MissingBindingSummary(m));
  BOOST_TEST(Sorted(summaries) == (std::vector<std::string>{"secret \"OpenAI\" not bound at agent env.OPENAI_API_KEY",
                                                            "secret \"Project OpenAI\" not bound at project env.SHARED",
                                                            "secret \"Shadowed\" not bound at agent env.OTHER"}),
             boost::test_tools::per_element());
  const OrderedJson report = RunEnvReportJson(*check.value);
  BOOST_TEST(report["ok"] == false);
  BOOST_REQUIRE(report["missingBindings"].size() == 3u);
  int project_entries = 0;
  for (const OrderedJson& m : report["missingBindings"]) {
    if (m["consumerType"] != "project") continue;
    ++project_entries;
    BOOST_TEST(m["consumerId"] == project.id);
    BOOST_TEST(m["secretName"] == "Project OpenAI");
    BOOST_TEST(m["path"] == "/project/SHARED");
  }
  BOOST_TEST(project_entries == 1);
}

// The pre-dispatch check reads only: a pending manifest, no event, no key.
BOOST_AUTO_TEST_CASE(check_plans_without_decrypting) {
  const AgentRow agent = Agent(R"({"OPENAI_API_KEY":)" + Ref(agent_secret.id) + R"(,"MODEL":"gpt"})");
  BOOST_TEST_REQUIRE(secrets.Rotate(agent_secret.id, RotateSecretInput{std::string("sk-rotated"), std::nullopt,
                                                                       std::nullopt}).ok());
  auto check = CheckRunEnv(*store, RunEnvRequest{agent.id, std::nullopt});
  BOOST_TEST_REQUIRE(check.ok());
  BOOST_TEST(check.value->plan.ok());
  BOOST_REQUIRE(check.value->manifest.size() == 1u);
  BOOST_TEST(check.value->manifest[0].outcome == "pending");
  BOOST_TEST(*check.value->manifest[0].version == 2);
  BOOST_TEST(*check.value->manifest[0].binding_id == Bindings("agent", agent.id).at(0).id);
  BOOST_TEST(AllEvents() == 0u);
  BOOST_TEST(ciphers.calls == 0);
}

// A resolution that fails after the check (the secret was disabled) stops
// the run with the resolver's error and its one failure event.
BOOST_AUTO_TEST_CASE(a_failed_resolution_stops_the_run_with_its_access_event) {
  const AgentRow agent = Agent(R"({"OPENAI_API_KEY":)" + Ref(agent_secret.id) + "}");
  SecretPatch patch;
  patch.status = "disabled";
  BOOST_TEST_REQUIRE(secrets.Update(agent_secret.id, patch).ok());
  auto run = Assemble(agent.id);
  BOOST_TEST(Lines(run.diagnostics) ==
                 (std::vector<std::string>{"secret_inactive|/agent/OPENAI_API_KEY|Secret is not active|422"}),
             boost::test_tools::per_element());
  const auto events = Events(agent_secret.id);
  BOOST_REQUIRE(events.size() == 1u);
  BOOST_TEST(events[0].outcome == "failure");
  BOOST_TEST(*events[0].error_code == "secret_inactive");
}

BOOST_AUTO_TEST_CASE(unknown_or_foreign_targets_are_refused) {
  const AgentRow agent = Agent("{}");
  const ProjectRow foreign = Project("{}", kOther);
  BOOST_TEST(Lines(Assemble("00000000-0000-4000-8000-000000000000").diagnostics) ==
                 (std::vector<std::string>{"input_invalid_value|/agentId|Agent not found|404"}),
             boost::test_tools::per_element());
  BOOST_TEST(Lines(Assemble(agent.id, "00000000-0000-4000-8000-000000000000").diagnostics) ==
                 (std::vector<std::string>{"input_invalid_value|/projectId|Project not found|404"}),
             boost::test_tools::per_element());
  BOOST_TEST(Lines(Assemble("not-a-uuid").diagnostics) ==
                 (std::vector<std::string>{"input_invalid_value|/agentId|Agent not found|404"}),
             boost::test_tools::per_element());
  BOOST_TEST(Lines(Assemble(agent.id, "not-a-uuid").diagnostics) ==
                 (std::vector<std::string>{"input_invalid_value|/projectId|Project not found|404"}),
             boost::test_tools::per_element());
  BOOST_TEST(Lines(Assemble(agent.id, foreign.id).diagnostics) ==
                 (std::vector<std::string>{
                     "input_invalid_value|/projectId|Project must belong to the agent's company|422"}),
             boost::test_tools::per_element());
  // An agent with no env still gets its runtime variables.
  auto run = Assemble(agent.id);
  BOOST_TEST_REQUIRE(run.ok());
  BOOST_TEST(Keys(*run.value) ==
                 (std::vector<std::string>{"PAPERCLIP_AGENT_ID", "PAPERCLIP_AGENT_NAME", "PAPERCLIP_COMPANY_ID"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace run_env_suite
