// The shared storage suite, part two: the secret service end to end,
// concurrent writers, and the plaintext leak scan. Included by
// native_storage_suite.h.
#pragma once

BOOST_FIXTURE_TEST_CASE(service_flow_behaves_the_same_on_every_adapter, Suite) {
  const SecretRow gh = Create("GitHub token", "value-github-1");
  const SecretRow oa = Create("OpenAI API key", "value-openai-1");
  BOOST_TEST(First(service.Create(kCompany, {"GitHub token", std::nullopt, std::string("x")}).diagnostics) ==
             "Secret already exists: GitHub token");
  BOOST_TEST(First(service.Create(kCompany, {"Other", std::string("GITHUB token"), std::string("x")}).diagnostics) ==
             "Secret key already exists: github-token");
  auto rotated = service.Rotate(oa.id, {std::string("value-openai-2"), std::nullopt, 1});
  BOOST_TEST_REQUIRE(rotated.ok());
  BOOST_TEST(rotated.value->latest_version == 2);
  BOOST_TEST(service.Rotate(oa.id, {std::string("value-openai-3"), std::nullopt, 1}).diagnostics[0].http_status == 409);

  const BindingTarget target{"agent", kAgent, "env"};
  OrderedJson env = {{"LOG_LEVEL", "debug"}, {"GITHUB_TOKEN", Ref(gh.id)}, {"OPENAI_API_KEY", Ref(oa.id, 1)}};
  auto synced = service.SyncEnvBindings(kCompany, target, env);
  BOOST_TEST_REQUIRE(synced.ok());
  BOOST_TEST(synced.value->size() == 2u);
  BOOST_TEST(service.SyncEnvBindings(kCompany, target, clasp::test::J("{}")).diagnostics[0].code ==
             Code::kSyncReplaceAllRequired);

  auto latest = service.Resolve(kCompany, oa.id, std::nullopt, AgentContext("env.OPENAI_API_KEY"));
  BOOST_TEST_REQUIRE(latest.ok());
  BOOST_TEST(latest.value->value.view() == "value-openai-2");
  auto pinned = service.Resolve(kCompany, oa.id, 1, AgentContext("env.OPENAI_API_KEY"));
  BOOST_TEST_REQUIRE(pinned.ok());
  BOOST_TEST(pinned.value->value.view() == "value-openai-1");
  BOOST_TEST(First(service.Resolve(kCompany, oa.id, 9, AgentContext("env.OPENAI_API_KEY")).diagnostics) ==
             "Secret version not found");
  BOOST_TEST(First(service.Resolve(kCompany, oa.id, std::nullopt, AgentContext("env.NOPE")).diagnostics) ==
             "Secret is not bound to agent:" + kAgent + " at env.NOPE");
  BOOST_TEST(First(service.Resolve(kOtherCompany, oa.id, std::nullopt, AgentContext("env.OPENAI_API_KEY"))
                       .diagnostics) == "Secret must belong to same company");
  BOOST_TEST(First(service.Resolve(kCompany, "missing", std::nullopt, AgentContext("env.X")).diagnostics) ==
             "Secret not found");

  const auto events = InTxn<std::vector<AccessEventRow>>([&](StoreTxn& t) { return t.ListAccessEvents(oa.id); });
  std::vector<std::string> outcomes;
  for (const auto& e : events) outcomes.push_back(e.outcome + ":" + e.error_code.value_or("-"));
  const std::vector<std::string> expected = {"success:-", "success:-", "failure:version_missing",
                                             "failure:binding_missing"};
  BOOST_TEST(outcomes == expected, boost::test_tools::per_element());
  const auto touched = *InTxn<std::optional<SecretRow>>([&](StoreTxn& t) { return t.GetSecret(oa.id); });
  BOOST_TEST(touched.last_resolved_at.has_value());

  // Still bound: kept, unless forced.
  auto kept = service.Remove(gh.id);
  BOOST_TEST_REQUIRE(kept.ok());
  BOOST_TEST(!(*kept.value)->removed);
  BOOST_TEST((*kept.value)->uses.size() == 1u);
  auto removed = service.Remove(gh.id, {true});
  BOOST_TEST_REQUIRE(removed.ok());
  BOOST_TEST((*removed.value)->removed);
  BOOST_TEST((*removed.value)->removed_bindings.size() == 1u);
  const auto left = InTxn<std::vector<BindingRow>>([&](StoreTxn& t) { return t.ListTargetBindings(kCompany, "agent", kAgent); });
  BOOST_TEST_REQUIRE(left.size() == 1u);
  BOOST_TEST(left[0].config_path == "env.OPENAI_API_KEY");
  BOOST_TEST(left[0].version_selector == "1");
  Create("GitHub token", "value-github-2");  // the name is free again
}

