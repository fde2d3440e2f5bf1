// user_secret_ref entries in both sync planners (user_secret_ref.h,
// binding_sync.h): the definition each names, the declaration rows, and
// Paperclip's 404 in env order.
#define BOOST_TEST_MODULE user_secret_ref
#include <boost/test/unit_test.hpp>

#include "binding_test_support.h"
#include "test_support.h"

#include "clasp/binding_sync.h"
#include "clasp/user_secret_ref.h"

using namespace clasp;
using clasp::test::A;
using clasp::test::J;
using clasp::test::Secrets;

namespace {

const BindingTarget kAgent{"agent", "a1", "env"};
const std::string kDef = "0f0e0d0c-0b0a-4908-8706-0504030201ef";

std::vector<UserSecretDefinition> Definitions() {
  return {{kDef, "c1", "gh.token", "active", false},
          {"11111111-1111-4111-8111-111111111111", "c1", "old", "deleted", false},
          {"22222222-2222-4222-8222-222222222222", "c1", "gone", "active", true},
          {"33333333-3333-4333-8333-333333333333", "c2", "theirs", "active", false}};
}

std::string UserRef(const std::string& key, const std::string& extra = "") {
  return R"({"type":"user_secret_ref","key":")" + key + "\"" + extra + "}";
}

std::string Missing(const std::string& env_key, const std::string& key) {
  return "User secret definition not found for environment variable \"" + env_key + "\", agent a1, definition key \"" +
         key + "\"";
}

}  // namespace

BOOST_AUTO_TEST_CASE(resolution_finds_live_definitions_of_the_company_only) {
  const auto defs = Definitions();
  const auto found = ResolveUserSecretDefinition("c1", "gh.token", kAgent, "K", defs);
  BOOST_TEST_REQUIRE(found.definition != nullptr);
  BOOST_TEST(found.definition->id == kDef);
  BOOST_TEST(!found.failure.has_value());
  for (const char* key : {"old", "gone", "theirs", "GH.TOKEN", "missing"}) {
    const auto refused = ResolveUserSecretDefinition("c1", key, kAgent, "K", defs);
    BOOST_TEST(refused.definition == nullptr);
    BOOST_TEST_REQUIRE(refused.failure.has_value());
    BOOST_TEST(refused.failure->code == Code::kUserSecretDefinitionMissing);
    BOOST_TEST(refused.failure->http_status == 404);
    BOOST_TEST(refused.failure->message == Missing("K", key));
  }
}

BOOST_AUTO_TEST_CASE(paperclip_sync_declares_each_user_ref_and_writes_no_binding_row_for_it) {
  const auto env = J(R"({"K":)" + UserRef("gh.token", R"(,"version":3,"required":false,"allowMissingOverride":true)") +
                     R"(,"S":{"type":"secret_ref","secretId":")" + A + R"("},"P":"plain"})");
  const auto out = PlanPaperclipSync("c1", kAgent, env, {}, Secrets(), Definitions());
  BOOST_TEST_REQUIRE(out.ok());
  BOOST_TEST(out.value->inserted.size() == 1u);
  BOOST_TEST_REQUIRE(out.value->declarations.size() == 1u);
  const UserSecretDeclaration& d = out.value->declarations[0];
  BOOST_TEST(d.definition_id == kDef);
  BOOST_TEST(d.config_path == "env.K");
  BOOST_TEST(d.env_key == "K");
  BOOST_TEST(d.version_selector == "3");
  BOOST_TEST(!d.required);
  BOOST_TEST(d.allow_missing_override);
  BOOST_TEST(DumpJson(UserSecretDeclarationJson(d)) ==
             R"({"companyId":"c1","userSecretDefinitionId":")" + kDef +
                 R"(","targetType":"agent","targetId":"a1","configPath":"env.K","envKey":"K","versionSelector":"3","required":false,"allowMissingOverride":true})");
}

BOOST_AUTO_TEST_CASE(paperclip_sync_stops_at_the_first_failing_entry_in_env_order) {
  const auto env = J(R"({"X":)" + UserRef("missing") + R"(,"S":{"type":"secret_ref","secretId":"nope"}})");
  const auto out = PlanPaperclipSync("c1", kAgent, env, {}, Secrets(), Definitions());
  BOOST_TEST_REQUIRE(!out.ok());
  BOOST_TEST_REQUIRE(out.diagnostics.size() == 1u);
  BOOST_TEST(out.diagnostics[0].message == Missing("X", "missing"));
  BOOST_TEST(out.diagnostics[0].path == "/X");
  // No definitions passed: the company has none.
  const auto none = PlanPaperclipSync("c1", kAgent, J(R"({"K":)" + UserRef("gh.token") + "}"), {}, Secrets());
  BOOST_TEST_REQUIRE(!none.ok());
  BOOST_TEST(none.diagnostics[0].message == Missing("K", "gh.token"));
}

BOOST_AUTO_TEST_CASE(clasp_sync_declares_user_refs_reports_every_missing_one_and_leaves_them_alone_when_env_is_absent) {
  const auto env = J(R"({"K":)" + UserRef("gh.token") + R"(,"S":{"type":"secret_ref","secretId":")" + A + "\"}}");
  const auto plan = PlanBindingSync("c1", kAgent, env, {}, Secrets(), {}, Definitions());
  BOOST_TEST_REQUIRE(plan.ok());
  BOOST_TEST(plan.value->replaces_declarations);
  BOOST_TEST_REQUIRE(plan.value->declarations.size() == 1u);
  BOOST_TEST(plan.value->declarations[0].definition_id == kDef);
  BOOST_TEST(plan.value->inserted == 1u);

  const auto bad = J(R"({"A":)" + UserRef("old") + R"(,"B":)" + UserRef("gh.token") + R"(,"C":)" + UserRef("theirs") + "}");
  const auto refused = PlanBindingSync("c1", kAgent, bad, {}, Secrets(), {}, Definitions());
  BOOST_TEST_REQUIRE(!refused.ok());
  BOOST_TEST_REQUIRE(refused.diagnostics.size() == 2u);
  BOOST_TEST(refused.diagnostics[0].path == "/A");
  BOOST_TEST(refused.diagnostics[0].message == Missing("A", "old"));
  BOOST_TEST(refused.diagnostics[1].path == "/C");

  const OrderedJson absent;
  const auto untouched = PlanBindingSync("c1", kAgent, absent, {}, Secrets(), {}, Definitions());
  BOOST_TEST_REQUIRE(untouched.ok());
  BOOST_TEST(!untouched.value->replaces_declarations);
  BOOST_TEST(untouched.value->declarations.empty());

  const auto no_entries = J("{}");
  const auto empty = PlanBindingSync("c1", kAgent, no_entries, {}, Secrets(), {}, Definitions());
  BOOST_TEST_REQUIRE(empty.ok());
  BOOST_TEST(empty.value->replaces_declarations);
  BOOST_TEST(empty.value->declarations.empty());
}
