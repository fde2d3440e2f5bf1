// The storage behaviour every SecretStore adapter must show, written once.
//
// A suite file defines `struct Backend` and then includes this header:
//   Backend()                  a fresh, empty store location
//   Open()                     a new store (connection) on it
//   LeakSources()              every byte the store persisted or logged, by
//                              source name (files, WAL, table dumps, logs)
//   Exec(sql)                  runs SQL beside the store ("" on success), for
//                              rows a StoreTxn cannot write
// native_storage_sqlite_test.cpp and native_storage_pg_test.cpp are the two.
#pragma once

#include <atomic>
#include <cctype>
#include <cstdio>
#include <functional>
#include <set>
#include <thread>

#include "clasp/native/secret_service.h"
#include "clasp/sha256.h"
#include "native_test_support.h"

namespace storage_suite {

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;

const std::string kCompany = "a5e14a02-7d61-4b70-b6f8-27742a6ad3a7";
const std::string kOtherCompany = "0b6f1c3e-5d2a-4e8f-9a71-3c4d5e6f7a8b";
const std::string kAgent = "d31df0f7-af23-43cd-ab39-d60101586083";

// +1 ms per call, so rows written by successive calls order by created_at.
class TickingClock final : public Clock {
 public:
  std::string NowIso8601() override {
    const long n = ticks_++;
    char out[32];
    std::snprintf(out, sizeof out, "2026-11-22T%02ld:%02ld:%02ld.%03ldZ", 10 + n / 3600000, n / 60000 % 60,
                  n / 1000 % 60, n % 1000);
    return out;
  }

 private:
  std::atomic<long> ticks_{0};
};

struct Suite {
  Backend backend;
  nt::TempDir home;
  MapEnvVars vars{std::map<std::string, std::string, std::less<>>{
      {"PAPERCLIP_SECRETS_MASTER_KEY", std::string(64, 'b')}, {"CLASP_HOME", home.path()}}};
  TickingClock clock;
  std::unique_ptr<SecretStore> store = backend.Open();
  std::unique_ptr<CipherSource> ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), SystemRandom());
  SecretService service{*store, *ciphers, SystemRandom(), clock};

  SecretRow Create(const std::string& name, const std::string& value) {
    return nt::CreateSecret(service, kCompany, name, value);
  }

  template <typename T>
  T InTxn(const std::function<Result<T>(StoreTxn&)>& body) {
    return nt::InTxn<T>(*store, body);
  }

  void Do(const std::function<Status(StoreTxn&)>& body) { BOOST_TEST_REQUIRE(store->Transact(body).ok()); }
};

inline std::string Uuid() { return *NewUuid(SystemRandom()).value; }

inline OrderedJson Ref(const std::string& secret_id, const OrderedJson& version = "latest") {
  return OrderedJson{{"type", "secret_ref"}, {"secretId", secret_id}, {"version", version}};
}

inline AccessContext AgentContext(const std::string& path) {
  AccessContext c;
  c.actor_type = "agent";
  c.actor_id = kAgent;
  c.consumer_type = "agent";
  c.consumer_id = kAgent;
  c.config_path = path;
  return c;
}

inline std::string First(const std::vector<Diagnostic>& d) { return d.empty() ? "" : d[0].message; }

inline SecretRow FullSecret(const std::string& name) {
  SecretRow r;
  r.id = Uuid(), r.company_id = kCompany, r.name = name, r.key = name, r.external_ref = "ref-1";
  r.latest_version = 7, r.description = "d", r.status = "archived", r.managed_mode = "external_reference";
  r.provider_config_id = Uuid(), r.created_by_agent_id = kAgent, r.created_by_user_id = "local-board";
  r.created_at = "2026-11-22T12:15:26.177754Z", r.updated_at = "2026-11-22T12:15:26.196Z";
  r.last_resolved_at = "2026-11-22T12:15:34.910Z", r.last_rotated_at = "2026-11-22T12:15:26.000Z";
  return r;
}

