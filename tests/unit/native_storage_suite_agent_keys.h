// The shared storage suite, part four: agent API keys (agent_api_keys).
// Included by native_storage_suite.h after part three (Id, At, Ids).
#pragma once

namespace storage_suite {

inline auto Tie(const AgentKeyRow& r) {
  return std::tie(r.id, r.agent_id, r.company_id, r.name, r.key_hash, r.last_used_at, r.revoked_at, r.created_at,
                  r.scope_config, r.responsible_user_id);
}

inline AgentKeyRow MakeKey(int id, const std::string& agent, int created) {
  AgentKeyRow k;
  k.id = Id(id), k.agent_id = agent, k.company_id = kCompany, k.name = "key " + std::to_string(id);
  k.key_hash = HexLower(Sha256Of("pcp_token_" + std::to_string(id))), k.created_at = At(created);
  return k;
}

// The company and two agents the keys belong to (PostgreSQL's foreign keys).
inline void SeedKeyOwners(Suite& s) {
  s.Do([&](StoreTxn& t) {
    Status st = t.InsertCompany(CompanyRow{kCompany, "Acme", At(0), At(0)});
    if (st.ok()) st = t.InsertAgent(MakeAgent(1, kCompany, 1));
    return st.ok() ? t.InsertAgent(MakeAgent(2, kCompany, 2)) : st;
  });
}

}  // namespace storage_suite

BOOST_FIXTURE_TEST_CASE(agent_keys_list_in_order_and_look_up_by_hash, Suite) {
  SeedKeyOwners(*this);
  AgentKeyRow late = MakeKey(30, Id(1), 500);
  AgentKeyRow tie_b = MakeKey(22, Id(1), 100);
  AgentKeyRow tie_a = MakeKey(21, Id(1), 100);
  tie_a.scope_config = R"({"kind":"skill_test","issueId":"i-1"})", tie_a.responsible_user_id = "local-board";
  AgentKeyRow other = MakeKey(40, Id(2), 50);
  Do([&](StoreTxn& t) {
    Status s = OkStatus();
    for (const AgentKeyRow* k : {&late, &tie_b, &tie_a, &other}) {
      if (s.ok()) s = t.InsertAgentKey(*k);
    }
    return s;
  });
  const auto mine = InTxn<std::vector<AgentKeyRow>>([&](StoreTxn& t) { return t.ListAgentKeys(Id(1)); });
  BOOST_TEST(Ids(mine) == (std::vector<std::string>{Id(21), Id(22), Id(30)}), boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(mine.size() == 3u);
  BOOST_TEST_REQUIRE(mine[0].scope_config.has_value());
  BOOST_TEST(SameJson(*mine[0].scope_config, *tie_a.scope_config));
  AgentKeyRow read = mine[0];
  read.scope_config = tie_a.scope_config;  // jsonb may reorder members
  BOOST_TEST((Tie(read) == Tie(tie_a)));
  BOOST_TEST(InTxn<std::vector<AgentKeyRow>>([&](StoreTxn& t) { return t.ListAgentKeys("missing"); }).empty());
  const auto by_hash = [&](const std::string& hash) {
    return InTxn<std::optional<AgentKeyMatch>>([&](StoreTxn& t) { return t.FindAgentKeyByHash(hash); });
  };
  BOOST_TEST_REQUIRE(by_hash(other.key_hash).has_value());
  BOOST_TEST((Tie(by_hash(other.key_hash)->key) == Tie(other)));
  const auto holder = by_hash(other.key_hash)->agent;
  BOOST_TEST_REQUIRE(holder.has_value());
  BOOST_TEST(holder->company_id == kCompany);
  BOOST_TEST(holder->status == MakeAgent(2, kCompany, 2).status);
  BOOST_TEST(!by_hash(HexLower(Sha256Of("pcp_unknown"))).has_value());
  const auto get = [&](const std::string& id) {
    return InTxn<std::optional<AgentKeyRow>>([&](StoreTxn& t) { return t.GetAgentKey(id); });
  };
  BOOST_TEST((Tie(*get(late.id)) == Tie(late)));
  BOOST_TEST(!get(Id(99)).has_value());
  BOOST_TEST(!get("missing").has_value());
}

BOOST_FIXTURE_TEST_CASE(agent_keys_revoke_only_the_owners_key_and_touch_sets_last_used, Suite) {
  SeedKeyOwners(*this);
  const AgentKeyRow key = MakeKey(30, Id(1), 100);
  const AgentKeyRow kept = MakeKey(31, Id(1), 200);
  Do([&](StoreTxn& t) {
    Status s = t.InsertAgentKey(key);
    return s.ok() ? t.InsertAgentKey(kept) : s;
  });
  const auto revoke = [&](const std::string& agent, const std::string& id, int at) {
    return InTxn<bool>([&](StoreTxn& t) { return t.RevokeAgentKey(agent, id, At(at)); });
  };
  const auto get = [&](const std::string& id) {
    return *InTxn<std::optional<AgentKeyRow>>([&](StoreTxn& t) { return t.GetAgentKey(id); });
  };
  BOOST_TEST(!revoke(Id(2), key.id, 300));  // another agent's key: nothing changes
  BOOST_TEST(!revoke(Id(1), Id(77), 300));
  BOOST_TEST(!revoke("missing", "missing", 300));
  BOOST_TEST(!get(key.id).revoked_at.has_value());
  BOOST_TEST(revoke(Id(1), key.id, 400));
  BOOST_TEST(get(key.id).revoked_at.value_or("") == At(400));
  const auto by_hash = [&](const std::string& hash) {
    return InTxn<std::optional<AgentKeyMatch>>([&](StoreTxn& t) { return t.FindAgentKeyByHash(hash); });
  };
  BOOST_TEST(!by_hash(key.key_hash).has_value());
  BOOST_TEST(by_hash(kept.key_hash).has_value());
  BOOST_TEST(revoke(Id(1), key.id, 500));  // again, as Paperclip: the row is updated once more
  BOOST_TEST(get(key.id).revoked_at.value_or("") == At(500));
  BOOST_TEST(InTxn<std::vector<AgentKeyRow>>([&](StoreTxn& t) { return t.ListAgentKeys(Id(1)); }).size() == 2u);

  BOOST_TEST(!get(kept.id).last_used_at.has_value());
  Do([&](StoreTxn& t) { return t.TouchAgentKey(kept.id, At(600)); });
  BOOST_TEST(get(kept.id).last_used_at.value_or("") == At(600));
  BOOST_TEST(!get(key.id).last_used_at.has_value());  // only the named key
}
