// The rotation record (keyring.h) and resuming a rotation from it
// (key_rotation.h): custody of the file, and a resume whose record lags the
// store, in process on SQLite.
#define BOOST_TEST_MODULE native_keyring
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>

#include "clasp/native/key_rotation.h"
#include "clasp/native/keyring.h"
#include "clasp/native/secret_service.h"
#include "clasp/native/store_open.h"
#include "native_test_support.h"
#include "native_rotation_support.h"

namespace {

using namespace clasp::native;
using clasp::native::test::TempDir;
using clasp::Result;
using clasp::Code;
using clasp::DumpJson;
using clasp::ParseJson;
namespace fs = std::filesystem;

KeyringRecord Record() {
  KeyringRecord r;
  r.old_key = SecretBytes::Copy(std::string(32, 'o'));
  r.new_key = SecretBytes::Copy(std::string(32, 'n'));
  r.backup = "/b/backup.clasp";
  r.cursor = "10000000-0000-4000-8000-000000000500";
  r.done = 500;
  return r;
}

std::string Message(const Status& s) { return s.diagnostics.empty() ? "" : s.diagnostics.front().message; }
template <typename T>
std::string Message(const Result<T>& r) {
  return r.diagnostics.empty() ? "" : r.diagnostics.front().message;
}

void WriteText(const std::string& path, const std::string& text, fs::perms mode = fs::perms::owner_read | fs::perms::owner_write) {
  clasp::native::test::WriteAll(path, text);
  fs::permissions(path, mode);
}

}  // namespace

BOOST_AUTO_TEST_CASE(round_trips_at_0600_and_replaces_atomically) {
  TempDir dir;
  const std::string path = dir.path() + "/master.key.keyring";
  BOOST_TEST_REQUIRE(WriteKeyring(PosixFileSystem(), path, Record()).ok());
  KeyringRecord second = Record();
  second.state = KeyringRecord::State::kRetired;
  second.done = 10000;
  BOOST_TEST_REQUIRE(WriteKeyring(PosixFileSystem(), path, second).ok());
  BOOST_TEST(((fs::status(path).permissions() & fs::perms::mask) == (fs::perms::owner_read | fs::perms::owner_write)));
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) entries += e.exists();
  BOOST_TEST(entries == 1, "no temporary file is left behind");
  auto read = ReadKeyring(PosixFileSystem(), path);
  BOOST_TEST_REQUIRE(read.ok());
  BOOST_TEST_REQUIRE(read.value->has_value());
  const KeyringRecord& r = **read.value;
  BOOST_TEST((r.state == KeyringRecord::State::kRetired));
  BOOST_TEST(r.old_key.view() == std::string(32, 'o'));
  BOOST_TEST(r.new_key.view() == std::string(32, 'n'));
  BOOST_TEST(r.backup == "/b/backup.clasp");
  BOOST_TEST(r.cursor == "10000000-0000-4000-8000-000000000500");
  BOOST_TEST(r.done == 10000);
  auto missing = ReadKeyring(PosixFileSystem(), dir.path() + "/none.keyring");
  BOOST_TEST_REQUIRE(missing.ok());
  BOOST_TEST(!missing.value->has_value());
}

BOOST_AUTO_TEST_CASE(refuses_a_symbolic_link_and_leaves_it) {
  TempDir dir;
  const std::string real = dir.path() + "/elsewhere";
  BOOST_TEST_REQUIRE(WriteKeyring(PosixFileSystem(), real, Record()).ok());
  const std::string path = dir.path() + "/master.key.keyring";
  fs::create_symlink(real, path);
  auto read = ReadKeyring(PosixFileSystem(), path);
  BOOST_TEST(!read.ok());
  BOOST_TEST(Message(read).find("symbolic link") != std::string::npos, Message(read));
  Status written = WriteKeyring(PosixFileSystem(), path, Record());
  BOOST_TEST(!written.ok());
  BOOST_TEST(fs::is_symlink(path), "the link is left as it was");
}

BOOST_AUTO_TEST_CASE(refuses_another_users_file) {
  TempDir dir;
  const std::string path = dir.path() + "/master.key.keyring";
  BOOST_TEST_REQUIRE(WriteKeyring(PosixFileSystem(), path, Record()).ok());
  auto other = PosixFileSystemFor(::geteuid() + 1);
  auto read = ReadKeyring(*other, path);
  BOOST_TEST(!read.ok());
  BOOST_TEST(Message(read).find("belongs to uid") != std::string::npos, Message(read));
  BOOST_TEST(!WriteKeyring(*other, path, Record()).ok());
}

