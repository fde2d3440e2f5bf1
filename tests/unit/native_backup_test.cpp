// Backup and restore (native/backup.h) on clasp's SQLite store: one sealed
// archive holds a consistent snapshot and its key, verifies by decrypting
// every version, restores into an empty home where every secret resolves to
// its value, refuses to replace a live store, and `clasp doctor` notices when
// secrets changed after the last backup. The passphrase, --key-separately
// and plaintext archives: native_backup_sealed_test.
#define BOOST_TEST_MODULE native_backup
#include <boost/test/unit_test.hpp>

#include "native_backup_support.h"

using namespace clasp;
using namespace clasp::native;
using namespace clasp::native::test;
namespace nt = clasp::native::test;

BOOST_FIXTURE_TEST_CASE(create_writes_one_private_archive_with_counts_and_checksums, Fixture) {
  const BackupManifest m = Create();
  BOOST_TEST(nt::ModeOf(archive) == 0600u);
  BOOST_TEST(m.counts.secrets == 2);
  BOOST_TEST(m.counts.versions == 3);
  BOOST_TEST(m.counts.bindings == 1);
  BOOST_TEST(m.source_kind == "sqlite");
  BOOST_TEST(m.source_location == source.db_path);
  BOOST_TEST(m.key_source == "default_file");
  BOOST_TEST_REQUIRE(m.members.size() == 2u);
  BOOST_TEST(m.members[0].name == "store.sqlite3");
  BOOST_TEST(m.members[1].name == "master.key");
  BOOST_TEST(m.members[1].size == 44);
  BOOST_TEST(nt::ReadAll(archive).rfind("clasp-backup-enc", 0) == 0u);
  BOOST_TEST(Inner().rfind("clasp-backup 1\nmanifest.json ", 0) == 0u);
  // Nothing left behind but the archive (the scratch snapshot is removed).
  std::size_t entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) entries += e.path().filename() != "source";
  BOOST_TEST(entries == 1u);
}

BOOST_FIXTURE_TEST_CASE(create_never_overwrites_and_leaves_nothing_on_failure, Fixture) {
  nt::WriteAll(archive, "precious");
  auto again = CreateBackup(source.vars, PosixFileSystem(), clock, random, archive, Options());
  BOOST_TEST(!again.ok());
  BOOST_TEST(again.diagnostics.front().message == archive + " already exists");
  BOOST_TEST(nt::ReadAll(archive) == "precious");

  const std::string other = dir.path() + "/pg.clasp";
  BackupCreateOptions unreachable = Options();
  unreachable.database_url = "postgresql://clasp@127.0.0.1:1/none?connect_timeout=2";
  auto pg = CreateBackup(source.vars, PosixFileSystem(), clock, random, other, unreachable);
  BOOST_TEST(!pg.ok());
  BOOST_TEST(!std::filesystem::exists(other));

  Home empty(dir.path() + "/empty");
  auto none = CreateBackup(empty.vars, PosixFileSystem(), clock, random, other, Options());
  BOOST_TEST(!none.ok());
  BOOST_TEST(none.diagnostics.front().message == "No clasp store at " + empty.db_path);
}

BOOST_FIXTURE_TEST_CASE(verify_decrypts_every_version_and_prints_no_value, Fixture) {
  Create();
  auto v = Verify();
  BOOST_TEST_REQUIRE(v.ok());
  BOOST_TEST(v.value->ok());
  BOOST_TEST(v.value->versions_decrypted == 3);
  BOOST_TEST_REQUIRE(v.value->sealed.has_value());
  BOOST_TEST(v.value->sealed->log2_n == kFastCost.log2_n);
  BOOST_TEST(v.value->found.secrets == 2);
  BOOST_TEST(v.value->found.bindings == 1);
  const std::string json = DumpJson(BackupVerificationJson(*v.value));
  const std::string key_text = nt::ReadAll(source.key_path);
  for (const std::string& secret : {kValueOne, kValueTwo, kValueThree, key_text}) {
    BOOST_TEST(json.find(secret) == std::string::npos);
  }
  BOOST_TEST(!VerifyBackup(dir.path() + "/missing.clasp", Access()).ok());
}

