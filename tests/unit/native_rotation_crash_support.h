// The master-key rotation crash scenario (key_rotation.h) shared by
// native_rotation_crash_test (SQLite) and native_pg_rotation_crash_test
// (PostgreSQL, and the full Paperclip fixture with its own key).
//
// A calibration run of `clasp key rotate --apply` times its two phases
// (start to keyring written: the backup; keyring to exit: the batches).
// Then, `rounds` times: start it again and SIGKILL it at a seeded random
// moment — a quarter of the kills anywhere in the first phase, the rest
// after the keyring exists, anywhere in the second — and check:
// * every version and proposal decrypts, under the key file's key or a key
//   of the keyring, to the value it held before the first run (SHA-256);
// * the store's key check is the key file's key or one of the keyring's.
// Each kill is classified by what it left (no keyring, keyring without
// progress, mid-batches, after the last batch). A last run, not killed,
// finishes; then every value decrypts under the key file's key alone, the
// keyring is gone and the key check is that key's.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <thread>

#include "clasp/master_key.h"
#include "clasp/native/key_check.h"
#include "clasp/native/keyring.h"
#include "clasp/native/local_encrypted.h"
#include "clasp/native/rotation_rows.h"
#include "clasp/sha256.h"
#include "native_rotation_support.h"
#include "native_test_support.h"

namespace rotation_crash {

using namespace clasp;
using namespace clasp::native;
using StoreFactory = std::function<std::unique_ptr<SecretStore>()>;

struct Setting {
  StoreFactory open;
  std::vector<std::string> env;   // the child's whole environment
  std::vector<std::string> args;  // after `key rotate --apply`, e.g. --database-url
  std::string key_file;
  std::string work_dir;           // backups and the passphrase file
};

struct Outcome {
  int rounds = 0;
  int kills = 0;
  int finished_alone = 0;  // runs that completed before their kill
  std::map<std::string, int> phases;
  long long rows = 0;
  double seconds = 0;
  double calibration_ms = 0;
  double keyring_ms = 0;  // of it, until the keyring was written (the backup)
};

inline int EnvInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

class Scenario {
 public:
  explicit Scenario(Setting setting) : s_(std::move(setting)) {
    passphrase_ = s_.work_dir + "/passphrase";
    std::ofstream(passphrase_) << "rotation-crash-passphrase\n";
    ::chmod(passphrase_.c_str(), 0600);
  }

  // SHA-256 of every value before the first run, under the key file's key.
  void Snapshot() {
    auto store = s_.open();
    std::vector<SecretBytes> keys;
    keys.push_back(FileKey());
    const Ciphers ciphers = CiphersOf(keys);
    for (CipherTable t : {CipherTable::kVersions, CipherTable::kProposals}) {
      for (const auto& [id, material] : ReadRows(*store, t)) {
        auto plain = Open(ciphers, material);
        BOOST_TEST_REQUIRE(plain.has_value(), "row " << id << " does not decrypt before the rotation");
        expected_[id] = *plain;
      }
    }
  }

  Outcome Run(int rounds, unsigned seed) {
    Outcome out;
    const auto began = std::chrono::steady_clock::now();
    Snapshot();
    out.rows = static_cast<long long>(expected_.size());
    // Calibration: one whole run, timed.
    const auto t0 = std::chrono::steady_clock::now();
    const pid_t first = Spawn(0);
    double keyring_ms = 0;
    while (!Exited(first)) {
      if (keyring_ms == 0 && std::filesystem::exists(Keyring())) keyring_ms = Ms(t0);
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    BOOST_TEST_REQUIRE(last_status_ == 0, "the calibration run failed, status " << last_status_);
    const double total_ms = Ms(t0);
    out.calibration_ms = total_ms;
    if (keyring_ms == 0) keyring_ms = total_ms / 2;
    out.keyring_ms = keyring_ms;
    Verify(false);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int i = 1; i <= rounds; ++i) {
      const pid_t child = Spawn(i);
      const auto start = std::chrono::steady_clock::now();
      const bool early = unit(rng) < 0.25;
      if (early) {
        Sleep(unit(rng) * keyring_ms);
      } else {
        while (!std::filesystem::exists(Keyring()) && Ms(start) < total_ms * 3) {
          std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        Sleep(unit(rng) * (total_ms - keyring_ms) * 1.1);
      }
      ::kill(child, SIGKILL);
      Wait(child);
      const bool killed = WIFSIGNALED(last_status_) && WTERMSIG(last_status_) == SIGKILL;
      BOOST_TEST((killed || last_status_ == 0), "round " << i << ": status " << last_status_);
      out.kills += killed;
      out.finished_alone += !killed && last_status_ == 0;
      out.phases[Verify(false)]++;
      std::filesystem::remove(Backup(i));
      ++out.rounds;
    }
    const pid_t last = Spawn(rounds + 1);
    Wait(last);
    BOOST_TEST_REQUIRE(last_status_ == 0, "the finishing run failed, status " << last_status_);
    Verify(true);
    out.seconds = Ms(began) / 1000.0;
    return out;
  }

 private:
  static double Ms(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
  }
  static void Sleep(double ms) { std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long>(ms * 1000))); }