BOOST_AUTO_TEST_CASE(refuses_a_corrupt_or_open_record_naming_no_key) {
  TempDir dir;
  const std::string path = dir.path() + "/master.key.keyring";
  const std::string good = KeyringText(Record());
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"", "line 1"},
      {"clasp-keyring 2\n" + good.substr(good.find('\n') + 1), "line 1"},
      {good.substr(0, good.rfind("done")), "line 7"},
      {std::string(good).replace(good.find("rotating"), 8, "halfway"), "line 2"},
      {std::string(good).replace(good.find("old ") + 4, 4, "!!!!"), "line 3"},
      {std::string(good).replace(good.find("done 500"), 8, "done -5"), "line 7"},
  };
  for (const auto& [text, line] : bad) {
    WriteText(path, text);
    auto read = ReadKeyring(PosixFileSystem(), path);
    BOOST_TEST(!read.ok());
    BOOST_TEST(Message(read).find("not a clasp keyring record (" + line + ")") != std::string::npos, Message(read));
    BOOST_TEST(Message(read).find("b29v") == std::string::npos, "no key text in the message");
  }
  WriteText(path, good, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  auto open = ReadKeyring(PosixFileSystem(), path);
  BOOST_TEST(!open.ok());
  BOOST_TEST(Message(open).find("mode is 640") != std::string::npos, Message(open));
}

BOOST_AUTO_TEST_CASE(lives_beside_the_key_file_or_the_default_one) {
  TempDir dir;
  MapEnvVars vars({{"CLASP_HOME", dir.path()}, {"PAPERCLIP_SECRETS_MASTER_KEY", std::string(64, 'a')}});
  auto file = KeyringPath(KeyLocation{KeySource::kEnvFile, "/k/m.key", KeyHome::kClasp}, vars, PosixFileSystem());
  BOOST_TEST(*file.value == "/k/m.key.keyring");
  auto env = KeyringPath(KeyLocation{KeySource::kEnv, "", KeyHome::kClasp}, vars, PosixFileSystem());
  BOOST_TEST(*env.value == dir.path() + "/instances/default/secrets/master.key.keyring");
}

namespace {

// A SQLite home with `count` versions under its key file's key.
struct Home {
  TempDir dir;
  MapEnvVars vars{std::map<std::string, std::string, std::less<>>{{"CLASP_HOME", dir.path() + "/home"}}};
  std::unique_ptr<SecretStore> store;
  LoadedMasterKey key;

  explicit Home(int count) {
    auto opened = OpenStore(vars, PosixFileSystem(), std::nullopt);
    BOOST_TEST_REQUIRE(opened.ok());
    store = std::move(opened.value->store);
    auto loaded = LoadOrCreateMasterKey(vars, PosixFileSystem(), SystemRandom());
    BOOST_TEST_REQUIRE(loaded.ok());
    key = std::move(*loaded.value);
    rotation_crash::Seed(*store, key.key, count);
  }
  std::string KeyringFile() const { return key.location.path + ".keyring"; }

  // Re-encrypts the versions at `indexes` (into id order) under `to`.
  void Reencrypt(const std::vector<int>& indexes, const SecretBytes& from, const SecretBytes& to) {
    auto rows = rotation_crash::ReadRows(*store, CipherTable::kVersions);
    std::vector<CipherRow> list;
    for (auto& [id, m] : rows) list.push_back({id, m});
    auto a = LocalEncryptedCipher::Create(from);
    auto b = LocalEncryptedCipher::Create(to);
    BOOST_TEST_REQUIRE(store->Transact([&](StoreTxn& txn) -> Status {
      for (int i : indexes) {
        auto m = MaterialFromJson(*ParseJson(list[i].material).value);
        auto plain = (*a.value)->Open(*m.value);
        if (!plain.ok()) return Forward<Done>(std::move(plain));
        auto sealed = (*b.value)->Seal(plain.value->view(), SystemRandom());
        if (auto s = RotationRowsOf(txn)->UpdateCipherRow(CipherTable::kVersions, list[i].id,
                                                          DumpJson(MaterialToJson(sealed.value->material)));
            !s.ok()) {
          return s;
        }
      }
      return OkStatus();
    }).ok());
  }

