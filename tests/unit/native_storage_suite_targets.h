// The shared storage suite, part three: companies, agents, projects,
// provider vault configs, the activity log and the whole-company listings
// the bindings doctor reads. Included by native_storage_suite.h; the
// Backend also provides Exec(sql) ("" on success) for rows the StoreTxn
// cannot write (user-scoped secrets).
#pragma once

namespace storage_suite {

// Fixed ids, so that ties on created_at have a known order by id.
inline std::string Id(int n) {
  char out[40];
  std::snprintf(out, sizeof out, "00000000-0000-4000-8000-%012d", n);
  return out;
}

inline std::string At(int ms) {
  char out[32];
  std::snprintf(out, sizeof out, "2026-11-22T12:00:%02d.%03dZ", ms / 1000, ms % 1000);
  return out;
}

inline bool SameJson(const std::string& a, const std::string& b) {
  return nlohmann::json::parse(a) == nlohmann::json::parse(b);
}

inline auto Tie(const CompanyRow& r) { return std::tie(r.id, r.name, r.created_at, r.updated_at); }
// adapter_config, env, config and details are compared as JSON (jsonb
// reorders members).
inline auto Tie(const AgentRow& r) {
  return std::tie(r.id, r.company_id, r.name, r.role, r.title, r.status, r.adapter_type, r.created_at, r.updated_at);
}
inline auto Tie(const ProjectRow& r) {
  return std::tie(r.id, r.company_id, r.name, r.description, r.status, r.created_at, r.updated_at);
}
inline auto Tie(const ProviderConfigRow& r) {
  return std::tie(r.id, r.company_id, r.provider, r.display_name, r.status, r.is_default, r.health_status,
                  r.health_checked_at, r.health_message, r.disabled_at, r.created_by_agent_id, r.created_by_user_id,
                  r.created_at, r.updated_at);
}
inline auto Tie(const ActivityRow& r) {
  return std::tie(r.id, r.company_id, r.actor_type, r.actor_id, r.action, r.entity_type, r.entity_id, r.agent_id,
                  r.run_id, r.created_at);
}

template <typename Row>
std::vector<std::string> Ids(const std::vector<Row>& rows) {
  std::vector<std::string> out;
  for (const Row& r : rows) out.push_back(r.id);
  return out;
}

inline AgentRow MakeAgent(int id, const std::string& company, int created) {
  AgentRow a;
  a.id = Id(id), a.company_id = company, a.name = "Agent " + std::to_string(id), a.role = "engineer";
  a.title = "Builder", a.status = "paused", a.adapter_type = "claude_local";
  a.adapter_config =
      R"({"env":{"TOKEN":{"type":"secret_ref","secretId":"x","version":"latest"}},"command":"/bin/true"})";
  a.created_at = At(created), a.updated_at = At(created + 5);
  return a;
}

inline ProjectRow MakeProject(int id, const std::string& company, int created) {
  ProjectRow p;
  p.id = Id(id), p.company_id = company, p.name = "Project " + std::to_string(id), p.description = "desc";
  p.status = "in_progress", p.env = R"({"REGION":{"type":"plain","value":"eu"}})";
  p.created_at = At(created), p.updated_at = At(created + 1);
  return p;
}

inline ProviderConfigRow MakeVault(int id, const std::string& company, const std::string& provider, bool is_default,
                                   int created) {
  ProviderConfigRow v;
  v.id = Id(id), v.company_id = company, v.provider = provider, v.display_name = "Vault " + std::to_string(id);
  v.is_default = is_default, v.config = R"({"address":"https://vault.example.com:8200","mountPath":"kv"})";
  v.created_by_user_id = "local-board", v.created_at = At(created), v.updated_at = At(created);
  return v;
}

}  // namespace storage_suite

