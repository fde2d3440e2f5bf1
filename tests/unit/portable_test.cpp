#define BOOST_TEST_MODULE portable
#include <boost/test/unit_test.hpp>

#include "test_support.h"

#include <string>
#include <vector>

#include "clasp/portable.h"

using clasp::Code;
using clasp::DedupeEnvInputs;
using clasp::EnvInputDeclaration;
using clasp::EnvInputJson;
using clasp::ExtractPortableEnvInputs;
using clasp::PortableExtraction;
using clasp::PortableScope;
using clasp::PortableScopeKind;
using clasp::test::J;

namespace {

const PortableScope kAgent{PortableScopeKind::kAgent, "coder"};
const PortableScope kProject{PortableScopeKind::kProject, "site"};
const char* const kSecretId = "11111111-2222-3333-4444-555555555555";

std::string Dump(const PortableExtraction& ex) {
  std::string out;
  for (const auto& input : ex.inputs) out += EnvInputJson(input).dump() + "\n";
  return out;
}

}  // namespace

// PORT-2: a secret_ref becomes a secret declaration without id or version.
BOOST_AUTO_TEST_CASE(secret_ref_declaration) {
  const auto ex = ExtractPortableEnvInputs(
      kAgent, J(R"({"OPENAI_API_KEY":{"type":"secret_ref","secretId":")" + std::string(kSecretId) +
                R"(","version":3,"projectionAllowlistKey":"vault/path"}})"));
  BOOST_REQUIRE(ex.inputs.size() == 1u);
  BOOST_TEST(EnvInputJson(ex.inputs[0]) ==
             J(R"({"key":"OPENAI_API_KEY","description":"Provide OPENAI_API_KEY for agent coder","agentSlug":"coder",
                  "projectSlug":null,"kind":"secret","requirement":"optional","defaultValue":"","portability":"portable"})"));
  BOOST_TEST(ex.warnings.empty());
  // PORT-1: nothing of the reference leaks into the declaration.
  const std::string text = Dump(ex);
  BOOST_TEST(text.find(kSecretId) == std::string::npos);
  BOOST_TEST(text.find("vault/path") == std::string::npos);
  // A secret_ref under a non-sensitive key is still a secret.
  const auto plain_key = ExtractPortableEnvInputs(kAgent, J(R"({"MODEL":{"type":"secret_ref"}})"));
  BOOST_REQUIRE(plain_key.inputs.size() == 1u);
  BOOST_TEST(clasp::EnvInputKindName(plain_key.inputs[0].kind) == "secret");
}

// Plain values: kind by SENS-3; sensitive values are never emitted.
BOOST_AUTO_TEST_CASE(plain_values_and_sensitivity) {
  const auto ex = ExtractPortableEnvInputs(
      kAgent, J(R"({"DB_PASSWORD":"hunter2","GITHUB_TOKEN":{"type":"plain","value":"ghp_x"},"MODEL":{"type":"plain","value":"  gpt  "},"REGION":"eu "})"));
  BOOST_REQUIRE(ex.inputs.size() == 4u);
  BOOST_TEST(EnvInputJson(ex.inputs[0]) ==
             J(R"({"key":"DB_PASSWORD","description":"Optional default for DB_PASSWORD on agent coder","agentSlug":"coder",
                  "projectSlug":null,"kind":"secret","requirement":"optional","defaultValue":"","portability":"portable"})"));
  BOOST_TEST(clasp::EnvInputKindName(ex.inputs[1].kind) == "secret");
  BOOST_TEST(*ex.inputs[1].default_value == "");
  // plain bindings are trimmed (asString); legacy strings are kept as is.
  BOOST_TEST(clasp::EnvInputKindName(ex.inputs[2].kind) == "plain");
  BOOST_TEST(*ex.inputs[2].default_value == "gpt");
  BOOST_TEST(*ex.inputs[3].default_value == "eu ");
  const std::string text = Dump(ex);
  BOOST_TEST(text.find("hunter2") == std::string::npos);
  BOOST_TEST(text.find("ghp_x") == std::string::npos);
}

// System-dependent defaults: POSIX absolute paths and drive paths.
BOOST_AUTO_TEST_CASE(system_dependent_paths) {
  const auto ex = ExtractPortableEnvInputs(
      kAgent, J(R"({"A":"/usr/bin/tool","B":"C:\\tools","C":"c:/x","D":"rel/path","E":" /lead","F":{"type":"plain","value":"  /trimmed "},
                    "G":"D:","H":"1:/x","I":"\\\\server\\share","CERT_KEY":"/etc/ssl/key.pem"})"));
  std::vector<std::string> portability;
  for (const auto& i : ex.inputs) portability.emplace_back(clasp::EnvInputPortabilityName(i.portability));
  BOOST_TEST(portability == (std::vector<std::string>{"system_dependent", "system_dependent", "system_dependent",
                                                      "portable", "portable", "system_dependent", "portable",
                                                      "portable", "portable", "system_dependent"}),
             boost::test_tools::per_element());
  BOOST_TEST(*ex.inputs[5].default_value == "/trimmed");
  BOOST_TEST(*ex.inputs[9].default_value == "");  // sensitive: path not emitted
  BOOST_REQUIRE(ex.warnings.size() == 5u);
  BOOST_TEST(ex.warnings[0].code == Code::kPortSystemDependent);
  BOOST_TEST((ex.warnings[0].severity == clasp::Severity::kWarning));
  BOOST_TEST(ex.warnings[0].path == "/A");
  BOOST_TEST(ex.warnings[0].message == "Agent coder env A default was exported as system-dependent.");
}

