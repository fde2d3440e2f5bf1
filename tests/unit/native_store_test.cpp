#define BOOST_TEST_MODULE native_store
#include <boost/test/unit_test.hpp>

#include <sqlite3.h>

#include "clasp/native/secret_key.h"
#include "clasp/native/secret_service.h"
#include "clasp/native/sqlite_store.h"
#include "clasp/sha256.h"
#include "native_test_support.h"
#include "test_support.h"

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;
using clasp::test::J;

namespace {

const std::string kCompany = "a5e14a02-7d61-4b70-b6f8-27742a6ad3a7";
const std::string kAgent = "d31df0f7-af23-43cd-ab39-d60101586083";
const std::string kValue = "sk-live-PLAINTEXT-MARKER-7f3a9c";

// One instance: a temp dir holding the SQLite file, an env-var master key,
// deterministic randomness and time.
struct Fixture {
  nt::TempDir dir;
  std::string db_path = dir.path() + "/clasp.sqlite3";
  MapEnvVars vars{std::map<std::string, std::string, std::less<>>{
      {"PAPERCLIP_SECRETS_MASTER_KEY", std::string(64, 'b')}, {"CLASP_HOME", dir.path()}}};
  nt::CountingRandom random;
  nt::FixedClock clock;
  std::unique_ptr<SqliteStore> store = Open(db_path);
  std::unique_ptr<CipherSource> ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), random);
  SecretService service{*store, *ciphers, random, clock};

  static std::unique_ptr<SqliteStore> Open(const std::string& path) {
    auto s = SqliteStore::Open(path);
    BOOST_TEST_REQUIRE(s.ok());
    return std::move(*s.value);
  }

  SecretRow Create(const std::string& name, const std::string& value = kValue) {
    return nt::CreateSecret(service, kCompany, name, value);
  }

  template <typename T>
  T InTxn(const std::function<Result<T>(StoreTxn&)>& body) {
    return nt::InTxn<T>(*store, body);
  }

  std::vector<BindingRow> AgentBindings() {
    return InTxn<std::vector<BindingRow>>([&](StoreTxn& t) { return t.ListTargetBindings(kCompany, "agent", kAgent); });
  }
  std::vector<AccessEventRow> Events(const std::string& secret_id) {
    return InTxn<std::vector<AccessEventRow>>([&](StoreTxn& t) { return t.ListAccessEvents(secret_id); });
  }
  std::optional<VersionRow> Version(const std::string& secret_id, int v) {
    return InTxn<std::optional<VersionRow>>([&](StoreTxn& t) { return t.GetVersion(secret_id, v); });
  }
};

OrderedJson Ref(const std::string& secret_id, const OrderedJson& version = "latest") {
  return OrderedJson{{"type", "secret_ref"}, {"secretId", secret_id}, {"version", version}};
}

AccessContext AgentContext(const std::string& path) {
  AccessContext c;
  c.actor_type = "agent";
  c.actor_id = kAgent;
  c.consumer_type = "agent";
  c.consumer_id = kAgent;
  c.config_path = path;
  return c;
}

std::string FirstMessage(const std::vector<Diagnostic>& d) { return d.empty() ? "" : d[0].message; }

}  // namespace

BOOST_AUTO_TEST_CASE(schema_is_migrated_in_wal_mode_and_reopens) {
  Fixture f;
  sqlite3* db = nullptr;
  BOOST_TEST_REQUIRE(sqlite3_open(f.db_path.c_str(), &db) == SQLITE_OK);
  auto scalar = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
    sqlite3_step(st);
    std::string out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
  };
  BOOST_TEST(scalar("PRAGMA user_version") == std::to_string(SqliteStore::CurrentSchemaVersion()));
  BOOST_TEST(scalar("PRAGMA journal_mode") == "wal");
  for (const char* table : {"company_secrets", "company_secret_versions", "company_secret_bindings",
                            "company_secret_provider_configs", "secret_access_events", "agents", "projects"}) {
    const std::string q = std::string("SELECT count(*) FROM sqlite_master WHERE name = '") + table + "'";
    BOOST_TEST(scalar(q.c_str()) == "1", table);
  }
  // A file from a newer clasp is refused, not rewritten.
  sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto newer = SqliteStore::Open(f.db_path);
  BOOST_TEST_REQUIRE(!newer.ok());
  BOOST_TEST(newer.diagnostics[0].code == Code::kStorageError);
}