BOOST_FIXTURE_TEST_CASE(companies_round_trip_oldest_first_ties_by_id, Suite) {
  const CompanyRow late{Id(1), "Late", At(300), At(301)};
  const CompanyRow tie_b{Id(3), "Tie B", At(100), At(100)};
  const CompanyRow tie_a{Id(2), "Tie A", At(100), At(150)};
  Do([&](StoreTxn& t) {
    Status s = t.InsertCompany(late);
    if (s.ok()) s = t.InsertCompany(tie_b);
    return s.ok() ? t.InsertCompany(tie_a) : s;
  });
  const auto all = InTxn<std::vector<CompanyRow>>([&](StoreTxn& t) { return t.ListCompanies(); });
  BOOST_TEST(Ids(all) == (std::vector<std::string>{Id(2), Id(3), Id(1)}), boost::test_tools::per_element());
  const auto got = InTxn<std::optional<CompanyRow>>([&](StoreTxn& t) { return t.GetCompany(tie_a.id); });
  BOOST_TEST_REQUIRE(got.has_value());
  BOOST_TEST((Tie(*got) == Tie(tie_a)));
  for (const std::string& id : {Id(9), std::string("missing")}) {
    BOOST_TEST(!InTxn<std::optional<CompanyRow>>([&](StoreTxn& t) { return t.GetCompany(id); }).has_value(), id);
  }
  Status dup = store->Transact([&](StoreTxn& t) { return t.InsertCompany(late); });
  BOOST_TEST_REQUIRE(!dup.ok());
  BOOST_TEST(dup.diagnostics[0].code == Code::kStorageError);
}

BOOST_FIXTURE_TEST_CASE(agents_round_trip_filter_and_update, Suite) {
  AgentRow full = MakeAgent(5, kCompany, 200);
  AgentRow bare = MakeAgent(4, kCompany, 200);
  bare.title = std::nullopt, bare.adapter_config = "{}";
  AgentRow other = MakeAgent(1, kOtherCompany, 100);
  AgentRow last = MakeAgent(2, kCompany, 900);
  Do([&](StoreTxn& t) {
    Status s = OkStatus();
    for (const AgentRow* a : {&full, &bare, &other, &last}) {
      if (s.ok()) s = t.InsertAgent(*a);
    }
    return s;
  });
  const auto all = InTxn<std::vector<AgentRow>>([&](StoreTxn& t) { return t.ListAgents(std::nullopt); });
  BOOST_TEST(Ids(all) == (std::vector<std::string>{Id(1), Id(4), Id(5), Id(2)}), boost::test_tools::per_element());
  const auto mine = InTxn<std::vector<AgentRow>>([&](StoreTxn& t) { return t.ListAgents(kCompany); });
  BOOST_TEST(Ids(mine) == (std::vector<std::string>{Id(4), Id(5), Id(2)}), boost::test_tools::per_element());
  BOOST_TEST(InTxn<std::vector<AgentRow>>([&](StoreTxn& t) { return t.ListAgents(std::string("nope")); }).empty());
  auto get = [&](const std::string& id) {
    return InTxn<std::optional<AgentRow>>([&](StoreTxn& t) { return t.GetAgent(id); });
  };
  for (const AgentRow* a : {&full, &bare}) {
    const auto got = get(a->id);
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST((Tie(*got) == Tie(*a)));
    BOOST_TEST(SameJson(got->adapter_config, a->adapter_config));
  }
  BOOST_TEST(!get(Id(99)).has_value());
  BOOST_TEST(!get("missing").has_value());

  AgentRow changed = bare;
  changed.name = "Renamed", changed.role = "ceo", changed.title = "Chief", changed.status = "idle";
  changed.adapter_type = "process", changed.adapter_config = R"({"env":{"A":{"type":"plain","value":"1"}}})";
  changed.updated_at = At(5000);
  Do([&](StoreTxn& t) { return t.UpdateAgent(changed); });
  auto reopened = backend.Open();
  std::optional<AgentRow> seen;
  BOOST_TEST_REQUIRE(reopened->Transact([&](StoreTxn& t) -> Status {
    auto r = t.GetAgent(changed.id);
    if (!r.ok()) return Forward<Done>(std::move(r));
    seen = *r.value;
    return OkStatus();
  }).ok());
  BOOST_TEST_REQUIRE(seen.has_value());
  BOOST_TEST((Tie(*seen) == Tie(changed)));
  BOOST_TEST(SameJson(seen->adapter_config, changed.adapter_config));
  BOOST_TEST((Tie(*get(full.id)) == Tie(full)));  // only the row named by id changes
}