// PATH in any ASCII case is omitted with a warning.
BOOST_AUTO_TEST_CASE(path_omitted) {
  const auto ex = ExtractPortableEnvInputs(kProject, J(R"({"PATH":"/bin","Path":"x","PATHS":"y","pa/th":"z"})"));
  BOOST_REQUIRE(ex.inputs.size() == 2u);
  BOOST_TEST(ex.inputs[0].key == "PATHS");
  BOOST_TEST(EnvInputJson(ex.inputs[1])["projectSlug"] == J(R"("site")"));
  BOOST_TEST(EnvInputJson(ex.inputs[1])["agentSlug"].is_null());
  BOOST_TEST(ex.inputs[1].description == "Optional default for pa/th on project site");
  BOOST_REQUIRE(ex.warnings.size() == 2u);
  BOOST_TEST(ex.warnings[0].code == Code::kPortPathOmitted);
  BOOST_TEST(ex.warnings[0].path == "/PATH");
  BOOST_TEST(ex.warnings[0].message == "Project site PATH override was omitted from export because it is system-dependent.");
  BOOST_TEST(ex.warnings[1].path == "/Path");
}

// Only secret_ref, plain and strings are exported; anything else is skipped.
BOOST_AUTO_TEST_CASE(other_shapes_skipped) {
  const auto ex = ExtractPortableEnvInputs(
      kAgent, J(R"({"U":{"type":"user_secret_ref","key":"k"},"N":42,"Z":null,"L":[1],"O":{},"T":{"type":7},"P":{"type":"plain","value":5}})"));
  BOOST_REQUIRE(ex.inputs.size() == 1u);
  BOOST_TEST(ex.inputs[0].key == "P");
  BOOST_TEST(*ex.inputs[0].default_value == "");
  for (const char* env : {"[]", "null", "\"str\"", "12"}) {
    BOOST_TEST(ExtractPortableEnvInputs(kAgent, J(env)).inputs.empty());
  }
}

// Object.entries order: array-index keys first.
BOOST_AUTO_TEST_CASE(js_entry_order) {
  const auto ex = ExtractPortableEnvInputs(kAgent, J(R"({"B":"1","10":"x","A":"2","2":"y"})"));
  std::vector<std::string> keys;
  for (const auto& i : ex.inputs) keys.push_back(i.key);
  BOOST_TEST(keys == (std::vector<std::string>{"2", "10", "B", "A"}), boost::test_tools::per_element());
}

// Dedupe by agentSlug:projectSlug:KEY, first wins.
BOOST_AUTO_TEST_CASE(dedupe) {
  auto a = ExtractPortableEnvInputs(kAgent, J(R"({"api_key":{"type":"secret_ref"},"API_KEY":"v","X":"1"})")).inputs;
  const auto b = ExtractPortableEnvInputs(PortableScope{PortableScopeKind::kAgent, "ops"}, J(R"({"API_KEY":"v"})")).inputs;
  const auto p = ExtractPortableEnvInputs(PortableScope{PortableScopeKind::kProject, "coder"}, J(R"({"API_KEY":"v"})")).inputs;
  a.insert(a.end(), b.begin(), b.end());
  a.insert(a.end(), p.begin(), p.end());
  const auto deduped = DedupeEnvInputs(a);
  std::vector<std::string> ids;
  for (const auto& i : deduped) ids.push_back(i.agent_slug.value_or("-") + "/" + i.project_slug.value_or("-") + "/" + i.key);
  BOOST_TEST(ids == (std::vector<std::string>{"coder/-/api_key", "coder/-/X", "ops/-/API_KEY", "-/coder/API_KEY"}),
             boost::test_tools::per_element());
  BOOST_TEST(clasp::EnvInputKindName(deduped[0].kind) == "secret");
}

// Hostile input: huge and odd keys never crash; JSON Pointer escapes.
BOOST_AUTO_TEST_CASE(hostile_input) {
  clasp::OrderedJson env = clasp::OrderedJson::object();
  env["a/b~c"] = "/x";
  env[std::string(100000, 'K')] = std::string(1000000, 'v');
  const auto ex = ExtractPortableEnvInputs(kAgent, env);
  BOOST_REQUIRE(ex.inputs.size() == 2u);
  BOOST_REQUIRE(ex.warnings.size() == 1u);
  BOOST_TEST(ex.warnings[0].path == "/a~1b~0c");
}

// MIG-1 naming.
BOOST_AUTO_TEST_CASE(migration_naming) {
  BOOST_TEST(clasp::MigratedSecretName("3f2a9c4e-1111-2222-3333-444444444444", "OPENAI_API_KEY") ==
             "agent_3f2a9c4e_openai_api_key");
  BOOST_TEST(clasp::MigratedSecretName("abc", "Db_Password") == "agent_abc_db_password");
  BOOST_TEST(clasp::MigratedSecretName("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", "K") ==
             "agent_\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9_k");
  BOOST_TEST(clasp::MigratedSecretDescription("id-1", "API_KEY") == "Migrated from agent id-1 env API_KEY");
  BOOST_TEST(clasp::MigrationDryRunSecretId("agent_x_k") == "<would-create:agent_x_k>");
  BOOST_TEST(clasp::MigrationDryRunSummary(3) == "Dry run: 3 agents would be updated");
  BOOST_TEST(clasp::MigrationApplySummary(2, 1, 4) == "Updated 2 agents, created 1 secrets, rotated 4 secrets");
}
