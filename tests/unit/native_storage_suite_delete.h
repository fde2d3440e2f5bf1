// The shared storage suite, part five: a secret in use (binding rows and env
// refs alike, secret_usage.h) is not deleted unless forced, on every adapter.
// Included by native_storage_suite.h after part three (MakeAgent, MakeProject).
#pragma once

namespace storage_suite {

inline std::string RefEnv(const std::string& key, const std::string& secret_id) {
  return OrderedJson{{"env", {{key, Ref(secret_id)}}}}.dump();
}

inline std::vector<std::string> UseLines(const std::vector<NamedSecretUse>& uses) {
  std::vector<std::string> out;
  for (const NamedSecretUse& u : uses) {
    out.push_back(u.use.target_type + " " + u.use.target_id + " " + u.target_name.value_or("-") + " " +
                  u.use.config_path + " " + std::string(UseSourceName(u.use.source)) + (u.binding_id ? " row-id" : ""));
  }
  return out;
}

}  // namespace storage_suite

BOOST_FIXTURE_TEST_CASE(a_secret_in_use_is_kept_unless_forced, Suite) {
  const SecretRow s = Create("Shared", "value-shared");
  const SecretRow unused = Create("Unused", "value-unused");
  AgentRow coder = MakeAgent(11, kCompany, 100), lost = MakeAgent(12, kCompany, 200);
  AgentRow foreign = MakeAgent(14, kOtherCompany, 400);
  coder.name = "Coder", coder.adapter_config = RefEnv("K", s.id);
  lost.name = "Lost", lost.adapter_config = RefEnv("K", s.id);
  foreign.adapter_config = RefEnv("K", s.id);
  ProjectRow project = MakeProject(13, kCompany, 300);
  project.env = OrderedJson{{"P", Ref(s.id)}}.dump();
  Do([&](StoreTxn& t) {
    Status st = t.InsertCompany(CompanyRow{kCompany, "Acme", At(0), At(0)});
    if (st.ok()) st = t.InsertCompany(CompanyRow{kOtherCompany, "Other", At(0), At(0)});
    for (const AgentRow* a : {&coder, &lost, &foreign}) {
      if (st.ok()) st = t.InsertAgent(*a);
    }
    return st.ok() ? t.InsertProject(project) : st;
  });
  // Rows for Coder and the project; a row whose agent is gone; none for Lost (#8309).
  BOOST_TEST_REQUIRE(service.SyncEnvBindings(kCompany, {"agent", coder.id, "env"}, {{"K", Ref(s.id)}}).ok());
  BOOST_TEST_REQUIRE(service.SyncEnvBindings(kCompany, {"project", project.id, "env"}, {{"P", Ref(s.id)}}).ok());
  BOOST_TEST_REQUIRE(service.SyncEnvBindings(kCompany, {"agent", kAgent, "env"}, {{"R", Ref(s.id)}}).ok());

  auto refused = service.Remove(s.id);
  BOOST_TEST_REQUIRE(refused.ok());
  BOOST_TEST_REQUIRE(refused.value->has_value());
  const SecretService::RemoveOutcome& kept = **refused.value;
  BOOST_TEST(!kept.removed);
  BOOST_TEST(kept.removed_bindings.empty());
  const std::vector<std::string> expected = {
      "agent " + Id(11) + " Coder env.K both row-id", "project " + Id(13) + " Project 13 env.P both row-id",
      "agent " + kAgent + " - env.R row row-id", "agent " + Id(12) + " Lost env.K env_ref"};
  BOOST_TEST(UseLines(kept.uses) == expected, boost::test_tools::per_element());
  BOOST_TEST(SecretUsesJson(kept.uses)[3] == OrderedJson::parse(R"({"targetType":"agent","targetId":")" + Id(12) +
                                                                R"(","targetName":"Lost","configPath":"env.K",
      "source":"env_ref","desync":true,"bindingId":null})"));
  const Diagnostic in_use = SecretInUseDiagnostic(kept.uses);
  BOOST_TEST(in_use.message == "Secret is in use (4 uses, 1 of them an env reference without a binding row)");
  BOOST_TEST(in_use.http_status == 409);
  // Nothing was written: the secret and its three rows are still there.
  BOOST_TEST(InTxn<std::optional<SecretRow>>([&](StoreTxn& t) { return t.GetSecret(s.id); }).has_value());
  BOOST_TEST(InTxn<std::vector<BindingRow>>([&](StoreTxn& t) { return t.ListSecretBindings(s.id); }).size() == 3u);

  auto free = service.Remove(unused.id);
  BOOST_TEST_REQUIRE((free.ok() && free.value->has_value()));
  BOOST_TEST((*free.value)->removed);
  BOOST_TEST((*free.value)->uses.empty());

  auto forced = service.Remove(s.id, {true});
  BOOST_TEST_REQUIRE((forced.ok() && forced.value->has_value()));
  BOOST_TEST((*forced.value)->removed);
  BOOST_TEST((*forced.value)->uses.size() == 4u);
  BOOST_TEST((*forced.value)->removed_bindings.size() == 3u);
  BOOST_TEST(!InTxn<std::optional<SecretRow>>([&](StoreTxn& t) { return t.GetSecret(s.id); }).has_value());
  // The env is the operator's: a forced delete leaves the refs for the doctor to report.
  const auto after = InTxn<std::optional<AgentRow>>([&](StoreTxn& t) { return t.GetAgent(lost.id); });
  BOOST_TEST_REQUIRE(after.has_value());
  BOOST_TEST(SameJson(after->adapter_config, lost.adapter_config));
}
