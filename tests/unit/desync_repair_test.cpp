#define BOOST_TEST_MODULE desync_repair
#include <boost/test/unit_test.hpp>

#include "binding_test_support.h"
#include "test_support.h"

#include "clasp/desync_repair.h"

using namespace clasp;
using clasp::test::J;

namespace {

using clasp::test::A;
using clasp::test::B;
using clasp::test::C;
using clasp::test::D;
using clasp::test::Secrets;

BindingRow Row(std::string target_id, std::string path, std::string secret, std::string version = "latest",
               std::string company = "c1", std::string id = "") {
  BindingRow r;
  r.company_id = std::move(company);
  r.secret_id = std::move(secret);
  r.target_type = "agent";
  r.target_id = std::move(target_id);
  r.config_path = std::move(path);
  r.version_selector = std::move(version);
  r.id = id.empty() ? "row-" + r.target_id + "-" + r.config_path : std::move(id);
  return r;
}

std::string Ref(const std::string& id, const std::string& extra = "") {
  return R"({"type":"secret_ref","secretId":")" + id + "\"" + extra + "}";
}

TargetEnv Agent(const std::string& id, const std::string& env_json, const std::string& company = "c1") {
  return TargetEnv{company, BindingTarget{"agent", id, "env"}, J(env_json)};
}

const DesyncScope kScope{{"agent", "project"}};

// "action reason target path secret version" per step, for exact comparisons.
std::vector<std::string> Steps(const DesyncRepair& r) {
  std::vector<std::string> out;
  for (const auto& s : r.steps) {
    out.push_back(std::string(RepairActionName(s.action)) + " " + std::string(RepairReasonName(s.reason)) + " " +
                  s.binding.company_id + "/" + s.binding.target_id + " " + s.binding.config_path + " " +
                  s.binding.secret_id.substr(0, 1) + " " + s.binding.version_selector);
  }
  return out;
}

std::vector<std::string> Manual(const DesyncRepair& r) {
  std::vector<std::string> out;
  for (const auto& m : r.manual) out.push_back(std::string(CodeName(m.diagnostic.code)) + " " + m.diagnostic.path);
  return out;
}

std::vector<std::string> Findings(const std::vector<Diagnostic>& ds) {
  std::vector<std::string> out;
  for (const auto& d : ds) out.push_back(std::string(CodeName(d.code)) + " " + d.path);
  return out;
}

using V = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_CASE(consistent_input_repairs_nothing) {
  const std::vector<TargetEnv> targets{Agent("a1", R"({"K":)" + Ref(A) + R"(,"J":)" + Ref(B, R"(,"version":2)") +
                                                       R"(,"P":"plain"})"),
                                       Agent("a2", "{}")};
  const std::vector<BindingRow> rows{Row("a1", "env.K", A), Row("a1", "env.J", B, "2"), Row("a1", "access.GH", A),
                                     Row("r1", "env.X", A)};
  std::vector<BindingRow> with_routine = rows;
  with_routine.back().target_type = "routine";  // not a complete type: never an orphan
  BOOST_TEST(DesyncFindings(targets, with_routine, Secrets(), kScope).empty());
  const DesyncRepair r = PlanDesyncRepair(targets, with_routine, Secrets(), kScope);
  BOOST_TEST(r.empty());
  BOOST_TEST(r.inserts + r.updates + r.deletes == 0u);
}