BOOST_AUTO_TEST_CASE(normalize_secret_key_matches_paperclip) {
  BOOST_TEST(NormalizeSecretKey("  OpenAI API Key ") == "openai-api-key");
  BOOST_TEST(NormalizeSecretKey("GitHub/Token!!") == "github-token");
  BOOST_TEST(NormalizeSecretKey("Ünïcode") == "n-code");
  BOOST_TEST(NormalizeSecretKey("a.b_c-d") == "a.b_c-d");
  BOOST_TEST(NormalizeSecretKey("!!!") == "");
  BOOST_TEST(NormalizeSecretKey(std::string(130, 'x')).size() == 120u);
}

BOOST_AUTO_TEST_CASE(create_writes_an_active_secret_with_version_one) {
  Fixture f;
  const SecretRow s = f.Create("OpenAI API key");
  BOOST_TEST(s.key == "openai-api-key");
  BOOST_TEST(s.status == "active");
  BOOST_TEST(s.latest_version == 1);
  BOOST_TEST(*s.created_by_user_id == "local-board");
  const auto v1 = f.Version(s.id, 1);
  BOOST_TEST_REQUIRE(v1.has_value());
  BOOST_TEST(v1->status == "current");
  BOOST_TEST(v1->value_sha256 == ValueSha256(kValue));
  BOOST_TEST(v1->fingerprint_sha256 == v1->value_sha256);
  BOOST_TEST(J(v1->material)["scheme"] == "local_encrypted_v1");
}

BOOST_AUTO_TEST_CASE(create_rules_have_paperclips_messages) {
  Fixture f;
  f.Create("OpenAI API key");
  auto fails = [&](CreateSecretInput in, Code code, const std::string& message) {
    auto r = f.service.Create(kCompany, in);
    BOOST_TEST_REQUIRE(!r.ok());
    BOOST_TEST(r.diagnostics[0].code == code);
    BOOST_TEST(r.diagnostics[0].message == message);
  };
  fails({"OpenAI API key", std::nullopt, kValue}, Code::kSecretNameExists, "Secret already exists: OpenAI API key");
  fails({"Other", std::string("OPENAI api KEY"), kValue}, Code::kSecretKeyExists,
        "Secret key already exists: openai-api-key");
  fails({"!!!", std::nullopt, kValue}, Code::kSecretKeyRequired, "Secret key is required");
  fails({"Blank", std::nullopt, std::string(" \n")}, Code::kSecretManagedValueRequired, "Managed secrets require value");
  CreateSecretInput with_ref{"WithRef", std::nullopt, kValue};
  with_ref.external_ref = "arn:aws:secretsmanager:x";
  fails(with_ref, Code::kSecretManagedExternalRef, "Managed secrets cannot override externalRef");
  CreateSecretInput external{"Ext", std::nullopt, std::nullopt};
  external.managed_mode = "external_reference";
  fails(external, Code::kSecretExternalRefRequired, "External reference secrets require externalRef");
  external.external_ref = "ref";
  fails(external, Code::kExternalRefUnsupported, "local_encrypted does not support external reference secrets");
  // Another company may reuse the name.
  CreateSecretInput again{"OpenAI API key", std::nullopt, kValue};
  BOOST_TEST(f.service.Create("other-company", again).ok());
}

