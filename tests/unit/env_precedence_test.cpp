#define BOOST_TEST_MODULE env_precedence
#include <boost/test/unit_test.hpp>

#include "test_support.h"

#include <string>
#include <vector>

#include "clasp/env_precedence.h"

using clasp::EnvLayer;
using clasp::EnvLayers;
using clasp::MergedEnv;
using clasp::MergedEnvEntry;
using clasp::MergeRunEnv;
using clasp::test::J;

namespace {

const MergedEnvEntry* Find(const MergedEnv& env, const std::string& key) {
  for (const auto& e : env.entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

std::string Layers(const std::vector<EnvLayer>& layers) {
  std::string out;
  for (EnvLayer l : layers) out += (out.empty() ? "" : ",") + std::string(clasp::EnvLayerName(l));
  return out;
}

std::string Keys(const MergedEnv& env) {
  std::string out;
  for (const auto& e : env.entries) out += (out.empty() ? "" : ",") + e.key;
  return out;
}

}  // namespace

// PREC-1: project wins over agent on a collision; non-colliding keys survive.
BOOST_AUTO_TEST_CASE(project_overrides_agent) {
  EnvLayers layers;
  layers.agent = J(R"({"MODEL":"a","TOKEN":{"type":"secret_ref","secretId":"s"}})");
  layers.project = J(R"({"MODEL":"b","REGION":"eu"})");
  const MergedEnv env = MergeRunEnv(layers);
  BOOST_TEST(Keys(env) == "MODEL,TOKEN,REGION");
  const auto* model = Find(env, "MODEL");
  BOOST_REQUIRE(model);
  BOOST_TEST(model->value == J(R"("b")"));
  BOOST_TEST(clasp::EnvLayerName(model->winner) == "project");
  BOOST_TEST(Layers(model->shadowed) == "agent");
  const auto* token = Find(env, "TOKEN");
  BOOST_REQUIRE(token);
  BOOST_TEST(clasp::EnvLayerName(token->winner) == "agent");
  BOOST_TEST(token->shadowed.empty());
  BOOST_TEST(token->value == J(R"({"type":"secret_ref","secretId":"s"})"));
  BOOST_TEST(env.dropped.empty());
  BOOST_TEST(env.diagnostics.empty());
}

// Full order: environment < agent < project < routine.
BOOST_AUTO_TEST_CASE(all_config_layers) {
  EnvLayers layers;
  layers.environment = J(R"({"X":"env","E":"1"})");
  layers.agent = J(R"({"X":"agent"})");
  layers.project = J(R"({"X":"project"})");
  layers.routine = J(R"({"X":"routine"})");
  const MergedEnv env = MergeRunEnv(layers);
  BOOST_TEST(Keys(env) == "X,E");
  const auto* x = Find(env, "X");
  BOOST_REQUIRE(x);
  BOOST_TEST(x->value == J(R"("routine")"));
  BOOST_TEST(Layers(x->shadowed) == "environment,agent,project");
  BOOST_TEST(clasp::EnvLayerName(Find(env, "E")->winner) == "environment");
}

// Runtime PAPERCLIP_* variables are applied last and win; other runtime keys
// are defaults the config overrides.
BOOST_AUTO_TEST_CASE(runtime_variables) {
  EnvLayers layers;
  layers.agent = J(R"({"PAPERCLIP_AGENT_ID":"spoof","PAPERCLIP_CUSTOM":"mine","TOOLS_DIR":"/mine"})");
  layers.project = J(R"({"PAPERCLIP_RUN_ID":"spoof2"})");
  layers.runtime = J(R"({"PAPERCLIP_AGENT_ID":"a1","PAPERCLIP_RUN_ID":"r1","TOOLS_DIR":"/rt","PAPERCLIP_API_URL":"http://localhost:3100"})");
  const MergedEnv env = MergeRunEnv(layers);
  const auto* id = Find(env, "PAPERCLIP_AGENT_ID");
  BOOST_REQUIRE(id);
  BOOST_TEST(id->value == J(R"("a1")"));
  BOOST_TEST(clasp::EnvLayerName(id->winner) == "runtime");
  BOOST_TEST(Layers(id->shadowed) == "agent");
  BOOST_TEST(Find(env, "PAPERCLIP_RUN_ID")->value == J(R"("r1")"));
  BOOST_TEST(Find(env, "PAPERCLIP_CUSTOM")->value == J(R"("mine")"));
  const auto* tools = Find(env, "TOOLS_DIR");
  BOOST_REQUIRE(tools);
  BOOST_TEST(tools->value == J(R"("/mine")"));
  BOOST_TEST(clasp::EnvLayerName(tools->winner) == "agent");
  BOOST_TEST(Layers(tools->shadowed) == "runtime");
  BOOST_TEST(clasp::EnvLayerName(Find(env, "PAPERCLIP_API_URL")->winner) == "runtime");
}

// PAPERCLIP_API_KEY only ever comes from the run token.
BOOST_AUTO_TEST_CASE(api_key_never_from_config) {
  EnvLayers layers;
  layers.agent = J(R"({"PAPERCLIP_API_KEY":"stolen","A":"1"})");
  layers.project = J(R"({"PAPERCLIP_API_KEY":"stolen2"})");
  MergedEnv env = MergeRunEnv(layers);
  BOOST_TEST(Find(env, "PAPERCLIP_API_KEY") == nullptr);
  BOOST_REQUIRE(env.dropped.size() == 2u);
  BOOST_TEST(env.dropped[0].key == "PAPERCLIP_API_KEY");
  BOOST_TEST(clasp::EnvLayerName(env.dropped[0].layer) == "agent");
  BOOST_TEST(clasp::EnvLayerName(env.dropped[1].layer) == "project");
  layers.runtime = J(R"({"PAPERCLIP_API_KEY":"run-token"})");
  env = MergeRunEnv(layers);
  BOOST_REQUIRE(Find(env, "PAPERCLIP_API_KEY"));
  BOOST_TEST(Find(env, "PAPERCLIP_API_KEY")->value == J(R"("run-token")"));
  BOOST_TEST(Find(env, "PAPERCLIP_API_KEY")->shadowed.empty());
}

// JS object order: array-index keys first, ascending; "01" is a string key.
BOOST_AUTO_TEST_CASE(js_key_order) {
  EnvLayers layers;
  layers.agent = J(R"({"B":"1","10":"x","A":"2","01":"y","2":"z","4294967295":"w","":"e"})");
  layers.project = J(R"({"C":"3","B":"4"})");
  const MergedEnv env = MergeRunEnv(layers);
  BOOST_TEST(Keys(env) == "2,10,B,A,01,4294967295,,C");
}

// Hostile input: non-object layers are ignored with a warning, never a crash.
BOOST_AUTO_TEST_CASE(hostile_layers) {
  EnvLayers layers;
  layers.agent = J(R"(["A","B"])");
  layers.project = J(R"("oops")");
  layers.routine = J("42");
  layers.runtime = J(R"({"PAPERCLIP_AGENT_ID":"a1"})");
  const MergedEnv env = MergeRunEnv(layers);
  BOOST_TEST(Keys(env) == "PAPERCLIP_AGENT_ID");
  BOOST_REQUIRE(env.diagnostics.size() == 3u);
  BOOST_TEST(env.diagnostics[0].code == clasp::Code::kInputWrongType);
  BOOST_TEST(env.diagnostics[0].path == "/agent");
  BOOST_TEST((env.diagnostics[0].severity == clasp::Severity::kWarning));
  BOOST_TEST(env.diagnostics[1].path == "/project");
  // Empty and missing layers give an empty env.
  BOOST_TEST(MergeRunEnv(EnvLayers{}).entries.empty());
  BOOST_TEST(MergeRunEnv(EnvLayers{}).diagnostics.empty());
  // Many keys stay linear-ish and keep first-set order.
  EnvLayers big;
  big.agent = clasp::OrderedJson::object();
  for (int i = 0; i < 20000; ++i) big.agent["K" + std::to_string(i)] = "v";
  big.project = big.agent;
  const MergedEnv merged = MergeRunEnv(big);
  BOOST_TEST(merged.entries.size() == 20000u);
  BOOST_TEST(merged.entries.front().key == "K0");
  BOOST_TEST(clasp::EnvLayerName(merged.entries.back().winner) == "project");
}