BOOST_FIXTURE_TEST_CASE(projects_round_trip_null_env_and_update, Suite) {
  const ProjectRow with_env = MakeProject(7, kCompany, 50);
  ProjectRow bare = MakeProject(6, kCompany, 50);
  bare.description = std::nullopt, bare.env = std::nullopt;
  const ProjectRow other = MakeProject(8, kOtherCompany, 10);
  Do([&](StoreTxn& t) {
    Status s = t.InsertProject(with_env);
    if (s.ok()) s = t.InsertProject(bare);
    return s.ok() ? t.InsertProject(other) : s;
  });
  const auto all = InTxn<std::vector<ProjectRow>>([&](StoreTxn& t) { return t.ListProjects(std::nullopt); });
  BOOST_TEST(Ids(all) == (std::vector<std::string>{Id(8), Id(6), Id(7)}), boost::test_tools::per_element());
  const auto mine = InTxn<std::vector<ProjectRow>>([&](StoreTxn& t) { return t.ListProjects(kOtherCompany); });
  BOOST_TEST(Ids(mine) == (std::vector<std::string>{Id(8)}), boost::test_tools::per_element());
  auto get = [&](const std::string& id) {
    return *InTxn<std::optional<ProjectRow>>([&](StoreTxn& t) { return t.GetProject(id); });
  };
  BOOST_TEST((Tie(get(bare.id)) == Tie(bare)));
  BOOST_TEST(!get(bare.id).env.has_value());  // SQL NULL, not "null"
  BOOST_TEST((Tie(get(with_env.id)) == Tie(with_env)));
  BOOST_TEST(SameJson(*get(with_env.id).env, *with_env.env));
  BOOST_TEST(!InTxn<std::optional<ProjectRow>>([&](StoreTxn& t) { return t.GetProject("x"); }).has_value());

  ProjectRow gains = bare, loses = with_env;
  gains.env = R"({"K":{"type":"secret_ref","secretId":"s","version":1}})", gains.description = "now";
  gains.status = "completed", gains.updated_at = At(9000);
  loses.env = std::nullopt, loses.name = "No env";
  Do([&](StoreTxn& t) {
    Status s = t.UpdateProject(gains);
    return s.ok() ? t.UpdateProject(loses) : s;
  });
  BOOST_TEST((Tie(get(gains.id)) == Tie(gains)));
  BOOST_TEST(SameJson(*get(gains.id).env, *gains.env));
  BOOST_TEST((Tie(get(loses.id)) == Tie(loses)));
  BOOST_TEST(!get(loses.id).env.has_value());
}

