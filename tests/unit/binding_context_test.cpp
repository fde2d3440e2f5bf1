#define BOOST_TEST_MODULE binding_context
#include <boost/test/unit_test.hpp>

#include "test_support.h"

#include "clasp/binding_context.h"

using namespace clasp;

namespace {

const std::string A = "aaaaaaaa-0000-4000-8000-00000000000a";
const std::string B = "bbbbbbbb-0000-4000-8000-00000000000b";

BindingRow Row(std::string id, std::string secret, std::string type, std::string target, std::string path) {
  BindingRow r;
  r.id = std::move(id);
  r.company_id = "c1";
  r.secret_id = std::move(secret);
  r.target_type = std::move(type);
  r.target_id = std::move(target);
  r.config_path = std::move(path);
  return r;
}

std::vector<BindingRow> Rows() {
  return {Row("b1", A, "agent", "a1", "env.K"), Row("b2", B, "environment", "e1", "apiKey")};
}

BindingContext Ctx(std::string type, std::string id, std::optional<std::string> path) {
  return BindingContext{std::move(type), std::move(id), std::move(path), std::nullopt};
}

}  // namespace

// SEC-1 ---------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(sec1_secret_in_company) {
  SecretMap secrets;
  secrets[A] = SecretInfo{"c1"};
  secrets[B] = SecretInfo{"c1", "deleted"};
  secrets["cccccccc-0000-4000-8000-00000000000c"] = SecretInfo{"c1", "active", "user"};
  BOOST_TEST(!CheckSecretInCompany("c1", A, secrets).has_value());
  BOOST_TEST(!CheckSecretInCompany("c1", "AAAAAAAA-0000-4000-8000-00000000000A", secrets).has_value());
  const auto other = CheckSecretInCompany("c2", A, secrets);
  BOOST_REQUIRE(other.has_value());
  BOOST_TEST(other->code == Code::kSecretCompanyMismatch);
  BOOST_TEST(other->http_status == 422);
  BOOST_TEST(other->message == "Secret must belong to same company");
  const auto deleted = CheckSecretInCompany("c1", B, secrets);
  BOOST_REQUIRE(deleted.has_value());
  BOOST_TEST(deleted->code == Code::kSecretNotFound);
  BOOST_TEST(deleted->http_status == 404);
  BOOST_TEST(deleted->message == "Secret not found");
  BOOST_TEST(CheckSecretInCompany("c1", "nope", secrets)->code == Code::kSecretNotFound);
  const auto user = CheckSecretInCompany("c1", "cccccccc-0000-4000-8000-00000000000c", secrets);
  BOOST_TEST(user->message == "Secret references require company-scoped secrets");
  // The company comparison is exact text.
  BOOST_TEST(CheckSecretInCompany("C1", A, secrets)->code == Code::kSecretCompanyMismatch);
}

// BIND-1 --------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(bind1_access_paths) {
  BOOST_TEST(!CheckSecretBindingConfigPath("agent", "access.GH_TOKEN").has_value());
  BOOST_TEST(!CheckSecretBindingConfigPath("agent", "access._").has_value());
  BOOST_TEST(!CheckSecretBindingConfigPath("environment", "accessX").has_value());
  BOOST_TEST(!CheckSecretBindingConfigPath("project", "env.K").has_value());
  BOOST_TEST(!CheckSecretBindingConfigPath("project", "ACCESS.K").has_value());  // case-sensitive prefix

  const auto project = CheckSecretBindingConfigPath("project", "access.GH_TOKEN");
  BOOST_REQUIRE(project.has_value());
  BOOST_TEST(project->code == Code::kBindingAccessTargetInvalid);
  BOOST_TEST(project->http_status == 422);
  BOOST_TEST(project->message == "API-only secret access bindings must target an agent");
  // The target check comes before the alias check.
  BOOST_TEST(CheckSecretBindingConfigPath("routine", "access.")->code == Code::kBindingAccessTargetInvalid);

  const std::pair<const char*, const char*> bad_aliases[] = {
      {"access.", "Invalid agent secret access alias: (empty)"},
      {"access.bad-alias", "Invalid agent secret access alias: bad-alias"},
      {"access.A.B", "Invalid agent secret access alias: A.B"},
      {"access.X\n", "Invalid agent secret access alias: X\n"},
      {"access.\xC3\x84", "Invalid agent secret access alias: \xC3\x84"},
      {"access.1X", "Invalid agent secret access alias: 1X"},
  };
  for (const auto& [path, message] : bad_aliases) {
    const auto d = CheckSecretBindingConfigPath("agent", path);
    BOOST_REQUIRE(d.has_value());
    BOOST_TEST(d->code == Code::kBindingAccessAliasInvalid);
    BOOST_TEST(d->message == message);
  }
  // Hostile: invalid UTF-8 and a huge alias are diagnostics, not crashes.
  BOOST_TEST(CheckSecretBindingConfigPath("agent", "access.\xFF")->code == Code::kBindingAccessAliasInvalid);
  BOOST_TEST(!CheckSecretBindingConfigPath("agent", "access." + std::string(10 << 20, 'A')).has_value());
}

