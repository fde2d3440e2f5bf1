// Sealed backups (native/backup.h, backup_envelope.h) on clasp's SQLite
// store: no key, value hash or value readable from the file; no backup
// without a passphrase; a wrong passphrase or a flipped bit refused before
// anything is written; --key-separately; plaintext archives from before the
// envelope refused unless allowed.
#define BOOST_TEST_MODULE native_backup_sealed
#include <boost/test/unit_test.hpp>

#include "clasp/native/base64.h"
#include "clasp/sha256.h"
#include "native_backup_support.h"

using namespace clasp;
using namespace clasp::native;
using namespace clasp::native::test;

namespace {

std::string CodeOf(const std::vector<Diagnostic>& diagnostics) {
  return diagnostics.empty() ? "none" : std::string(CodeName(diagnostics.front().code));
}

struct SealedFixture : Fixture {
  Home target{dir.path() + "/target"};
  std::string key_file = dir.path() + "/backup.key";

  // A restore into `target` that must fail with `code` and write nothing.
  void RestoreRefused(const ArchiveAccess& access, const std::string& code) {
    auto restored = RestoreBackup(target.vars, PosixFileSystem(), archive, access, {});
    BOOST_TEST_REQUIRE(!restored.ok());
    BOOST_TEST(CodeOf(restored.diagnostics) == code);
    BOOST_TEST(!std::filesystem::exists(target.root));
  }
  ArchiveAccess WithKeyFile(const std::string& path) {
    ArchiveAccess access = Access();
    access.key_file = path;
    return access;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(no_key_value_hash_or_value_is_readable_without_the_passphrase, SealedFixture) {
  Create();
  const std::string key_text = ReadAll(source.key_path);
  const std::optional<std::string> raw_key = Base64DecodeStrict(key_text);
  BOOST_TEST_REQUIRE(raw_key.has_value());
  std::vector<std::string> secrets = {key_text, *raw_key, HexLower(*raw_key), Base64Encode(key_text)};
  for (const std::string& value : {kValueOne, kValueTwo, kValueThree}) {
    secrets.push_back(value);
    secrets.push_back(HexLower(Sha256Of(value)));
  }
  const std::string file = ReadAll(archive);
  const std::string inner = Inner();
  // The container holds the key and the value hashes; the file shows none.
  BOOST_TEST(inner.find(key_text) != std::string::npos);
  BOOST_TEST(inner.find(HexLower(Sha256Of(kValueOne))) != std::string::npos);
  for (const std::string& secret : secrets) BOOST_TEST(file.find(secret) == std::string::npos, secret.size());
  BOOST_TEST(file.find("company_secret") == std::string::npos);
  BOOST_TEST(file.find("OpenAI API key") == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(create_without_a_passphrase_is_refused_and_writes_nothing, SealedFixture) {
  for (const std::string& passphrase : {std::string(), std::string("7-bytes")}) {
    auto created = CreateBackup(source.vars, PosixFileSystem(), clock, random, archive, Options(passphrase));
    BOOST_TEST_REQUIRE(!created.ok());
    BOOST_TEST(CodeOf(created.diagnostics) == "backup_credential_required");
    BOOST_TEST(created.diagnostics.front().message.find("never writes an unencrypted backup") != std::string::npos);
  }
  BOOST_TEST(!std::filesystem::exists(archive));
  BOOST_TEST(DoctorBackupStatus(source) == "warn");
  BOOST_TEST(BackupCreateOptions{}.cost.log2_n == 17);  // what the CLI seals with
}

BOOST_FIXTURE_TEST_CASE(a_wrong_passphrase_or_a_flipped_bit_is_refused_before_anything_is_written, SealedFixture) {
  Create();
  const std::string pristine = ReadAll(archive);
  auto wrong = VerifyBackup(archive, Access("not the backup passphrase"));
  BOOST_TEST_REQUIRE(wrong.ok());
  BOOST_TEST(!wrong.value->ok());
  BOOST_TEST(HasProblem(*wrong.value, "auth_failed"));
  BOOST_TEST(!wrong.value->manifest.has_value());
  RestoreRefused(Access("not the backup passphrase"), "backup_invalid");

  // Header (salt), ciphertext, tag.
  for (std::size_t at : {std::size_t{30}, pristine.size() / 2, pristine.size() - 1}) {
    WriteAll(archive, pristine);
    FlipByteAt(at);
    auto flipped = Verify();
    BOOST_TEST_REQUIRE(flipped.ok());
    BOOST_TEST(HasProblem(*flipped.value, "auth_failed"), "byte " << at);
    RestoreRefused(Access(), "backup_invalid");
  }
  WriteAll(archive, pristine.substr(0, pristine.size() - 1));
  auto truncated = Verify();
  BOOST_TEST_REQUIRE(truncated.ok());
  BOOST_TEST(HasProblem(*truncated.value, "malformed"));
  RestoreRefused(Access(), "backup_invalid");
}

BOOST_FIXTURE_TEST_CASE(the_passphrase_is_asked_once_and_required, SealedFixture) {
  Create();
  BOOST_TEST_REQUIRE(RestoreBackup(target.vars, PosixFileSystem(), archive, Access(), {}).ok());
  BOOST_TEST(passphrase_asked == 1);
  auto none = VerifyBackup(archive, ArchiveAccess{});
  BOOST_TEST_REQUIRE(!none.ok());
  BOOST_TEST(CodeOf(none.diagnostics) == "backup_credential_required");
  // A prompt that failed (no terminal) is passed on as it is.
  ArchiveAccess failing;
  failing.passphrase = [] { return FailResult<SecretBytes>(Code::kBackupCredentialRequired, "No passphrase"); };
  auto failed = VerifyBackup(archive, failing);
  BOOST_TEST_REQUIRE(!failed.ok());
  BOOST_TEST(failed.diagnostics.front().message == "No passphrase");
}

BOOST_FIXTURE_TEST_CASE(key_separately_keeps_the_key_out_of_the_archive, SealedFixture) {
  const BackupManifest m = Create(key_file);
  const std::string key_text = ReadAll(source.key_path);
  BOOST_TEST(ReadAll(key_file) == key_text);
  BOOST_TEST(ModeOf(key_file) == 0600u);
  BOOST_TEST(!m.key_in_archive());
  BOOST_TEST(m.members.size() == 1u);
  const std::string inner = Inner();
  BOOST_TEST(inner.find(key_text) == std::string::npos);
  BOOST_TEST(inner.find("\nmaster.key ") == std::string::npos);

  auto without = VerifyBackup(archive, Access());
  BOOST_TEST_REQUIRE(!without.ok());
  BOOST_TEST(without.diagnostics.front().message.find("--key-file") != std::string::npos);
  auto with = VerifyBackup(archive, WithKeyFile(key_file));
  BOOST_TEST_REQUIRE(with.ok());
  BOOST_TEST(with.value->ok());
  BOOST_TEST(with.value->versions_decrypted == 3);

  const std::string other = dir.path() + "/other.key";
  WriteAll(other, kOtherKey);
  auto wrong = VerifyBackup(archive, WithKeyFile(other));
  BOOST_TEST_REQUIRE(wrong.ok());
  BOOST_TEST(HasProblem(*wrong.value, "key_invalid"));
  RestoreRefused(WithKeyFile(other), "backup_invalid");
  RestoreRefused(Access(), "backup_credential_required");

  auto restored = RestoreBackup(target.vars, PosixFileSystem(), archive, WithKeyFile(key_file), {});
  BOOST_TEST_REQUIRE(restored.ok());
  BOOST_TEST(restored.value->key_written);
  BOOST_TEST(ReadAll(target.key_path) == key_text);
  auto o = target.OpenService(random, clock);
  BOOST_TEST(target.Resolve(*o.service, one_id, 2) == kValueThree);
}

BOOST_FIXTURE_TEST_CASE(key_separately_never_overwrites_and_leaves_nothing_on_failure, SealedFixture) {
  WriteAll(key_file, "precious");
  BackupCreateOptions options = Options();
  options.key_separately = key_file;
  auto existing_key = CreateBackup(source.vars, PosixFileSystem(), clock, random, archive, options);
  BOOST_TEST_REQUIRE(!existing_key.ok());
  BOOST_TEST(existing_key.diagnostics.front().message == key_file + " already exists");
  BOOST_TEST(ReadAll(key_file) == "precious");
  BOOST_TEST(!std::filesystem::exists(archive));

  std::filesystem::remove(key_file);
  WriteAll(archive, "precious");
  auto existing_archive = CreateBackup(source.vars, PosixFileSystem(), clock, random, archive, options);
  BOOST_TEST(!existing_archive.ok());
  BOOST_TEST(!std::filesystem::exists(key_file));

  std::filesystem::remove(archive);
  options.key_separately = archive;
  auto same = CreateBackup(source.vars, PosixFileSystem(), clock, random, archive, options);
  BOOST_TEST(!same.ok());
  BOOST_TEST(!std::filesystem::exists(archive));
}

BOOST_FIXTURE_TEST_CASE(a_key_file_for_an_archive_holding_its_key_is_a_usage_error, SealedFixture) {
  Create();
  WriteAll(key_file, ReadAll(source.key_path));
  auto verified = VerifyBackup(archive, WithKeyFile(key_file));
  BOOST_TEST_REQUIRE(!verified.ok());
  BOOST_TEST(CodeOf(verified.diagnostics) == "backup_credential_required");
}

BOOST_FIXTURE_TEST_CASE(a_plaintext_archive_is_refused_unless_allowed, SealedFixture) {
  // An older clasp wrote the bare container: exactly what the envelope holds.
  Create();
  WriteAll(archive, Inner());
  auto refused = VerifyBackup(archive, Access());
  BOOST_TEST_REQUIRE(!refused.ok());
  BOOST_TEST(CodeOf(refused.diagnostics) == "backup_plaintext_archive");
  BOOST_TEST(refused.diagnostics.front().message.find("--allow-plaintext-archive") != std::string::npos);
  RestoreRefused(Access(), "backup_plaintext_archive");

  ArchiveAccess allowed;
  allowed.allow_plaintext = true;
  auto verified = VerifyBackup(archive, allowed);
  BOOST_TEST_REQUIRE(verified.ok());
  BOOST_TEST(verified.value->ok());
  BOOST_TEST(!verified.value->sealed.has_value());
  BOOST_TEST(verified.value->versions_decrypted == 3);
  BOOST_TEST_REQUIRE(RestoreBackup(target.vars, PosixFileSystem(), archive, allowed, {}).ok());
  auto o = target.OpenService(random, clock);
  BOOST_TEST(target.Resolve(*o.service, two_id, 1) == kValueTwo);
  BOOST_TEST(passphrase_asked == 0);
}

BOOST_FIXTURE_TEST_CASE(a_file_that_is_no_backup_is_malformed, SealedFixture) {
  WriteAll(archive, "PK\x03\x04 not a backup");
  auto verified = VerifyBackup(archive, Access());
  BOOST_TEST_REQUIRE(verified.ok());
  BOOST_TEST(HasProblem(*verified.value, "malformed"));
  BOOST_TEST(passphrase_asked == 0);
}
