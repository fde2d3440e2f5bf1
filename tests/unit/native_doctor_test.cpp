// `clasp doctor` (native/doctor.h) on clasp's SQLite store: each check's
// verdict and message, and that looking changes nothing.
#define BOOST_TEST_MODULE native_doctor
#include <boost/test/unit_test.hpp>

#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>
#include <map>

#include "clasp/native/doctor.h"
#include "clasp/native/sqlite_store.h"
#include "native_test_support.h"
#include "test_support.h"

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;

namespace {

const std::string kCompany = "c1c1c1c1-0000-4000-8000-000000000001";
const std::string kSecret = "aaaaaaaa-0000-4000-8000-00000000000a";
const std::string kAlpha = "a1a1a1a1-0000-4000-8000-0000000000a1";
const std::string kBeta = "b2b2b2b2-0000-4000-8000-0000000000b2";
const std::string kTs = "2026-01-01T00:00:00.000Z";
// base64 of the bytes 0..31: a valid KEY-2 key with 32 distinct bytes (32
// zero bytes would be a doctor error: key_check_test).
const std::string kKeyText = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

using Env = std::map<std::string, std::string, std::less<>>;

struct Fixture {
  nt::TempDir dir;
  std::string home = dir.path() + "/home";
  std::string key_path = home + "/instances/default/secrets/master.key";
  std::string db_path = home + "/instances/default/db/clasp.sqlite3";

  std::vector<DoctorCheck> Run(Env extra = {}) {
    extra["CLASP_HOME"] = home;
    return RunDoctor(MapEnvVars(std::move(extra)), PosixFileSystem());
  }
  void WriteKey(std::uint32_t mode) {
    std::filesystem::create_directories(std::filesystem::path(key_path).parent_path());
    nt::WriteAll(key_path, kKeyText);
    ::chmod(key_path.c_str(), mode);
  }
  std::unique_ptr<SqliteStore> CreateStore() {
    std::filesystem::create_directories(std::filesystem::path(db_path).parent_path());
    auto s = SqliteStore::Open(db_path);
    BOOST_TEST_REQUIRE(s.ok());
    nt::InTxn<Done>(**s.value, [](StoreTxn& t) { return t.InsertCompany(CompanyRow{kCompany, "Acme", kTs, kTs}); });
    return std::move(*s.value);
  }
  long long UserVersion() {
    sqlite3* db = nullptr;
    sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr);
    sqlite3_step(st);
    const long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close_v2(db);
    return v;
  }
  void SetUserVersion(int v) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    sqlite3_exec(db, ("PRAGMA user_version = " + std::to_string(v)).c_str(), nullptr, nullptr, nullptr);
    sqlite3_close_v2(db);
  }
};

