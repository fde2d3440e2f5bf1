// `clasp doctor`: file custody (doctor.h) — clasp's directories 0700, its
// database files 0600, none a symbolic link or another user's.
#include "clasp/native/instance_paths.h"
#include "clasp/native/sqlite_store.h"
#include "doctor_checks.h"

namespace clasp::native::doctor {
namespace {

struct Findings {
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
};

std::string TooOpen(const std::string& path, const KeptPath& found, const char* wanted) {
  return path + " permissions are " + PermissionText(found.mode) + "; clasp tightens them to " + wanted +
         " when it next opens the store or key (or run chmod " + wanted + " " + path + ")";
}

void LookAtDirectory(FileSystem& fs, const std::string& dir, Findings& out) {
  Result<KeptPath> kept = fs.KeepDirectory(dir, 0700, Custody::kCheck);
  if (!kept.ok()) return out.errors.push_back(kept.diagnostics.front().message);
  if (!kept.value->exists) return;
  if (!kept.value->owned) return out.warnings.push_back(DirectoryNotOwnedMessage(dir, *kept.value));
  if ((kept.value->mode & 077) != 0) out.warnings.push_back(TooOpen(dir, *kept.value, "700"));
}

void LookAtFile(FileSystem& fs, const std::string& file, Findings& out) {
  Result<KeptPath> kept = fs.KeepFile(file, 0600, Custody::kCheck);
  if (!kept.ok()) return out.errors.push_back(kept.diagnostics.front().message);
  if (kept.value->exists && (kept.value->mode & 077) != 0) out.warnings.push_back(TooOpen(file, *kept.value, "600"));
}

}  // namespace

DoctorCheck CustodyCheck(const EnvVars& vars, FileSystem& fs) {
  Result<std::vector<std::string>> dirs = InstanceDirectories(vars, fs);
  Result<std::string> store = StorePath(vars, fs);
  if (!dirs.ok() || !store.ok()) {
    const auto& why = dirs.ok() ? store.diagnostics : dirs.diagnostics;
    return MakeCheck("file_custody", "error", why.empty() ? "cannot locate clasp's home" : why.front().message);
  }
  Findings found;
  for (const std::string& dir : *dirs.value) LookAtDirectory(fs, dir, found);
  for (const char* suffix : {"", "-wal", "-shm"}) LookAtFile(fs, *store.value + suffix, found);
  DoctorCheck check = MakeCheck("file_custody", "ok",
                                "clasp's directories are 0700 and its database files 0600, all the running user's");
  if (!found.errors.empty()) {
    check.status = "error";
    check.message = found.errors.front();
  } else if (!found.warnings.empty()) {
    check.status = "warn";
    check.message = found.warnings.front();
  }
  check.details["errors"] = found.errors;
  check.details["warnings"] = found.warnings;
  return check;
}

}  // namespace clasp::native::doctor
