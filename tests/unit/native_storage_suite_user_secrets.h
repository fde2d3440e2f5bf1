// The shared storage suite, part six: user secret definitions and the
// declarations the env sync writes for user_secret_ref entries
// (user_secret_ref.h). Included by native_storage_suite.h.
#pragma once

namespace storage_suite {

const std::string kDefinition = "0f0e0d0c-0b0a-4908-8706-0504030201ef";
const std::string kDeletedDefinition = "1f0e0d0c-0b0a-4908-8706-0504030201ef";

inline OrderedJson UserRef(const std::string& key) { return {{"type", "user_secret_ref"}, {"key", key}}; }

inline void SeedDefinitions(Suite& s) {
  s.Do([&](StoreTxn& t) {
    Status st = t.InsertUserSecretDefinition({kDefinition, kCompany, "gh.token", "active", false}, "GitHub",
                                             "2026-12-07T10:00:00.000Z");
    if (!st.ok()) return st;
    return t.InsertUserSecretDefinition({kDeletedDefinition, kCompany, "old", "active", true}, "Old",
                                        "2026-12-07T10:00:01.000Z");
  });
}

inline std::vector<UserSecretDeclaration> Declarations(Suite& s, const BindingTarget& target) {
  return s.InTxn<std::vector<UserSecretDeclaration>>(
      [&](StoreTxn& t) { return t.ListUserSecretDeclarations(kCompany, target); });
}

}  // namespace storage_suite

BOOST_FIXTURE_TEST_CASE(user_secret_definitions_round_trip_deleted_ones_marked, Suite) {
  SeedDefinitions(*this);
  const auto defs =
      InTxn<std::vector<UserSecretDefinition>>([&](StoreTxn& t) { return t.ListUserSecretDefinitions(kCompany); });
  BOOST_TEST_REQUIRE(defs.size() == 2u);
  BOOST_TEST(defs[0].id == kDefinition);
  BOOST_TEST(defs[0].key == "gh.token");
  BOOST_TEST(defs[0].status == "active");
  BOOST_TEST(!defs[0].deleted_at_set);
  BOOST_TEST(defs[1].deleted_at_set);
  BOOST_TEST(InTxn<std::vector<UserSecretDefinition>>([&](StoreTxn& t) {
               return t.ListUserSecretDefinitions(kOtherCompany);
             }).empty());
}

BOOST_FIXTURE_TEST_CASE(env_sync_declares_user_refs_replaces_them_and_refuses_a_missing_definition, Suite) {
  SeedDefinitions(*this);
  const SecretRow gh = Create("GitHub token", "value-github-1");
  const BindingTarget target{"agent", kAgent, "env"};
  OrderedJson env = {{"GH_USER_TOKEN", UserRef("gh.token")}, {"GITHUB_TOKEN", Ref(gh.id)}};
  BOOST_TEST_REQUIRE(service.SyncEnvBindings(kCompany, target, env).ok());
  auto declared = Declarations(*this, target);
  BOOST_TEST_REQUIRE(declared.size() == 1u);
  BOOST_TEST(declared[0].definition_id == kDefinition);
  BOOST_TEST(declared[0].config_path == "env.GH_USER_TOKEN");
  BOOST_TEST(declared[0].env_key == "GH_USER_TOKEN");
  BOOST_TEST(declared[0].version_selector == "latest");
  BOOST_TEST(declared[0].required);
  BOOST_TEST(!declared[0].id.empty());

  // Resubmitting replaces the row (same content, new id), never doubles it.
  BOOST_TEST_REQUIRE(service.SyncEnvBindings(kCompany, target, env).ok());
  BOOST_TEST(Declarations(*this, target).size() == 1u);

  // A deleted definition: Paperclip's 404, and nothing is written.
  OrderedJson bad = {{"GH_USER_TOKEN", UserRef("old")}, {"GITHUB_TOKEN", Ref(gh.id)}};
  const auto refused = service.SyncEnvBindings(kCompany, target, bad);
  BOOST_TEST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.diagnostics[0].http_status == 404);
  BOOST_TEST(refused.diagnostics[0].message ==
             "User secret definition not found for environment variable \"GH_USER_TOKEN\", agent " + kAgent +
                 ", definition key \"old\"");
  declared = Declarations(*this, target);
  BOOST_TEST_REQUIRE(declared.size() == 1u);
  BOOST_TEST(declared[0].definition_id == kDefinition);

  // The ref goes: so does its declaration.
  OrderedJson plain = {{"GITHUB_TOKEN", Ref(gh.id)}};
  BOOST_TEST_REQUIRE(service.SyncEnvBindings(kCompany, target, plain).ok());
  BOOST_TEST(Declarations(*this, target).empty());
}