// Two connections, one secret: every rotation lands on its own version and
// exactly one version is current.
BOOST_FIXTURE_TEST_CASE(concurrent_rotations_serialise, Suite) {
  const SecretRow s = Create("Contended", "value-0");
  constexpr int kPerThread = 15;
  std::atomic<int> failures{0};
  // Stores are opened here: Boost.Test assertions are not thread-safe.
  std::unique_ptr<SecretStore> stores[] = {backend.Open(), backend.Open()};
  auto rotate = [&](int worker) {
    SecretStore* own_store = stores[worker - 1].get();
    auto own_ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), SystemRandom());  // one cipher per thread
    SecretService own(*own_store, *own_ciphers, SystemRandom(), clock);
    for (int i = 0; i < kPerThread; ++i) {
      auto r = own.Rotate(s.id, {"value-" + std::to_string(worker) + "-" + std::to_string(i), std::nullopt,
                                 std::nullopt});
      if (!r.ok()) ++failures;
    }
  };
  std::thread a(rotate, 1), b(rotate, 2);
  a.join(), b.join();
  BOOST_TEST(failures.load() == 0);
  const auto row = *InTxn<std::optional<SecretRow>>([&](StoreTxn& t) { return t.GetSecret(s.id); });
  BOOST_TEST(row.latest_version == 1 + 2 * kPerThread);
  int current = 0;
  for (int v = 1; v <= row.latest_version; ++v) {
    auto version = InTxn<std::optional<VersionRow>>([&](StoreTxn& t) { return t.GetVersion(s.id, v); });
    BOOST_TEST_REQUIRE(version.has_value(), v);
    current += version->status == "current";
  }
  BOOST_TEST(current == 1);
  BOOST_TEST(InTxn<std::optional<VersionRow>>([&](StoreTxn& t) { return t.GetVersion(s.id, row.latest_version); })
                 ->status == "current");
}

// Two connections creating one name at the same moment: one secret, and the
// loser gets Paperclip's 409, never a raw database error.
BOOST_FIXTURE_TEST_CASE(concurrent_creates_of_one_name_give_one_secret_and_a_409, Suite) {
  for (int round = 0; round < 5; ++round) {
    const std::string name = "Race " + std::to_string(round);
    std::vector<Result<SecretRow>> results(2, Result<SecretRow>::Fail(std::vector<Diagnostic>{}));
    std::unique_ptr<SecretStore> stores[] = {backend.Open(), backend.Open()};
    auto create = [&](int worker) {
      SecretStore* own_store = stores[worker].get();
      auto own_ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), SystemRandom());
      SecretService own(*own_store, *own_ciphers, SystemRandom(), clock);
      results[static_cast<std::size_t>(worker)] = own.Create(kCompany, {name, std::nullopt, std::string("v")});
    };
    std::thread a(create, 0), b(create, 1);
    a.join(), b.join();
    const int ok = results[0].ok() + results[1].ok();
    BOOST_TEST(ok == 1, name);
    // SQLite serialises whole transactions, so the loser always trips the
    // name check; on PostgreSQL it may see the winner first at the key check.
    for (const auto& r : results) {
      if (r.ok()) continue;
      BOOST_TEST_REQUIRE(!r.diagnostics.empty());
      const bool conflict = First(r.diagnostics) == "Secret already exists: " + name ||
                            First(r.diagnostics) == "Secret key already exists: race-" + std::to_string(round);
      BOOST_TEST(conflict, First(r.diagnostics));
      BOOST_TEST(r.diagnostics[0].http_status == 409);
    }
  }
}