  std::string Keyring() const { return s_.key_file + ".keyring"; }
  std::string Backup(int i) const { return s_.work_dir + "/backup-" + std::to_string(i) + ".clasp"; }

  SecretBytes FileKey() {
    std::ifstream in(s_.key_file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return KeyFrom(text);
  }

  using Ciphers = std::vector<std::unique_ptr<LocalEncryptedCipher>>;
  static Ciphers CiphersOf(const std::vector<SecretBytes>& keys) {
    Ciphers out;
    for (const SecretBytes& key : keys) out.push_back(std::move(*LocalEncryptedCipher::Create(key).value));
    return out;
  }

  // SHA-256 of the value under the first of `ciphers` that opens it.
  static std::optional<std::string> Open(const Ciphers& ciphers, const std::string& material) {
    auto json = ParseJson(material);
    if (!json.ok()) return std::nullopt;
    auto m = MaterialFromJson(*json.value);
    if (!m.ok()) return std::nullopt;
    for (const auto& cipher : ciphers) {
      auto plain = cipher->OpenWithOwnKey(*m.value);
      if (plain.ok()) return HexLower(Sha256Of(plain.value->view()));
    }
    return std::nullopt;
  }

  pid_t Spawn(int i) {
    std::vector<std::string> args = {CLASP_BINARY, "key", "rotate", "--apply", "--backup-out", Backup(i),
                                     "--passphrase-file", passphrase_, "--batch-size", "500"};
    args.insert(args.end(), s_.args.begin(), s_.args.end());
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : s_.env) envp.push_back(e.data());
    envp.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, STDOUT_FILENO);
      ::execve(args[0].c_str(), argv.data(), envp.data());
      ::_exit(127);
    }
    return pid;
  }

  bool Exited(pid_t pid) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) != pid) return false;
    last_status_ = status;
    return true;
  }
  void Wait(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    last_status_ = status;
  }

  // The invariants; returns the phase the store and files are in.
  std::string Verify(bool finished) {
    auto store = s_.open();
    std::vector<SecretBytes> keys;
    keys.push_back(FileKey());
    auto ring = ReadKeyring(PosixFileSystem(), Keyring());
    BOOST_TEST_REQUIRE(ring.ok());
    if (*ring.value) {
      keys.push_back(SecretBytes::Copy((*ring.value)->new_key.view()));
      keys.push_back(SecretBytes::Copy((*ring.value)->old_key.view()));
    }
    if (finished) {
      BOOST_TEST(!ring.value->has_value(), "the keyring is still there after the finishing run");
      keys.resize(1);
    }
    long long checked = 0;
    const Ciphers ciphers = CiphersOf(keys);
    for (CipherTable t : {CipherTable::kVersions, CipherTable::kProposals}) {
      for (const auto& [id, material] : ReadRows(*store, t)) {
        const auto plain = Open(ciphers, material);
        BOOST_TEST(plain.has_value(), "row " << id << " is under a key that is neither the key file's nor the keyring's");
        BOOST_TEST((plain && *plain == expected_[id]), "row " << id << " no longer holds its value");
        ++checked;
      }
    }
    BOOST_TEST(checked == static_cast<long long>(expected_.size()), "rows checked " << checked);
    const std::optional<std::string> check = StoreCheck(*store);
    std::vector<std::string> checks;
    for (const SecretBytes& k : keys) checks.push_back(*KeyCheckValue(k).value);
    BOOST_TEST((check && std::find(checks.begin(), checks.end(), *check) != checks.end()),
               "the store's key check names a key neither in the key file nor in the keyring");
    if (!*ring.value) return "no keyring (before it was written, or finished)";
    if (check == checks[1]) return "after the last batch (key file or keyring not yet updated)";
    return (*ring.value)->cursor.empty() ? "keyring written, no batch recorded" : "between batches";
  }

  Setting s_;
  std::string passphrase_;
  std::map<std::string, std::string> expected_;
  int last_status_ = 0;
};

inline void Report(const std::string& what, const Outcome& out) {
  std::string phases;
  for (const auto& [phase, n] : out.phases) phases += "; " + std::to_string(n) + " " + phase;
  BOOST_TEST_MESSAGE(what << ": " << out.rounds << " rounds over " << out.rows << " rows (versions + proposals), "
                          << out.kills << " SIGKILLs, " << out.finished_alone << " runs finished before their kill"
                          << phases << "; one uninterrupted rotation " << out.calibration_ms << " ms (backup "
                          << out.keyring_ms << " ms); total "
                          << out.seconds << " s; 0 values lost");
}

}  // namespace rotation_crash