BOOST_AUTO_TEST_CASE(rotate_adds_versions_and_guards_staleness) {
  Fixture f;
  const SecretRow s = f.Create("Token");
  auto r2 = f.service.Rotate(s.id, {std::string("value-two"), std::nullopt, 1});
  BOOST_TEST_REQUIRE(r2.ok());
  BOOST_TEST(r2.value->latest_version == 2);
  BOOST_TEST(f.Version(s.id, 1)->status == "previous");
  BOOST_TEST(f.Version(s.id, 2)->status == "current");
  auto stale = f.service.Rotate(s.id, {std::string("value-three"), std::nullopt, 1});
  BOOST_TEST_REQUIRE(!stale.ok());
  BOOST_TEST(stale.diagnostics[0].http_status == 409);
  BOOST_TEST(stale.diagnostics[0].message == "The secret version is stale. Reload and confirm the rotation again.");
  BOOST_TEST(!f.Version(s.id, 3).has_value());  // nothing written
  BOOST_TEST(FirstMessage(f.service.Rotate(s.id, {std::string(" "), std::nullopt, std::nullopt}).diagnostics) ==
             "Managed secrets require value");
  BOOST_TEST(FirstMessage(f.service.Rotate("missing", {std::string("v"), std::nullopt, std::nullopt}).diagnostics) ==
             "Secret not found");
  SecretPatch archive;
  archive.status = "archived";
  BOOST_TEST(f.service.Update(s.id, archive).ok());
  BOOST_TEST(FirstMessage(f.service.Rotate(s.id, {std::string("v"), std::nullopt, std::nullopt}).diagnostics) ==
             "Cannot rotate a non-active secret");
}

BOOST_AUTO_TEST_CASE(update_and_remove) {
  Fixture f;
  const SecretRow a = f.Create("Alpha");
  f.Create("Beta");
  SecretPatch rename;
  rename.name = "Beta";
  BOOST_TEST(FirstMessage(f.service.Update(a.id, rename).diagnostics) == "Secret already exists: Beta");
  SecretPatch rekey;
  rekey.key = "BETA";
  BOOST_TEST(FirstMessage(f.service.Update(a.id, rekey).diagnostics) == "Secret key already exists: beta");
  SecretPatch del;
  del.status = "deleted";
  BOOST_TEST(FirstMessage(f.service.Update(a.id, del).diagnostics) ==
             "Managed secrets must be deleted through DELETE /secrets/:id");
  SecretPatch ref;
  ref.external_ref = std::optional<std::string>("x");
  BOOST_TEST(FirstMessage(f.service.Update(a.id, ref).diagnostics) == "Managed secrets cannot override externalRef");
  SecretPatch describe;
  describe.description = std::optional<std::string>("test value");
  auto described = f.service.Update(a.id, describe);
  BOOST_TEST_REQUIRE(described.ok());
  BOOST_TEST(*described.value->description == "test value");

  BOOST_TEST(f.service.SyncEnvBindings(kCompany, {"agent", kAgent, "env"}, {{"A", Ref(a.id)}}).ok());
  BOOST_TEST(!(*f.service.Remove(a.id).value)->removed);  // bound: kept unless forced
  auto removed = f.service.Remove(a.id, {true});
  BOOST_TEST_REQUIRE(removed.ok());
  BOOST_TEST_REQUIRE(removed.value->has_value());
  BOOST_TEST((*removed.value)->removed_bindings.size() == 1u);
  BOOST_TEST(!f.Version(a.id, 1).has_value());
  BOOST_TEST(f.AgentBindings().empty());
  // The name is free again; removing twice finds nothing.
  f.Create("Alpha");
  BOOST_TEST(!f.service.Remove(a.id).value->has_value());
}