  // How many versions open under `k` alone.
  int UnderKey(const SecretBytes& k) {
    auto cipher = LocalEncryptedCipher::Create(k);
    int n = 0;
    for (auto& [id, m] : rotation_crash::ReadRows(*store, CipherTable::kVersions)) {
      n += (*cipher.value)->Open(*MaterialFromJson(*ParseJson(m).value).value).ok();
    }
    return n;
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(resumes_from_a_record_that_lags_the_store) {
  Home home(50);
  // A server that loaded the old key alone, before any rotation began.
  auto early_ciphers = KeyCustodyCipherSource(home.vars, PosixFileSystem(), SystemRandom());
  SecretService early(*home.store, *early_ciphers, SystemRandom(), SystemClock());
  const std::string last_secret = "00000000-0000-4000-8000-000000000045";
  BOOST_TEST_REQUIRE(early.Resolve(rotation_crash::kCompany, last_secret, 1, std::nullopt).ok());
  KeyringRecord record;
  record.old_key = SecretBytes::Copy(home.key.key.view());
  record.new_key = SecretBytes::Copy(std::string(32, 'N'));
  record.backup = "/b/first.clasp";
  BOOST_TEST_REQUIRE(WriteKeyring(PosixFileSystem(), home.KeyringFile(), record).ok());
  // Twenty rows (some early, some late) already under the new key, but the
  // record's cursor never moved: a crash right after a commit.
  std::vector<int> done;
  for (int i = 0; i < 50; i += 5) done.push_back(i), done.push_back(i + 1);
  home.Reencrypt(done, record.old_key, record.new_key);

  // Reads work meanwhile: the cipher source takes both keys from the keyring.
  auto ciphers = KeyCustodyCipherSource(home.vars, PosixFileSystem(), SystemRandom());
  SecretService service(*home.store, *ciphers, SystemRandom(), SystemClock());
  for (int i = 0; i < 50; i += 5) {
    char id[40];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", i);
    for (int v = 1; v <= 5; ++v) BOOST_TEST(service.Resolve(rotation_crash::kCompany, id, v, std::nullopt).ok());
  }

  KeyRotationOptions options;
  options.apply = true;
  options.batch_size = 7;
  auto report = RotateMasterKey(*home.store, KeyHome::kClasp, home.vars, PosixFileSystem(), SystemClock(),
                                SystemRandom(), std::move(options));
  BOOST_TEST_REQUIRE(report.ok(), Message(report));
  BOOST_TEST(report.value->resumed);
  BOOST_TEST(report.value->backup == "/b/first.clasp", "a resume takes no new backup");
  BOOST_TEST(report.value->versions_reencrypted == 30);
  BOOST_TEST(report.value->versions == 50);
  BOOST_TEST(home.UnderKey(record.new_key) == 50);
  BOOST_TEST(!fs::exists(home.KeyringFile()));
  BOOST_TEST(rotation_crash::KeyFrom(clasp::native::test::ReadAll(home.key.location.path)).view() ==
             record.new_key.view());
  BOOST_TEST((rotation_crash::StoreCheck(*home.store) == *KeyCheckValue(record.new_key).value));
  // Both sources read on: the early one notices the switched check and
  // reloads (the key file now holds the new key).
  for (int v = 1; v <= 5; ++v) {
    BOOST_TEST(service.Resolve(rotation_crash::kCompany, last_secret, v, std::nullopt).ok());
    BOOST_TEST(early.Resolve(rotation_crash::kCompany, last_secret, v, std::nullopt).ok());
  }
}

BOOST_AUTO_TEST_CASE(refuses_to_start_without_a_backup_and_stops_at_a_foreign_key) {
  Home home(20);
  KeyRotationOptions dry;
  auto counted = RotateMasterKey(*home.store, KeyHome::kClasp, home.vars, PosixFileSystem(), SystemClock(),
                                 SystemRandom(), std::move(dry));
  BOOST_TEST_REQUIRE(counted.ok(), Message(counted));
  BOOST_TEST(counted.value->versions == 20);
  BOOST_TEST(counted.value->proposals == 0);
  BOOST_TEST(!counted.value->applied);
  KeyRotationOptions apply;
  apply.apply = true;
  auto refused = RotateMasterKey(*home.store, KeyHome::kClasp, home.vars, PosixFileSystem(), SystemClock(),
                                 SystemRandom(), std::move(apply));
  BOOST_TEST(!refused.ok());
  BOOST_TEST((refused.diagnostics.front().code == Code::kBackupCredentialRequired));
  BOOST_TEST(!fs::exists(home.KeyringFile()));
  BOOST_TEST(home.UnderKey(home.key.key) == 20);

  // One row under a third key: the rotation stops there, rolls that batch
  // back and keeps the keyring, so nothing is lost and a rerun says the same.
  KeyringRecord record;
  record.old_key = SecretBytes::Copy(home.key.key.view());
  record.new_key = SecretBytes::Copy(std::string(32, 'N'));
  BOOST_TEST_REQUIRE(WriteKeyring(PosixFileSystem(), home.KeyringFile(), record).ok());
  home.Reencrypt({13}, home.key.key, SecretBytes::Copy(std::string(32, 'F')));
  KeyRotationOptions resume;
  resume.apply = true;
  resume.batch_size = 5;
  auto stopped = RotateMasterKey(*home.store, KeyHome::kClasp, home.vars, PosixFileSystem(), SystemClock(),
                                 SystemRandom(), std::move(resume));
  BOOST_TEST(!stopped.ok());
  BOOST_TEST(Message(stopped).find("decrypts under neither the old key") != std::string::npos, Message(stopped));
  BOOST_TEST(fs::exists(home.KeyringFile()));
  BOOST_TEST(home.UnderKey(record.new_key) == 10, "the two batches before the foreign row committed");
  BOOST_TEST(home.UnderKey(home.key.key) == 9);
  BOOST_TEST((rotation_crash::StoreCheck(*home.store) == *KeyCheckValue(home.key.key).value));
}