// BIND-3 --------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(bind3_class3_static_lease) {
  const std::string_view lease = "class_3_static_lease";
  BOOST_TEST(!CheckClass3StaticLease("agent", "env.K", "unclassified", std::nullopt).has_value());
  BOOST_TEST(!CheckClass3StaticLease("agent", "env.SLACK_BOT_TOKEN", lease, "slack.bot_token").has_value());
  BOOST_TEST(!CheckClass3StaticLease("routine", "env.DISCORD_BOT_TOKEN", lease, "discord.bot_token").has_value());
  BOOST_TEST(!CheckClass3StaticLease("tool_connection", "credentials.bot_token", lease, "slack.bot_token").has_value());
  for (const std::optional<std::string_view> blank : {std::optional<std::string_view>(), std::optional<std::string_view>(""),
                                                      std::optional<std::string_view>(" \t\xC2\xA0")}) {
    const auto d = CheckClass3StaticLease("agent", "env.SLACK_BOT_TOKEN", lease, blank);
    BOOST_REQUIRE(d.has_value());
    BOOST_TEST(d->code == Code::kBindingClass3AllowlistRequired);
    BOOST_TEST(d->message == "Class-3 static lease bindings require an allowlist key");
  }
  const auto wrong_path = CheckClass3StaticLease("agent", "env.K", lease, "slack.bot_token");
  BOOST_REQUIRE(wrong_path.has_value());
  BOOST_TEST(wrong_path->code == Code::kBindingClass3NotAllowed);
  BOOST_TEST(wrong_path->message == "Class-3 static lease binding is outside the approved allowlist");
  BOOST_TEST(CheckClass3StaticLease("project", "env.SLACK_BOT_TOKEN", lease, "slack.bot_token").has_value());
  // The allowlist comparison is on the key as stored, untrimmed.
  BOOST_TEST(CheckClass3StaticLease("agent", "env.SLACK_BOT_TOKEN", lease, " slack.bot_token").has_value());
}

// BIND-2 --------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(bind2_no_context_means_no_enforcement) {
  const auto v = AssertBindingContext("c1", Rows(), A, std::nullopt);
  BOOST_REQUIRE(v.ok());
  BOOST_TEST(!v.value->enforced);
  BOOST_TEST(!v.value->binding_id.has_value());
}

BOOST_AUTO_TEST_CASE(bind2_bound_row_grants) {
  const auto v = AssertBindingContext("c1", Rows(), A, Ctx("agent", "a1", "env.K"));
  BOOST_REQUIRE(v.ok());
  BOOST_TEST(v.value->enforced);
  BOOST_TEST(*v.value->binding_id == "b1");
  const auto env = AssertBindingContext("c1", Rows(), B, Ctx("environment", "e1", "apiKey"));
  BOOST_REQUIRE(env.ok());
  BOOST_TEST(*env.value->binding_id == "b2");
  // uuid hex case does not matter; consumer ids and paths are exact.
  BOOST_TEST(AssertBindingContext("c1", Rows(), "AAAAAAAA-0000-4000-8000-00000000000A", Ctx("agent", "a1", "env.K")).ok());
}