// Two connections syncing one target with different plans: every sync
// applies whole, and the rows end as one of the plans, never a mix.
BOOST_FIXTURE_TEST_CASE(concurrent_syncs_of_one_target_never_interleave, Suite) {
  const SecretRow a = Create("Sync A", "value-a"), b = Create("Sync B", "value-b");
  const BindingTarget target{"agent", kAgent, "env"};
  const std::vector<OrderedJson> plans = {
      {{"ONE", Ref(a.id)}, {"TWO", Ref(b.id)}},
      {{"ONE", Ref(b.id, 1)}, {"FOUR", Ref(a.id)}},
      {{"ONE", Ref(a.id, 1)}, {"THREE", Ref(b.id)}}};  // inserts no path another plan inserts
  BOOST_TEST_REQUIRE(service.SyncEnvBindings(kCompany, target, plans[0]).ok());
  std::unique_ptr<SecretStore> stores[] = {backend.Open(), backend.Open()};
  std::atomic<int> failures{0};
  auto sync = [&](int worker) {
    auto own_ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), SystemRandom());
    SecretService own(*stores[worker], *own_ciphers, SystemRandom(), clock);
    for (int i = 0; i < 30; ++i) {
      if (!own.SyncEnvBindings(kCompany, target, plans[static_cast<std::size_t>(worker + i) % plans.size()]).ok()) {
        ++failures;
      }
    }
  };
  std::set<std::set<std::string>> allowed;
  for (const OrderedJson& plan : plans) {
    std::set<std::string> expected;
    for (const auto& [key, ref] : plan.items()) {
      const auto& v = ref["version"];
      expected.insert("env." + key + "=" + ref["secretId"].get<std::string>() + "@" +
                      (v.is_string() ? v.get<std::string>() : std::to_string(v.get<int>())));
    }
    allowed.insert(expected);
  }
  // Meanwhile this thread watches: every committed state is a whole plan.
  auto observe = [&]() {
    std::set<std::string> rows;
    for (const auto& r : InTxn<std::vector<BindingRow>>([&](StoreTxn& t) { return t.ListTargetBindings(kCompany, "agent", kAgent); })) {
      rows.insert(r.config_path + "=" + r.secret_id + "@" + r.version_selector);
    }
    return allowed.count(rows) == 1;
  };
  std::atomic<int> running{2};
  std::thread t0([&] { sync(0), --running; }), t1([&] { sync(1), --running; });
  int observed = 0, mixed = 0;
  while (running.load() > 0) mixed += !observe(), ++observed;
  t0.join(), t1.join();
  BOOST_TEST(failures.load() == 0);
  BOOST_TEST(mixed == 0, mixed << " of " << observed << " observed states mix two plans");
  BOOST_TEST(observe());
}

// Two connections resolving one secret: all succeed, each records its event.
BOOST_FIXTURE_TEST_CASE(concurrent_resolutions_of_one_secret_all_succeed, Suite) {
  const SecretRow s = Create("Hot", "value-hot");
  BOOST_TEST_REQUIRE(service.SyncEnvBindings(kCompany, {"agent", kAgent, "env"}, {{"HOT", Ref(s.id)}}).ok());
  std::unique_ptr<SecretStore> stores[] = {backend.Open(), backend.Open()};
  std::atomic<int> failures{0};
  auto resolve = [&](int worker) {
    auto own_ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), SystemRandom());
    SecretService own(*stores[worker], *own_ciphers, SystemRandom(), clock);
    for (int i = 0; i < 25; ++i) {
      auto r = own.Resolve(kCompany, s.id, std::nullopt, AgentContext("env.HOT"));
      if (!r.ok() || r.value->value.view() != "value-hot") ++failures;
    }
  };
  std::thread t0(resolve, 0), t1(resolve, 1);
  t0.join(), t1.join();
  BOOST_TEST(failures.load() == 0);
  BOOST_TEST(InTxn<std::vector<AccessEventRow>>([&](StoreTxn& t) { return t.ListAccessEvents(s.id); }).size() == 50u);
}

