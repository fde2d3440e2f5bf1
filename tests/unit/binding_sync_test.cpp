#define BOOST_TEST_MODULE binding_sync
#include <boost/test/unit_test.hpp>

#include "binding_test_support.h"
#include "test_support.h"

#include "clasp/binding.h"
#include "clasp/binding_sync.h"

#include <cctype>
#include <map>

using namespace clasp;
using clasp::test::J;

namespace clasp {
std::ostream& operator<<(std::ostream& os, BindingChangeKind k) { return os << BindingChangeKindName(k); }
std::ostream& operator<<(std::ostream& os, DeleteReason r) { return os << DeleteReasonName(r); }
std::ostream& operator<<(std::ostream& os, Severity s) { return os << (s == Severity::kError ? "error" : "warning"); }
}  // namespace clasp

namespace {

using clasp::test::A;
using clasp::test::B;
using clasp::test::C;
using clasp::test::D;
using clasp::test::Secrets;

BindingRow Row(std::string path, std::string secret, std::string version = "latest", std::string target_id = "a1",
               std::string company = "c1", std::string type = "agent") {
  BindingRow r;
  r.id = "row-" + path;
  r.company_id = std::move(company);
  r.secret_id = std::move(secret);
  r.target_type = std::move(type);
  r.target_id = std::move(target_id);
  r.config_path = std::move(path);
  r.version_selector = std::move(version);
  return r;
}

const BindingTarget kAgent{"agent", "a1", "env"};

std::string Ref(const std::string& id, const std::string& extra = "") {
  return R"({"type":"secret_ref","secretId":")" + id + "\"" + extra + "}";
}

}  // namespace

// ---------------------------------------------------------------------------
// JS iteration order, shared by both planners
// ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(js_object_entries_puts_array_indices_first) {
  const auto env = J(R"({"b":1,"10":1,"a":1,"2":1,"01":1,"4294967295":1,"4294967294":1,"0":1})");
  std::vector<std::string> keys;
  for (const auto& it : JsObjectEntries(env)) keys.push_back(it.key());
  const std::vector<std::string> want{"0", "2", "10", "4294967294", "b", "a", "01", "4294967295"};
  BOOST_TEST(keys == want, boost::test_tools::per_element());
  BOOST_TEST(JsObjectEntries(J("[1,2]")).empty());
  BOOST_TEST(JsObjectEntries(OrderedJson()).empty());
  BOOST_TEST(IsJsArrayIndex("0"));
  BOOST_TEST(!IsJsArrayIndex("-1"));
  BOOST_TEST(!IsJsArrayIndex("1.5"));
  BOOST_TEST(!IsJsArrayIndex(""));
}

