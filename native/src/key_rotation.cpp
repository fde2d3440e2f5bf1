// `clasp key rotate` (key_rotation.h): the checks, the backup, the keyring
// and the key file around the batches (key_rotation_batches.cpp).
#include "clasp/native/key_rotation.h"

#include <array>

#include "clasp/master_key.h"
#include "clasp/native/backup.h"
#include "clasp/native/base64.h"
#include "clasp/native/key_check.h"
#include "clasp/native/keyring.h"
#include "clasp/native/rotation_rows.h"
#include "key_rotation_internal.h"

namespace clasp::native {
namespace {

constexpr std::uint32_t kKeyFileMode = 0600;

SecretBytes TakeKey(MasterKey& key) {
  SecretBytes out =
      SecretBytes::Copy(std::string_view(reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size()));
  Wipe(key.bytes.data(), key.bytes.size());
  return out;
}

SecretBytes CopyKey(const SecretBytes& key) { return SecretBytes::Copy(key.view()); }

Result<SecretBytes> ReadNewKey(FileSystem& fs, const std::string& path) {
  Result<SecretBytes> text = fs.ReadSecretFile(path);
  if (!text.ok()) return Forward<SecretBytes>(std::move(text));
  Result<MasterKey> decoded = DecodeMasterKeyFile(text.value->view(), path);
  if (!decoded.ok()) return Forward<SecretBytes>(std::move(decoded));
  return Result<SecretBytes>::Ok(TakeKey(*decoded.value));
}

Result<SecretBytes> RandomKey(Random& random) {
  std::array<unsigned char, 32> raw{};
  if (auto s = random.Fill(raw.data(), raw.size()); !s.ok()) return Forward<SecretBytes>(std::move(s));
  SecretBytes key = SecretBytes::Copy(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
  Wipe(raw.data(), raw.size());
  return Result<SecretBytes>::Ok(std::move(key));
}

Result<std::string> Fingerprint(const SecretBytes& key) {
  auto check = KeyCheckValue(key);
  if (!check.ok()) return check;
  return Result<std::string>::Ok(KeyCheckFingerprint(*check.value));
}

Status Invalid(std::string message) { return FailStatus(Code::kInputInvalidValue, std::move(message)); }

// The key file clasp will replace at the end must be one it may replace:
// a regular file of the running user (a link or another user's file is
// refused now, before any row changes).
Status CheckKeyFileWritable(FileSystem& fs, const KeyLocation& location) {
  if (location.source == KeySource::kEnv) return OkStatus();
  Result<KeptPath> kept = fs.KeepFile(location.path, kKeyFileMode, Custody::kCheck);
  if (!kept.ok()) return Forward<Done>(std::move(kept));
  if (!kept.value->owned) {
    return FailStatus(Code::kFileIoError, "Refusing to replace " + location.path + ": it belongs to uid " +
                                              std::to_string(kept.value->owner) + ", not to the running user");
  }
  return OkStatus();
}

Status Count(StoreTxn& txn, KeyRotationReport& report) {
  RotationRows* rows = RotationRowsOf(txn);
  if (!rows) return FailStatus(Code::kStorageError, "This store cannot be rotated (no rotation rows)");
  auto versions = rows->CountCipherRows(CipherTable::kVersions);
  if (!versions.ok()) return Forward<Done>(std::move(versions));
  auto proposals = rows->CountCipherRows(CipherTable::kProposals);
  if (!proposals.ok()) return Forward<Done>(std::move(proposals));
  report.versions = *versions.value;
  report.proposals = *proposals.value;
  return OkStatus();
}

// The store's recorded check must be one of `checks`; with none recorded,
// one of `ciphers` must open the newest version (key_check.h's judgement).
Status CheckStore(SecretStore& store, const std::vector<std::string>& checks,
                  const std::vector<LocalEncryptedCipher*>& ciphers, const std::string& source,
                  KeyRotationReport& report) {
  return store.Transact(
      [&](StoreTxn& txn) -> Status {
        auto state = ReadStoreKeyState(txn);
        if (!state.ok()) return Forward<Done>(std::move(state));
        bool known = false;
        for (const std::string& c : checks) known = known || state.value->check_value == c;
        for (std::size_t i = 0; !known && i < ciphers.size(); ++i) {
          auto verdict = MatchStoreKey(*state.value, checks[i], source, *ciphers[i]);
          if (!verdict.ok() && (i + 1 == ciphers.size() || state.value->check_value)) return Forward<Done>(std::move(verdict));
          known = verdict.ok();
        }
        return Count(txn, report);
      },
      SecretStore::Durability::kReadOnly);
}

Status CountRows(SecretStore& store, KeyRotationReport& report) {
  return store.Transact([&](StoreTxn& txn) { return Count(txn, report); }, SecretStore::Durability::kReadOnly);
}

// Everything a run works with once the keys are settled.
struct Plan {
  KeyLocation location;
  std::string keyring_path;
  KeyringRecord record;
  bool resumed = false;
};

Result<Plan> Settle(const EnvVars& vars, FileSystem& fs, Random& random, KeyHome home,
                    const KeyRotationOptions& options) {
  Result<FoundMasterKey> found = FindMasterKey(vars, fs, home, KeyLoad::kLookOnly);
  if (!found.ok()) return Forward<Plan>(std::move(found));
  if (!found.value->key) {
    return FailResult<Plan>(Code::kMasterKeyMissing, "There is no master key at " +
                                                         DescribeKeyLocation(found.value->location) +
                                                         " to rotate from.");
  }
  Plan plan;
  plan.location = found.value->location;
  auto path = KeyringPath(plan.location, vars, fs);
  if (!path.ok()) return Forward<Plan>(std::move(path));
  plan.keyring_path = *path.value;
  auto ring = ReadKeyring(fs, plan.keyring_path);
  if (!ring.ok()) return Forward<Plan>(std::move(ring));
  std::optional<SecretBytes> wanted;
  if (options.new_key_file) {
    auto read = ReadNewKey(fs, *options.new_key_file);
    if (!read.ok()) return Forward<Plan>(std::move(read));
    wanted = std::move(*read.value);
  }
  const SecretBytes& configured = found.value->key->key;
  if (*ring.value && (*ring.value)->state == KeyringRecord::State::kRotating) {
    KeyringRecord& record = **ring.value;
    if (configured.view() != record.old_key.view() && configured.view() != record.new_key.view()) {
      return FailResult<Plan>(Code::kMasterKeyMismatch,
                              "The keyring " + plan.keyring_path + " records a rotation of another key than " +
                                  DescribeKeyLocation(plan.location) + "; refusing to continue it.");
    }
    if (wanted && wanted->view() != record.new_key.view()) {
      return Forward<Plan>(Invalid("A rotation to another new key is under way (keyring " + plan.keyring_path +
                                   "); run again without --new-key-file, or with that key, to finish it."));
    }
    plan.record = std::move(record);
    plan.resumed = true;
    return Result<Plan>::Ok(std::move(plan));
  }
  if (plan.location.source == KeySource::kEnv && !wanted) {
    return Forward<Plan>(Invalid(
        "The master key comes from PAPERCLIP_SECRETS_MASTER_KEY, which clasp cannot change: give the new key "
        "with --new-key-file FILE, then set the variable to it after the rotation."));
  }
  if (!wanted) {
    auto made = RandomKey(random);
    if (!made.ok()) return Forward<Plan>(std::move(made));
    wanted = std::move(*made.value);
  }
  if (wanted->view() == configured.view()) return Forward<Plan>(Invalid("The new key is the current key."));
  plan.record.old_key = CopyKey(configured);
  plan.record.new_key = std::move(*wanted);
  return Result<Plan>::Ok(std::move(plan));
}

Status TakeBackup(const EnvVars& vars, FileSystem& fs, Clock& clock, Random& random, KeyRotationOptions& options,
                  KeyringRecord& record) {
  if (!options.backup_out || !options.passphrase) {
    return FailStatus(Code::kBackupCredentialRequired,
                      "--apply rewrites every secret: it takes a backup first and needs --backup-out FILE and "
                      "--passphrase-file FILE (as clasp backup create)");
  }
  BackupCreateOptions backup;
  backup.passphrase = std::move(*options.passphrase);
  backup.database_url = options.database_url;
  auto created = CreateBackup(vars, fs, clock, random, *options.backup_out, backup);
  if (!created.ok()) return Forward<Done>(std::move(created));
  record.backup = ResolvePath(fs.CurrentDirectory().value.value_or("/"), *options.backup_out);
  return OkStatus();
}

// After the last batch: the key file (or the operator) gets the new key,
// then the keyring goes (or stays, retired).
Status Finish(FileSystem& fs, const Plan& plan, const KeyRotationOptions& options, KeyRotationReport& report) {
  if (plan.location.source != KeySource::kEnv) {
    std::string text = Base64Encode(plan.record.new_key.view());
    Status written = fs.ReplaceFile(plan.location.path, text, kKeyFileMode);
    WipeString(&text);
    if (!written.ok()) return written;
    report.key_file_written = true;
  } else {
    report.actions.push_back("Set PAPERCLIP_SECRETS_MASTER_KEY to the new key (fingerprint " + report.new_fingerprint +
                             (options.new_key_file ? ", in " + *options.new_key_file : std::string()) +
                             ") before starting clasp or Paperclip again: the store now refuses the old one.");
  }
  if (options.keep_old) {
    KeyringRecord retired{KeyringRecord::State::kRetired, CopyKey(plan.record.old_key), CopyKey(plan.record.new_key),
                          plan.record.backup, plan.record.cursor, plan.record.done};
    report.old_key_kept = true;
    return WriteKeyring(fs, plan.keyring_path, retired);
  }
  return fs.RemoveFile(plan.keyring_path);
}

}  // namespace

Result<KeyRotationReport> RotateMasterKey(SecretStore& store, KeyHome home, const EnvVars& vars, FileSystem& fs,
                                          Clock& clock, Random& random, KeyRotationOptions options) {
  auto settled = Settle(vars, fs, random, home, options);
  if (!settled.ok()) return Forward<KeyRotationReport>(std::move(settled));
  Plan& plan = *settled.value;
  KeyRotationReport report;
  report.applied = options.apply;
  report.resumed = plan.resumed;
  report.key_location = DescribeKeyLocation(plan.location);
  report.keyring_path = plan.keyring_path;
  report.backup = plan.record.backup;
  auto old_fp = Fingerprint(plan.record.old_key);
  auto new_fp = Fingerprint(plan.record.new_key);
  auto old_check = KeyCheckValue(plan.record.old_key);
  auto new_check = KeyCheckValue(plan.record.new_key);
  if (!old_fp.ok() || !new_fp.ok() || !old_check.ok() || !new_check.ok()) {
    return FailResult<KeyRotationReport>(Code::kDecryptFailed, "OpenSSL failed to compute a key check");
  }
  report.old_fingerprint = *old_fp.value;
  report.new_fingerprint = *new_fp.value;
  auto old_cipher = LocalEncryptedCipher::Create(plan.record.old_key);
  auto new_cipher = LocalEncryptedCipher::Create(plan.record.new_key);
  if (!old_cipher.ok()) return Forward<KeyRotationReport>(std::move(old_cipher));
  if (!new_cipher.ok()) return Forward<KeyRotationReport>(std::move(new_cipher));
  std::vector<std::string> checks = {*old_check.value};
  std::vector<LocalEncryptedCipher*> ciphers = {old_cipher.value->get()};
  if (plan.resumed) {
    checks.push_back(*new_check.value);
    ciphers.push_back(new_cipher.value->get());
  }
  if (auto s = CheckStore(store, checks, ciphers, report.key_location, report); !s.ok()) {
    return Forward<KeyRotationReport>(std::move(s));
  }
  if (auto s = CheckKeyFileWritable(fs, plan.location); !s.ok()) return Forward<KeyRotationReport>(std::move(s));
  if (!options.apply) return Result<KeyRotationReport>::Ok(std::move(report));
  if (!plan.resumed) {
    if (auto s = TakeBackup(vars, fs, clock, random, options, plan.record); !s.ok()) {
      return Forward<KeyRotationReport>(std::move(s));
    }
    report.backup = plan.record.backup;
    if (auto s = WriteKeyring(fs, plan.keyring_path, plan.record); !s.ok()) {
      return Forward<KeyRotationReport>(std::move(s));
    }
  }
  auto counts = rotation::RunBatches(
      store, **old_cipher.value, **new_cipher.value, random, *new_check.value, options.batch_size,
      rotation::Progress{plan.record.cursor, plan.record.done}, [&](const rotation::Progress& p) {
        plan.record.cursor = p.cursor;
        plan.record.done = p.done;
        return WriteKeyring(fs, plan.keyring_path, plan.record);
      });
  if (!counts.ok()) return Forward<KeyRotationReport>(std::move(counts));
  report.versions_reencrypted = counts.value->versions;
  report.proposals_reencrypted = counts.value->proposals;
  if (auto s = Finish(fs, plan, options, report); !s.ok()) return Forward<KeyRotationReport>(std::move(s));
  if (auto s = CountRows(store, report); !s.ok()) return Forward<KeyRotationReport>(std::move(s));
  return Result<KeyRotationReport>::Ok(std::move(report));
}

}  // namespace clasp::native
