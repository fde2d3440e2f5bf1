// What the SQLite backup suites share (native_backup_test,
// native_backup_sealed_test): a home with two secrets (one rotated) and a
// binding, archives sealed with a cheap scrypt cost, and the envelope opened
// or resealed to reach the container inside. (Include Boost.Test first.)
#pragma once

#include <sys/stat.h>

#include <filesystem>

#include "clasp/native/backup.h"
#include "clasp/native/doctor.h"
#include "clasp/native/sqlite_store.h"
#include "native_test_support.h"

namespace clasp::native::test {

inline const std::string kCompany = "c1c1c1c1-0000-4000-8000-000000000001";
inline const std::string kAgent = "a1a1a1a1-0000-4000-8000-0000000000a1";
inline const std::string kValueOne = "sk-backup-PLAINTEXT-one-4d1c";
inline const std::string kValueTwo = "sk-backup-PLAINTEXT-two-93be";
inline const std::string kValueThree = "sk-backup-PLAINTEXT-three-77a0";
// base64 of 32 bytes of 0x01: a valid key that is not the home's.
inline const std::string kOtherKey = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";

inline const std::string kPassphrase = "backup passphrase for tests";
// The cheapest cost the envelope accepts: the suites derive many keys.
inline constexpr ScryptCost kFastCost{14, 8, 1};

class SettableClock final : public Clock {
 public:
  std::string now = "2026-11-22T12:00:00.000Z";
  std::string NowIso8601() override { return now; }
};

using Env = std::map<std::string, std::string, std::less<>>;

// One clasp home: its store, key (created on first write) and service.
struct Home {
  std::string root;
  MapEnvVars vars;
  std::string key_path = root + "/instances/default/secrets/master.key";
  std::string db_path = root + "/instances/default/db/clasp.sqlite3";

  explicit Home(std::string dir) : root(std::move(dir)), vars(Env{{"CLASP_HOME", root}}) {}

  struct Open {
    std::unique_ptr<SqliteStore> store;
    std::unique_ptr<CipherSource> ciphers;
    std::unique_ptr<SecretService> service;
  };
  Open OpenService(Random& random, Clock& clock) {
    std::filesystem::create_directories(std::filesystem::path(db_path).parent_path());
    auto store = SqliteStore::Open(db_path);
    BOOST_TEST_REQUIRE(store.ok());
    Open o;
    o.store = std::move(*store.value);
    o.ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), random);
    o.service = std::make_unique<SecretService>(*o.store, *o.ciphers, random, clock);
    return o;
  }
  std::string Resolve(SecretService& service, const std::string& secret_id, int version) {
    auto r = service.Resolve(kCompany, secret_id, version, std::nullopt);
    BOOST_TEST_REQUIRE(r.ok(), secret_id << " v" << version);
    return std::string(r.value->value.view());
  }
};

struct Fixture {
  TempDir dir;
  CountingRandom random;
  SettableClock clock;
  Home source{dir.path() + "/source"};
  std::string archive = dir.path() + "/backup.clasp";
  std::string one_id;
  std::string two_id;
  int passphrase_asked = 0;

  // Two secrets, the first rotated (three versions), one agent binding.
  Fixture() {
    auto o = source.OpenService(random, clock);
    one_id = CreateSecret(*o.service, kCompany, "OpenAI API key", kValueOne).id;
    two_id = CreateSecret(*o.service, kCompany, "GitHub token", kValueTwo).id;
    BOOST_TEST_REQUIRE(o.service->Rotate(one_id, {kValueThree, std::nullopt, std::nullopt}).ok());
    const OrderedJson env = {{"OPENAI_API_KEY", {{"type", "secret_ref"}, {"secretId", one_id}, {"version", "latest"}}}};
    BOOST_TEST_REQUIRE(o.service->SyncEnvBindings(kCompany, {"agent", kAgent, "env"}, env).ok());
  }

  BackupCreateOptions Options(const std::string& passphrase = kPassphrase) {
    BackupCreateOptions options;
    options.passphrase = SecretBytes::Copy(passphrase);
    options.cost = kFastCost;
    return options;
  }
  BackupManifest Create(const std::optional<std::string>& key_separately = std::nullopt) {
    clock.now = "2026-11-22T12:30:00.000Z";
    BackupCreateOptions options = Options();
    options.key_separately = key_separately;
    auto created = CreateBackup(source.vars, PosixFileSystem(), clock, random, archive, options);
    BOOST_TEST_REQUIRE(created.ok(), (created.diagnostics.empty() ? "" : created.diagnostics.front().message));
    return *created.value;
  }
  // Access with a passphrase (counting how often it is asked for).
  ArchiveAccess Access(const std::string& passphrase = kPassphrase) {
    ArchiveAccess access;
    access.passphrase = [this, passphrase] {
      ++passphrase_asked;
      return Result<SecretBytes>::Ok(SecretBytes::Copy(passphrase));
    };
    return access;
  }
  Result<BackupVerification> Verify() { return VerifyBackup(archive, Access()); }
  // The container inside the sealed archive, and back.
  std::string Inner() {
    auto plain = OpenBackupEnvelope(ReadAll(archive), kPassphrase);
    BOOST_TEST_REQUIRE(plain.ok());
    return std::string(plain.value->view());
  }
  void Reseal(const std::string& inner) {
    auto sealed = SealBackupEnvelope(inner, kPassphrase, random, kFastCost);
    BOOST_TEST_REQUIRE(sealed.ok());
    WriteAll(archive, *sealed.value);
  }
  void FlipByteAt(std::size_t offset) {
    std::string bytes = ReadAll(archive);
    BOOST_TEST_REQUIRE(offset < bytes.size());
    bytes[offset] = static_cast<char>(bytes[offset] ^ 0x01);
    WriteAll(archive, bytes);
  }
  std::string DoctorBackupStatus(const Home& home) {
    for (const DoctorCheck& c : RunDoctor(home.vars, PosixFileSystem())) {
      if (c.name == "backup") return c.status;
    }
    return "absent";
  }
};

inline bool HasProblem(const BackupVerification& v, const std::string& code) {
  for (const auto& p : v.problems) {
    if (p.code == code) return true;
  }
  return false;
}

}  // namespace clasp::native::test
