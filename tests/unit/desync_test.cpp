#define BOOST_TEST_MODULE desync
#include <boost/test/unit_test.hpp>

#include "binding_test_support.h"
#include "test_support.h"

#include "clasp/desync.h"

using namespace clasp;
using clasp::test::J;

namespace {

using clasp::test::A;
using clasp::test::B;
using clasp::test::C;
using clasp::test::D;
using clasp::test::Secrets;

BindingRow Row(std::string path, std::string secret, std::string version = "latest", std::string company = "c1",
               std::string target_id = "a1") {
  BindingRow r;
  r.company_id = std::move(company);
  r.secret_id = std::move(secret);
  r.target_type = "agent";
  r.target_id = std::move(target_id);
  r.config_path = std::move(path);
  r.version_selector = std::move(version);
  return r;
}

std::string Ref(const std::string& id, const std::string& extra = "") {
  return R"({"type":"secret_ref","secretId":")" + id + "\"" + extra + "}";
}

std::vector<TargetEnv> Agent(const std::string& env_json) {
  return {TargetEnv{"c1", BindingTarget{"agent", "a1", "env"}, J(env_json)}};
}

std::vector<Code> Codes(const std::vector<Diagnostic>& ds) {
  std::vector<Code> out;
  for (const auto& d : ds) out.push_back(d.code);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(in_step_reports_nothing) {
  const auto env = R"({"K":)" + Ref(A) + R"(,"J":)" + Ref(B, R"(,"version":2)") + R"(,"P":"plain"})";
  BOOST_TEST(DesyncReport(Agent(env), {Row("env.K", A), Row("env.J", B, "2"), Row("access.GH", A)}, Secrets()).empty());
  // Secret id hex case is not a desync.
  std::string upper = A;
  for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'f' ? c - 32 : c);
  BOOST_TEST(DesyncReport(Agent(R"({"K":)" + Ref(upper) + "}"), {Row("env.K", A)}, Secrets()).empty());
}