BOOST_AUTO_TEST_CASE(env_sync_goes_through_the_planner_and_never_wipes_silently) {
  Fixture f;
  const SecretRow gh = f.Create("GitHub token");
  const SecretRow oa = f.Create("OpenAI API key");
  const BindingTarget target{"agent", kAgent, "env"};
  OrderedJson env = {{"LOG_LEVEL", "debug"}, {"GITHUB_TOKEN", Ref(gh.id)}, {"OPENAI_API_KEY", Ref(oa.id)}};
  auto first = f.service.SyncEnvBindings(kCompany, target, env);
  BOOST_TEST_REQUIRE(first.ok());
  BOOST_TEST(first.value->size() == 2u);
  auto rows = f.AgentBindings();
  BOOST_TEST_REQUIRE(rows.size() == 2u);
  BOOST_TEST(rows[0].config_path == "env.GITHUB_TOKEN");
  BOOST_TEST(rows[0].version_selector == "latest");
  const std::string kept_id = rows[0].id;

  // Resubmitting keeps the rows (no delete + re-insert).
  auto same = f.service.SyncEnvBindings(kCompany, target, env);
  BOOST_TEST_REQUIRE(same.ok());
  for (const auto& c : *same.value) BOOST_TEST((c.kind == BindingChangeKind::kKeep));
  BOOST_TEST(f.AgentBindings()[0].id == kept_id);

  // A PATCH without env (null) touches nothing: the #5631 fix.
  auto absent = f.service.SyncEnvBindings(kCompany, target, OrderedJson());
  BOOST_TEST_REQUIRE(absent.ok());
  BOOST_TEST(f.AgentBindings().size() == 2u);

  // Dropping every ref is refused without replace_all, and writes nothing.
  auto wipe = f.service.SyncEnvBindings(kCompany, target, J("{}"));
  BOOST_TEST_REQUIRE(!wipe.ok());
  BOOST_TEST(wipe.diagnostics[0].code == Code::kSyncReplaceAllRequired);
  BOOST_TEST(f.AgentBindings().size() == 2u);

  // Pinning a version updates in place; removing a key deletes with a reason.
  OrderedJson next = {{"GITHUB_TOKEN", Ref(gh.id, 1)}};
  auto changed = f.service.SyncEnvBindings(kCompany, target, next);
  BOOST_TEST_REQUIRE(changed.ok());
  bool saw_delete = false;
  for (const auto& c : *changed.value) {
    if (c.kind == BindingChangeKind::kDelete) {
      saw_delete = true;
      BOOST_TEST((c.reason == DeleteReason::kRefRemoved));
      BOOST_TEST(c.row.config_path == "env.OPENAI_API_KEY");
    }
  }
  BOOST_TEST(saw_delete);
  rows = f.AgentBindings();
  BOOST_TEST_REQUIRE(rows.size() == 1u);
  BOOST_TEST(rows[0].id == kept_id);
  BOOST_TEST(rows[0].version_selector == "1");

  // SEC-1 failures abort the whole sync.
  OrderedJson foreign = {{"GITHUB_TOKEN", Ref(gh.id)}, {"X", Ref("11111111-1111-4111-8111-111111111111")}};
  auto bad = f.service.SyncEnvBindings(kCompany, target, foreign);
  BOOST_TEST_REQUIRE(!bad.ok());
  BOOST_TEST(bad.diagnostics[0].message == "Secret not found");
  BOOST_TEST(f.AgentBindings().size() == 1u);

  // With replace_all the wipe is allowed and each deleted row is reported.
  BindingSyncOptions all;
  all.replace_all = true;
  auto wiped = f.service.SyncEnvBindings(kCompany, target, J("{}"), all);
  BOOST_TEST_REQUIRE(wiped.ok());
  BOOST_TEST(wiped.value->size() == 1u);
  BOOST_TEST(f.AgentBindings().empty());
}