BOOST_FIXTURE_TEST_CASE(list_all_secrets_includes_deleted_and_user_scoped, Suite) {
  SecretRow live = FullSecret("Live");
  live.id = Id(30), live.created_at = At(500), live.status = "active";
  SecretRow deleted = FullSecret("Deleted");
  deleted.id = Id(31), deleted.created_at = At(500), deleted.status = "deleted";
  deleted.deleted_at = At(600);
  SecretRow other = FullSecret("Elsewhere");
  other.id = Id(32), other.company_id = kOtherCompany, other.created_at = At(100);
  Do([&](StoreTxn& t) {
    Status s = t.InsertSecret(live);
    if (s.ok()) s = t.InsertSecret(deleted);
    return s.ok() ? t.InsertSecret(other) : s;
  });
  // A user-scoped secret, which SecretRow cannot express (owner and
  // definition columns).
  BOOST_TEST_REQUIRE(backend.Exec("INSERT INTO company_secrets (id, company_id, name, key, scope, owner_user_id, "
                                  "user_secret_definition_id, created_at, updated_at) VALUES ('" + Id(29) + "', '" +
                                  kCompany + "', 'Mine', 'mine', 'user', 'user-1', '" + Id(28) + "', '" + At(500) +
                                  "', '" + At(500) + "')") == "");
  const auto mine = InTxn<std::vector<SecretRow>>([&](StoreTxn& t) { return t.ListAllSecrets(kCompany); });
  BOOST_TEST(Ids(mine) == (std::vector<std::string>{Id(29), Id(30), Id(31)}), boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(mine.size() == 3u);
  BOOST_TEST(mine[0].scope == "user");
  BOOST_TEST(Same(mine[2], deleted));
  const auto all = InTxn<std::vector<SecretRow>>([&](StoreTxn& t) { return t.ListAllSecrets(std::nullopt); });
  BOOST_TEST(Ids(all) == (std::vector<std::string>{Id(32), Id(29), Id(30), Id(31)}), boost::test_tools::per_element());
  // The routes' list still hides both.
  BOOST_TEST(Ids(InTxn<std::vector<SecretRow>>([&](StoreTxn& t) { return t.ListSecrets(kCompany); })) ==
             (std::vector<std::string>{Id(30)}), boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(list_bindings_across_companies_in_order, Suite) {
  auto binding = [](const std::string& company, const std::string& type, const std::string& target,
                    const std::string& path) {
    BindingRow b;
    b.id = Uuid(), b.company_id = company, b.secret_id = Id(40), b.target_type = type, b.target_id = target;
    b.config_path = path;
    return b;
  };
  const std::vector<std::pair<BindingRow, std::string>> rows = {
      {binding(kCompany, "project", "p1", "env.B"), At(200)}, {binding(kCompany, "agent", "a2", "env.A"), At(200)},
      {binding(kCompany, "agent", "a1", "env.Z"), At(200)},   {binding(kCompany, "agent", "a1", "env.Y"), At(200)},
      {binding(kOtherCompany, "agent", "a1", "env.A"), At(100)}, {binding(kCompany, "agent", "a0", "env.A"), At(300)},
  };
  Do([&](StoreTxn& t) {
    Status s = OkStatus();
    for (const auto& [b, at] : rows) {
      if (s.ok()) s = t.InsertBinding(b, at);
    }
    return s;
  });
  auto order = [&](const CompanyFilter& filter) {
    std::vector<std::string> out;
    for (const BindingRow& b : InTxn<std::vector<BindingRow>>([&](StoreTxn& t) { return t.ListBindings(filter); })) {
      out.push_back(b.company_id.substr(0, 2) + ":" + b.target_type + "/" + b.target_id + "/" + b.config_path);
    }
    return out;
  };
  const std::vector<std::string> all = {"0b:agent/a1/env.A", "a5:agent/a1/env.Y", "a5:agent/a1/env.Z",
                                        "a5:agent/a2/env.A", "a5:project/p1/env.B", "a5:agent/a0/env.A"};
  BOOST_TEST(order(std::nullopt) == all, boost::test_tools::per_element());
  const std::vector<std::string> other = {"0b:agent/a1/env.A"};
  BOOST_TEST(order(kOtherCompany) == other, boost::test_tools::per_element());
  BOOST_TEST(order(std::string("not-a-company")).empty());
  const auto listed = InTxn<std::vector<BindingRow>>([&](StoreTxn& t) { return t.ListBindings(kOtherCompany); });
  BOOST_TEST_REQUIRE(listed.size() == 1u);
  BOOST_TEST((Tie(listed[0]) == Tie(rows[4].first)));
}

BOOST_FIXTURE_TEST_CASE(provider_configs_round_trip_one_default_and_delete, Suite) {
  ProviderConfigRow full = MakeVault(12, kCompany, "vault", true, 700);
  full.status = "warning", full.health_status = "degraded", full.health_checked_at = At(710);
  full.health_message = "slow", full.health_details = R"({"latencyMs":812,"checks":["auth","read"]})";
  full.disabled_at = At(720), full.created_by_agent_id = kAgent, full.created_by_user_id = std::nullopt;
  ProviderConfigRow bare = MakeVault(11, kCompany, "aws_secrets_manager", false, 700);
  ProviderConfigRow first = MakeVault(13, kCompany, "vault", false, 100);
  ProviderConfigRow elsewhere = MakeVault(14, kOtherCompany, "vault", true, 50);
  Do([&](StoreTxn& t) {
    Status s = OkStatus();
    for (const ProviderConfigRow* v : {&full, &bare, &first, &elsewhere}) {
      if (s.ok()) s = t.InsertProviderConfig(*v);
    }
    return s;
  });
  const auto list = InTxn<std::vector<ProviderConfigRow>>([&](StoreTxn& t) { return t.ListProviderConfigs(kCompany); });
  BOOST_TEST(Ids(list) == (std::vector<std::string>{Id(13), Id(11), Id(12)}), boost::test_tools::per_element());
  auto get = [&](const std::string& id) {
    return InTxn<std::optional<ProviderConfigRow>>([&](StoreTxn& t) { return t.GetProviderConfig(id); });
  };
  for (const ProviderConfigRow* v : {&full, &bare}) {
    const auto got = get(v->id);
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST((Tie(*got) == Tie(*v)));
    BOOST_TEST(SameJson(got->config, v->config));
    BOOST_TEST(got->health_details.has_value() == v->health_details.has_value());
    if (got->health_details) BOOST_TEST(SameJson(*got->health_details, *v->health_details));
  }

  // One default per (company, provider): a second vault default is refused
  // and leaves nothing; another provider's or company's default is fine.
  const ProviderConfigRow second = MakeVault(15, kCompany, "vault", true, 800);
  Status refused = store->Transact([&](StoreTxn& t) { return t.InsertProviderConfig(second); });
  BOOST_TEST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.diagnostics[0].code == Code::kStorageError);
  BOOST_TEST(!get(second.id).has_value());
  ProviderConfigRow promote = first;
  promote.is_default = true;
  BOOST_TEST(!store->Transact([&](StoreTxn& t) { return t.UpdateProviderConfig(promote); }).ok());
  // Moving the default: unset the old one first, in one transaction.
  ProviderConfigRow demoted = full;
  demoted.is_default = false, demoted.health_details = std::nullopt, demoted.updated_at = At(900);
  Do([&](StoreTxn& t) {
    Status s = t.UpdateProviderConfig(demoted);
    return s.ok() ? t.UpdateProviderConfig(promote) : s;
  });
  BOOST_TEST(get(first.id)->is_default);
  BOOST_TEST((Tie(*get(full.id)) == Tie(demoted)));
  BOOST_TEST(!get(full.id)->health_details.has_value());

  Do([&](StoreTxn& t) { return t.DeleteProviderConfig(full.id); });
  BOOST_TEST(!get(full.id).has_value());
  BOOST_TEST(Ids(InTxn<std::vector<ProviderConfigRow>>([&](StoreTxn& t) { return t.ListProviderConfigs(kCompany); })) ==
             (std::vector<std::string>{Id(13), Id(11)}), boost::test_tools::per_element());
  Do([&](StoreTxn& t) { return t.DeleteProviderConfig("missing"); });  // nothing to delete is no error
}

BOOST_FIXTURE_TEST_CASE(activity_rows_round_trip_in_order, Suite) {
  ActivityRow repair;
  repair.id = Id(51), repair.company_id = kCompany, repair.actor_type = "user", repair.actor_id = "local-board";
  repair.action = "secret_binding.repaired", repair.entity_type = "secret_binding", repair.entity_id = Id(60);
  repair.agent_id = kAgent, repair.run_id = Id(61), repair.created_at = At(400);
  repair.details = R"({"targetType":"agent","configPath":"env.TOKEN","outcome":"inserted"})";
  ActivityRow system = repair;
  system.id = Id(50), system.actor_type = "system", system.actor_id = "clasp", system.agent_id = std::nullopt;
  system.run_id = std::nullopt, system.details = "{}";
  ActivityRow elsewhere = repair;
  elsewhere.id = Id(52), elsewhere.company_id = kOtherCompany, elsewhere.created_at = At(1);
  ActivityRow later = system;
  later.id = Id(49), later.created_at = At(401);
  Do([&](StoreTxn& t) {
    Status s = OkStatus();
    for (const ActivityRow* a : {&repair, &later, &system, &elsewhere}) {
      if (s.ok()) s = t.InsertActivity(*a);
    }
    return s;
  });
  const auto rows = InTxn<std::vector<ActivityRow>>([&](StoreTxn& t) { return t.ListActivity(kCompany); });
  BOOST_TEST(Ids(rows) == (std::vector<std::string>{Id(50), Id(51), Id(49)}), boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(rows.size() == 3u);
  BOOST_TEST((Tie(rows[0]) == Tie(system)));
  BOOST_TEST((Tie(rows[1]) == Tie(repair)));
  BOOST_TEST(SameJson(rows[1].details, repair.details));
  BOOST_TEST(SameJson(rows[0].details, "{}"));
  BOOST_TEST(InTxn<std::vector<ActivityRow>>([&](StoreTxn& t) { return t.ListActivity("nope"); }).empty());
}