BOOST_AUTO_TEST_CASE(ref_without_row_8309) {
  const auto ds = DesyncReport(Agent(R"({"OPENAI_API_KEY":)" + Ref(A) + "}"), {}, Secrets());
  BOOST_REQUIRE(ds.size() == 1u);
  BOOST_TEST(ds[0].code == Code::kDesyncRefWithoutRow);
  BOOST_TEST(ds[0].path == "/targets/0/env/OPENAI_API_KEY");
  BOOST_TEST(ds[0].message.find("env.OPENAI_API_KEY of agent:a1") != std::string::npos);
  BOOST_TEST(ds[0].message.find(A) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(row_without_ref_11901) {
  const auto ds = DesyncReport(Agent(R"({"K":"now plain"})"), {Row("env.K", A), Row("env.GONE", B)}, Secrets());
  BOOST_TEST(Codes(ds) == (std::vector<Code>{Code::kDesyncRowWithoutRef, Code::kDesyncRowWithoutRef}),
             boost::test_tools::per_element());
  BOOST_TEST(ds[0].path == "/rows/0");
  BOOST_TEST(ds[1].path == "/rows/1");
  // An absent env has no refs: every env.* row is unbacked.
  TargetEnv absent{"c1", BindingTarget{"agent", "a1", "env"}, OrderedJson()};
  BOOST_TEST(DesyncReport({absent}, {Row("env.K", A)}, Secrets()).size() == 1u);
}

BOOST_AUTO_TEST_CASE(row_points_at_other_secret_or_version) {
  const auto env = R"({"K":)" + Ref(B) + R"(,"J":)" + Ref(A, R"(,"version":3)") + "}";
  const auto ds = DesyncReport(Agent(env), {Row("env.K", A), Row("env.J", A, "latest")}, Secrets());
  BOOST_TEST(Codes(ds) == (std::vector<Code>{Code::kDesyncRowOtherSecret, Code::kDesyncRowOtherVersion}),
             boost::test_tools::per_element());
  BOOST_TEST(ds[0].path == "/rows/0");
  BOOST_TEST(ds[1].message.find("selects version latest but env selects 3") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(cross_company_and_deleted_secrets) {
  // Refs without a row naming a foreign or deleted secret: both problems.
  const auto ds = DesyncReport(Agent(R"({"X":)" + Ref(C) + R"(,"Y":)" + Ref(D) + "}"), {}, Secrets());
  BOOST_TEST(Codes(ds) == (std::vector<Code>{Code::kDesyncRefWithoutRow, Code::kDesyncCrossCompany,
                                             Code::kDesyncRefWithoutRow, Code::kDesyncDeletedSecret}),
             boost::test_tools::per_element());
  BOOST_TEST(ds[1].path == "/targets/0/env/X");
  // Rows naming such secrets are reported once, at the row.
  const auto rows = DesyncReport(Agent(R"({"X":)" + Ref(C) + R"(,"Y":)" + Ref(D) + "}"), {Row("env.X", C), Row("env.Y", D)},
                                 Secrets());
  BOOST_TEST(Codes(rows) == (std::vector<Code>{Code::kDesyncCrossCompany, Code::kDesyncDeletedSecret}),
             boost::test_tools::per_element());
  BOOST_TEST(rows[0].path == "/rows/0");
  // A missing secret is reported as such.
  const auto missing = DesyncReport(Agent("{}"), {Row("access.GH", "eeeeeeee-0000-4000-8000-00000000000e")}, Secrets());
  BOOST_REQUIRE(missing.size() == 1u);
  BOOST_TEST(missing[0].code == Code::kDesyncDeletedSecret);
  BOOST_TEST(missing[0].message.find("not found") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rows_of_other_companies_and_targets) {
  const auto env = R"({"K":)" + Ref(A) + "}";
  const auto ds = DesyncReport(Agent(env), {Row("env.K", A, "latest", "c2"), Row("env.Q", B, "latest", "c1", "a2")},
                               Secrets());
  // The c2 row at agent:a1 env.K does not back the c1 ref; a2's row is not ours.
  BOOST_TEST(Codes(ds) == (std::vector<Code>{Code::kDesyncCrossCompany, Code::kDesyncRefWithoutRow,
                                             Code::kDesyncCrossCompany}),
             boost::test_tools::per_element());
  BOOST_TEST(ds[0].path == "/rows/0");
}

BOOST_AUTO_TEST_CASE(duplicate_rows_and_several_targets) {
  std::vector<TargetEnv> targets = Agent(R"({"K":)" + Ref(A) + "}");
  targets.push_back(TargetEnv{"c1", BindingTarget{"agent", "a2", "env"}, J(R"({"Q":)" + Ref(B) + "}")});
  const auto ds = DesyncReport(targets, {Row("env.K", A), Row("env.K", A), Row("env.Q", B, "latest", "c1", "a2")},
                               Secrets());
  BOOST_REQUIRE(ds.size() == 1u);
  BOOST_TEST(ds[0].code == Code::kDesyncRowWithoutRef);
  BOOST_TEST(ds[0].path == "/rows/1");
  BOOST_TEST(ds[0].message.find("duplicates") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(invalid_entries_are_left_to_env_validation_and_hostile_input) {
  OrderedJson env = J(R"({"bad-key":)" + Ref(A) + R"(,"N":{"type":"secret_ref"},"M":[1,2]})");
  env["\xFF"] = J(Ref(A));
  BOOST_TEST(DesyncReport({TargetEnv{"c1", BindingTarget{"agent", "a1", "env"}, env}}, {}, Secrets()).empty());
  const auto ds = DesyncReport(Agent("{}"), {Row("env.\xFF\xFE", A)}, Secrets());
  BOOST_REQUIRE(ds.size() == 1u);
  BOOST_TEST(ds[0].code == Code::kDesyncRowWithoutRef);
}