BOOST_AUTO_TEST_CASE(resolution_checks_the_binding_and_records_every_attempt) {
  Fixture f;
  const SecretRow s = f.Create("OpenAI API key");
  BOOST_TEST(f.service.SyncEnvBindings(kCompany, {"agent", kAgent, "env"}, {{"OPENAI_API_KEY", Ref(s.id)}}).ok());

  auto ok = f.service.Resolve(kCompany, s.id, std::nullopt, AgentContext("env.OPENAI_API_KEY"));
  BOOST_TEST_REQUIRE(ok.ok());
  BOOST_TEST(ok.value->value.view() == kValue);
  BOOST_TEST(ok.value->version == 1);
  BOOST_TEST(*ok.value->env_key == "OPENAI_API_KEY");
  BOOST_TEST_REQUIRE(ok.value->binding_id.has_value());
  BOOST_TEST(*ok.value->binding_id == f.AgentBindings()[0].id);

  auto unbound = f.service.Resolve(kCompany, s.id, std::nullopt, AgentContext("env.OTHER"));
  BOOST_TEST_REQUIRE(!unbound.ok());
  BOOST_TEST(unbound.diagnostics[0].message == "Secret is not bound to agent:" + kAgent + " at env.OTHER");
  auto missing_version = f.service.Resolve(kCompany, s.id, 7, AgentContext("env.OPENAI_API_KEY"));
  BOOST_TEST(FirstMessage(missing_version.diagnostics) == "Secret version not found");
  BOOST_TEST(missing_version.diagnostics[0].http_status == 404);
  AccessContext boundary = AgentContext("env.OPENAI_API_KEY");
  boundary.allowed_binding_ids = std::vector<std::string>{};
  BOOST_TEST(FirstMessage(f.service.Resolve(kCompany, s.id, std::nullopt, boundary).diagnostics) ==
             "Secret binding is outside the active low-trust boundary");

  const auto events = f.Events(s.id);
  BOOST_TEST_REQUIRE(events.size() == 4u);
  BOOST_TEST(events[0].outcome == "success");
  BOOST_TEST(!events[0].error_code.has_value());
  BOOST_TEST(events[0].actor_type == "agent");
  BOOST_TEST(*events[0].actor_id == kAgent);
  BOOST_TEST(events[0].consumer_type == "agent");
  BOOST_TEST(*events[0].config_path == "env.OPENAI_API_KEY");
  BOOST_TEST(*events[0].version == 1);
  BOOST_TEST(events[0].provider == "local_encrypted");
  BOOST_TEST(events[0].secret_scope == "company");
  BOOST_TEST(events[1].outcome == "failure");
  BOOST_TEST(*events[1].error_code == "binding_missing");
  BOOST_TEST(*events[2].error_code == "version_missing");
  BOOST_TEST(*events[2].version == 7);
  BOOST_TEST(*events[3].error_code == "provider_error");  // AUD-1 maps binding_not_allowed so

  // No context: no enforcement and no event. Wrong company: no event either.
  BOOST_TEST(f.service.Resolve(kCompany, s.id, std::nullopt, std::nullopt).ok());
  BOOST_TEST(FirstMessage(f.service.Resolve("other", s.id, std::nullopt, AgentContext("env.OPENAI_API_KEY"))
                              .diagnostics) == "Secret must belong to same company");
  BOOST_TEST(f.Events(s.id).size() == 4u);

  SecretPatch archive;
  archive.status = "archived";
  BOOST_TEST(f.service.Update(s.id, archive).ok());
  BOOST_TEST(FirstMessage(f.service.Resolve(kCompany, s.id, std::nullopt, AgentContext("env.OPENAI_API_KEY"))
                              .diagnostics) == "Secret is not active");
  BOOST_TEST(*f.Events(s.id).back().error_code == "secret_inactive");
}

// key_check.h: the store recorded the first key, so another one is refused
// before it decrypts anything, and the refusal is still an access event.
BOOST_AUTO_TEST_CASE(a_wrong_master_key_is_refused_before_resolution_as_provider_error) {
  Fixture f;
  const SecretRow s = f.Create("Token");
  BOOST_TEST(f.service.SyncEnvBindings(kCompany, {"agent", kAgent, "env"}, {{"T", Ref(s.id)}}).ok());
  MapEnvVars other_key(std::map<std::string, std::string, std::less<>>{
      {"PAPERCLIP_SECRETS_MASTER_KEY", std::string(64, 'c')}});
  auto ciphers = KeyCustodyCipherSource(other_key, PosixFileSystem(), f.random);
  SecretService other(*f.store, *ciphers, f.random, f.clock);
  auto r = other.Resolve(kCompany, s.id, std::nullopt, AgentContext("env.T"));
  BOOST_TEST_REQUIRE(!r.ok());
  BOOST_TEST(r.diagnostics[0].code == Code::kMasterKeyMismatch);
  BOOST_TEST(*f.Events(s.id).back().error_code == "provider_error");
}