inline bool Same(const SecretRow& a, const SecretRow& b) {
  return a.id == b.id && a.company_id == b.company_id && a.name == b.name && a.key == b.key &&
         a.provider == b.provider && a.external_ref == b.external_ref && a.latest_version == b.latest_version &&
         a.description == b.description && a.status == b.status && a.managed_mode == b.managed_mode &&
         a.provider_config_id == b.provider_config_id && a.scope == b.scope &&
         a.created_by_agent_id == b.created_by_agent_id && a.created_by_user_id == b.created_by_user_id &&
         a.created_at == b.created_at && a.updated_at == b.updated_at && a.last_resolved_at == b.last_resolved_at &&
         a.last_rotated_at == b.last_rotated_at && a.deleted_at == b.deleted_at;
}

inline auto Tie(const BindingRow& r) {
  return std::tie(r.id, r.company_id, r.secret_id, r.target_type, r.target_id, r.config_path, r.version_selector,
                  r.required, r.label, r.projection_class, r.projection_allowlist_key);
}
inline auto Tie(const VersionRow& r) {
  return std::tie(r.id, r.secret_id, r.version, r.value_sha256, r.fingerprint_sha256, r.status,
                  r.provider_version_ref, r.revoked_at, r.created_by_agent_id, r.created_by_user_id, r.created_at);
}
inline auto Tie(const AccessEventRow& r) {
  return std::tie(r.id, r.company_id, r.secret_id, r.version, r.provider, r.actor_type, r.actor_id, r.consumer_type,
                  r.consumer_id, r.config_path, r.issue_id, r.heartbeat_run_id, r.plugin_id, r.outcome, r.error_code,
                  r.secret_scope, r.responsible_user_id, r.created_at);
}

}  // namespace storage_suite

using namespace storage_suite;


BOOST_FIXTURE_TEST_CASE(rows_read_back_exactly_as_written, Suite) {
  const SecretRow secret = FullSecret("Full");
  SecretRow bare = FullSecret("Bare");
  bare.external_ref = bare.description = bare.provider_config_id = bare.created_by_agent_id = std::nullopt;
  bare.created_by_user_id = bare.last_resolved_at = bare.last_rotated_at = std::nullopt;
  bare.deleted_at = "2026-11-22T12:15:40.001Z";
  VersionRow v;
  v.id = Uuid(), v.secret_id = secret.id, v.version = 3, v.value_sha256 = std::string(64, 'a');
  v.material = R"({"scheme":"local_encrypted_v1","iv":"AAAAAAAAAAAAAAAA","tag":"x","ciphertext":"y"})";
  v.fingerprint_sha256 = std::string(64, 'f'), v.status = "previous", v.provider_version_ref = "pv";
  v.revoked_at = "2026-11-22T12:15:41.000Z", v.created_by_agent_id = kAgent, v.created_at = "2026-11-22T12:15:26.100Z";
  BindingRow b;
  b.id = Uuid(), b.company_id = kCompany, b.secret_id = secret.id, b.target_type = "agent", b.target_id = kAgent;
  b.config_path = "env.TOKEN", b.version_selector = "2", b.required = false, b.label = "lbl";
  b.projection_class = "env_safe", b.projection_allowlist_key = "allow";
  AccessEventRow e;
  e.id = Uuid(), e.company_id = kCompany, e.secret_id = secret.id, e.version = 3, e.provider = "local_encrypted";
  e.actor_type = "agent", e.actor_id = kAgent, e.consumer_type = "agent", e.consumer_id = kAgent;
  e.config_path = "env.TOKEN", e.issue_id = Uuid(), e.heartbeat_run_id = Uuid(), e.plugin_id = Uuid();
  e.outcome = "failure", e.error_code = "binding_missing", e.responsible_user_id = "u1";
  e.created_at = "2026-11-22T12:15:42.123Z";
  Do([&](StoreTxn& t) {
    Status s = t.InsertSecret(secret);
    if (s.ok()) s = t.InsertSecret(bare);
    if (s.ok()) s = t.InsertVersion(v);
    if (s.ok()) s = t.InsertBinding(b, "2026-11-22T12:15:43.000Z");
    if (s.ok()) s = t.InsertAccessEvent(e);
    return s;
  });
  BOOST_TEST(Same(*InTxn<std::optional<SecretRow>>([&](StoreTxn& t) { return t.GetSecret(secret.id); }), secret));
  BOOST_TEST(Same(*InTxn<std::optional<SecretRow>>([&](StoreTxn& t) { return t.GetSecret(bare.id); }), bare));
  const auto got = *InTxn<std::optional<VersionRow>>([&](StoreTxn& t) { return t.GetVersion(secret.id, 3); });
  // jsonb reorders members: compare as unordered JSON.
  BOOST_TEST(nlohmann::json::parse(got.material) == nlohmann::json::parse(v.material));
  BOOST_TEST((Tie(got) == Tie(v)));
  const auto rows = InTxn<std::vector<BindingRow>>([&](StoreTxn& t) { return t.ListSecretBindings(secret.id); });
  BOOST_TEST_REQUIRE(rows.size() == 1u);
  BOOST_TEST((Tie(rows[0]) == Tie(b)));
  const auto events = InTxn<std::vector<AccessEventRow>>([&](StoreTxn& t) { return t.ListAccessEvents(secret.id); });
  BOOST_TEST_REQUIRE(events.size() == 1u);
  BOOST_TEST((Tie(events[0]) == Tie(e)));
  // Every column written by UpdateSecret reads back too.
  SecretRow changed = bare;
  changed.name = "Renamed", changed.status = "disabled", changed.deleted_at = std::nullopt, changed.latest_version = 9;
  changed.description = "again", changed.updated_at = "2026-11-22T12:16:00.000Z";
  Do([&](StoreTxn& t) { return t.UpdateSecret(changed); });
  BOOST_TEST(Same(*InTxn<std::optional<SecretRow>>([&](StoreTxn& t) { return t.GetSecret(bare.id); }), changed));
}

