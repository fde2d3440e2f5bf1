// Backup of a PostgreSQL store (native/backup.h): one REPEATABLE READ
// snapshot copied into the archive's SQLite store, sealed under a passphrase
// (no key, value hash or value in the file; a wrong passphrase refused),
// verified with the key, restored into an empty SQLite home where every
// value resolves; the
// doctor's backup check on PostgreSQL; a real Paperclip 2026.916.1 database
// archived with its counts. Skipped (exit 77) without CLASP_TEST_DATABASE_URL.
#define BOOST_TEST_MODULE native_pg_backup
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include "clasp/native/backup.h"
#include "clasp/native/doctor.h"
#include "clasp/native/pg_store.h"
#include "clasp/native/sqlite_store.h"
#include "clasp/native/store_open.h"
#include "clasp/sha256.h"
#include "native_pg_support.h"
#include "native_test_support.h"
#include "shared_material.h"

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;

namespace {

const std::string kCompany = "c1c1c1c1-0000-4000-8000-000000000001";
const std::string kAgent = "a1a1a1a1-0000-4000-8000-0000000000a1";
const std::string kValueOne = "sk-pgbackup-PLAINTEXT-one";
const std::string kValueTwo = "sk-pgbackup-PLAINTEXT-two";
const std::string kValueThree = "sk-pgbackup-PLAINTEXT-three";
const std::string kFixtures = std::string(CLASP_SHARED_DIR) + "/fixtures/paperclip-2026.916.1-";
const std::string kPassphrase = "pg backup passphrase";

class SettableClock final : public Clock {
 public:
  std::string now = "2026-11-22T12:00:00.000Z";
  std::string NowIso8601() override { return now; }
};

using Env = std::map<std::string, std::string, std::less<>>;

// An agent's API key: its hash must survive the trip, so the token keeps
// authenticating in the restored home.
AgentKeyRow BackedUpKey() {
  AgentKeyRow key;
  key.id = "c1c1c1c1-0000-4000-8000-0000000000a1", key.agent_id = kAgent, key.company_id = kCompany;
  key.name = "default", key.key_hash = std::string(64, 'd'), key.created_at = "2026-01-02T00:00:00.000Z";
  return key;
}

struct Fixture {
  nt::TempDatabase db{*nt::TestDatabaseUrl()};
  nt::TempDir dir;
  std::string home = dir.path() + "/home";
  // PostgreSQL takes Paperclip's key file (PAPERCLIP_HOME); pointing both
  // homes at one directory gives the services below (clasp's default) and
  // the backup and doctor (Paperclip's, for a database) the same key file.
  MapEnvVars vars{Env{{"CLASP_HOME", home}, {"PAPERCLIP_HOME", home}, {"DATABASE_URL", db.Url()}}};
  std::string archive = dir.path() + "/pg.clasp";
  nt::CountingRandom random;
  SettableClock clock;