BOOST_AUTO_TEST_CASE(plaintext_never_reaches_the_database_files_or_messages) {
  Fixture f;
  const SecretRow s = f.Create("Leak check");
  BOOST_TEST(f.service.Rotate(s.id, {kValue + "-v2", std::nullopt, std::nullopt}).ok());
  BOOST_TEST(f.service.SyncEnvBindings(kCompany, {"agent", kAgent, "env"}, {{"K", Ref(s.id)}}).ok());
  std::vector<std::string> messages;
  for (int i = 0; i < 3; ++i) {
    auto r = f.service.Resolve(kCompany, s.id, i == 0 ? std::nullopt : std::optional<int>(i + 5),
                               AgentContext(i == 2 ? "env.NOPE" : "env.K"));
    for (const auto& d : r.diagnostics) messages.push_back(d.message);
  }
  for (const auto& d : f.service.Create(kCompany, {"Leak check", std::nullopt, kValue}).diagnostics) {
    messages.push_back(d.message);
  }
  BOOST_TEST(messages.size() >= 3u);
  for (const std::string& m : messages) BOOST_TEST(m.find(kValue) == std::string::npos, m);
  // Both the main file and the write-ahead log, before any checkpoint. The
  // scan sees row contents: the secret's name is stored in clear.
  std::string all_bytes;
  for (const std::string& file : {f.db_path, f.db_path + "-wal"}) {
    const std::string bytes = nt::ReadAll(file);
    all_bytes += bytes;
    BOOST_TEST(!bytes.empty(), file);
    BOOST_TEST(bytes.find(kValue) == std::string::npos, file);
    BOOST_TEST(bytes.find("PLAINTEXT-MARKER") == std::string::npos, file);
  }
  BOOST_TEST(all_bytes.find("Leak check") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_read_only_store_reads_one_snapshot_never_blocks_the_writer_and_refuses_writes) {
  Fixture f;
  f.Create("First");
  auto reader = SqliteStore::Open(f.db_path, SqliteOpenMode::kReadOnly);
  BOOST_TEST_REQUIRE(reader.ok());
  auto count = [](StoreTxn& t) { return t.ListAllSecrets(std::nullopt).value->size(); };
  std::size_t before = 0, during = 0;
  const Status read = (*reader.value)->Transact([&](StoreTxn& t) -> Status {
    before = count(t);
    f.Create("Second");  // commits while the reader's transaction is open
    during = count(t);
    return OkStatus();
  });
  BOOST_TEST(read.ok());
  BOOST_TEST(before == 1u);
  BOOST_TEST(during == 1u);
  std::size_t after = 0;
  BOOST_TEST((*reader.value)->Transact([&](StoreTxn& t) -> Status { after = count(t); return OkStatus(); }).ok());
  BOOST_TEST(after == 2u);

  ActivityRow row;
  row.id = "activity-1", row.company_id = kCompany, row.action = "test", row.created_at = "2026-12-03T00:00:00.000Z";
  const Status write = (*reader.value)->Transact([&](StoreTxn& t) { return t.InsertActivity(row); });
  BOOST_TEST_REQUIRE(!write.ok());
  BOOST_TEST(write.diagnostics[0].code == Code::kStorageError);
}

BOOST_AUTO_TEST_CASE(a_lock_held_past_the_busy_budget_is_storage_unavailable_not_an_internal_error) {
  Fixture f;
  sqlite3* other = nullptr;
  BOOST_TEST_REQUIRE(sqlite3_open(f.db_path.c_str(), &other) == SQLITE_OK);
  BOOST_TEST_REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  CreateSecretInput input;
  input.name = "Blocked";
  input.value = kValue;
  auto blocked = f.service.Create(kCompany, input, Actor{});
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  BOOST_TEST_REQUIRE(!blocked.ok());
  BOOST_TEST(CodeName(blocked.diagnostics[0].code) == "storage_unavailable");
  BOOST_TEST(blocked.diagnostics[0].http_status == 503);
  BOOST_TEST(f.Create("Unblocked").name == "Unblocked");
}
