// `clasp backup verify`: is this archive a usable store + key pair? (backup.h)
#include <filesystem>

#include "backup_internal.h"
#include "clasp/sha256.h"

namespace clasp::native {
namespace {

void Problem(BackupVerification& out, std::string code, std::string message) {
  out.problems.push_back(BackupProblem{std::move(code), std::move(message), std::nullopt, std::nullopt});
}

bool ChecksumMatches(BackupVerification& out, const BackupManifest& manifest, std::string_view name,
                     std::string_view bytes) {
  for (const auto& member : manifest.members) {
    if (member.name != name) continue;
    if (member.size == static_cast<long long>(bytes.size()) && member.sha256 == HexLower(Sha256Of(bytes))) return true;
    Problem(out, "checksum_mismatch", "Member " + std::string(name) + " does not match its checksum in the manifest");
    return false;
  }
  Problem(out, "checksum_mismatch", "Member " + std::string(name) + " has no checksum in the manifest");
  return false;
}

Result<std::optional<SecretBytes>> NoContainer(BackupVerification& out, std::string code, std::string message) {
  Problem(out, std::move(code), std::move(message));
  return Result<std::optional<SecretBytes>>::Ok(std::nullopt);
}

// The container's bytes: the envelope opened, or a plaintext archive when
// allowed. nullopt (with the problem recorded) when the file says no.
Result<std::optional<SecretBytes>> Unseal(SecretBytes file, const ArchiveAccess& access, BackupVerification& out) {
  using R = Result<std::optional<SecretBytes>>;
  if (IsBackupEnvelope(file.view())) {
    Result<ScryptCost> cost = BackupEnvelopeCost(file.view());
    if (!cost.ok()) return NoContainer(out, "malformed", cost.diagnostics.front().message);
    out.sealed = *cost.value;
    if (!access.passphrase) {
      return FailResult<std::optional<SecretBytes>>(Code::kBackupCredentialRequired,
                                                    "This archive is encrypted: it needs its passphrase");
    }
    Result<SecretBytes> passphrase = access.passphrase();
    if (!passphrase.ok()) return Forward<std::optional<SecretBytes>>(std::move(passphrase));
    Result<SecretBytes> plain = OpenBackupEnvelope(file.view(), passphrase.value->view());
    if (plain.ok()) return R::Ok(std::move(*plain.value));
    const Diagnostic& why = plain.diagnostics.front();
    if (why.code == Code::kBackupAuthFailed) return NoContainer(out, "auth_failed", why.message);
    if (why.code == Code::kBackupInvalid) return NoContainer(out, "malformed", why.message);
    return Forward<std::optional<SecretBytes>>(std::move(plain));
  }
  if (!backup::IsPlaintextArchive(file.view())) {
    return NoContainer(out, "malformed", "Not a clasp backup archive: no 'clasp-backup-enc' header");
  }
  if (!access.allow_plaintext) {
    return FailResult<std::optional<SecretBytes>>(
        Code::kBackupPlaintextArchive,
        "This is an unencrypted backup from an older clasp: it holds the master key in the clear. Pass "
        "--allow-plaintext-archive to verify or restore it anyway, then make a new (encrypted) backup and delete it");
  }
  return R::Ok(std::move(file));
}

// The key text to check the versions with: the archive's member, or the key
// file when the archive was made without one; asking for the other is a
// usage error.
Result<SecretBytes> KeyText(const backup::ArchiveParts& parts, const ArchiveAccess& access) {
  if (parts.key && access.key_file) {
    return FailResult<SecretBytes>(Code::kBackupCredentialRequired,
                                   "This archive holds its master key: --key-file is for archives made with "
                                   "--key-separately");
  }
  if (parts.key) return Result<SecretBytes>::Ok(parts.key->Clone());
  if (!access.key_file) {
    return FailResult<SecretBytes>(Code::kBackupCredentialRequired,
                                   "This archive was made with --key-separately: it needs --key-file FILE, the key "
                                   "file written with it");
  }
  return backup::ReadWholeFile(*access.key_file);
}

// The snapshot opened as a store from a private temporary copy, its
// versions decrypted, its counts compared.
Status Inspect(const backup::ArchiveParts& parts, LocalEncryptedCipher& cipher, BackupVerification& out) {
  std::error_code no_tmp;
  const std::filesystem::path tmp = std::filesystem::temp_directory_path(no_tmp);
  auto scratch = backup::ScratchDir::Create(no_tmp ? std::string("/tmp") : tmp.string());
  if (!scratch.ok()) return Forward<Done>(std::move(scratch));
  const std::string copy = (*scratch.value)->path() + "/" + std::string(backup::kStoreMember);
  if (auto s = backup::ReplaceFile(copy, parts.store, 0600); !s.ok()) return s;
  Result<backup::SnapshotInventory> inventory = backup::InspectSnapshot(copy, &cipher);
  if (!inventory.ok()) {
    Problem(out, "snapshot_unreadable", "The store snapshot cannot be opened: " + inventory.diagnostics.front().message);
    return OkStatus();
  }
  out.found = inventory.value->counts;
  out.versions_decrypted = inventory.value->decrypted;
  out.versions_external = inventory.value->external;
  for (auto& problem : inventory.value->problems) out.problems.push_back(std::move(problem));
  const BackupCounts& want = out.manifest->counts;
  if (want.secrets != out.found.secrets || want.versions != out.found.versions || want.bindings != out.found.bindings) {
    Problem(out, "count_mismatch", "The snapshot's counts differ from the manifest's");
  }
  return OkStatus();
}

}  // namespace

namespace backup {

Result<OpenedArchive> OpenArchive(const std::string& archive, const ArchiveAccess& access) {
  using R = Result<OpenedArchive>;
  OpenedArchive out;
  BackupVerification& v = out.verification;
  Result<SecretBytes> file = ReadWholeFile(archive);
  if (!file.ok()) return Forward<OpenedArchive>(std::move(file));
  Result<std::optional<SecretBytes>> plain = Unseal(std::move(*file.value), access, v);
  if (!plain.ok()) return Forward<OpenedArchive>(std::move(plain));
  if (!*plain.value) return R::Ok(std::move(out));
  Result<ArchiveParts> parts = DecodeArchive((*plain.value)->view());
  plain.value->reset();
  if (!parts.ok()) {
    Problem(v, "malformed", parts.diagnostics.front().message);
    return R::Ok(std::move(out));
  }
  if (!parts.value->manifest_intact) {
    Problem(v, "checksum_mismatch", "The manifest does not match the archive's end checksum");
    return R::Ok(std::move(out));
  }
  Result<OrderedJson> json = ParseJson(parts.value->manifest);
  Result<BackupManifest> manifest = json.ok() ? ManifestFromJson(*json.value) : Forward<BackupManifest>(std::move(json));
  if (!manifest.ok()) {
    Problem(v, "malformed", manifest.diagnostics.front().message);
    return R::Ok(std::move(out));
  }
  v.manifest = *manifest.value;
  if (v.manifest->key_in_archive() != parts.value->key.has_value()) {
    Problem(v, "malformed", "The manifest and the members disagree on whether master.key is in the archive");
    return R::Ok(std::move(out));
  }
  Result<SecretBytes> key_text = KeyText(*parts.value, access);
  if (!key_text.ok()) return Forward<OpenedArchive>(std::move(key_text));
  out.key_text = std::move(*key_text.value);
  out.parts = std::move(*parts.value);
  const bool store_ok = ChecksumMatches(v, *v.manifest, kStoreMember, out.parts->store);
  const bool key_ok = !out.parts->key || ChecksumMatches(v, *v.manifest, kKeyMember, out.key_text.view());
  if (!store_ok || !key_ok) return R::Ok(std::move(out));

  const std::string whose = out.parts->key ? "The archive's" : "The key file's";
  auto cipher = CipherForKeyText(out.key_text.view());
  if (!cipher.ok()) {
    Problem(v, "key_invalid", whose + " master key is not a valid key (KEY-2)");
    return R::Ok(std::move(out));
  }
  if ((*cipher.value)->key_fingerprint() != v.manifest->key_fingerprint) {
    Problem(v, "key_invalid", whose + " master key is not the one the manifest names");
  }
  if (auto s = Inspect(*out.parts, **cipher.value, v); !s.ok()) return Forward<OpenedArchive>(std::move(s));
  return R::Ok(std::move(out));
}

}  // namespace backup

Result<BackupVerification> VerifyBackup(const std::string& archive, const ArchiveAccess& access) {
  Result<backup::OpenedArchive> opened = backup::OpenArchive(archive, access);
  if (!opened.ok()) return Forward<BackupVerification>(std::move(opened));
  return Result<BackupVerification>::Ok(std::move(opened.value->verification));
}

OrderedJson BackupVerificationJson(const BackupVerification& verification) {
  OrderedJson problems = OrderedJson::array();
  for (const BackupProblem& p : verification.problems) {
    OrderedJson entry = {{"code", p.code}, {"message", p.message}};
    if (p.secret_id) entry["secretId"] = *p.secret_id;
    if (p.version) entry["version"] = *p.version;
    problems.push_back(std::move(entry));
  }
  const BackupCounts& f = verification.found;
  OrderedJson out = {{"ok", verification.ok()}};
  out["encryption"] = verification.sealed ? OrderedJson{{"cipher", "aes-256-gcm"},
                                                        {"kdf", "scrypt"},
                                                        {"log2N", verification.sealed->log2_n},
                                                        {"r", verification.sealed->r},
                                                        {"p", verification.sealed->p}}
                                          : OrderedJson(nullptr);
  out["manifest"] = verification.manifest ? BackupManifestJson(*verification.manifest) : OrderedJson(nullptr);
  out["found"] = {{"secrets", f.secrets}, {"versions", f.versions}, {"bindings", f.bindings}};
  out["versionsDecrypted"] = verification.versions_decrypted;
  out["versionsExternal"] = verification.versions_external;
  out["problems"] = std::move(problems);
  return out;
}

}  // namespace clasp::native