BOOST_FIXTURE_TEST_CASE(a_flipped_byte_inside_the_container_fails_its_checksum, Fixture) {
  // The envelope refuses any change (native_backup_sealed_test); these are
  // containers sealed again after the change, so only the checksums inside
  // can tell.
  Create();
  const std::string pristine = Inner();
  const std::size_t store_at = pristine.find("\nstore.sqlite3 ");
  const std::size_t key_at = pristine.find("\nmaster.key ");
  BOOST_TEST_REQUIRE(store_at != std::string::npos);
  BOOST_TEST_REQUIRE(key_at != std::string::npos);
  const auto flipped = [&pristine](std::size_t at) {
    std::string bytes = pristine;
    bytes[at] = static_cast<char>(bytes[at] ^ 0x01);
    return bytes;
  };

  Reseal(flipped(store_at + 4096));
  auto store_tampered = Verify();
  BOOST_TEST_REQUIRE(store_tampered.ok());
  BOOST_TEST(!store_tampered.value->ok());
  BOOST_TEST(HasProblem(*store_tampered.value, "checksum_mismatch"));

  Reseal(flipped(pristine.find('\n', key_at + 1) + 5));
  auto key_tampered = Verify();
  BOOST_TEST_REQUIRE(key_tampered.ok());
  BOOST_TEST(HasProblem(*key_tampered.value, "checksum_mismatch"));

  Reseal(flipped(40));  // inside the manifest
  auto manifest_tampered = Verify();
  BOOST_TEST_REQUIRE(manifest_tampered.ok());
  BOOST_TEST(!manifest_tampered.value->ok());

  Reseal(pristine.substr(0, pristine.size() - 100));
  auto truncated = Verify();
  BOOST_TEST_REQUIRE(truncated.ok());
  BOOST_TEST(HasProblem(*truncated.value, "malformed"));

  Reseal(pristine);
  BOOST_TEST(Verify().value->ok());
}

BOOST_FIXTURE_TEST_CASE(a_key_that_does_not_open_the_store_names_each_version, Fixture) {
  // Consistent checksums, wrong key: only decryption can tell.
  nt::WriteAll(source.key_path, kOtherKey);
  Create();
  auto v = Verify();
  BOOST_TEST_REQUIRE(v.ok());
  BOOST_TEST(!v.value->ok());
  BOOST_TEST(v.value->versions_decrypted == 0);
  BOOST_TEST_REQUIRE(v.value->problems.size() == 3u);
  for (const BackupProblem& p : v.value->problems) {
    BOOST_TEST(p.code == "decrypt_failed");
    BOOST_TEST_REQUIRE(p.secret_id.has_value());
    BOOST_TEST((*p.secret_id == one_id || *p.secret_id == two_id));
    BOOST_TEST(p.version.has_value());
    BOOST_TEST(p.message.find(*p.secret_id) != std::string::npos);
  }
  Home target(dir.path() + "/target");
  auto restored = RestoreBackup(target.vars, PosixFileSystem(), archive, Access(), {});
  BOOST_TEST(!restored.ok());
  BOOST_TEST(CodeName(restored.diagnostics.front().code) == CodeName(Code::kBackupInvalid));
  BOOST_TEST(!std::filesystem::exists(target.root));
}

BOOST_FIXTURE_TEST_CASE(restore_onto_an_empty_home_resolves_every_value, Fixture) {
  Create();
  Home target(dir.path() + "/target");
  auto restored = RestoreBackup(target.vars, PosixFileSystem(), archive, Access(), {});
  BOOST_TEST_REQUIRE(restored.ok(), (restored.diagnostics.empty() ? "" : restored.diagnostics.front().message));
  BOOST_TEST(restored.value->store_path == target.db_path);
  BOOST_TEST(restored.value->key_path == target.key_path);
  BOOST_TEST(restored.value->key_written);
  BOOST_TEST(restored.value->counts.versions == 3);
  BOOST_TEST(nt::ModeOf(target.key_path) == 0600u);
  BOOST_TEST(nt::ModeOf(target.db_path) == 0600u);
  BOOST_TEST(nt::ReadAll(target.key_path) == nt::ReadAll(source.key_path));

  auto o = target.OpenService(random, clock);
  BOOST_TEST(target.Resolve(*o.service, one_id, 1) == kValueOne);
  BOOST_TEST(target.Resolve(*o.service, one_id, 2) == kValueThree);
  BOOST_TEST(target.Resolve(*o.service, two_id, 1) == kValueTwo);
  auto bindings = nt::InTxn<std::vector<BindingRow>>(*o.store, [](StoreTxn& t) { return t.ListBindings(std::nullopt); });
  BOOST_TEST_REQUIRE(bindings.size() == 1u);
  BOOST_TEST(bindings[0].secret_id == one_id);
}