BOOST_FIXTURE_TEST_CASE(lookups_see_live_secrets_of_the_company_only, Suite) {
  const SecretRow live = Create("Live", "value-live");
  SecretRow gone = FullSecret("Gone");
  gone.status = "deleted", gone.key = "gone", gone.deleted_at = "2026-11-22T12:00:00.000Z";
  SecretRow other = FullSecret("Live");
  other.company_id = kOtherCompany, other.key = "live";
  Do([&](StoreTxn& t) {
    Status s = t.InsertSecret(gone);
    return s.ok() ? t.InsertSecret(other) : s;
  });
  auto by_name = [&](const std::string& company, const std::string& name) {
    return InTxn<std::optional<SecretRow>>([&](StoreTxn& t) { return t.FindLiveSecretByName(company, name); });
  };
  auto by_key = [&](const std::string& company, const std::string& key) {
    return InTxn<std::optional<SecretRow>>([&](StoreTxn& t) { return t.FindLiveSecretByKey(company, key); });
  };
  BOOST_TEST(by_name(kCompany, "Live")->id == live.id);
  BOOST_TEST(by_key(kCompany, "live")->id == live.id);
  BOOST_TEST(by_name(kOtherCompany, "Live")->id == other.id);
  BOOST_TEST(!by_name(kCompany, "Gone").has_value());
  BOOST_TEST(!by_key(kCompany, "gone").has_value());
  BOOST_TEST(!by_name(kCompany, "live").has_value());  // exact, case-sensitive
  // Ids that are no UUID, or not in canonical lower case, find nothing and
  // are no error (a text match on SQLite; a uuid column on PostgreSQL).
  for (const std::string& id : {std::string("missing"), std::string(""), live.id + "x", std::string("' OR 1=1 --")}) {
    BOOST_TEST(!InTxn<std::optional<SecretRow>>([&](StoreTxn& t) { return t.GetSecret(id); }).has_value(), id);
    BOOST_TEST(InTxn<std::vector<BindingRow>>([&](StoreTxn& t) { return t.ListSecretBindings(id); }).empty());
    BOOST_TEST(!by_name(id, "Live").has_value());
  }
  std::string upper = live.id;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  BOOST_TEST(!InTxn<std::optional<SecretRow>>([&](StoreTxn& t) { return t.GetSecret(upper); }).has_value());
}

