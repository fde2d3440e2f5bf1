#define BOOST_TEST_MODULE secret_usage
#include <boost/test/unit_test.hpp>

#include <cctype>

#include "binding_test_support.h"
#include "test_support.h"

#include "clasp/secret_usage.h"

using namespace clasp;
using clasp::test::A;
using clasp::test::B;
using clasp::test::J;

namespace {

BindingRow Row(const std::string& path, const std::string& secret, const std::string& target_id = "a1",
               const std::string& company = "c1") {
  const OrderedJson row = {{"companyId", company}, {"secretId", secret}, {"targetType", "agent"},
                           {"targetId", target_id}, {"configPath", path}};
  return *BindingRowFromJson(row).value;
}

std::string Ref(const std::string& id) { return R"({"type":"secret_ref","secretId":")" + id + "\"}"; }

TargetEnv Agent(const std::string& id, const std::string& env_json, const std::string& company = "c1") {
  return TargetEnv{company, BindingTarget{"agent", id, "env"}, J(env_json)};
}

// "type id path source target row" per use, with "-" for no index.
std::vector<std::string> Lines(const std::vector<SecretUse>& uses) {
  std::vector<std::string> out;
  const auto index = [](std::size_t i) { return i == kNoTarget ? std::string("-") : std::to_string(i); };
  for (const SecretUse& u : uses) {
    out.push_back(u.target_type + " " + u.target_id + " " + u.config_path + " " + std::string(UseSourceName(u.source)) +
                  " " + index(u.target) + " " + index(u.row));
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_row_and_its_ref_are_one_use) {
  const auto uses = SecretUses(A, {Agent("a1", R"({"K":)" + Ref(A) + "}")}, {Row("env.K", A)});
  BOOST_TEST(Lines(uses) == std::vector<std::string>{"agent a1 env.K both 0 0"}, boost::test_tools::per_element());
  BOOST_TEST(!uses[0].desync());
}

BOOST_AUTO_TEST_CASE(a_ref_without_its_row_is_a_desync_after_the_rows) {
  const std::vector<TargetEnv> targets = {Agent("a1", R"({"K":)" + Ref(A) + "}"), Agent("a2", R"({"K":)" + Ref(A) + "}")};
  const auto uses = SecretUses(A, targets, {Row("env.K", A, "a2"), Row("access.GH", A, "gone")});
  const std::vector<std::string> expected = {"agent a2 env.K both 1 0", "agent gone access.GH row - 1",
                                             "agent a1 env.K env_ref 0 -"};
  BOOST_TEST(Lines(uses) == expected, boost::test_tools::per_element());
  BOOST_TEST(uses[2].desync());
  BOOST_TEST(!uses[1].desync());
}

BOOST_AUTO_TEST_CASE(other_secrets_plain_values_and_bad_keys_are_not_uses) {
  const auto env = R"({"K":)" + Ref(B) + R"(,"P":"plain","1BAD":)" + Ref(A) + R"(,"V":{"type":"secret_ref"}})";
  const auto uses = SecretUses(A, {Agent("a1", env), Agent("a2", "\"not an object\"")}, {Row("env.K", B)});
  BOOST_TEST(uses.empty());
}

BOOST_AUTO_TEST_CASE(a_row_naming_the_secret_under_a_ref_to_another_stays_a_row) {
  const auto uses = SecretUses(A, {Agent("a1", R"({"K":)" + Ref(B) + "}")}, {Row("env.K", A)});
  BOOST_TEST(Lines(uses) == std::vector<std::string>{"agent a1 env.K row 0 0"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_row_of_another_company_does_not_join_the_ref) {
  const auto uses = SecretUses(A, {Agent("a1", R"({"K":)" + Ref(A) + "}")}, {Row("env.K", A, "a1", "c2")});
  const std::vector<std::string> expected = {"agent a1 env.K row 0 0", "agent a1 env.K env_ref 0 -"};
  BOOST_TEST(Lines(uses) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ids_compare_without_hex_case) {
  std::string upper = A;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto uses = SecretUses(upper, {Agent("a1", R"({"K":)" + Ref(A) + "}")}, {Row("env.K", A)});
  BOOST_TEST(Lines(uses) == std::vector<std::string>{"agent a1 env.K both 0 0"}, boost::test_tools::per_element());
  BOOST_TEST(UseSourceName(UseSource::kRow) == "row");
}
