#define BOOST_TEST_MODULE run_readiness
#include <boost/test/unit_test.hpp>

#include "binding_test_support.h"
#include "test_support.h"

#include "clasp/run_readiness.h"

using namespace clasp;
using clasp::test::A;
using clasp::test::B;
using clasp::test::C;
using clasp::test::D;
using clasp::test::J;

namespace {

std::vector<TargetEnv> Agent(const std::string& env_json) {
  return {TargetEnv{"c1", BindingTarget{"agent", "a1", "env"}, J(env_json)}};
}

std::string Ref(const std::string& id, const std::string& version = "\"latest\"") {
  return R"({"type":"secret_ref","secretId":")" + id + R"(","version":)" + version + "}";
}

// A active at versions 1 (previous) and 2 (current); B with 1 revoked.
VersionMap Versions() {
  VersionMap v;
  v[A] = SecretVersions{2, {{1, {"previous", false}}, {2, {"current", false}}}};
  v[B] = SecretVersions{1, {{1, {"current", true}}}};
  return v;
}

UserSecretDefinition Definition(std::string id, std::string key, std::string status = "active") {
  UserSecretDefinition d;
  d.id = std::move(id), d.company_id = "c1", d.key = std::move(key), d.status = std::move(status);
  return d;
}

UserSecretDeclaration Declared(std::string definition_id, std::string config_path) {
  UserSecretDeclaration d;
  d.company_id = "c1", d.definition_id = std::move(definition_id), d.target_type = "agent", d.target_id = "a1";
  d.config_path = std::move(config_path);
  return d;
}

struct Seen {
  Code code;
  std::string path;
  std::string message;
};

std::vector<Seen> Report(const std::string& env_json, SecretMap secrets = clasp::test::Secrets(),
                         const std::vector<UserSecretDefinition>& defs = {},
                         const std::vector<UserSecretDeclaration>& declared = {}) {
  std::vector<Seen> out;
  for (const Diagnostic& d : RunReadinessReport(Agent(env_json), secrets, Versions(), defs, declared)) {
    BOOST_TEST((d.severity == Severity::kWarning));
    out.push_back({d.code, d.path, d.message});
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(resolvable_refs_and_plain_values_pass) {
  BOOST_TEST(Report("{\"K\":" + Ref(A) + ",\"P\":" + Ref(A, "1") + ",\"L\":\"plain\"}").empty());
}

BOOST_AUTO_TEST_CASE(an_inactive_secret_is_refused_as_a_run_refuses_it) {
  SecretMap secrets = clasp::test::Secrets();
  secrets[A].status = "disabled";
  const auto seen = Report("{\"K\":" + Ref(A) + "}", secrets);
  BOOST_TEST_REQUIRE(seen.size() == 1u);
  BOOST_TEST((seen[0].code == Code::kSecretInactive));
  BOOST_TEST(seen[0].path == "/targets/0/env/K");
  BOOST_TEST(seen[0].message == "Secret is not active");
  secrets[A].status = "archived";
  BOOST_TEST(Report("{\"K\":" + Ref(A) + "}", secrets).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_missing_or_inactive_version_is_refused) {
  const auto missing = Report("{\"K\":" + Ref(A, "3") + "}");
  BOOST_TEST_REQUIRE(missing.size() == 1u);
  BOOST_TEST((missing[0].code == Code::kVersionMissing));
  BOOST_TEST(missing[0].message == "Secret version not found");
  const auto revoked = Report("{\"K\":" + Ref(B, "1") + ",\"L\":" + Ref(B) + "}");
  BOOST_TEST_REQUIRE(revoked.size() == 2u);
  BOOST_TEST((revoked[0].code == Code::kVersionInactive));
  BOOST_TEST(revoked[1].path == "/targets/0/env/L");
  BOOST_TEST(revoked[1].message == "Secret version is not active");
}

BOOST_AUTO_TEST_CASE(what_the_desync_report_covers_is_not_repeated) {
  // C belongs to company c2, D is deleted, and the third id names no secret.
  BOOST_TEST(Report("{\"X\":" + Ref(C) + ",\"Y\":" + Ref(D) + ",\"Z\":" +
                    Ref("eeeeeeee-0000-4000-8000-00000000000e") + "}")
                 .empty());
}

BOOST_AUTO_TEST_CASE(user_refs_need_a_live_active_definition_and_their_declaration) {
  const std::string user = R"({"type":"user_secret_ref","key":"gh"})";
  const std::vector<UserSecretDefinition> defs = {Definition("d1", "gh"), Definition("d2", "off", "disabled")};
  BOOST_TEST(Report("{\"GH\":" + user + "}", clasp::test::Secrets(), defs, {Declared("d1", "env.GH")}).empty());

  const auto undeclared = Report("{\"GH\":" + user + "}", clasp::test::Secrets(), defs, {Declared("d9", "env.GH")});
  BOOST_TEST_REQUIRE(undeclared.size() == 1u);
  BOOST_TEST((undeclared[0].code == Code::kBindingMissing));
  BOOST_TEST(undeclared[0].message == "configuration incomplete: user secret \"gh\" not available at agent env.GH");

  const auto missing = Report(R"({"GH":{"type":"user_secret_ref","key":"nope"}})", clasp::test::Secrets(), defs);
  BOOST_TEST_REQUIRE(missing.size() == 1u);
  BOOST_TEST((missing[0].code == Code::kUserSecretDefinitionMissing));
  BOOST_TEST(missing[0].message ==
             "User secret definition not found for environment variable \"GH\", agent a1, definition key \"nope\"");

  const auto inactive = Report(R"({"GH":{"type":"user_secret_ref","key":"off"}})", clasp::test::Secrets(), defs);
  BOOST_TEST_REQUIRE(inactive.size() == 1u);
  BOOST_TEST((inactive[0].code == Code::kUserSecretDefinitionInactive));
  BOOST_TEST(inactive[0].message == "User secret definition is not active");

  // An optional user secret is left out of a run, not refused.
  BOOST_TEST(Report(R"({"GH":{"type":"user_secret_ref","key":"nope","required":false}})").empty());
}