BOOST_FIXTURE_TEST_CASE(list_secrets_newest_first_without_deleted, Suite) {
  const SecretRow a = Create("A", "value-a");
  const SecretRow b = Create("B", "value-b");
  const SecretRow c = Create("C", "value-c");
  BOOST_TEST(service.Remove(b.id).ok());
  SecretPatch archive;
  archive.status = "archived";
  BOOST_TEST(service.Update(c.id, archive).ok());
  const auto list = InTxn<std::vector<SecretRow>>([&](StoreTxn& t) { return t.ListSecrets(kCompany); });
  BOOST_TEST_REQUIRE(list.size() == 2u);
  BOOST_TEST(list[0].id == c.id);  // archived is listed; only deleted is not
  BOOST_TEST(list[1].id == a.id);
  BOOST_TEST(InTxn<std::vector<SecretRow>>([&](StoreTxn& t) { return t.ListSecrets(kOtherCompany); }).empty());
}

BOOST_FIXTURE_TEST_CASE(a_failed_body_leaves_nothing_behind, Suite) {
  const SecretRow s = Create("Kept", "value-kept");
  const SecretRow extra = FullSecret("Extra");
  Status failed = store->Transact([&](StoreTxn& t) -> Status {
    if (auto r = t.InsertSecret(extra); !r.ok()) return r;
    if (auto r = t.DeleteSecret(s.id); !r.ok()) return r;
    return FailStatus(Code::kStorageError, "rule failed half-way");
  });
  BOOST_TEST(!failed.ok());
  BOOST_TEST(First(failed.diagnostics) == "rule failed half-way");
  BOOST_TEST(!InTxn<std::optional<SecretRow>>([&](StoreTxn& t) { return t.GetSecret(extra.id); }).has_value());
  BOOST_TEST(InTxn<std::optional<VersionRow>>([&](StoreTxn& t) { return t.GetVersion(s.id, 1); }).has_value());
  // A database error inside the body is reported, and rolls back as well.
  Status dup = store->Transact([&](StoreTxn& t) -> Status {
    if (auto r = t.InsertSecret(extra); !r.ok()) return r;
    return t.InsertSecret(extra);  // same primary key
  });
  BOOST_TEST_REQUIRE(!dup.ok());
  BOOST_TEST(dup.diagnostics[0].code == Code::kStorageError);
  BOOST_TEST(!InTxn<std::optional<SecretRow>>([&](StoreTxn& t) { return t.GetSecret(extra.id); }).has_value());
  // The store is usable afterwards.
  BOOST_TEST(service.Rotate(s.id, {std::string("value-kept-2"), std::nullopt, 1}).ok());
}

// The agent routes' lookups run as kReadOnly: beside a writer on another
// connection (SQLite: no writer lock, so no wait and no deadlock), and a
// write slipped into one fails and leaves nothing.
BOOST_FIXTURE_TEST_CASE(a_read_only_transaction_runs_beside_a_writer_and_refuses_writes, Suite) {
  const SecretRow s = Create("Read", "value-read");
  auto writer = backend.Open();
  const SecretRow extra = FullSecret("Written beside");
  Status read = store->Transact([&](StoreTxn& t) -> Status {
    if (auto r = t.GetSecret(s.id); !r.ok() || !*r.value) return FailStatus(Code::kStorageError, "not read");
    return writer->Transact([&](StoreTxn& w) { return w.InsertSecret(extra); });
  }, SecretStore::Durability::kReadOnly);
  BOOST_TEST(read.ok(), First(read.diagnostics));
  BOOST_TEST(InTxn<std::optional<SecretRow>>([&](StoreTxn& t) { return t.GetSecret(extra.id); }).has_value());

  const SecretRow sneaked = FullSecret("Sneaked");
  Status write = store->Transact([&](StoreTxn& t) { return t.InsertSecret(sneaked); },
                                 SecretStore::Durability::kReadOnly);
  BOOST_TEST_REQUIRE(!write.ok());
  BOOST_TEST(write.diagnostics[0].code == Code::kStorageError);
  BOOST_TEST(!InTxn<std::optional<SecretRow>>([&](StoreTxn& t) { return t.GetSecret(sneaked.id); }).has_value());
  BOOST_TEST(service.Rotate(s.id, {std::string("value-read-2"), std::nullopt, 1}).ok());
}

