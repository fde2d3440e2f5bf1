// `clasp doctor`: is there a backup newer than the last secret write? (doctor.h)
#include "clasp/native/backup.h"
#include "doctor_checks.h"

namespace clasp::native::doctor {
namespace {

// ISO 8601 UTC to the millisecond: clasp writes milliseconds, a Paperclip
// PostgreSQL database microseconds, and the text compares in time order.
std::string Millis(const std::string& timestamp) { return timestamp.substr(0, 23); }

// The newest created_at among every secret's latest version.
Result<std::optional<std::string>> NewestVersionAt(SecretStore& store) {
  std::optional<std::string> newest;
  const Status read = store.Transact([&](StoreTxn& txn) -> Status {
    auto secrets = txn.ListAllSecrets(std::nullopt);
    if (!secrets.ok()) return Forward<Done>(std::move(secrets));
    for (const SecretRow& secret : *secrets.value) {
      auto version = txn.GetVersion(secret.id, secret.latest_version);
      if (!version.ok()) return Forward<Done>(std::move(version));
      if (*version.value && (!newest || Millis((*version.value)->created_at) > Millis(*newest))) {
        newest = (*version.value)->created_at;
      }
    }
    return OkStatus();
  });
  if (!read.ok()) return Forward<std::optional<std::string>>(Status(read));
  return Result<std::optional<std::string>>::Ok(std::move(newest));
}

}  // namespace

DoctorCheck BackupCheck(SecretStore& store, const DoctorCheck& storage, const EnvVars& vars, FileSystem& fs) {
  auto newest = NewestVersionAt(store);
  if (!newest.ok()) {
    DoctorCheck check = MakeCheck("backup", "error", newest.diagnostics.front().message);
    check.incomplete = true;
    return check;
  }
  if (!*newest.value) return MakeCheck("backup", "ok", "No secret versions yet: nothing to back up");
  DoctorCheck check = MakeCheck("backup", "warn", "");
  check.details["newestVersionAt"] = **newest.value;
  auto marker = ReadBackupMarker(vars, fs);
  if (!marker.ok()) {
    check.message = marker.diagnostics.front().message + "; run clasp backup create";
    return check;
  }
  const std::string kind = storage.details.value("kind", "");
  const std::string location = storage.details.value(kind == "sqlite" ? "path" : "target", "");
  const std::optional<BackupMarker>& last = *marker.value;
  if (!last || last->source_kind != kind || last->source_location != location) {
    check.message = "No backup of this store recorded; run clasp backup create FILE";
    return check;
  }
  check.details["lastBackupAt"] = last->created_at;
  check.details["archive"] = last->archive;
  if (Millis(**newest.value) > Millis(last->created_at)) {
    check.message = "Secrets changed after the last backup (" + last->created_at + "); run clasp backup create FILE";
    return check;
  }
  check.status = "ok";
  check.message = "The last backup (" + last->created_at + ") holds every secret version";
  return check;
}

}  // namespace clasp::native::doctor