  std::unique_ptr<PgStore> Open(PgOpenMode mode = PgOpenMode::kReadWrite) {
    auto s = PgStore::Open(db.Url(), mode);
    BOOST_TEST_REQUIRE(s.ok(), (s.diagnostics.empty() ? "" : s.diagnostics[0].message));
    return std::move(*s.value);
  }
  Result<BackupManifest> Create() {
    BackupCreateOptions options;
    options.passphrase = SecretBytes::Copy(kPassphrase);
    options.cost = ScryptCost{14, 8, 1};  // the cheapest accepted: a test, not an archive to keep
    return CreateBackup(vars, PosixFileSystem(), clock, random, archive, options);
  }
  static ArchiveAccess Access(const std::string& passphrase = kPassphrase) {
    ArchiveAccess access;
    access.passphrase = [passphrase] { return Result<SecretBytes>::Ok(SecretBytes::Copy(passphrase)); };
    return access;
  }
  std::string BackupStatus(const EnvVars& env) {
    for (const DoctorCheck& c : RunDoctor(env, PosixFileSystem())) {
      if (c.name == "backup") return c.status;
    }
    return "absent";
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(postgresql_store_archives_verifies_and_restores_into_sqlite, Fixture) {
  BOOST_TEST_REQUIRE(db.error().empty(), db.error());
  std::string one_id;
  std::string two_id;
  {
    auto store = Open();
    nt::InTxn<Done>(*store, [](StoreTxn& t) -> Status {
      Status s = t.InsertCompany(CompanyRow{kCompany, "Acme", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"});
      AgentRow agent;
      agent.id = kAgent, agent.company_id = kCompany, agent.name = "Coder";
      agent.created_at = agent.updated_at = "2026-01-01T00:00:00.000Z";
      if (s.ok()) s = t.InsertAgent(agent);
      return s.ok() ? t.InsertAgentKey(BackedUpKey()) : s;
    });
    auto ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), random);
    SecretService service(*store, *ciphers, random, clock);
    one_id = nt::CreateSecret(service, kCompany, "OpenAI API key", kValueOne).id;
    two_id = nt::CreateSecret(service, kCompany, "GitHub token", kValueTwo).id;
    BOOST_TEST_REQUIRE(service.Rotate(one_id, {kValueThree, std::nullopt, std::nullopt}).ok());
    const OrderedJson env = {{"OPENAI_API_KEY", {{"type", "secret_ref"}, {"secretId", one_id}, {"version", "latest"}}}};
    BOOST_TEST_REQUIRE(service.SyncEnvBindings(kCompany, {"agent", kAgent, "env"}, env).ok());
  }
  BOOST_TEST(BackupStatus(vars) == "warn");

  clock.now = "2026-11-22T12:30:00.000Z";
  auto created = Create();
  BOOST_TEST_REQUIRE(created.ok(), (created.diagnostics.empty() ? "" : created.diagnostics[0].message));
  BOOST_TEST(created.value->source_kind == "postgresql");
  BOOST_TEST(created.value->source_location == DescribeConnInfo(db.Url()));
  BOOST_TEST(created.value->counts.secrets == 2);
  BOOST_TEST(created.value->counts.versions == 3);
  BOOST_TEST(created.value->counts.bindings == 1);
  BOOST_TEST(nt::ModeOf(archive) == 0600u);
  BOOST_TEST(BackupStatus(vars) == "ok");

  const std::string file = nt::ReadAll(archive);
  BOOST_TEST(file.rfind("clasp-backup-enc", 0) == 0u);
  for (const std::string& secret : {kValueOne, kValueTwo, kValueThree, HexLower(Sha256Of(kValueOne)),
                                    nt::ReadAll(home + "/instances/default/secrets/master.key")}) {
    BOOST_TEST(file.find(secret) == std::string::npos);
  }
  auto wrong = VerifyBackup(archive, Access("another passphrase"));
  BOOST_TEST_REQUIRE(wrong.ok());
  BOOST_TEST_REQUIRE(wrong.value->problems.size() == 1u);
  BOOST_TEST(wrong.value->problems[0].code == "auth_failed");
  auto verified = VerifyBackup(archive, Access());
  BOOST_TEST_REQUIRE(verified.ok());
  BOOST_TEST(verified.value->ok());
  BOOST_TEST(verified.value->versions_decrypted == 3);

  const std::string target = dir.path() + "/target";
  const MapEnvVars target_vars{Env{{"CLASP_HOME", target}}};
  auto refused = RestoreBackup(target_vars, PosixFileSystem(), archive, Access("another passphrase"), {});
  BOOST_TEST(!refused.ok());
  BOOST_TEST(!std::filesystem::exists(target));
  auto restored = RestoreBackup(target_vars, PosixFileSystem(), archive, Access(), {});
  BOOST_TEST_REQUIRE(restored.ok(), (restored.diagnostics.empty() ? "" : restored.diagnostics[0].message));
  auto sqlite = SqliteStore::Open(restored.value->store_path);
  BOOST_TEST_REQUIRE(sqlite.ok());
  const auto keys =
      nt::InTxn<std::vector<AgentKeyRow>>(**sqlite.value, [](StoreTxn& t) { return t.ListAgentKeys(kAgent); });
  BOOST_TEST_REQUIRE(keys.size() == 1u);
  BOOST_TEST(keys[0].key_hash == BackedUpKey().key_hash);
  BOOST_TEST(keys[0].created_at == BackedUpKey().created_at);
  auto ciphers = KeyCustodyCipherSource(target_vars, PosixFileSystem(), random);
  SecretService service(**sqlite.value, *ciphers, random, clock);
  for (const auto& [id, version, value] :
       {std::tuple{one_id, 1, kValueOne}, std::tuple{one_id, 2, kValueThree}, std::tuple{two_id, 1, kValueTwo}}) {
    auto r = service.Resolve(kCompany, id, version, std::nullopt);
    BOOST_TEST_REQUIRE(r.ok());
    BOOST_TEST(std::string(r.value->value.view()) == value);
  }

  // A write after the backup: the doctor asks for a new one.
  clock.now = "2026-11-22T13:00:00.000Z";
  {
    auto store = Open();
    auto source_ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), random);
    SecretService source(*store, *source_ciphers, random, clock);
    BOOST_TEST_REQUIRE(source.Rotate(two_id, {std::string("sk-later"), std::nullopt, std::nullopt}).ok());
  }
  BOOST_TEST(BackupStatus(vars) == "warn");
}

BOOST_FIXTURE_TEST_CASE(a_snapshot_transaction_does_not_see_later_commits, Fixture) {
  BOOST_TEST_REQUIRE(db.error().empty(), db.error());
  auto writer = Open();
  auto snapshot = Open(PgOpenMode::kReadOnly);
  auto ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), random);
  SecretService service(*writer, *ciphers, random, clock);
  nt::CreateSecret(service, kCompany, "First", kValueOne);
  std::size_t before = 0;
  std::size_t after = 0;
  const Status read = snapshot->Transact([&](StoreTxn& t) -> Status {
    before = t.ListAllSecrets(std::nullopt).value->size();
    nt::CreateSecret(service, kCompany, "Second", kValueTwo);
    after = t.ListAllSecrets(std::nullopt).value->size();
    return OkStatus();
  });
  BOOST_TEST(read.ok());
  BOOST_TEST(before == 1u);
  BOOST_TEST(after == 1u);
  const Status write = snapshot->Transact([](StoreTxn& t) -> Status {
    return t.InsertCompany(CompanyRow{kCompany, "Acme", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"});
  });
  BOOST_TEST(!write.ok());
}

BOOST_FIXTURE_TEST_CASE(a_paperclip_database_archives_with_its_counts, Fixture,
                        *nt::NeedsShared({kFixtures + "schema.sql", kFixtures + "seed-data.sql"})) {
  BOOST_TEST_REQUIRE(db.error().empty(), db.error());
  nt::PgAdmin admin(db.Url());
  BOOST_TEST_REQUIRE(admin.Exec(nt::ReadAll(kFixtures + "schema.sql")) == "");
  BOOST_TEST_REQUIRE(admin.Exec(nt::ReadAll(kFixtures + "seed-data.sql")) == "");
  BOOST_TEST_REQUIRE(admin.Exec("RESET search_path") == "");
  BOOST_TEST_REQUIRE(admin.Exec(
      "CREATE TABLE IF NOT EXISTS companies (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL, "
      "issue_prefix text NOT NULL DEFAULT 'PAP', created_at timestamptz NOT NULL DEFAULT now(), "
      "updated_at timestamptz NOT NULL DEFAULT now());"
      "CREATE TABLE IF NOT EXISTS activity_log (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), "
      "company_id uuid NOT NULL, actor_type text NOT NULL DEFAULT 'system', actor_id text NOT NULL, "
      "action text NOT NULL, entity_type text NOT NULL, entity_id text NOT NULL, agent_id uuid, run_id uuid, "
      "details jsonb, created_at timestamptz NOT NULL DEFAULT now())") == "");
  BOOST_TEST_REQUIRE(admin.Exec(nt::kPaperclipAgentApiKeys) == "");
  BOOST_TEST_REQUIRE(admin.Exec(nt::kPaperclipUserSecrets) == "");
  const auto count = [&](const char* table) {
    return std::stoll(admin.Rows(std::string("SELECT count(*) FROM ") + table).at(0));
  };
  // The fixture's values were sealed under Paperclip's key, which is not
  // shipped: a fresh key lets the archive be written, and verify names every
  // version it cannot open instead of passing.
  std::filesystem::create_directories(home + "/instances/default/secrets");
  nt::WriteAll(home + "/instances/default/secrets/master.key", "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=");
  auto created = Create();
  BOOST_TEST_REQUIRE(created.ok(), (created.diagnostics.empty() ? "" : created.diagnostics[0].message));
  BOOST_TEST(count("company_secret_versions") > 0);
  BOOST_TEST(created.value->counts.secrets == count("company_secrets"));
  BOOST_TEST(created.value->counts.versions == count("company_secret_versions"));
  BOOST_TEST(created.value->counts.bindings == count("company_secret_bindings"));
  auto verified = VerifyBackup(archive, Access());
  BOOST_TEST_REQUIRE(verified.ok());
  BOOST_TEST(!verified.value->ok());
  long long named = 0;
  for (const BackupProblem& p : verified.value->problems) named += p.code == "decrypt_failed" && p.secret_id && p.version;
  BOOST_TEST(named + verified.value->versions_external == count("company_secret_versions"));
}

CLASP_PG_TEST_MAIN()