BOOST_AUTO_TEST_CASE(bind2_missing_path) {
  for (const std::optional<std::string>& path : {std::optional<std::string>(), std::optional<std::string>("")}) {
    const auto v = AssertBindingContext("c1", Rows(), A, Ctx("agent", "a1", path));
    BOOST_REQUIRE(!v.ok());
    BOOST_TEST(v.diagnostics[0].code == Code::kBindingMissing);
    BOOST_TEST(v.diagnostics[0].http_status == 422);
    BOOST_TEST(v.diagnostics[0].message == "Secret resolution requires a binding config path");
  }
}

BOOST_AUTO_TEST_CASE(bind2_not_bound) {
  const struct {
    std::string secret;
    BindingContext ctx;
    std::string message;
  } cases[] = {
      {B, Ctx("agent", "a1", "env.K"), "Secret is not bound to agent:a1 at env.K"},  // row names another secret
      {A, Ctx("agent", "a2", "env.K"), "Secret is not bound to agent:a2 at env.K"},
      {A, Ctx("project", "a1", "env.K"), "Secret is not bound to project:a1 at env.K"},
      {A, Ctx("agent", "A1", "env.K"), "Secret is not bound to agent:A1 at env.K"},
      {A, Ctx("agent", "a1", "env.K "), "Secret is not bound to agent:a1 at env.K "},
  };
  for (const auto& c : cases) {
    const auto v = AssertBindingContext("c1", Rows(), c.secret, c.ctx);
    BOOST_REQUIRE(!v.ok());
    BOOST_TEST(v.diagnostics[0].code == Code::kBindingMissing);
    BOOST_TEST(v.diagnostics[0].message == c.message);
  }
  BOOST_TEST(!AssertBindingContext("c2", Rows(), A, Ctx("agent", "a1", "env.K")).ok());
}

BOOST_AUTO_TEST_CASE(bind2_low_trust_boundary) {
  auto ctx = Ctx("agent", "a1", "env.K");
  ctx.allowed_binding_ids = std::vector<std::string>{"b1"};
  BOOST_TEST(AssertBindingContext("c1", Rows(), A, ctx).ok());
  ctx.allowed_binding_ids = std::vector<std::string>{};
  const auto denied = AssertBindingContext("c1", Rows(), A, ctx);
  BOOST_REQUIRE(!denied.ok());
  BOOST_TEST(denied.diagnostics[0].code == Code::kBindingNotAllowed);
  BOOST_TEST(denied.diagnostics[0].message == "Secret binding is outside the active low-trust boundary");
  ctx.allowed_binding_ids = std::vector<std::string>{"b2"};
  BOOST_TEST(AssertBindingContext("c1", Rows(), A, ctx).diagnostics[0].code == Code::kBindingNotAllowed);
}

BOOST_AUTO_TEST_CASE(bind2_runs_bind3_on_the_row) {
  auto rows = Rows();
  rows[0].projection_class = "class_3_static_lease";
  const auto v = AssertBindingContext("c1", rows, A, Ctx("agent", "a1", "env.K"));
  BOOST_REQUIRE(!v.ok());
  BOOST_TEST(v.diagnostics[0].code == Code::kBindingClass3AllowlistRequired);
  rows[0].projection_allowlist_key = "slack.bot_token";
  BOOST_TEST(AssertBindingContext("c1", rows, A, Ctx("agent", "a1", "env.K")).diagnostics[0].code ==
             Code::kBindingClass3NotAllowed);
  rows[0].config_path = "env.SLACK_BOT_TOKEN";
  BOOST_TEST(AssertBindingContext("c1", rows, A, Ctx("agent", "a1", "env.SLACK_BOT_TOKEN")).ok());
}

BOOST_AUTO_TEST_CASE(bind2_first_matching_row_wins) {
  auto rows = Rows();
  rows.push_back(Row("b9", A, "agent", "a1", "env.K"));
  const auto v = AssertBindingContext("c1", rows, A, Ctx("agent", "a1", "env.K"));
  BOOST_REQUIRE(v.ok());
  BOOST_TEST(*v.value->binding_id == "b1");
}