BOOST_FIXTURE_TEST_CASE(restore_refuses_a_live_store_or_another_key_without_force, Fixture) {
  Create();
  Home target(dir.path() + "/target");
  {
    // The target's own secret under its own (different) key.
    std::filesystem::create_directories(std::filesystem::path(target.key_path).parent_path());
    nt::WriteAll(target.key_path, kOtherKey);
    ::chmod(target.key_path.c_str(), 0600);
    auto o = target.OpenService(random, clock);
    nt::CreateSecret(*o.service, kCompany, "Local only", "local-value");
  }
  auto refused = RestoreBackup(target.vars, PosixFileSystem(), archive, Access(), {});
  BOOST_TEST(!refused.ok());
  BOOST_TEST(CodeName(refused.diagnostics.front().code) == CodeName(Code::kBackupRestoreRefused));
  BOOST_TEST(nt::ReadAll(target.key_path) == kOtherKey);

  // Same key as the archive, but a store holding a secret: still refused.
  nt::WriteAll(target.key_path, nt::ReadAll(source.key_path));
  auto live = RestoreBackup(target.vars, PosixFileSystem(), archive, Access(), {});
  BOOST_TEST(!live.ok());
  BOOST_TEST(live.diagnostics.front().message == "The store at " + target.db_path +
                                                     " holds 1 secrets; pass --force to replace it");

  nt::WriteAll(target.key_path, kOtherKey);
  RestoreOptions force;
  force.force = true;
  auto forced = RestoreBackup(target.vars, PosixFileSystem(), archive, Access(), force);
  BOOST_TEST_REQUIRE(forced.ok());
  BOOST_TEST(nt::ReadAll(target.key_path) == nt::ReadAll(source.key_path));
  BOOST_TEST(!std::filesystem::exists(target.db_path + "-wal"));
  auto o = target.OpenService(random, clock);
  BOOST_TEST(target.Resolve(*o.service, two_id, 1) == kValueTwo);
  auto secrets =
      nt::InTxn<std::vector<SecretRow>>(*o.store, [](StoreTxn& t) { return t.ListAllSecrets(std::nullopt); });
  BOOST_TEST(secrets.size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(restore_accepts_an_existing_store_without_secrets, Fixture) {
  Create();
  Home target(dir.path() + "/target");
  std::filesystem::create_directories(std::filesystem::path(target.db_path).parent_path());
  BOOST_TEST_REQUIRE(SqliteStore::Open(target.db_path).ok());
  auto restored = RestoreBackup(target.vars, PosixFileSystem(), archive, Access(), {});
  BOOST_TEST_REQUIRE(restored.ok());
  auto o = target.OpenService(random, clock);
  BOOST_TEST(target.Resolve(*o.service, one_id, 2) == kValueThree);
}

BOOST_FIXTURE_TEST_CASE(doctor_warns_until_a_backup_is_newer_than_the_last_write, Fixture) {
  BOOST_TEST(DoctorBackupStatus(source) == "warn");
  Create();
  BOOST_TEST(DoctorBackupStatus(source) == "ok");
  auto marker = ReadBackupMarker(source.vars, PosixFileSystem());
  BOOST_TEST_REQUIRE(marker.ok());
  BOOST_TEST_REQUIRE(marker.value->has_value());
  BOOST_TEST((*marker.value)->created_at == "2026-11-22T12:30:00.000Z");
  BOOST_TEST(nt::ModeOf(source.root + "/instances/default/backup/last-backup.json") == 0600u);

  clock.now = "2026-11-22T13:00:00.000Z";
  {
    auto o = source.OpenService(random, clock);
    BOOST_TEST_REQUIRE(o.service->Rotate(two_id, {std::string("sk-later"), std::nullopt, std::nullopt}).ok());
  }
  BOOST_TEST(DoctorBackupStatus(source) == "warn");

  // A fresh home has nothing to back up; a store without secrets neither.
  Home fresh(dir.path() + "/fresh");
  BOOST_TEST(DoctorBackupStatus(fresh) == "ok");
}
