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

BOOST_FIXTURE_TEST_CASE(user_secret_definition_rows_round_trip_every_column_newest_first, Suite) {
  UserSecretDefinitionRow a;
  a.id = Uuid(), a.company_id = kCompany, a.key = "gh", a.name = "GitHub", a.description = "d";
  a.provider_config_id = Uuid(), a.provider_metadata = R"({"team":"x"})", a.usage_guidance = "u";
  a.created_by_agent_id = kAgent, a.created_by_user_id = "board", a.updated_by_agent_id = kAgent;
  a.updated_by_user_id = "board", a.created_at = "2026-12-07T10:00:00.000Z", a.updated_at = a.created_at;
  UserSecretDefinitionRow b = a;
  b.id = Uuid(), b.key = "later", b.description.reset(), b.provider_metadata.reset(), b.provider_config_id.reset();
  b.created_at = b.updated_at = "2026-12-07T10:00:01.000Z";
  Do([&](StoreTxn& t) {
    Status s = t.InsertUserSecretDefinitionRow(a);
    return s.ok() ? t.InsertUserSecretDefinitionRow(b) : s;
  });
  auto rows = InTxn<std::vector<UserSecretDefinitionRow>>(
      [&](StoreTxn& t) { return t.ListUserSecretDefinitionRows(kCompany); });
  BOOST_TEST_REQUIRE(rows.size() == 2u);
  BOOST_TEST(rows[0].id == b.id);  // newest first
  const UserSecretDefinitionRow& r = rows[1];
  BOOST_TEST((std::tie(r.id, r.company_id, r.key, r.name, r.description, r.status, r.provider, r.managed_mode,
                       r.provider_config_id, r.usage_guidance, r.created_by_agent_id, r.created_by_user_id,
                       r.updated_by_agent_id, r.updated_by_user_id, r.deleted_at, r.created_at, r.updated_at) ==
              std::tie(a.id, a.company_id, a.key, a.name, a.description, a.status, a.provider, a.managed_mode,
                       a.provider_config_id, a.usage_guidance, a.created_by_agent_id, a.created_by_user_id,
                       a.updated_by_agent_id, a.updated_by_user_id, a.deleted_at, a.created_at, a.updated_at)));
  BOOST_TEST(ParseJson(r.provider_metadata.value_or("null")).value.value() == OrderedJson({{"team", "x"}}));
  BOOST_TEST(!rows[0].description);

  a.key = "gh__deleted__" + a.id, a.status = "deleted", a.deleted_at = "2026-12-07T11:00:00.000Z";
  a.updated_at = "2026-12-07T11:00:00.000Z", a.provider_metadata.reset();
  Do([&](StoreTxn& t) { return t.UpdateUserSecretDefinitionRow(a); });
  rows = InTxn<std::vector<UserSecretDefinitionRow>>([&](StoreTxn& t) { return t.ListUserSecretDefinitionRows(kCompany); });
  BOOST_TEST(rows[1].key == a.key);
  BOOST_TEST(rows[1].status == "deleted");
  BOOST_TEST((rows[1].deleted_at == a.deleted_at));
  BOOST_TEST(!rows[1].provider_metadata);
  BOOST_TEST(InTxn<std::vector<UserSecretDefinitionRow>>(
                 [&](StoreTxn& t) { return t.ListUserSecretDefinitionRows(kOtherCompany); })
                 .empty());
}

BOOST_FIXTURE_TEST_CASE(user_scoped_secret_rows_keep_owner_and_definition_and_members_are_listed, Suite) {
  SeedDefinitions(*this);
  SecretRow row = FullSecret("user.gh.1");
  row.scope = "user", row.owner_user_id = "u1", row.user_secret_definition_id = kDefinition;
  Do([&](StoreTxn& t) { return t.InsertSecret(row); });
  auto read = InTxn<std::optional<SecretRow>>([&](StoreTxn& t) { return t.GetSecret(row.id); });
  BOOST_TEST_REQUIRE(read.has_value());
  BOOST_TEST(Same(*read, row));
  BOOST_TEST((read->owner_user_id == std::optional<std::string>("u1")));
  BOOST_TEST((read->user_secret_definition_id == std::optional<std::string>(kDefinition)));

  const auto member = [&](const std::string& company, const std::string& type, const std::string& id,
                          const std::string& status) {
    return backend.Exec("INSERT INTO company_memberships (id, company_id, principal_type, principal_id, status, "
                        "created_at, updated_at) VALUES ('" + Uuid() + "', '" + company + "', '" + type + "', '" + id +
                        "', '" + status + "', '2026-12-07T10:00:00Z', '2026-12-07T10:00:00Z')");
  };
  BOOST_TEST(member(kCompany, "user", "u2", "active") == "");
  BOOST_TEST(member(kCompany, "user", "u1", "active") == "");
  BOOST_TEST(member(kCompany, "user", "u3", "suspended") == "");
  BOOST_TEST(member(kCompany, "agent", kAgent, "active") == "");
  BOOST_TEST(member(kOtherCompany, "user", "u4", "active") == "");
  const auto ids = InTxn<std::vector<std::string>>([&](StoreTxn& t) { return t.ListActiveUserMemberIds(kCompany); });
  BOOST_TEST((ids == std::vector<std::string>{"u1", "u2"}));
}