BOOST_AUTO_TEST_CASE(seed_report_rows_deleted_while_env_keeps_refs_are_inserted) {
  // Three agents lost their rows; the fourth is intact.
  const std::vector<TargetEnv> targets{
      Agent("a1", R"({"OPENAI_API_KEY":)" + Ref(A) + R"(,"GITHUB_TOKEN":)" + Ref(B) + "}"),
      Agent("a2", R"({"OPENAI_API_KEY":)" + Ref(A, R"(,"version":3)") + "}"),
      Agent("a3", R"({"LOG":"debug","GITHUB_TOKEN":)" + Ref(B) + "}"),
      Agent("a4", R"({"OPENAI_API_KEY":)" + Ref(A) + "}")};
  const std::vector<BindingRow> rows{Row("a4", "env.OPENAI_API_KEY", A)};
  BOOST_TEST(Findings(DesyncFindings(targets, rows, Secrets(), kScope)) ==
                 (V{"desync_ref_without_row /targets/0/env/OPENAI_API_KEY", "desync_ref_without_row /targets/0/env/GITHUB_TOKEN",
                    "desync_ref_without_row /targets/1/env/OPENAI_API_KEY", "desync_ref_without_row /targets/2/env/GITHUB_TOKEN"}),
             boost::test_tools::per_element());
  const DesyncRepair r = PlanDesyncRepair(targets, rows, Secrets(), kScope);
  BOOST_TEST(Steps(r) == (V{"insert ref_without_row c1/a1 env.OPENAI_API_KEY a latest",
                            "insert ref_without_row c1/a1 env.GITHUB_TOKEN b latest",
                            "insert ref_without_row c1/a2 env.OPENAI_API_KEY a 3",
                            "insert ref_without_row c1/a3 env.GITHUB_TOKEN b latest"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.inserts == 4u);
  BOOST_TEST(r.manual.empty());
  const BindingRow& inserted = r.steps[0].binding;
  BOOST_TEST(inserted.id.empty());
  BOOST_TEST(inserted.target_type == "agent");
  BOOST_TEST(inserted.required);
  BOOST_TEST(!inserted.label.has_value());
  BOOST_TEST(inserted.projection_class == "unclassified");
  BOOST_TEST(r.steps[0].target == 0u);
  BOOST_TEST(r.steps[0].row == kNoRow);
  BOOST_TEST(DesyncFindings(targets, ApplyDesyncRepair(rows, r), Secrets(), kScope).empty());
}

BOOST_AUTO_TEST_CASE(inverse_11901_row_without_ref_is_deleted) {
  const std::vector<TargetEnv> targets{Agent("a1", R"({"K":)" + Ref(A) + R"(,"P":"now plain"})")};
  const std::vector<BindingRow> rows{Row("a1", "env.K", A), Row("a1", "env.GONE", B), Row("a1", "env.P", B)};
  const DesyncRepair r = PlanDesyncRepair(targets, rows, Secrets(), kScope);
  BOOST_TEST(Steps(r) == (V{"delete now_plain c1/a1 env.P b latest", "delete ref_removed c1/a1 env.GONE b latest"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.steps[0].row == 2u);
  BOOST_TEST(r.steps[0].binding.id == "row-a1-env.P");
  BOOST_TEST(r.steps[1].row == 1u);
  BOOST_TEST(r.manual.empty());
}

BOOST_AUTO_TEST_CASE(a_target_without_env_loses_its_rows_a_corrupt_env_is_manual) {
  const std::vector<TargetEnv> targets{Agent("a1", "null"), Agent("a2", "[1]")};
  const std::vector<BindingRow> rows{Row("a1", "env.K", A), Row("a2", "env.K", A)};
  const DesyncRepair r = PlanDesyncRepair(targets, rows, Secrets(), kScope);
  BOOST_TEST(Steps(r) == V{"delete ref_removed c1/a1 env.K a latest"}, boost::test_tools::per_element());
  BOOST_TEST(Manual(r) == V{"desync_row_without_ref /rows/1"}, boost::test_tools::per_element());
  BOOST_TEST(r.manual[0].target == 1u);
  BOOST_TEST(r.manual[0].row == 1u);
}

BOOST_AUTO_TEST_CASE(wrong_version_is_updated_in_place) {
  const std::vector<TargetEnv> targets{Agent("a1", R"({"K":)" + Ref(A, R"(,"version":2)") + R"(,"L":)" + Ref(B) + "}")};
  const std::vector<BindingRow> rows{Row("a1", "env.K", A), Row("a1", "env.L", B, "7")};
  const DesyncRepair r = PlanDesyncRepair(targets, rows, Secrets(), kScope);
  BOOST_TEST(Steps(r) == (V{"update version_changed c1/a1 env.K a 2", "update version_changed c1/a1 env.L b latest"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.steps[0].binding.id == "row-a1-env.K");  // the row keeps its id
  BOOST_TEST(r.steps[0].row == 0u);
  BOOST_TEST(r.updates == 2u);
}

BOOST_AUTO_TEST_CASE(projection_only_drift_is_not_a_desync) {
  const std::vector<TargetEnv> targets{Agent(
      "a1", R"({"SLACK_BOT_TOKEN":)" +
                Ref(A, R"(,"projectionClass":"class_3_static_lease","projectionAllowlistKey":"slack.bot_token")") + "}")};
  const std::vector<BindingRow> rows{Row("a1", "env.SLACK_BOT_TOKEN", A)};
  BOOST_TEST(DesyncFindings(targets, rows, Secrets(), kScope).empty());
  BOOST_TEST(PlanDesyncRepair(targets, rows, Secrets(), kScope).empty());
}

BOOST_AUTO_TEST_CASE(swapped_secret_deletes_before_it_inserts) {
  const std::vector<TargetEnv> targets{Agent("a1", R"({"K":)" + Ref(B) + "}")};
  const std::vector<BindingRow> rows{Row("a1", "env.K", A)};
  const DesyncRepair r = PlanDesyncRepair(targets, rows, Secrets(), kScope);
  BOOST_TEST(Steps(r) == (V{"delete secret_swapped c1/a1 env.K a latest", "insert secret_swapped c1/a1 env.K b latest"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(cross_company_rows_are_deleted_cross_company_refs_are_manual) {
  const std::vector<TargetEnv> targets{Agent("a1", R"({"K":)" + Ref(A) + "}"),
                                       Agent("a2", R"({"X":)" + Ref(C) + R"(,"Y":)" + Ref(B) + "}")};
  const std::vector<BindingRow> rows{
      Row("a1", "env.K", A, "latest", "c2"),  // stored under the wrong company
      Row("a2", "env.X", C),                  // names company c2's secret, as the env does
  };
  const DesyncRepair r = PlanDesyncRepair(targets, rows, Secrets(), kScope);
  BOOST_TEST(Steps(r) == (V{"delete wrong_company c2/a1 env.K a latest", "insert ref_without_row c1/a1 env.K a latest",
                            "insert ref_without_row c1/a2 env.Y b latest"}),
             boost::test_tools::per_element());
  BOOST_TEST(Manual(r) == V{"desync_cross_company /rows/1"}, boost::test_tools::per_element());
  BOOST_TEST(r.manual[0].target == 1u);
  BOOST_TEST(r.manual[0].diagnostic.message.find("of company c2, not c1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(refs_to_deleted_or_missing_secrets_are_manual_never_dropped) {
  const std::string missing = "eeeeeeee-0000-4000-8000-00000000000e";
  const std::vector<TargetEnv> targets{
      Agent("a1", R"({"K":)" + Ref(D) + R"(,"M":)" + Ref(missing) + R"(,"OK":)" + Ref(A) + "}")};
  const std::vector<BindingRow> rows{Row("a1", "env.K", D)};
  const DesyncRepair r = PlanDesyncRepair(targets, rows, Secrets(), kScope);
  // The good entry is still repaired; the row naming the deleted secret stays.
  BOOST_TEST(Steps(r) == V{"insert ref_without_row c1/a1 env.OK a latest"}, boost::test_tools::per_element());
  BOOST_TEST(Manual(r) == (V{"desync_ref_without_row /targets/0/env/M", "desync_deleted_secret /targets/0/env/M",
                             "desync_deleted_secret /rows/0"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.manual[1].diagnostic.message.find("which is not found") != std::string::npos);
  BOOST_TEST(r.manual[2].diagnostic.message.find("which is deleted") != std::string::npos);
  BOOST_TEST(r.manual[2].row == 0u);
}

BOOST_AUTO_TEST_CASE(rows_of_missing_targets_are_orphans_of_complete_types_only) {
  const std::vector<TargetEnv> targets{Agent("a1", "{}")};
  std::vector<BindingRow> rows{Row("gone", "env.K", A), Row("gone", "access.GH", B), Row("r1", "env.K", A)};
  rows[2].target_type = "routine";
  BOOST_TEST(Findings(OrphanRowReport(targets, rows, kScope)) ==
                 (V{"desync_row_without_ref /rows/0", "desync_row_without_ref /rows/1"}),
             boost::test_tools::per_element());
  const DesyncRepair r = PlanDesyncRepair(targets, rows, Secrets(), kScope);
  BOOST_TEST(Steps(r) == (V{"delete target_missing c1/gone env.K a latest", "delete target_missing c1/gone access.GH b latest"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.steps[0].target == kNoTarget);
  BOOST_TEST(PlanDesyncRepair(targets, rows, Secrets(), DesyncScope{}).empty());
}

BOOST_AUTO_TEST_CASE(invalid_entries_are_held_with_their_rows) {
  const std::vector<TargetEnv> targets{
      Agent("a1", R"({"BAD-KEY":)" + Ref(A) + R"(,"V":{"type":"secret_ref","secretId":"x"},"K":)" + Ref(A) + "}")};
  const std::vector<BindingRow> rows{Row("a1", "env.BAD-KEY", A), Row("a1", "env.V", B)};
  const DesyncRepair r = PlanDesyncRepair(targets, rows, Secrets(), kScope);
  BOOST_TEST(Steps(r) == V{"insert ref_without_row c1/a1 env.K a latest"}, boost::test_tools::per_element());
  BOOST_TEST(Manual(r) == (V{"desync_row_without_ref /rows/0", "desync_row_without_ref /rows/1"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(applying_the_repair_leaves_only_the_manual_findings) {
  std::vector<TargetEnv> targets{
      Agent("a1", R"({"K":)" + Ref(A) + R"(,"J":)" + Ref(B, R"(,"version":4)") + "}"),  // J: wrong version
      Agent("a2", R"({"K":)" + Ref(D) + R"(,"L":)" + Ref(B) + "}"),                     // K: deleted, L: missing row
      Agent("a3", "{}"),                                                                 // #11901
      Agent("a4", R"({"X":)" + Ref(C) + R"(,"S":)" + Ref(A) + "}"),                     // X: cross-company
      Agent("a5", R"({"K":)" + Ref(A) + "}", "c2")};                                   // foreign secret for c2
  targets.push_back(TargetEnv{"c1", BindingTarget{"project", "p1", "env"}, J(R"({"P":)" + Ref(B) + "}")});
  std::vector<BindingRow> rows{
      Row("a1", "env.J", B, "latest"), Row("a2", "env.K", D),      Row("a3", "env.OLD", A),
      Row("a3", "env.OLD2", B),        Row("a4", "env.S", B),      Row("a4", "env.X", C, "latest", "c2"),
      Row("a9", "env.K", A),           Row("a5", "env.K", A, "latest", "c2"),
      Row("p1", "env.P", A)};
  rows.back().target_type = "project";
  const DesyncRepair r = PlanDesyncRepair(targets, rows, Secrets(), kScope);
  BOOST_TEST(!r.steps.empty());
  BOOST_TEST(!r.manual.empty());

  const std::vector<BindingRow> after = ApplyDesyncRepair(rows, r);
  std::vector<std::string> remaining;
  for (const auto& d : DesyncFindings(targets, after, Secrets(), kScope)) {
    remaining.push_back(std::string(CodeName(d.code)) + " " + d.message);
  }
  std::vector<std::string> manual;
  for (const auto& m : r.manual) manual.push_back(std::string(CodeName(m.diagnostic.code)) + " " + m.diagnostic.message);
  BOOST_TEST(remaining == manual, boost::test_tools::per_element());
  for (const auto& m : r.manual) {
    BOOST_TEST_MESSAGE(CodeName(m.diagnostic.code) << " " << m.diagnostic.path << " " << m.diagnostic.message);
    BOOST_TEST((m.diagnostic.code == Code::kDesyncDeletedSecret || m.diagnostic.code == Code::kDesyncCrossCompany ||
                m.diagnostic.code == Code::kDesyncRefWithoutRow));
  }
  // Idempotence: the repaired rows need no further step, and the same input
  // always gives the same plan.
  BOOST_TEST(PlanDesyncRepair(targets, after, Secrets(), kScope).steps.empty());
  BOOST_TEST(Steps(PlanDesyncRepair(targets, rows, Secrets(), kScope)) == Steps(r), boost::test_tools::per_element());
  BOOST_TEST(r.inserts + r.updates + r.deletes == r.steps.size());
}