BOOST_FIXTURE_TEST_CASE(versions_follow_their_secret, Suite) {
  const SecretRow s = Create("Versioned", "value-v1");
  BOOST_TEST(service.Rotate(s.id, {std::string("value-v2"), std::nullopt, std::nullopt}).ok());
  BOOST_TEST(service.Rotate(s.id, {std::string("value-v3"), std::nullopt, std::nullopt}).ok());
  Do([&](StoreTxn& t) { return t.MarkCurrentVersion(s.id, 2); });
  auto status = [&](int v) {
    return InTxn<std::optional<VersionRow>>([&](StoreTxn& t) { return t.GetVersion(s.id, v); })->status;
  };
  BOOST_TEST(status(1) == "previous");
  BOOST_TEST(status(2) == "current");
  BOOST_TEST(status(3) == "previous");
  Do([&](StoreTxn& t) { return t.DeleteSecret(s.id); });
  for (int v = 1; v <= 3; ++v) {
    BOOST_TEST(!InTxn<std::optional<VersionRow>>([&](StoreTxn& t) { return t.GetVersion(s.id, v); }).has_value());
  }
}

BOOST_FIXTURE_TEST_CASE(bindings_list_by_created_at_then_path, Suite) {
  const SecretRow s = Create("Bound", "value-bound");
  const BindingTarget target{"agent", kAgent, "env"};
  OrderedJson env = {{"ZETA", Ref(s.id)}, {"ALPHA", Ref(s.id)}, {"MID", Ref(s.id, 1)}};
  BOOST_TEST(service.SyncEnvBindings(kCompany, target, env).ok());
  env["BETA"] = Ref(s.id);
  env["ZETA"] = Ref(s.id, 1);  // an update keeps the row and its place
  BOOST_TEST(service.SyncEnvBindings(kCompany, target, env).ok());
  const auto rows = InTxn<std::vector<BindingRow>>([&](StoreTxn& t) { return t.ListTargetBindings(kCompany, "agent", kAgent); });
  std::vector<std::string> paths;
  for (const BindingRow& r : rows) paths.push_back(r.config_path + "@" + r.version_selector);
  const std::vector<std::string> expected = {"env.ALPHA@latest", "env.MID@1", "env.ZETA@1", "env.BETA@latest"};
  BOOST_TEST(paths == expected, boost::test_tools::per_element());
  BOOST_TEST(InTxn<std::vector<BindingRow>>([&](StoreTxn& t) { return t.ListSecretBindings(s.id); }).size() == 4u);
  BOOST_TEST(InTxn<std::vector<BindingRow>>([&](StoreTxn& t) { return t.ListTargetBindings(kOtherCompany, "agent", kAgent); }).empty());
}

BOOST_FIXTURE_TEST_CASE(a_second_open_sees_the_same_data, Suite) {
  const SecretRow s = Create("Persisted", "value-persisted");
  auto again = backend.Open();
  std::optional<SecretRow> seen;
  BOOST_TEST_REQUIRE(again->Transact([&](StoreTxn& t) -> Status {
    auto r = t.GetSecret(s.id);
    if (!r.ok()) return Forward<Done>(std::move(r));
    seen = *r.value;
    return OkStatus();
  }).ok());
  BOOST_TEST_REQUIRE(seen.has_value());
  BOOST_TEST(Same(*seen, s));
}

#include "native_storage_suite_flows.h"
#include "native_storage_suite_targets.h"
#include "native_storage_suite_agent_keys.h"
#include "native_storage_suite_delete.h"
#include "native_storage_suite_user_secrets.h"