// Every plaintext this case creates is searched for in everything the store
// persisted or logged and in every message: 0 occurrences.
BOOST_FIXTURE_TEST_CASE(plaintext_never_reaches_storage_logs_or_messages, Suite) {
  const std::vector<std::string> values = {"sk-LEAK-MARKER-v1-5be1f0", "sk-LEAK-MARKER-v2-77a0c3",
                                           "sk-LEAK-MARKER-v3-c41d9e", "sk-LEAK-MARKER-v4-0fe2a8"};
  std::vector<std::string> messages;
  auto keep = [&](const std::vector<Diagnostic>& d) {
    for (const auto& x : d) messages.push_back(x.message);
  };
  const SecretRow s = Create("Leak check", values[0]);
  keep(service.Rotate(s.id, {values[1], std::nullopt, 1}).diagnostics);
  keep(service.Rotate(s.id, {values[2], std::nullopt, 1}).diagnostics);  // stale: never stored
  keep(service.Create(kCompany, {"Leak check", std::nullopt, values[3]}).diagnostics);
  keep(service.Create(kCompany, {"Leak twin", std::string("leak-check"), values[3]}).diagnostics);
  BOOST_TEST(service.SyncEnvBindings(kCompany, {"agent", kAgent, "env"}, {{"K", Ref(s.id)}}).ok());
  auto ok = service.Resolve(kCompany, s.id, std::nullopt, AgentContext("env.K"));
  BOOST_TEST_REQUIRE(ok.ok());
  BOOST_TEST(ok.value->value.view() == values[1]);  // the moment of resolution
  keep(service.Resolve(kCompany, s.id, 5, AgentContext("env.K")).diagnostics);
  keep(service.Resolve(kCompany, s.id, std::nullopt, AgentContext("env.NOPE")).diagnostics);
  MapEnvVars wrong(std::map<std::string, std::string, std::less<>>{{"PAPERCLIP_SECRETS_MASTER_KEY", std::string(64, 'c')}});
  auto wrong_ciphers = KeyCustodyCipherSource(wrong, PosixFileSystem(), SystemRandom());
  SecretService wrong_key(*store, *wrong_ciphers, SystemRandom(), clock);
  keep(wrong_key.Resolve(kCompany, s.id, std::nullopt, AgentContext("env.K")).diagnostics);
  BOOST_TEST(messages.size() >= 6u);
  const auto events = InTxn<std::vector<AccessEventRow>>([&](StoreTxn& t) { return t.ListAccessEvents(s.id); });
  BOOST_TEST(events.size() == 4u);
  std::string all;
  for (const auto& [source, bytes] : backend.LeakSources()) {
    BOOST_TEST(!bytes.empty(), source);
    for (const std::string& v : values) BOOST_TEST(bytes.find(v) == std::string::npos, source << " holds " << v);
    BOOST_TEST(bytes.find("LEAK-MARKER") == std::string::npos, source);
    BOOST_TEST_MESSAGE(Backend::kName << " leak scan: " << source << ", " << bytes.size() << " bytes, 0 hits");
    all += bytes;
  }
  for (const std::string& m : messages) BOOST_TEST(m.find("LEAK-MARKER") == std::string::npos, m);
  // The scan sees row contents: the name is stored in clear.
  BOOST_TEST(all.find("Leak check") != std::string::npos);
}
