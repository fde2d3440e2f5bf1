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

}  // namespace

Result<BackupVerification> VerifyBackup(const std::string& archive) {
  using R = Result<BackupVerification>;
  BackupVerification out;
  Result<SecretBytes> bytes = backup::ReadWholeFile(archive);
  if (!bytes.ok()) return Forward<BackupVerification>(std::move(bytes));
  Result<backup::ArchiveParts> parts = backup::DecodeArchive(bytes.value->view());
  bytes.value.reset();
  if (!parts.ok()) {
    Problem(out, "malformed", parts.diagnostics.front().message);
    return R::Ok(std::move(out));
  }
  if (!parts.value->manifest_intact) {
    Problem(out, "checksum_mismatch", "The manifest does not match the archive's end checksum");
    return R::Ok(std::move(out));
  }
  Result<OrderedJson> json = ParseJson(parts.value->manifest);
  Result<BackupManifest> manifest =
      json.ok() ? backup::ManifestFromJson(*json.value) : Forward<BackupManifest>(std::move(json));
  if (!manifest.ok()) {
    Problem(out, "malformed", manifest.diagnostics.front().message);
    return R::Ok(std::move(out));
  }
  out.manifest = *manifest.value;
  const bool store_ok = ChecksumMatches(out, *out.manifest, backup::kStoreMember, parts.value->store);
  const bool key_ok = ChecksumMatches(out, *out.manifest, backup::kKeyMember, parts.value->key.view());
  if (!store_ok || !key_ok) return R::Ok(std::move(out));

  auto cipher = backup::CipherForKeyText(parts.value->key.view());
  if (!cipher.ok()) {
    Problem(out, "key_invalid", "The archive's master key is not a valid key (KEY-2)");
    return R::Ok(std::move(out));
  }
  if ((*cipher.value)->key_fingerprint() != out.manifest->key_fingerprint) {
    Problem(out, "key_invalid", "The archive's master key is not the one the manifest names");
  }
  // The snapshot is opened as a store from a private temporary copy.
  std::error_code no_tmp;
  const std::filesystem::path tmp = std::filesystem::temp_directory_path(no_tmp);
  auto scratch = backup::ScratchDir::Create(no_tmp ? std::string("/tmp") : tmp.string());
  if (!scratch.ok()) return Forward<BackupVerification>(std::move(scratch));
  const std::string copy = (*scratch.value)->path() + "/" + std::string(backup::kStoreMember);
  if (auto s = backup::ReplaceFile(copy, parts.value->store, 0600); !s.ok()) return Forward<BackupVerification>(std::move(s));
  Result<backup::SnapshotInventory> inventory = backup::InspectSnapshot(copy, cipher.value->get());
  if (!inventory.ok()) {
    Problem(out, "snapshot_unreadable", "The store snapshot cannot be opened: " + inventory.diagnostics.front().message);
    return R::Ok(std::move(out));
  }
  out.found = inventory.value->counts;
  out.versions_decrypted = inventory.value->decrypted;
  out.versions_external = inventory.value->external;
  for (auto& problem : inventory.value->problems) out.problems.push_back(std::move(problem));
  const BackupCounts& want = out.manifest->counts;
  if (want.secrets != out.found.secrets || want.versions != out.found.versions || want.bindings != out.found.bindings) {
    Problem(out, "count_mismatch", "The snapshot's counts differ from the manifest's");
  }
  return R::Ok(std::move(out));
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
  out["manifest"] = verification.manifest ? BackupManifestJson(*verification.manifest) : OrderedJson(nullptr);
  out["found"] = {{"secrets", f.secrets}, {"versions", f.versions}, {"bindings", f.bindings}};
  out["versionsDecrypted"] = verification.versions_decrypted;
  out["versionsExternal"] = verification.versions_external;
  out["problems"] = std::move(problems);
  return out;
}

}  // namespace clasp::native