// ---------------------------------------------------------------------------
// PlanPaperclipSync (SYNC-1..4, SEC-1, BIND-3)
// ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(compat_absent_env_wipes_every_env_row_5631) {
  const std::vector<BindingRow> rows{Row("env.K", A), Row("env.J", B), Row("access.GH", A)};
  for (const OrderedJson& env : {OrderedJson(), J("[1]"), J(R"("str")"), J("{}")}) {
    const auto out = PlanPaperclipSync("c1", kAgent, env, rows, Secrets());
    BOOST_REQUIRE(out.ok());
    BOOST_TEST(out.value->deleted == 2u);
    BOOST_TEST(out.value->inserted.empty());
    BOOST_TEST(out.value->untouched_rows == std::vector<std::size_t>{2}, boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(compat_resubmit_is_delete_and_reinsert) {
  const std::vector<BindingRow> rows{Row("env.K", A)};
  const auto out = PlanPaperclipSync("c1", kAgent, J(R"({"K":)" + Ref(A) + "}"), rows, Secrets());
  BOOST_REQUIRE(out.ok());
  BOOST_TEST(out.value->deleted == 1u);
  BOOST_REQUIRE(out.value->inserted.size() == 1u);
  const BindingRow& r = out.value->inserted[0];
  BOOST_TEST(r.config_path == "env.K");
  BOOST_TEST(r.version_selector == "latest");
  BOOST_TEST(r.required);
  BOOST_TEST(!r.label.has_value());
}

BOOST_AUTO_TEST_CASE(compat_skips_plain_invalid_and_does_not_check_keys) {
  const auto env = J(R"({"P":"x","Q":{"type":"plain","value":"1"},"R":{"type":"secret_ref"},"S":42,)"
                     R"("V":)" + Ref(A, R"(,"version":0)") + R"(,"BAD-KEY":)" + Ref(A, R"(,"version":3)") + "}");
  const auto out = PlanPaperclipSync("c1", kAgent, env, {}, Secrets());
  BOOST_REQUIRE(out.ok());
  BOOST_REQUIRE(out.value->inserted.size() == 1u);
  BOOST_TEST(out.value->inserted[0].config_path == "env.BAD-KEY");
  BOOST_TEST(out.value->inserted[0].version_selector == "3");
}

BOOST_AUTO_TEST_CASE(compat_inserts_in_js_order_integer_keys_first) {
  const auto env = J(R"({"Z":)" + Ref(A) + R"(,"7":)" + Ref(B) + R"(,"A":)" + Ref(A) + "}");
  const auto out = PlanPaperclipSync("c1", kAgent, env, {}, Secrets());
  BOOST_REQUIRE(out.ok());
  BOOST_REQUIRE(out.value->inserted.size() == 3u);
  BOOST_TEST(out.value->inserted[0].config_path == "env.7");
  BOOST_TEST(out.value->inserted[1].config_path == "env.Z");
  BOOST_TEST(out.value->inserted[2].config_path == "env.A");
}

BOOST_AUTO_TEST_CASE(compat_cross_company_aborts_with_nothing_changed) {
  const std::vector<BindingRow> rows{Row("env.K", A)};
  const auto env = J(R"({"J":)" + Ref(B) + R"(,"K":)" + Ref(C) + "}");
  const auto out = PlanPaperclipSync("c1", kAgent, env, rows, Secrets());
  BOOST_REQUIRE(!out.ok());
  BOOST_TEST(!out.value.has_value());
  BOOST_TEST(out.diagnostics.size() == 1u);
  BOOST_TEST(out.diagnostics[0].code == Code::kSecretCompanyMismatch);
  BOOST_TEST(out.diagnostics[0].http_status == 422);
  BOOST_TEST(out.diagnostics[0].message == "Secret must belong to same company");
  BOOST_TEST(out.diagnostics[0].path == "/K");
}

BOOST_AUTO_TEST_CASE(compat_missing_and_deleted_secrets_are_404) {
  const std::string unknown = "eeeeeeee-0000-4000-8000-00000000000e";
  for (const std::string& id : {unknown, D}) {
    const auto out = PlanPaperclipSync("c1", kAgent, J(R"({"K":)" + Ref(id) + "}"), {}, Secrets());
    BOOST_REQUIRE(!out.ok());
    BOOST_TEST(out.diagnostics[0].code == Code::kSecretNotFound);
    BOOST_TEST(out.diagnostics[0].http_status == 404);
    BOOST_TEST(out.diagnostics[0].message == "Secret not found");
  }
  // The first failing entry in iteration order is the answer.
  const auto first = PlanPaperclipSync("c1", kAgent, J(R"({"X":)" + Ref(C) + R"(,"0":)" + Ref(unknown) + "}"), {},
                                       Secrets());
  BOOST_REQUIRE(!first.ok());
  BOOST_TEST(first.diagnostics[0].path == "/0");
}

BOOST_AUTO_TEST_CASE(compat_secret_ids_match_regardless_of_hex_case) {
  std::string upper = A;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto out = PlanPaperclipSync("c1", kAgent, J(R"({"K":)" + Ref(upper) + "}"), {}, Secrets());
  BOOST_REQUIRE(out.ok());
  BOOST_TEST(out.value->inserted[0].secret_id == upper);
}

BOOST_AUTO_TEST_CASE(compat_class3_checks) {
  const auto bad = PlanPaperclipSync("c1", kAgent, J(R"({"K":)" + Ref(A, R"(,"projectionClass":"class_3_static_lease")") + "}"),
                                     {Row("env.K", A)}, Secrets());
  BOOST_REQUIRE(!bad.ok());
  BOOST_TEST(bad.diagnostics[0].code == Code::kBindingClass3AllowlistRequired);
  const auto good = PlanPaperclipSync(
      "c1", kAgent,
      J(R"({"SLACK_BOT_TOKEN":)" +
        Ref(A, R"(,"projectionClass":"class_3_static_lease","projectionAllowlistKey":" slack.bot_token ")") + "}"),
      {}, Secrets());
  BOOST_REQUIRE(good.ok());
  BOOST_TEST(*good.value->inserted[0].projection_allowlist_key == "slack.bot_token");
}

BOOST_AUTO_TEST_CASE(compat_prefix_wildcard_caveat) {
  BOOST_TEST(PaperclipPrefixMatches("env", "env.K"));
  BOOST_TEST(!PaperclipPrefixMatches("env", "env"));
  BOOST_TEST(!PaperclipPrefixMatches("env", "envX.K"));
  BOOST_TEST(!PaperclipPrefixMatches("env", "ENV.K"));
  BOOST_TEST(PaperclipPrefixMatches("e_v", "eXv.K"));
  BOOST_TEST(PaperclipPrefixMatches("e_v", "e\xC3\x84v.K"));  // `_` is one character, not one byte
  BOOST_TEST(!PaperclipPrefixMatches("e_v", "ev.K"));
  BOOST_TEST(PaperclipPrefixMatches("%", "access.Y"));
  BOOST_TEST(PaperclipPrefixMatches("%", ".x"));
  BOOST_TEST(!PaperclipPrefixMatches("%", "nodot"));
  BOOST_TEST(PaperclipPrefixMatches("a%b", "aXXb.c"));
  BOOST_TEST(PaperclipPrefixMatches("a\\_b", "a_b.c"));
  BOOST_TEST(!PaperclipPrefixMatches("a\\_b", "aXb.c"));
  BOOST_TEST(!PaperclipPrefixMatches("e_v", "\xFF\xFEv.K"));  // hostile bytes still advance

  const std::vector<BindingRow> rows{Row("e_v.K", A), Row("env.K", A), Row("eXv.K", A), Row("ev.K", A)};
  const auto out = PlanPaperclipSync("c1", BindingTarget{"agent", "a1", "e_v"}, J("{}"), rows, Secrets());
  BOOST_REQUIRE(out.ok());
  BOOST_TEST(out.value->deleted == 3u);
  BOOST_TEST(out.value->untouched_rows == std::vector<std::size_t>{3}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(compat_leaves_other_targets_companies_and_bare_prefix) {
  const std::vector<BindingRow> rows{Row("env.K", A, "latest", "a2"), Row("env.K", A, "latest", "a1", "c2"),
                                     Row("env", A), Row("env.K", A, "latest", "a1", "c1", "project")};
  const auto out = PlanPaperclipSync("c1", kAgent, J("{}"), rows, Secrets());
  BOOST_REQUIRE(out.ok());
  BOOST_TEST(out.value->deleted == 0u);
  BOOST_TEST(out.value->untouched_rows.size() == 4u);
}

// ---------------------------------------------------------------------------
// PlanBindingSync: clasp's diff
// ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(clasp_absent_env_changes_nothing_5631) {
  const std::vector<BindingRow> rows{Row("env.K", A), Row("env.J", B), Row("access.GH", A)};
  const OrderedJson env1 = OrderedJson();
  const auto plan = PlanBindingSync("c1", kAgent, env1, rows, Secrets());
  BOOST_REQUIRE(plan.ok());
  BOOST_TEST(plan.value->kept == 2u);
  BOOST_TEST(plan.value->deleted == 0u);
  BOOST_TEST(plan.value->inserted == 0u);
  BOOST_REQUIRE(plan.diagnostics.size() == 1u);
  BOOST_TEST(plan.diagnostics[0].code == Code::kSyncEnvAbsent);
  BOOST_TEST(plan.diagnostics[0].severity == Severity::kWarning);
  const auto after = ApplyBindingPlan("c1", kAgent, rows, *plan.value);
  BOOST_TEST(after.size() == 3u);
}

BOOST_AUTO_TEST_CASE(clasp_non_object_env_is_an_error) {
  for (const char* text : {"[]", R"("x")", "3", "true"}) {
    const OrderedJson env2 = J(text);
    const auto plan = PlanBindingSync("c1", kAgent, env2, {Row("env.K", A)}, Secrets());
    BOOST_REQUIRE(!plan.ok());
    BOOST_TEST(plan.diagnostics[0].code == Code::kEnvNotObject);
    BOOST_TEST(plan.diagnostics[0].message == "env must be an object");
  }
}

BOOST_AUTO_TEST_CASE(clasp_unchanged_resubmit_is_all_keep) {
  const std::vector<BindingRow> rows{Row("env.K", A), Row("env.J", B, "3")};
  const auto env = J(R"({"J":)" + Ref(B, R"(,"version":3)") + R"(,"K":)" + Ref(A) + R"(,"L":"plain"})");
  const auto plan = PlanBindingSync("c1", kAgent, env, rows, Secrets());
  BOOST_REQUIRE(plan.ok());
  BOOST_TEST(plan.value->kept == 2u);
  BOOST_TEST(plan.value->changes.size() == 2u);
  BOOST_TEST(plan.diagnostics.empty());
}

BOOST_AUTO_TEST_CASE(clasp_version_change_is_an_update) {
  const std::vector<BindingRow> rows{Row("env.K", A)};
  const OrderedJson env3 = J(R"({"K":)" + Ref(A, R"(,"version":2)") + "}");
  const auto plan = PlanBindingSync("c1", kAgent, env3, rows, Secrets());
  BOOST_REQUIRE(plan.ok());
  BOOST_REQUIRE(plan.value->changes.size() == 1u);
  BOOST_TEST(plan.value->changes[0].kind == BindingChangeKind::kUpdate);
  BOOST_TEST(plan.value->changes[0].row == 0u);
  const auto after = ApplyBindingPlan("c1", kAgent, rows, *plan.value);
  BOOST_REQUIRE(after.size() == 1u);
  BOOST_TEST(after[0].version_selector == "2");
  BOOST_TEST(after[0].id == "row-env.K");  // the row keeps its identity
}

BOOST_AUTO_TEST_CASE(clasp_swap_is_delete_then_insert_with_reason) {
  const std::vector<BindingRow> rows{Row("env.K", A)};
  const OrderedJson env4 = J(R"({"K":)" + Ref(B) + "}");
  const auto plan = PlanBindingSync("c1", kAgent, env4, rows, Secrets());
  BOOST_REQUIRE(plan.ok());
  BOOST_REQUIRE(plan.value->changes.size() == 2u);
  BOOST_TEST(plan.value->changes[0].kind == BindingChangeKind::kDelete);
  BOOST_TEST(plan.value->changes[0].reason == DeleteReason::kSecretSwapped);
  BOOST_TEST(DeleteReasonName(plan.value->changes[0].reason) == "secret_swapped");
  BOOST_TEST(plan.value->changes[1].kind == BindingChangeKind::kInsert);
  BOOST_TEST(plan.value->changes[1].secret_id == B);
  const auto after = ApplyBindingPlan("c1", kAgent, rows, *plan.value);
  BOOST_REQUIRE(after.size() == 1u);
  BOOST_TEST(after[0].secret_id == B);
  BOOST_TEST(after[0].config_path == "env.K");
}

BOOST_AUTO_TEST_CASE(clasp_hex_case_of_secret_id_is_not_a_swap) {
  std::string upper = A;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const OrderedJson env5 = J(R"({"K":)" + Ref(upper) + "}");
  const auto plan = PlanBindingSync("c1", kAgent, env5, {Row("env.K", A)}, Secrets());
  BOOST_REQUIRE(plan.ok());
  BOOST_TEST(plan.value->kept == 1u);
}

BOOST_AUTO_TEST_CASE(clasp_every_delete_has_a_reason) {
  const std::vector<BindingRow> rows{Row("env.GONE", A), Row("env.PLAIN", A), Row("env.USER", A), Row("env.K", A),
                                     Row("env.K", B)};
  const auto env = J(R"({"PLAIN":"v","USER":{"type":"user_secret_ref","key":"gh"},"K":)" + Ref(A) + "}");
  const std::vector<UserSecretDefinition> definitions{{"d1", "c1", "gh", "active", false}};
  const auto plan = PlanBindingSync("c1", kAgent, env, rows, Secrets(), {}, definitions);
  BOOST_REQUIRE(plan.ok());
  std::map<std::size_t, DeleteReason> reasons;
  for (const auto& c : plan.value->changes) {
    if (c.kind == BindingChangeKind::kDelete) reasons[c.row] = c.reason;
  }
  BOOST_TEST(plan.value->deleted == 4u);
  BOOST_TEST((reasons[0] == DeleteReason::kRefRemoved));
  BOOST_TEST((reasons[1] == DeleteReason::kNowPlain));
  BOOST_TEST((reasons[2] == DeleteReason::kNowUserSecretRef));
  BOOST_TEST((reasons[4] == DeleteReason::kDuplicateRow));
  BOOST_TEST(plan.value->kept == 1u);
}

BOOST_AUTO_TEST_CASE(clasp_wipe_needs_replace_all) {
  const std::vector<BindingRow> rows{Row("env.K", A), Row("env.J", B), Row("access.GH", A)};
  for (const OrderedJson& env : {J("{}"), J(R"({"K":"now plain","J":"too"})"), J(R"({"NEW":)" + Ref(A) + "}")}) {
    const auto refused = PlanBindingSync("c1", kAgent, env, rows, Secrets());
    BOOST_REQUIRE(!refused.ok());
    BOOST_TEST(!refused.value.has_value());
    BOOST_TEST(refused.diagnostics[0].code == Code::kSyncReplaceAllRequired);
    const auto allowed = PlanBindingSync("c1", kAgent, env, rows, Secrets(), BindingSyncOptions{true});
    BOOST_REQUIRE(allowed.ok());
    BOOST_TEST(allowed.value->deleted == 2u);
    const auto after = ApplyBindingPlan("c1", kAgent, rows, *allowed.value);
    BOOST_TEST(after.front().config_path == "access.GH");
  }
  // No rows in scope: nothing to wipe, no option needed.
  const OrderedJson env6 = J("{}");
  BOOST_TEST(PlanBindingSync("c1", kAgent, env6, {Row("access.GH", A)}, Secrets()).ok());
  // Swapping every secret keeps every path bound: not a wipe.
  const OrderedJson env7 = J(R"({"K":)" + Ref(B) + R"(,"J":)" + Ref(A) + "}");
  const auto swap_all = PlanBindingSync("c1", kAgent, env7, rows, Secrets());
  BOOST_REQUIRE(swap_all.ok());
  BOOST_TEST(swap_all.value->deleted == 2u);
  BOOST_TEST(swap_all.value->inserted == 2u);
}

BOOST_AUTO_TEST_CASE(clasp_cross_company_refuses_with_every_error_and_nothing_changed) {
  const std::vector<BindingRow> rows{Row("env.K", A)};
  const auto env = J(R"({"K":)" + Ref(C) + R"(,"M":)" + Ref(D) + R"(,"bad-key":"x","N":{"type":"secret_ref"},"O":)" +
                     Ref(A) + "}");
  const auto plan = PlanBindingSync("c1", kAgent, env, rows, Secrets());
  BOOST_REQUIRE(!plan.ok());
  BOOST_TEST(!plan.value.has_value());
  BOOST_REQUIRE(plan.diagnostics.size() == 4u);
  BOOST_TEST(plan.diagnostics[0].code == Code::kSecretCompanyMismatch);
  BOOST_TEST(plan.diagnostics[0].path == "/K");
  BOOST_TEST(plan.diagnostics[1].code == Code::kSecretNotFound);
  BOOST_TEST(plan.diagnostics[2].code == Code::kEnvKeyInvalid);
  BOOST_TEST(plan.diagnostics[2].message == "Invalid environment variable name: bad-key");
  BOOST_TEST(plan.diagnostics[3].code == Code::kEnvBindingInvalid);
  BOOST_TEST(plan.diagnostics[3].message == "Invalid environment binding for key: N");
}

BOOST_AUTO_TEST_CASE(clasp_prefix_is_literal_and_scope_is_the_target) {
  const std::vector<BindingRow> rows{Row("eXv.K", A), Row("e_v.K", A), Row("e_v.K", A, "latest", "a2"),
                                     Row("e_v.K", A, "latest", "a1", "c2")};
  const BindingTarget target{"agent", "a1", "e_v"};
  const OrderedJson env8 = J("{}");
  const auto plan = PlanBindingSync("c1", target, env8, rows, Secrets(), BindingSyncOptions{true});
  BOOST_REQUIRE(plan.ok());
  BOOST_REQUIRE(plan.value->deleted == 1u);
  BOOST_TEST(plan.value->changes[0].row == 1u);
}

BOOST_AUTO_TEST_CASE(clasp_projection_change_is_an_update_and_class3_is_checked) {
  std::vector<BindingRow> rows{Row("env.SLACK_BOT_TOKEN", A)};
  const auto lease = Ref(A, R"(,"projectionClass":"class_3_static_lease","projectionAllowlistKey":"slack.bot_token")");
  const OrderedJson env9 = J(R"({"SLACK_BOT_TOKEN":)" + lease + "}");
  const auto plan = PlanBindingSync("c1", kAgent, env9, rows, Secrets());
  BOOST_REQUIRE(plan.ok());
  BOOST_TEST(plan.value->updated == 1u);
  const auto after = ApplyBindingPlan("c1", kAgent, rows, *plan.value);
  BOOST_TEST(after[0].projection_class == "class_3_static_lease");
  BOOST_TEST(*after[0].projection_allowlist_key == "slack.bot_token");
  const OrderedJson env10 = J(R"({"SLACK_BOT_TOKEN":)" + lease + "}");
  const auto again = PlanBindingSync("c1", kAgent, env10, after, Secrets());
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(again.value->kept == 1u);
  const OrderedJson env11 = J(R"({"OTHER":)" + lease + "}");
  const auto off_list = PlanBindingSync("c1", kAgent, env11, {}, Secrets());
  BOOST_REQUIRE(!off_list.ok());
  BOOST_TEST(off_list.diagnostics[0].code == Code::kBindingClass3NotAllowed);
}

BOOST_AUTO_TEST_CASE(clasp_access_prefix_needs_an_agent) {
  const BindingTarget project_access{"project", "p1", "access"};
  const OrderedJson env12 = J(R"({"GH":)" + Ref(A) + "}");
  const auto plan = PlanBindingSync("c1", project_access, env12, {}, Secrets());
  BOOST_REQUIRE(!plan.ok());
  BOOST_TEST(plan.diagnostics[0].code == Code::kBindingAccessTargetInvalid);
  const OrderedJson env13 = J(R"({"GH":)" + Ref(A) + "}");
  BOOST_TEST(PlanBindingSync("c1", BindingTarget{"agent", "a1", "access"}, env13, {}, Secrets()).ok());
}

BOOST_AUTO_TEST_CASE(clasp_changes_follow_env_order_then_deletes_in_row_order) {
  const std::vector<BindingRow> rows{Row("env.OLD2", A), Row("env.OLD1", A), Row("env.KEEP", A)};
  const auto env = J(R"({"b":)" + Ref(A) + R"(,"KEEP":)" + Ref(A) + R"(,"a":)" + Ref(B) + "}");
  const auto plan = PlanBindingSync("c1", kAgent, env, rows, Secrets());
  BOOST_REQUIRE(plan.ok());
  const auto& ch = plan.value->changes;
  BOOST_REQUIRE(ch.size() == 5u);
  BOOST_TEST(ch[0].env_key == "b");
  BOOST_TEST(ch[1].env_key == "KEEP");
  BOOST_TEST(ch[2].env_key == "a");
  BOOST_TEST(ch[3].row == 0u);
  BOOST_TEST(ch[4].row == 1u);
  const auto after = ApplyBindingPlan("c1", kAgent, rows, *plan.value);
  BOOST_REQUIRE(after.size() == 3u);
  BOOST_TEST(after[0].config_path == "env.KEEP");
  BOOST_TEST(after[1].config_path == "env.b");
  BOOST_TEST(after[2].config_path == "env.a");
  // Integer-like keys are not env names (ENV-5), so clasp refuses them
  // instead of reordering them to the front as Paperclip does.
  const auto numeric = J(R"({"3":)" + Ref(B) + "}");
  const auto refused = PlanBindingSync("c1", kAgent, numeric, rows, Secrets());
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.diagnostics[0].code == Code::kEnvKeyInvalid);
}

BOOST_AUTO_TEST_CASE(clasp_hostile_input) {
  // A 10 MB key and invalid UTF-8 give diagnostics, not crashes.
  OrderedJson env = OrderedJson::object();
  env[std::string(10 * 1024 * 1024, 'K')] = J(Ref(A));
  env["\xFF\xFE"] = J(Ref(A));
  env["X"] = J(R"({"type":"secret_ref","secretId":["nested"],"version":{"a":1}})");
  const auto plan = PlanBindingSync("c1", kAgent, env, {Row("env.\xFF", A)}, Secrets());
  BOOST_REQUIRE(!plan.ok());
  BOOST_TEST(plan.diagnostics.size() == 2u);  // the long key is valid ENV-5
  const auto compat = PlanPaperclipSync("c1", kAgent, env, {Row("env.\xFF", A)}, Secrets());
  BOOST_REQUIRE(compat.ok());
  BOOST_TEST(compat.value->deleted == 1u);
  BOOST_TEST(compat.value->inserted.size() == 2u);
}

BOOST_AUTO_TEST_CASE(binding_row_json_round_trip_and_wrong_types) {
  const auto row = BindingRowFromJson(J(R"({"id":"b1","companyId":"c1","secretId":")" + A +
                                        R"(","targetType":"agent","targetId":"a1","configPath":"env.K",)"
                                        R"("versionSelector":3,"required":false,"label":null})"));
  BOOST_REQUIRE(row.ok());
  BOOST_TEST(row.value->version_selector == "3");
  BOOST_TEST(!row.value->required);
  BOOST_TEST(BindingRowToJson(*row.value)["projectionClass"] == "unclassified");
  const auto bad = BindingRowFromJson(J(R"({"configPath":7,"required":"yes"})"));
  BOOST_REQUIRE(!bad.ok());
  BOOST_TEST(bad.diagnostics.size() == 2u);
  BOOST_TEST(bad.diagnostics[0].path == "/configPath");
  BOOST_TEST(!BindingRowFromJson(J("[]")).ok());
}