const DoctorCheck& Check(const std::vector<DoctorCheck>& checks, const std::string& name) {
  for (const DoctorCheck& c : checks) {
    if (c.name == name) return c;
  }
  BOOST_FAIL("no check " + name);
  return checks.front();
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(fresh_home_warns_and_creates_nothing, Fixture) {
  const auto checks = Run();
  std::vector<std::string> names;
  for (const auto& c : checks) names.push_back(c.name);
  BOOST_TEST((names == std::vector<std::string>{"master_key", "strict_mode", "storage", "store_key", "provider_vaults",
                                                "bindings", "backup", "agent_keys", "file_custody"}));
  const DoctorCheck& key = Check(checks, "master_key");
  BOOST_TEST(key.status == "warn");
  BOOST_TEST(key.message == "Secrets key file does not exist yet: " + key_path);
  BOOST_TEST(key.details["warnings"][0] == "The first managed secret write will create this key file with 0600 permissions.");
  BOOST_TEST(Check(checks, "strict_mode").status == "ok");
  BOOST_TEST(Check(checks, "strict_mode").message == "Strict secret mode is off (local_trusted deployment)");
  BOOST_TEST(Check(checks, "storage").status == "warn");
  BOOST_TEST(Check(checks, "storage").message.rfind("No clasp store yet at " + db_path, 0) == 0u);
  BOOST_TEST(Check(checks, "bindings").status == "ok");
  BOOST_TEST(Check(checks, "agent_keys").status == "ok");
  BOOST_TEST(Check(checks, "agent_keys").message.find("clasp_agent_v1 HMAC scheme are no longer accepted") !=
             std::string::npos);
  BOOST_TEST(DoctorHealthy(checks));
  BOOST_TEST(!DoctorIncomplete(checks));
  BOOST_TEST(!std::filesystem::exists(home));

  const OrderedJson json = DoctorJson(checks);
  BOOST_TEST(json["ok"] == true);
  BOOST_TEST(json["checks"][0]["name"] == "master_key");
  BOOST_TEST(json["checks"][0]["details"]["keyFilePath"] == key_path);
}

BOOST_FIXTURE_TEST_CASE(group_readable_key_file_warns_and_is_left_alone, Fixture) {
  WriteKey(0644);
  const DoctorCheck key = Check(Run(), "master_key");
  BOOST_TEST(key.status == "warn");
  BOOST_TEST(key.message == "Local encrypted provider configured with key file " + key_path);
  BOOST_TEST(key.details["warnings"][0] == "Secrets key file permissions are 644; run chmod 600 " + key_path);
  BOOST_TEST(nt::ModeOf(key_path) == 0644u);  // the doctor reports; it does not chmod

  ::chmod(key_path.c_str(), 0600);
  BOOST_TEST(Check(Run(), "master_key").status == "ok");
}

BOOST_FIXTURE_TEST_CASE(invalid_keys_are_errors, Fixture) {
  const auto env_key = Run({{"PAPERCLIP_SECRETS_MASTER_KEY", "short"}});
  BOOST_TEST(Check(env_key, "master_key").status == "error");
  BOOST_TEST(Check(env_key, "master_key").message ==
             "PAPERCLIP_SECRETS_MASTER_KEY is invalid; expected 32-byte base64, 64-char hex, or raw 32-char string");
  BOOST_TEST(!DoctorHealthy(env_key));

  WriteKey(0600);
  nt::WriteAll(key_path, "short");
  BOOST_TEST(Check(Run(), "master_key").message == "Invalid key material in " + key_path);
}

BOOST_FIXTURE_TEST_CASE(strict_mode_posture, Fixture) {
  const DoctorCheck off = Check(
      Run({{"PAPERCLIP_DEPLOYMENT_MODE", "authenticated"}, {"PAPERCLIP_SECRETS_STRICT_MODE", "false"}}), "strict_mode");
  BOOST_TEST(off.status == "warn");
  BOOST_TEST(off.message == "Strict secret mode should be enabled for authenticated deployments");
  BOOST_TEST(off.details["strictModeSource"] == "PAPERCLIP_SECRETS_STRICT_MODE");

  const DoctorCheck on = Check(Run({{"PAPERCLIP_DEPLOYMENT_MODE", "authenticated"}}), "strict_mode");
  BOOST_TEST(on.status == "ok");
  BOOST_TEST(on.message == "Strict secret mode is on (authenticated deployment)");

  BOOST_TEST(Check(Run({{"PAPERCLIP_DEPLOYMENT_MODE", "public"}}), "strict_mode").status == "warn");
}

BOOST_FIXTURE_TEST_CASE(desyncs_are_counted_per_company_and_code, Fixture) {
  {
    auto store = CreateStore();
    nt::InTxn<Done>(*store, [](StoreTxn& t) {
      SecretRow s;
      s.id = kSecret, s.company_id = kCompany, s.name = "OpenAI", s.key = "openai", s.created_at = s.updated_at = kTs;
      Status st = t.InsertSecret(s);
      AgentRow a;
      a.id = kAlpha, a.company_id = kCompany, a.name = "Alpha", a.created_at = a.updated_at = kTs;
      a.adapter_config = R"({"env":{"K":{"type":"secret_ref","secretId":")" + kSecret + R"("}}})";
      if (st.ok()) st = t.InsertAgent(a);
      a.id = kBeta, a.name = "Beta", a.adapter_config = R"({"env":{}})";
      if (st.ok()) st = t.InsertAgent(a);
      BindingRow b;
      b.id = "10000000-0000-4000-8000-000000000001", b.company_id = kCompany, b.secret_id = kSecret;
      b.target_type = "agent", b.target_id = kBeta, b.config_path = "env.OPENAI_API_KEY";
      if (st.ok()) st = t.InsertBinding(b, kTs);
      AgentKeyRow key;
      key.id = "30000000-0000-4000-8000-000000000001", key.agent_id = kAlpha, key.company_id = kCompany;
      key.name = "live", key.key_hash = std::string(64, 'a'), key.created_at = kTs;
      if (st.ok()) st = t.InsertAgentKey(key);
      key.id = "30000000-0000-4000-8000-000000000002", key.key_hash = std::string(64, 'b'), key.revoked_at = kTs;
      if (st.ok()) st = t.InsertAgentKey(key);
      return st;
    });
  }
  const auto checks = Run();
  BOOST_TEST(Check(checks, "storage").status == "ok");
  const DoctorCheck& keys = Check(checks, "agent_keys");
  BOOST_TEST(keys.status == "ok");
  BOOST_TEST(keys.details["liveKeys"] == 1);  // the revoked one is not counted
  BOOST_TEST(keys.message.rfind("1 live agent API keys; ", 0) == 0u);
  const DoctorCheck& bindings = Check(checks, "bindings");
  BOOST_TEST(bindings.status == "error");
  BOOST_TEST(bindings.details["desyncs"] == 2);
  BOOST_TEST(bindings.details["companies"][0]["companyId"] == kCompany);
  BOOST_TEST(bindings.details["companies"][0]["counts"] ==
             clasp::test::J(R"({"desync_ref_without_row":1,"desync_row_without_ref":1})"));
  BOOST_TEST(!DoctorHealthy(checks));
  BOOST_TEST(!DoctorIncomplete(checks));
}

BOOST_FIXTURE_TEST_CASE(vault_health_is_static_and_not_persisted, Fixture) {
  {
    auto store = CreateStore();
    nt::InTxn<Done>(*store, [](StoreTxn& t) {
      Status st = OkStatus();
      int n = 0;
      for (const auto& [provider, status] : {std::pair{"local_encrypted", "ready"}, std::pair{"vault", "coming_soon"},
                                             std::pair{"aws_secrets_manager", "disabled"}}) {
        ProviderConfigRow r;
        r.id = "20000000-0000-4000-8000-00000000000" + std::to_string(++n);
        r.company_id = kCompany, r.provider = provider, r.display_name = provider, r.status = status;
        r.created_at = r.updated_at = kTs;
        if (st.ok()) st = t.InsertProviderConfig(r);
      }
      return st;
    });
  }
  const DoctorCheck vaults = Check(Run(), "provider_vaults");
  BOOST_TEST(vaults.status == "warn");
  const auto& list = vaults.details["companies"][0]["vaults"];
  BOOST_TEST_REQUIRE(list.size() == 3u);
  // No key file yet: the local module warns (HLT-3 -> warning).
  BOOST_TEST(list[0]["health"]["status"] == "warning");
  BOOST_TEST(list[1]["health"]["status"] == "coming_soon");
  BOOST_TEST(list[1]["health"]["code"] == "runtime_locked");
  BOOST_TEST(list[2]["health"]["status"] == "disabled");
  BOOST_TEST(list[2]["doctorStatus"] == "ok");

  auto store = SqliteStore::Open(db_path);
  BOOST_TEST_REQUIRE(store.ok());
  for (const auto& row : nt::InTxn<std::vector<ProviderConfigRow>>(
           **store.value, [](StoreTxn& t) { return t.ListProviderConfigs(kCompany); })) {
    BOOST_TEST(!row.health_status.has_value());
  }
  BOOST_TEST(!std::filesystem::exists(key_path));
}

BOOST_FIXTURE_TEST_CASE(schema_versions_are_reported_not_migrated, Fixture) {
  CreateStore();
  SetUserVersion(1);
  const auto old = Run();
  BOOST_TEST(Check(old, "storage").status == "warn");
  BOOST_TEST(Check(old, "storage").details["schemaVersion"] == 1);
  BOOST_TEST(Check(old, "bindings").status == "warn");
  BOOST_TEST(UserVersion() == 1);

  SetUserVersion(SqliteStore::CurrentSchemaVersion() + 7);
  const auto newer = Run();
  BOOST_TEST(Check(newer, "storage").status == "error");
  BOOST_TEST(DoctorIncomplete(newer));
}
